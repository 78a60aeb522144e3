"""The simulator page: a phone-like chat on the real engine, for training and checking content.

It runs in the sandbox (hotline/platform/sandbox.py): its own Redis database, nothing sent, nothing
counted, no real texter reachable whatever number is typed. Every message is audited; in
production the page stays off until an admin turns it on here.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hotline.accounts import users
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm
from hotline.console.i18n import translate
from hotline.conversation import CHANNELS, InboundError, exchange
from hotline.languages import LANGUAGES
from hotline.platform import sandbox


@bp.get("/simulator")
@requires(users.STAFF)
def simulator() -> ResponseReturnValue:
    """The phone (number, channel and language pickers, the thread), or why it is off."""
    return render_template(
        "console/simulator.html",
        languages=LANGUAGES,
        channels=CHANNELS,
        enabled=sandbox.is_enabled(services()),
        may_switch=current_user.has_role(users.ADMIN),
        action=ActionForm(),
    )


@bp.post("/simulator/messages.json")
@requires(users.STAFF)
def simulator_message() -> ResponseReturnValue:
    """One text through the engine, in the sandbox (JSON; CSRF token in the X-CSRFToken header)."""
    live = services()
    if not sandbox.is_enabled(live):
        return jsonify(error=translate("sim.off")), 403
    try:
        answer = exchange(sandbox.services_for(live), request.get_json(silent=True) or {})
    except InboundError as error:
        return jsonify(error=str(error)), 400
    except sandbox.SandboxError:
        return jsonify(error=translate("sim.unavailable")), 503
    sandbox.record_use(live, actor(), answer)
    return jsonify(answer)


@bp.post("/simulator/switch")
@requires(users.ADMIN)
def simulator_switch() -> ResponseReturnValue:
    """An admin turns the simulator on or off (audited)."""
    if ActionForm().validate_on_submit():
        try:
            sandbox.set_enabled(services(), request.form.get("state") == sandbox.ON, actor())
        except sandbox.SandboxError:
            flash(translate("sim.unavailable"))
    return redirect(url_for("console.simulator"))


@bp.post("/simulator/reset")
@requires(users.STAFF)
def simulator_reset() -> ResponseReturnValue:
    """Wipe the sandbox: every simulated texter, request and queued job (audited)."""
    if ActionForm().validate_on_submit() and sandbox.is_enabled(services()):
        try:
            sandbox.reset(services(), actor())
            flash(translate("sim.reset_done"))
        except sandbox.SandboxError:
            flash(translate("sim.unavailable"))
    return redirect(url_for("console.simulator"))
