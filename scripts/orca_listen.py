"""Listen to a call with the Orca screen reader (issue 23.2): what Orca says at each key.

On a private D-Bus session, ``scripts/orca_session.sh`` starts a real X display (Xvfb) with a
window manager (openbox), the AT-SPI accessibility bus, Orca with its debug log, and the demo
desk with Qt's accessibility bridge on, then presses the keys of :data:`STEPS` with xdotool (a
flagged repeat caller, the incident code, the first question, an answer that pins the EMERGENCY
prompt, Ctrl+K, a refusal). This prints, for each step, what Orca spoke (its "SPEECH OUTPUT"
lines, less the echo of each key typed). Needs the Debian packages xvfb xauth xdotool openbox
at-spi2-core orca dbus-x11 (Orca speaks into its log without a sound card). About a minute.

    python scripts/orca_listen.py               # the spoken words, step by step
    python scripts/orca_listen.py --json FILE   # also as JSON: [{"step": ..., "spoken": [...]}]

The desk speaks the way asbdesk.gui.speech chooses for the Orca installed (``ASBDESK_SPEECH``
unset); ``ASBDESK_SPEECH=announcement python scripts/orca_listen.py`` shows what an Orca older
than 45.2 makes of the announcement event alone (nothing).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ("Xvfb", "openbox", "xdotool", "orca", "dbus-run-session", "gsettings")
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")

# Each step: what it is, then keys ("key", an xdotool name), text ("type"), and words Orca is
# waited for before the next step ("expect": the step goes on after a minute without them).
DESK_STEPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "find the caller (Ctrl+N, a name, Enter)",
        [("key", "ctrl+n"), ("type", "Amira"), ("key", "Return"), ("expect", "Incident code")],
    ),
    ("pick the incident code (type, Enter)", [("type", "personal"), ("key", "Return"), ("expect", "Question 1 ")]),
    # Y answers and moves on by itself (issue 23.4): the answer, the prompt, the risk and
    # question 2 in one announcement.
    ("answer Yes to immediate danger", [("key", "y"), ("expect", "Question 2 ")]),
    ("acknowledge the prompts (Ctrl+K twice)", [("key", "ctrl+k"), ("key", "ctrl+k"), ("expect", "SAFEGUARDING")]),
    # The cursor is on question 2 already: the refusal is what is said.
    ("finish with mandatory questions open (Ctrl+Enter)", [("key", "ctrl+Return"), ("expect", "Refused: Not saved")]),
]
SUPERVISOR_STEPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "to the flag reviews and back to the flag requests (Ctrl+2, Ctrl+1)",
        [("key", "ctrl+2"), ("key", "ctrl+1"), ("expect", "Flag requests, most urgent first")],
    ),
    (
        "authorise with no necessity written (Ctrl+U, Ctrl+Enter)",
        # The dialog's field is said before the refusal's key: Orca behind the keys on a busy
        # machine drops a focus it has not yet spoken once a newer one comes.
        [
            ("key", "ctrl+u"),
            ("expect", "Necessity text"),
            ("key", "ctrl+Return"),
            ("expect", "write why the flag is necessary"),
        ],
    ),
    (
        "write the necessity, Ctrl+Enter",
        [("type", "Three reports this month"), ("key", "ctrl+Return"), ("expect", "Maisie Murgatroyd")],
    ),
]
TRAINING_STEPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "find the scenario's caller (Ctrl+N, the number, Enter)",
        [("key", "ctrl+n"), ("type", "0121 496 0417"), ("key", "Return"), ("expect", "Incident code")],
    ),
    ("pick the incident code (type, Enter)", [("type", "personal"), ("key", "Return"), ("expect", "Question 1 ")]),
    ("answer No to immediate danger", [("key", "n"), ("expect", "Question 2 ")]),
]
# Each window listened to: its asbdesk arguments, its title, the words once it is ready, its steps.
WINDOWS = {
    "desk": (["--demo"], "^asbdesk$", "Ready: Ctrl+N", DESK_STEPS),
    "supervisor": (["--demo", "--as", "supervisor"], "^asbdesk supervisor", "", SUPERVISOR_STEPS),
    "training": (
        ["--training", "--scenario", "west-mercia-hate", "--trainee", "tina"],
        "TRAINING",
        "Ready: Ctrl+N",
        TRAINING_STEPS,
    ),
}
STEPS = DESK_STEPS

SPOKEN = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d+) - SPEECH OUTPUT: '(.*)'\s*\{")
MARK = re.compile(r"^STEP (\d+(?:\.\d+)?) (.*)$")


def missing() -> list[str]:
    gone = [name for name in NEEDED if shutil.which(name) is None]
    if not BUS_LAUNCHER.exists():
        gone.append(str(BUS_LAUNCHER))
    return gone


def spoken_lines(log: str) -> list[tuple[float, str]]:
    """(seconds since midnight, words) of each thing Orca spoke, less the echo of keys typed
    (Orca logs a key's echo with a space before the closing quote: 'return ')."""
    found = []
    for line in log.splitlines():
        match = SPOKEN.match(line)
        if match is None or match.group(4).endswith(" "):
            continue
        hours, minutes, seconds = match.group(1, 2, 3)
        found.append((int(hours) * 3600 + int(minutes) * 60 + float(seconds), match.group(4)))
    return found


def unheard(result: list[dict[str, object]], window: str = "desk") -> list[str]:
    """The steps whose awaited words ("expect") Orca did not speak in that step."""
    steps = WINDOWS[window][3]
    missing = []
    for (label, actions), step in zip(steps, result, strict=True):
        spoken = " | ".join(step["spoken"])  # type: ignore[arg-type]
        missing += [f"{label}: {what!r}" for kind, what in actions if kind == "expect" and what not in spoken]
    return missing


def free_display() -> str:
    """The first X display number from 90 with no server (no socket, no lock file)."""
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    raise SystemExit("no free X display number between :90 and :199")


def over_midnight(
    marks: list[tuple[float, str]], words: list[tuple[float, str]]
) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """Marks and words timed in seconds since midnight, made to run on past a midnight the
    session crossed (a time more than 12 hours before the first mark is the next day's)."""
    if not marks:
        return marks, words
    first = marks[0][0]

    def on(when: float) -> float:
        return when + 86400 if when < first - 43200 else when

    return [(on(when), label) for when, label in marks], [(on(when), text) for when, text in words]


def by_step(marks: list[tuple[float, str]], words: list[tuple[float, str]]) -> list[dict[str, object]]:
    """What was spoken between each step's first key and the next step's."""
    return [
        {"step": label, "spoken": [text for when, text in words if begin <= when < end]}
        for (begin, label), (end, _) in itertools.pairwise(marks)
    ]


def listen(display: str, window: str = "desk") -> list[dict[str, object]]:
    arguments, title, ready, window_steps = WINDOWS[window]
    with tempfile.TemporaryDirectory(prefix="asbdesk-orca-listen-") as folder:
        steps = Path(folder) / "steps.tsv"
        lines = []
        for label, actions in window_steps:
            lines.append(f"step\t{label}")
            lines += [f"{kind}\t{what}" for kind, what in actions]
        steps.write_text("\n".join(lines) + "\n")
        log = Path(folder) / "orca-debug.out"
        # The asbdesk of the Python running this (a checkout's venv, or an install elsewhere).
        command = Path(sys.executable).parent / "asbdesk"
        env = dict(os.environ, LANG="en_GB.UTF-8", ASBDESK_COMMAND=str(command) if command.exists() else "asbdesk")
        env.pop("QT_QPA_PLATFORM", None)  # a real window on the X display
        done = subprocess.run(
            [
                "dbus-run-session",
                "--",
                "bash",
                str(ROOT / "scripts" / "orca_session.sh"),
                display,
                str(log),
                str(steps),
                title,
                ready,
                *arguments,
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        marks = []
        for line in done.stdout.splitlines():
            match = MARK.match(line)
            if match:
                marks.append((float(match.group(1)), match.group(2)))
        if done.returncode != 0 or len(marks) != len(window_steps) + 1:
            raise SystemExit(f"the Orca session failed ({done.returncode}): {done.stderr[-2000:]}")
        text = log.read_text(errors="replace") if log.exists() else ""
        if os.environ.get("ORCA_LISTEN_LOG"):
            Path(os.environ["ORCA_LISTEN_LOG"]).write_text(text + "\n" + done.stdout)
        return by_step(*over_midnight(marks, spoken_lines(text)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the words, step by step, as JSON here")
    parser.add_argument("--display", help="the X display to start (default: the first free from :90)")
    parser.add_argument("--window", choices=sorted(WINDOWS), default="desk", help="the window listened to")
    args = parser.parse_args(argv)
    gone = missing()
    if gone:
        print(f"cannot listen with Orca: not installed here: {', '.join(gone)}", file=sys.stderr)
        return 2
    result = listen(args.display or free_display(), args.window)
    for step in result:
        print(f"## {step['step']}")
        for text in step["spoken"]:  # type: ignore[attr-defined]
            print(f"   {text}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
