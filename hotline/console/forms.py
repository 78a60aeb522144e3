"""The console's forms (flask-wtf): each carries a CSRF token; validation only, no decisions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length

from hotline import users
from hotline.contacts import MIN_REASON

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
