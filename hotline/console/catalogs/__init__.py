"""More console strings, by page: cases (the case view and the queue's cards), words (codes shown
as words: topics, outcomes, statuses, purposes, audiences, reminder offsets), office (hours,
holidays, closures), the broadcast form, content and reports. Same shape as `strings._CATALOG`
(key -> (fr, nl, en)); `strings` merges them, so `translate` finds every key in one place.
"""

from __future__ import annotations

from hotline.console.catalogs import broadcasts, cases, content, office, reports, words

CATALOG: dict[str, tuple[str, str, str]] = {
    **broadcasts.CATALOG,
    **cases.CATALOG,
    **words.CATALOG,
    **office.CATALOG,
    **content.CATALOG,
    **reports.CATALOG,
}
