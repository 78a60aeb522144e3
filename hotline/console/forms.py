"""The console's forms (flask-wtf): each carries a CSRF token; validation only, no decisions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from hotline.accounts import MIN_REASON, users
from hotline.languages import LANGUAGES

ROLE_CHOICES = list(users.ROLES)
LANGUAGE_CHOICES = list(users.UI_LANGUAGES)


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField("email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=1024)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class LanguageForm(FlaskForm):
    """The interface language picker."""

    language = SelectField("language", choices=LANGUAGE_CHOICES)


class RevealForm(FlaskForm):
    """Why a full phone number must be shown (written to the audit log)."""

    reason = TextAreaField("reason", validators=[DataRequired(), Length(min=MIN_REASON, max=300)])


class NewUserForm(FlaskForm):
    """An admin creates an account; the person changes the password later with `hotline users`."""

    email = StringField("email", validators=[DataRequired(), Length(max=254)])
    name = StringField("name", validators=[Length(max=80)])
    role = SelectField("role", choices=ROLE_CHOICES)
    language = SelectField("language", choices=LANGUAGE_CHOICES)
    password = PasswordField(
        "password", validators=[DataRequired(), Length(min=users.MIN_PASSWORD_LENGTH)]
    )
    confirm = PasswordField("confirm", validators=[EqualTo("password")])


class UserRoleForm(FlaskForm):
    """Change an account's role."""

    role = SelectField("role", choices=ROLE_CHOICES)


class WorkshopForm(FlaskForm):
    """A workshop's titles (French required), place, capacity; times for a new one."""

    starts_at = StringField("starts_at", validators=[Optional(), Length(max=32)])
    ends_at = StringField("ends_at", validators=[Optional(), Length(max=32)])
    place = StringField("place", validators=[DataRequired(), Length(max=120)])
    address = StringField("address", validators=[Length(max=200)])
    capacity = IntegerField("capacity", validators=[Optional(), NumberRange(min=1, max=10_000)])
    languages = StringField("languages", validators=[Length(max=60)])

    def titles(self) -> dict[str, str]:
        """Non-empty titles by language."""
        found = {lang: getattr(self, f"title_{lang}").data or "" for lang in LANGUAGES}
        return {lang: title.strip() for lang, title in found.items() if title.strip()}

    def spoken(self) -> tuple[str, ...]:
        """The languages typed as "fr, ar", kept only if the hotline knows them."""
        words = (self.languages.data or "").replace(",", " ").split()
        return tuple(word for word in words if word in LANGUAGES)


for _language in LANGUAGES:
    _validators = [DataRequired()] if _language == "fr" else [Optional()]
    setattr(
        WorkshopForm,
        f"title_{_language}",
        StringField(f"title_{_language}", validators=[*_validators, Length(max=120)]),
    )


class RescheduleForm(FlaskForm):
    """A new start (and optionally end) in Brussels time."""

    starts_at = StringField("starts_at", validators=[DataRequired(), Length(max=32)])
    ends_at = StringField("ends_at", validators=[Optional(), Length(max=32)])


AUDIENCE_KINDS = ["all", "recent", "language", "registrants", "topic"]


class BroadcastForm(FlaskForm):
    """A broadcast: its audience, then texts per language (French required) or a topic."""

    audience_kind = SelectField("audience_kind", choices=AUDIENCE_KINDS)
    audience_value = StringField("audience_value", validators=[Length(max=20)])
    topic = StringField("topic", validators=[Length(max=40)])
    send_at = StringField("send_at", validators=[Optional(), Length(max=32)])

    def audience(self) -> str:
        """The audience as `hotline.audiences.parse` reads it ("all", "language:ar"...)."""
        value = (self.audience_value.data or "").strip()
        return (
            self.audience_kind.data
            if self.audience_kind.data == "all"
            else f"{self.audience_kind.data}:{value}"
        )

    def message_data(self) -> dict[str, str]:
        """`{"topic": id}` or the non-empty texts by language (`broadcasts.message_from`)."""
        if (self.topic.data or "").strip():
            return {"topic": self.topic.data.strip()}
        texts = {lang: getattr(self, f"text_{lang}").data or "" for lang in LANGUAGES}
        return {lang: text for lang, text in texts.items() if text.strip()}


for _language in LANGUAGES:
    setattr(
        BroadcastForm,
        f"text_{_language}",
        TextAreaField(f"text_{_language}", validators=[Length(max=1600)]),
    )


class StaffProfileForm(FlaskForm):
    """A staff profile: who gets callback alerts, in which languages, when on duty."""

    name = StringField("name", validators=[DataRequired(), Length(max=80)])
    phone = StringField("phone", validators=[DataRequired(), Length(max=32)])
    languages = StringField("languages", validators=[DataRequired(), Length(max=60)])
    hours = StringField("hours", validators=[Length(max=80)])
