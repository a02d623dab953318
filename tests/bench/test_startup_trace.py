"""asbdesk.gui.startup_trace writes nothing unless ASBDESK_STARTUP_TRACE names a file, and then
only the mark's name and two times."""

from __future__ import annotations

import time

from asbdesk.gui import startup_trace


def test_no_trace_file_no_writing(tmp_path, monkeypatch):
    monkeypatch.delenv(startup_trace.VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    startup_trace.mark("paint")
    startup_trace.watch_widgets(None)  # returns before touching the widget
    assert list(tmp_path.iterdir()) == []


def test_marks_are_appended_with_the_process_age_and_the_epoch(tmp_path, monkeypatch):
    trace = tmp_path / "trace"
    monkeypatch.setenv(startup_trace.VARIABLE, str(trace))
    before = time.time()
    startup_trace.mark("paint")
    startup_trace.mark("ready")
    lines = [line.split() for line in trace.read_text(encoding="ascii").splitlines()]
    assert [line[0] for line in lines] == ["paint", "ready"]
    for _name, age, epoch in lines:
        assert float(age) > 0  # this process started before the mark
        assert before <= float(epoch) <= time.time()
