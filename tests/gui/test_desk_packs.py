"""The force's own desk (issue 19), through the app's own start-up (``open_backend``) and by
keys: the desk takes calls on the pack in force; a pack published mid-call is taken at the
next call, never mid-call; a pack tried with --pack says TRIAL PACK on the status bar and in
every log; the slip is in the site's name."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from asbdesk.core.packs import Pack, load_pack
from asbdesk.core.packs.registry import pack_files
from asbdesk.core.site import Force
from asbdesk.gui.desk import DeskWindow
from asbdesk.storage.records import Actor
from asbdesk.storage.store import Store, os_account
from tests.conftest import PACKS
from tests.gui.keys import CTRL, finish_by_keys, press, wait_dialog, wait_dialog_closed
from tests.gui.test_desk_close import save_by_keys, take_802
from tests.gui.test_style import drawn_contrast
from tests.storage.conftest import NOW

ADA = Actor("ada", "admin-01")
SITE = Force("Demoshire Police", ("1 Example Street", "Leeds"), "LS1 4AP", "+441134960999")


def default_at(tmp_path, version: str) -> Pack:
    """The default pack as a force's own copy, at ``version`` (its name says so too)."""
    folder = tmp_path / f"v{version}" / "default"
    shutil.copytree(PACKS / "default", folder)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8").replace('version: "1.0"', f'version: "{version}"', 1)
    pack_yaml.write_text(text, encoding="utf-8")
    pack = load_pack(folder)
    assert pack.version == version
    return pack


def publish(store: Store, pack: Pack, reason: str = "signed off by the policy owner"):
    return store.publish_pack(
        ADA,
        pack_id=pack.id,
        version=pack.version,
        sha256=pack.content_hash,
        files=pack_files(pack),
        reason=reason,
        checks={},
    )


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """The workstation's database (as ASBDESK_DATABASE_URL names it), with this account as a
    call handler and an administrator who publishes."""
    url = f"sqlite:///{tmp_path / 'force.sqlite'}"
    monkeypatch.setenv("ASBDESK_DATABASE_URL", url)
    store = Store.open(url, clock=lambda: NOW)
    store.ensure_user(os_account(), "Ann Handler", "call_handler")
    store.ensure_user("ada", "Ada Admin", "administrator")
    yield store
    store.close()


def started_desk(qtbot, pack: str | None = None) -> DeskWindow:
    from asbdesk.gui.app import open_backend

    window = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1360, 820)
    window.ready(*open_backend(False, pack))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
    return window


def close_log(qtbot, desk) -> None:
    wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_Escape)
    wait_dialog_closed(qtbot, desk)


def test_the_desk_takes_calls_on_the_pack_in_force(qtbot, shared, tmp_path):
    publish(shared, default_at(tmp_path, "1.1"))
    desk = started_desk(qtbot)
    try:
        assert (desk.engine.pack.id, desk.engine.pack.version) == ("default", "1.1")
        assert "pack default 1.1 (published" in desk.status_db.text() and "by ada" in desk.status_db.text()
        assert not desk.trial_label.isVisible()
        take_802(qtbot, desk)
        save_by_keys(qtbot, desk)
        stored = shared.contact_log(Actor(os_account(), "x"), desk.last_saved.reference)
        assert (stored.pack_id, stored.pack_version) == ("default", "1.1")
        assert "TRIAL PACK" not in stored.log_text
    finally:
        desk.close()
        desk.saver.store.close()


def test_nothing_published_is_the_shipped_default_and_not_a_trial(qtbot, shared):
    desk = started_desk(qtbot)
    try:
        assert desk.engine.pack.id == "default"
        assert "(shipped; no pack published on this database)" in desk.status_db.text()
        assert not desk.trial_label.isVisible()
    finally:
        desk.close()
        desk.saver.store.close()


