"""The Qt desk: a thin keyboard-driven view over the call session and the storage layer.

- ``app``: start-up (paint first, then pack, database and operator off the GUI thread);
- ``desk``: the main window, one call from Ctrl+N to the saved, graded log;
- ``dialogs``: the graded log, override, consent decision, flag request and new caller;
- ``domain``: the core and storage modules, loaded on first use after the window has painted;
- ``history_model``: the table model of past contacts; ``tasks``: storage work off the GUI thread;
- ``selftest``: ``asbdesk --self-test``, one scripted call through the real widgets;
- ``supervisor``: the supervisor's window (queues, decisions); ``sampling``: the dip sample;
  ``reports``: compliance and hotspots; ``documents``: the PDFs (ring-back letter, compliance
  report, trainer sheet, scorecard) and the compliance chart;
- ``training``: the training desk (scenario picker, "Caller says", scorecard, trainer's view).

Under only the CLI (import-linter contract "GUI above storage above core"): imports storage
and core; neither imports it, and storage work never runs on the GUI thread.
"""
