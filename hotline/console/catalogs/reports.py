"""Strings of the reports page: intents apart, weeks as dates, per-staff figures (fr, nl, en)."""

# ruff: noqa: E501  (a catalog of sentences: one key per entry reads better than wrapped strings)
from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {
    "reports.by_topic": ("Questions par semaine, par sujet d'information", "Vragen per week, per informatieonderwerp", "Questions per week, by information topic"),
    "reports.by_intent": ("Démarches par semaine (menu, langue, STOP, rappel…)", "Handelingen per week (menu, taal, STOP, terugbellen…)", "Actions per week (menu, language, STOP, callback…)"),
    "reports.weeks_hint": ("Chaque semaine est nommée par son lundi (heure de Bruxelles).", "Elke week heet naar haar maandag (Brusselse tijd).", "Each week is named by its Monday (Brussels time)."),
    "reports.staff": ("Par membre de l'équipe", "Per teamlid", "Per team member"),
    "reports.staff_hint": ("Demandes ouvertes pendant la période : combien chacun a clôturé, le temps médian jusqu'à son premier appel (heures) et les résultats de ses appels.", "Aanvragen uit de periode: hoeveel elk afsloot, de mediane tijd tot de eerste oproep (uren) en de resultaten van de oproepen.", "Requests opened in the period: how many each closed, the median time to their first call (hours) and the outcomes of their calls."),
    "reports.staff_name": ("Personne", "Persoon", "Person"),
    "reports.handled": ("Demandes traitées", "Behandelde aanvragen", "Requests handled"),
    "reports.median_call": ("Délai médian d'appel (h)", "Mediane tijd tot oproep (u)", "Median time to call (h)"),
}  # fmt: skip