def test_a_pack_published_mid_call_is_taken_at_the_next_call_never_mid_call(qtbot, shared, tmp_path):
    publish(shared, default_at(tmp_path, "1.1"))
    desk = started_desk(qtbot)
    try:
        take_802(qtbot, desk, stop_at="what_happening")
        publish(shared, default_at(tmp_path, "1.2"), "the reworded question, signed off")
        # The desk looks at each status poll (every 3 s) and says so; the call goes on.
        qtbot.waitUntil(lambda: desk.next_pack is not None, timeout=30_000)
        assert desk.message_line.text() == "Pack default 1.2 published: in force from your next call"
        assert desk.session.pack.version == "1.1"
        take_802(qtbot, desk, pick=False)
        save_by_keys(qtbot, desk)
        actor = Actor(os_account(), "x")
        assert shared.contact_log(actor, desk.last_saved.reference).pack_version == "1.1"  # began on 1.1
        close_log(qtbot, desk)
        press(qtbot, Qt.Key.Key_N, CTRL)  # the next call
        assert desk.session.pack.version == "1.2"
        assert desk.message_line.text().startswith("Pack default 1.2 in force from this call (published by ada at ")
        assert "pack default 1.2 (published" in desk.status_db.text()
        first = desk.last_saved.reference
        take_802(qtbot, desk)
        finish_by_keys(qtbot, desk)
        qtbot.waitUntil(lambda: desk.last_saved.reference != first, timeout=10_000)
        assert shared.contact_log(actor, desk.last_saved.reference).pack_version == "1.2"
    finally:
        desk.close()
        desk.saver.store.close()


def test_a_pack_tried_with_pack_says_trial_pack_on_screen_and_in_every_log(qtbot, shared, tmp_path):
    publish(shared, default_at(tmp_path, "1.1"))
    trial = default_at(tmp_path, "2.0")
    desk = started_desk(qtbot, str(trial.folder))
    try:
        assert desk.trial_label.isVisible()
        assert desk.trial_label.text() == "TRIAL PACK: default 2.0"
        ratio, text, background = drawn_contrast(desk.trial_label)
        assert ratio >= 4.5, f"{text.name()} on {background.name()}"  # WCAG AA, as every coloured label
        assert "TRIAL PACK default 2.0 (not the pack in force)" in desk.status_db.text()
        take_802(qtbot, desk)
        save_by_keys(qtbot, desk)
        stored = shared.contact_log(Actor(os_account(), "x"), desk.last_saved.reference)
        first, second = stored.log_text.splitlines()[:2]
        assert first.startswith("TRIAL PACK: default 2.0 (sha256:")
        assert second == "  is not the pack in force on this database (default 1.1)"
        assert desk.last_log.splitlines()[:2] == [first, second]  # shown equal to stored
        # A desk on trial stays on its trial pack: nothing published takes it over.
        publish(shared, default_at(tmp_path, "1.2"))
        close_log(qtbot, desk)
        qtbot.wait(3_500)
        press(qtbot, Qt.Key.Key_N, CTRL)
        assert desk.session.pack.version == "2.0"
    finally:
        desk.close()
        desk.saver.store.close()


def test_the_pack_asked_for_when_it_is_the_one_in_force_is_no_trial(qtbot, shared, tmp_path):
    pack = default_at(tmp_path, "1.1")
    publish(shared, pack)
    desk = started_desk(qtbot, str(pack.folder))
    try:
        assert not desk.trial_label.isVisible()
        assert desk.pack_in_use is not None and not desk.pack_in_use.trial
    finally:
        desk.close()
        desk.saver.store.close()


def test_the_walk_in_slip_is_in_the_sites_name(qtbot, shared):
    shared.set_site(ADA, SITE)
    desk = started_desk(qtbot)
    try:
        press(qtbot, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
        take_802(qtbot, desk)
        save_by_keys(qtbot, desk)
        assert desk.last_slip.splitlines()[0] == "Demoshire Police"
        assert "Call our ASB team on 0113 496 0999." in " ".join(desk.last_slip.split())
        assert desk.log_dialog is not None and desk.log_dialog.header == "Demoshire Police"
    finally:
        desk.close()
        desk.saver.store.close()


def test_the_logs_pdf_is_headed_by_the_sites_name(qtbot, shared, tmp_path):
    from tests.gui.test_documents import pdf_text

    shared.set_site(ADA, SITE)
    desk = started_desk(qtbot)
    try:
        take_802(qtbot, desk)
        save_by_keys(qtbot, desk)
        path = tmp_path / "log.pdf"
        desk.log_dialog.pdf_to(str(path))
        text = pdf_text(path)
        assert text.startswith("Demoshire Police ASB GRADED LOG")
        assert desk.last_saved.reference in text
    finally:
        desk.close()
        desk.saver.store.close()
