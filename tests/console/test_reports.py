"""Rapports: legend beside its series, weeks as dates, intents apart, per-staff figures."""

from __future__ import annotations

import csv
import io
import itertools

from babel.dates import format_date

from hotline.accounts import users
from hotline.callbacks import cases
from hotline.callbacks import requests as callbacks
from hotline.console import charts
from hotline.reporting import reports
from tests.console_helpers import logged_in, monday_morning


def test_legend_names_stand_level_with_their_slices_and_apart():
    chart = charts.stacked(["a", "b"], {"x": [1, 4], "y": [1, 4], "z": [0, 0]}, {"x": "santé"})
    legend = {name: y for _, name, y in chart.legend}
    assert set(legend) == {"santé", "y", "z"}
    assert legend["y"] < legend["santé"]  # y is stacked above x in the last bar
    ys = sorted(legend.values())
    assert all(b - a >= charts.LEGEND_GAP for a, b in itertools.pairwise(ys))
    assert all(bar.x + bar.width <= chart.legend_x for bar in chart.bars)


def test_staff_figures(services, text):
    moment = monday_morning()
    services.clock = lambda: moment
    for number in ("+32470000301", "+32470000302", "+32470000303"):
        text("RAPPEL", number)
    first, second, third = callbacks.list_requests(services)
    cases.call(services, first.ref, "Amina", "amina@solea.be", "rappel demandé")
    cases.close(services, first.ref, cases.REACHED, staff="Amina", actor="amina@solea.be")
    callbacks.claim(services, second.ref, "Bram")
    cases.close(services, second.ref, cases.NO_ANSWER, staff="Bram", actor="bram@solea.be")
    callbacks.claim(services, second.ref, "Amina")
    cases.close(services, second.ref, cases.WRONG_NUMBER, staff="Amina", actor="amina@solea.be")
    rows = {r.staff: r for r in reports.staff_figures(services, 4, moment)}
    assert rows["Amina"].handled == 2 and rows["Bram"].handled == 0
    assert rows["Amina"].outcomes == {cases.REACHED: 1, cases.WRONG_NUMBER: 1}
    assert rows["Bram"].outcomes == {cases.NO_ANSWER: 1}
    assert rows["Amina"].median_hours_to_call == 0.0
    assert third.ref not in str(rows)


def test_the_reports_page(app, services, text):
    moment = monday_morning()
    services.clock = lambda: moment
    text("SANTE", "+32470000311")
    text("STOP", "+32470000312")
    text("RAPPEL", "+32470000313")
    [request] = callbacks.list_requests(services)
    cases.close(services, request.ref, cases.REACHED, staff="Amina", actor="a@solea.be")
    client = logged_in(app, services, users.COORDINATOR)
    page = client.get("/console/reports?weeks=2").get_data(as_text=True)
    monday = moment.date()
    assert format_date(monday, "d MMM", locale="fr") in page  # weeks as dates, not W12
    info, intents, by_language = page.split('<figure class="chart">')[1:4]
    assert "Questions par semaine" in info and "Démarches" in intents
    assert "santé" in info and "désinscription (STOP)" not in info
    assert "désinscription (STOP)" in intents and "santé" not in intents
    assert "français" in by_language
    assert 'id="csv-unknown"' in page and "Amina" in page
    data = client.get("/console/reports/staff.csv?weeks=2").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(data)))
    assert row["staff"] == "Amina" and row["handled"] == "1" and row["reached"] == "1"
