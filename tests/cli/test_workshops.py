"""`hotline workshops …`, `hotline broadcast` and `hotline broadcasts …` against the test Redis."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from hotline.cli import broadcasts as broadcast_cli
from hotline.cli import main
from hotline.platform import dates
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from tests.clock import next_dst_night, on_day
from tests.workshops.test_workshops import make_texter


def shown(moment) -> str:
    """A Brussels time as the CLI reads and prints it ("YYYY-MM-DD HH:MM")."""
    return dates.show_local(moment, "Europe/Brussels")


@pytest.fixture
def cli(monkeypatch, settings, services, clock):
    """Run the CLI with the test Redis and encryption key, on the frozen Monday of `clock`."""
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_ENCRYPTION_KEY", settings.encryption_key)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("HOTLINE_SEEDS_DIR", str(settings.seeds_dir))

    def run(*args: str, input: str | None = None) -> str:
        result = CliRunner().invoke(main, list(args), input=input)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_add_list_show_reschedule_cancel(cli, services, clock):
    starts, ends = on_day(clock, 10, "17:00"), on_day(clock, 10, "19:00")
    out = cli(
        "workshops", "add", "--title", "Droit des étrangers en Belgique",
        "--title-in", "ar=قانون الأجانب في بلجيكا", "--starts-at", shown(starts),
        "--ends-at", shown(ends), "--place", "Pianofabriek", "--capacity", "1",
    )  # fmt: skip
    assert "Workshop 1 created: texters register with ATELIER 1." in out
    workshops.register(services, "1", make_texter(services, "+32470123456"))
    workshops.register(services, "1", make_texter(services, "+32470654321", "ar"))

    [row] = json.loads(cli("workshops", "list", "--json"))
    assert (row["starts_at"], row["registered"], row["waiting"]) == (shown(starts), 1, 1)
    detail = json.loads(cli("workshops", "show", "1", "--json"))
    assert detail["registrants"][0]["number"] == "+32 4•• •• •• 56"
    due = [shown(on_day(clock, 9, "18:00")), shown(on_day(clock, 10, "15:00"))]
    assert [r["due"] for r in detail["reminders"]] == due
    assert "+32 4•• •• •• 21" in cli("workshops", "show", "1")

    moved = shown(on_day(clock, 17, "17:00"))
    assert f"moved to {moved}" in cli("workshops", "reschedule", "1", "--starts-at", moved)
    assert "2 notices queued" in cli("workshops", "cancel", "1", "--yes")
    assert "cancelled" in cli("workshops", "list")


def test_a_time_skipped_by_dst_is_refused(cli, clock):
    night = next_dst_night(clock, forward=True)  # 02:00 becomes 03:00
    result = CliRunner().invoke(
        main,
        ["workshops", "add", "--title", "x", "--starts-at", f"{night} 02:30",
         "--ends-at", f"{night} 04:00", "--place", "p"],
    )  # fmt: skip
    assert result.exit_code == 2 and "does not exist" in result.output


def test_seed_command(cli):
    assert "Seeded workshops: 2" in cli("workshops", "seed")
    assert "Already seeded." in cli("workshops", "seed")
    assert "Atelier 2" in cli("workshops", "list")


def test_broadcast_preview_confirm_and_list(cli, services, tmp_path):
    make_texter(services, "+32470000001", "fr")
    make_texter(services, "+32470000002", "ar")
    message = tmp_path / "message.yaml"
    message.write_text('fr: "Permanence mardi."\nar: "استقبال يوم الثلاثاء."\n', encoding="utf-8")

    declined = CliRunner().invoke(
        main, ["broadcast", "--audience", "all", "--message-file", str(message)], input="n\n"
    )
    assert declined.exit_code == 1 and "total: 2 recipients, 2 SMS segments" in declined.output

    out = cli("broadcast", "--audience", "all", "--message-file", str(message), "--yes")
    assert ["ar", "1", "1", "1"] in [line.split() for line in out.splitlines()]
    assert "Broadcast 2: 1 batches handed to the worker" in out
    rows = json.loads(cli("broadcasts", "list", "--json"))
    assert [(r["id"], r["status"]) for r in rows] == [("2", "sending"), ("1", "cancelled")]
    assert rows[0]["progress"]["total"] == 2 and rows[0]["progress"]["queued"] == 0
    listed = cli("broadcasts", "list")
    assert "2 planned, 0 handed over, 0 sent, 0 failed, 0 skipped" in listed
    out = cli("broadcasts", "cancel", "2")
    assert "cancelled" in out and "2 stopped by the cancel" in out


def test_broadcast_progress_after_sending(cli, services, tmp_path, run_jobs, outbox):
    make_texter(services, "+32470000001", "fr")
    make_texter(services, "+32470000002", "ar")
    opted_out = make_texter(services, "+32470000003", "fr")
    message = tmp_path / "message.yaml"
    message.write_text('fr: "Permanence mardi."\n', encoding="utf-8")
    cli("broadcast", "--audience", "all", "--message-file", str(message), "--yes")
    texters.set_opted_out(services.redis, opted_out, True)  # after the preview and planning

    run_jobs()

    assert len(outbox()) == 2
    line = "3 planned, 3 handed over, 2 sent, 0 failed, 1 skipped"
    assert line in cli("broadcasts", "list")
    followed = cli("broadcasts", "show", "1", "--follow")
    assert line in followed and json.loads(followed[followed.index("{") :])["finished"]
    refused = CliRunner().invoke(main, ["broadcasts", "cancel", "1"])
    assert refused.exit_code == 1 and "nothing left to stop" in refused.output


def test_scheduled_broadcast(cli, services, clock, tmp_path):
    make_texter(services, "+32470000001", "fr")
    message = tmp_path / "topic.yaml"
    message.write_text("topic: sante\n", encoding="utf-8")
    at = shown(on_day(clock, 1, "10:00"))

    out = cli(
        "broadcast", "--audience", "language:fr", "--message-file", str(message),
        "--at", at, "--yes",
    )  # fmt: skip

    assert f"scheduled for {at}" in out
    assert "scheduled" in cli("broadcasts", "list")


def test_broadcast_follow_shows_sending_until_every_message_has_an_outcome(
    cli, services, tmp_path, run_jobs, outbox, monkeypatch
):
    make_texter(services, "+32470000001", "fr")
    make_texter(services, "+32470000002", "nl")
    message = tmp_path / "message.yaml"
    message.write_text('fr: "Permanence mardi."\n', encoding="utf-8")
    monkeypatch.setattr(broadcast_cli, "_pause", run_jobs)  # the worker, between two looks
    args = ("--audience", "all", "--message-file", str(message), "--yes", "--follow")
    out = cli("broadcast", *args)
    assert "Sending" in out and "2 planned, 2 handed over, 2 sent, 0 failed, 0 skipped" in out
    assert len(outbox()) == 2
