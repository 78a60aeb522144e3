"""Contenus: each topic's texts, the translators' CSV down and up, every process reloaded."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import time
from pathlib import Path

import pytest

from hotline import content as content_store
from hotline import wiring
from hotline.accounts import users
from hotline.content import spreadsheet
from hotline.platform import audit
from tests.console_helpers import csrf_token, logged_in

ROOT = Path(__file__).resolve().parents[2]
# The Dutch SANTE answer as a reviewer would edit it: the same facts (the content check's parity
# rules hold), one word changed.
NEW_NL = (
    content_store.load(ROOT / "content")
    .render("sante", "answer", "nl", "sms")
    .replace("Gezondheid", "Gezondheidszorg", 1)
)


@pytest.fixture
def copy(services, tmp_path):
    """The services on a scratch copy of content/ (the import rewrites files)."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    services.settings = dataclasses.replace(services.settings, content_dir=target)
    wiring.reload_content(services)
    return target


@pytest.fixture
def coordinator(app, services, copy):
    return logged_in(app, services, users.COORDINATOR)


def exported(client, delimiter: str = "") -> bytes:
    query = f"?delimiter={delimiter}" if delimiter else ""
    response = client.get(f"/console/content/answers.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return response.data


def edited(data: bytes, text: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if row[:3] == ["sante", "answer", "sms"]:
            row[header.index("nl")] = text
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def upload(client, data: bytes):
    token = csrf_token(client, "/console/content")
    form = {"csrf_token": token, "file": (io.BytesIO(data), "answers.csv")}
    return client.post("/console/content/import", data=form, content_type="multipart/form-data")


def test_a_topic_shows_its_texts_per_language(coordinator, services):
    page = coordinator.get("/console/content/topics/sante").get_data(as_text=True)
    assert services.content.render("sante", "answer", "ar", "sms")[:30] in page
    assert "arabe" in page and "relu" in page and "segment(s)" in page
    assert coordinator.get("/console/content/topics/nothing").status_code == 404


def test_the_matrix_names_topics_and_offers_the_csv(coordinator):
    page = coordinator.get("/console/content").get_data(as_text=True)
    assert ">santé</a>" in page and 'id="csv-upload"' in page


def test_the_csv_is_the_clis_export(coordinator, copy):
    data = exported(coordinator)
    assert data.startswith(b"\xef\xbb\xbf")
    buffer = io.StringIO()
    spreadsheet.write_csv(spreadsheet.export_rows(content_store.files.read_all(copy)), buffer)
    assert data == buffer.getvalue().encode(spreadsheet.CSV_ENCODING)
    assert exported(coordinator, "semicolon").decode("utf-8-sig").split("\n")[0].count(";") > 3


def test_dry_run_then_import_then_reload(coordinator, services, copy):
    before = (copy / "sante.yaml").read_bytes()
    report = upload(coordinator, edited(exported(coordinator), NEW_NL))
    page = report.get_data(as_text=True)
    assert report.status_code == 200 and "1 texte(s) modifié(s) dans 1 fichier(s)" in page
    assert "sante.answer.nl" in page
    assert (copy / "sante.yaml").read_bytes() == before  # a dry run writes nothing
    token = page.split('action="/console/content/import/')[1].split('"')[0]
    form = {"csrf_token": csrf_token(coordinator, "/console/content")}
    done = coordinator.post(f"/console/content/import/{token}", data=form, follow_redirects=True)
    assert "Import fait" in done.get_data(as_text=True)
    assert NEW_NL in (copy / "sante.yaml").read_text()
    assert services.content.render("sante", "answer", "nl", "sms") == NEW_NL  # this process
    assert audit.recent(services.redis)[0]["action"] == "content.imported"
    again = coordinator.post(f"/console/content/import/{token}", data=form, follow_redirects=True)
    assert "expiré" in again.get_data(as_text=True)


def test_a_bad_csv_is_reported_and_nothing_written(coordinator, copy):
    before = (copy / "sante.yaml").read_bytes()
    report = upload(coordinator, edited(exported(coordinator), "Gezondheid {onbekend}"))
    assert report.status_code == 400
    page = report.get_data(as_text=True)
    assert "rien ne sera écrit" in page and "placeholders" in page
    assert 'id="import-apply"' not in page
    assert (copy / "sante.yaml").read_bytes() == before


def test_a_file_that_is_not_utf8_is_refused(coordinator):
    report = upload(coordinator, "topic,message\nsanté".encode("latin-1"))
    assert report.status_code == 400 and "UTF-8" in report.get_data(as_text=True)


def test_other_processes_reload_when_announced(services, copy, settings):
    other = wiring.build(services.settings)  # another process's services
    wiring.watch_content(other)
    time.sleep(0.3)  # let the watcher subscribe
    path = copy / "sante.yaml"
    path.write_text(path.read_text().replace("Gezondheid", "GEZONDHEID-NIEUW", 1))
    assert wiring.announce_content_reload(services) >= 1
    deadline = time.monotonic() + 5
    while "GEZONDHEID-NIEUW" not in other.content.render("sante", "answer", "nl", "sms"):
        assert time.monotonic() < deadline, "the other process did not reload"
        time.sleep(0.05)


def test_staff_cannot_import(app, services, copy):
    staff = logged_in(app, services, users.STAFF)
    assert staff.get("/console/content/answers.csv").status_code == 403
    assert staff.get("/console/content/topics/sante").status_code == 403
