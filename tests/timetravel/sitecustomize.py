"""Python loads this at start-up in the processes the tests start (tests/processes.py puts this
folder on their PYTHONPATH while the test process travels in time).

It moves the new process to HOTLINE_TEST_NOW, the instant (with its offset) the test process was
at when it started it, ticking from there: a worker and the test then agree on the time, which
RQ needs (its registries are scored by timestamps each side compares with its own clock).
"""

import os

_NOW = os.environ.get("HOTLINE_TEST_NOW", "")
if _NOW:
    import datetime as _dt

    import time_machine as _time_machine

    _time_machine.travel(_dt.datetime.fromisoformat(_NOW), tick=True).start()
