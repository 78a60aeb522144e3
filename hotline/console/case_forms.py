"""The case view's forms (flask-wtf, CSRF on each): call, close with an outcome, write, cancel."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from hotline.callbacks import cases, thread
from hotline.platform import CHANNELS


class CallForm(FlaskForm):
    """Why the number is shown (the audit log's reason), asked inline before calling."""

    reason = StringField("reason", validators=[Length(max=300)])


class CloseForm(FlaskForm):
    """What happened on the call, to whom the person was referred, a private note."""

    outcome = RadioField("outcome", choices=list(cases.OUTCOMES), validate_choice=False)
    referred_to = StringField("referred_to", validators=[Length(max=cases.REFERRED_MAX)])
    private_note = TextAreaField("private_note", validators=[Length(max=cases.PRIVATE_NOTE_MAX)])


class ReplyForm(FlaskForm):
    """A message to the texter; the token makes a double submit send once."""

    channel = SelectField("channel", choices=list(CHANNELS))
    text = TextAreaField("text", validators=[DataRequired(), Length(max=thread.TEXT_MAX)])
    token = HiddenField("token", validators=[DataRequired(), Length(max=64)])


class CancelForm(FlaskForm):
    """The second step of a cancel: the person has seen the SMS the texter will receive."""

    confirmed = HiddenField("confirmed")
