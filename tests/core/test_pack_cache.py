"""The cache of composed pack files (asbdesk.core.packs.loader, issue 24): it never changes
what a pack loads as. Every test keeps the cache in a folder of its own (never the home)."""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
from pathlib import Path

import pytest

from asbdesk.core.packs import PackError, load_pack, loader
from asbdesk.core.packs.loader import read_pack_files, use_compose_cache
from tests.conftest import PACKS

SHIPPED = sorted(p for p in PACKS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@pytest.fixture
def cache(tmp_path: Path):
    folder, kept = tmp_path / "cache", loader._cache_setting
    use_compose_cache(folder)
    yield folder
    use_compose_cache(kept)  # the run's own folder (tests/conftest.py), never the user's


def _uncached(folder: Path):
    kept = loader._cache_setting
    use_compose_cache(False)
    try:
        return read_pack_files(folder)
    finally:
        use_compose_cache(kept)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.marshal")) if cache.is_dir() else []


def _typed(value):
    """``value`` with the type of every part spelled out (``==`` holds True == 1 == 1.0)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _same(a, b) -> None:
    """Two results of read_pack_files alike: data, where each item was written, texts, issues, hash."""
    data_a, source_a, issues_a, digest_a = a
    data_b, source_b, issues_b, digest_b = b
    assert _typed(data_a) == _typed(data_b)  # types and order too: True is not 1, 1.0 is not 1
    assert data_a == data_b
    assert source_a.files == source_b.files
    assert _typed(source_a.lines) == _typed(source_b.lines)
    assert source_a.texts == source_b.texts
    assert issues_a == issues_b
    assert digest_a == digest_b


@pytest.mark.parametrize("folder", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_pack_loads_the_same_with_and_without_the_cache(cache, folder):
    without = _uncached(folder)
    first = read_pack_files(folder)  # composes, and fills the cache
    files = len(list(folder.glob("*.yaml")))
    assert len(_entries(cache)) == files
    second = read_pack_files(folder)  # read from the cache
    _same(without, first)
    _same(without, second)
    use_compose_cache(False)
    plain = load_pack(folder)
    use_compose_cache(cache)
    cached = load_pack(folder)
    assert cached.data == plain.data
    assert cached.data.model_dump(mode="json") == plain.data.model_dump(mode="json")
    assert cached.content_hash == plain.content_hash
    assert cached.source_map.lines == plain.source_map.lines
    assert cached.source_map.files == plain.source_map.files


def _rewrite(entry: Path, change) -> None:
    """Replace a cached compose with ``change(value)``, with a checksum that matches."""
    raw = entry.read_bytes()
    payload = marshal.dumps(change(marshal.loads(raw[32:])))
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)


def test_a_hit_is_read_from_the_cache(cache, tmp_path):
    """Proof that the cache is what a second load reads: an entry altered in place (as only
    someone writing into the user's own cache folder could) is what the pack then holds."""
    folder = tmp_path / "pack"
    shutil.copytree(PACKS / "default", folder)
    read_pack_files(folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    entry = loader._cache_path(cache, text, "pack.yaml")
    assert entry.is_file()
    _rewrite(entry, lambda value: ({**value[0], "pack": {**value[0]["pack"], "name": "From the cache"}}, *value[1:]))
    assert read_pack_files(folder)[0]["pack"]["name"] == "From the cache"


def test_a_changed_file_misses_the_cache(cache, tmp_path):
    folder = tmp_path / "default"
    shutil.copytree(PACKS / "default", folder)
    before = load_pack(folder)
    entries = _entries(cache)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    name = before.data.pack.name
    assert f"name: {name}" in text
    pack_yaml.write_text(text.replace(f"name: {name}", f"name: {name} (changed)", 1), encoding="utf-8")
    after = load_pack(folder)
    assert after.data.pack.name == f"{name} (changed)"
    assert after.content_hash != before.content_hash
    assert len(_entries(cache)) == len(entries) + 1  # the new text kept beside the old
    _same(_uncached(folder), read_pack_files(folder))


def test_the_same_text_under_another_file_name_is_another_entry(cache, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.yaml").write_text("pack: {id: x}\n", encoding="utf-8")
        read_pack_files(tmp_path / name)
    assert len(_entries(cache)) == 2


CORRUPTIONS = {
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "a byte flipped": lambda raw: raw[:-5] + bytes([raw[-5] ^ 0xFF]) + raw[-4:],
    "garbage": lambda raw: b"\x00\xff" * 100,
    "not marshal, checksum right": lambda raw: hashlib.sha256(b"\xff\xfe").digest() + b"\xff\xfe",
    "wrong shape, checksum right": lambda raw: hashlib.sha256(marshal.dumps([1, 2])).digest() + marshal.dumps([1, 2]),
    "negative count": lambda raw: hashlib.sha256(marshal.dumps(({}, {}, -1))).digest() + marshal.dumps(({}, {}, -1)),
}


@pytest.mark.parametrize("how", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_a_corrupt_cache_file_is_ignored_and_replaced(cache, tmp_path, how):
    folder = PACKS / "default"
    good = read_pack_files(folder)
    entries = _entries(cache)
    assert entries
    whole = {entry: entry.read_bytes() for entry in entries}
    for entry in entries:
        entry.write_bytes(CORRUPTIONS[how](whole[entry]))
    _same(good, read_pack_files(folder))
    for entry in entries:
        assert entry.read_bytes() == whole[entry]  # written afresh


def test_an_unreadable_cache_file_is_ignored(cache):
    folder = PACKS / "default"
    good = read_pack_files(folder)
    for entry in _entries(cache):
        entry.unlink()
        entry.mkdir()  # cannot be read as a file, nor replaced
    _same(good, read_pack_files(folder))


def test_a_cache_folder_that_cannot_be_made_is_no_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    use_compose_cache(blocker / "cache")
    try:
        _same(_uncached(PACKS / "default"), read_pack_files(PACKS / "default"))
        assert blocker.read_text(encoding="utf-8") == "not a folder"
    finally:
        use_compose_cache(None)


def test_a_compose_with_a_problem_is_not_kept(cache, tmp_path):
    (tmp_path / "pack.yaml").write_text("pack: {id: x}\n", encoding="utf-8")
    (tmp_path / "codes.yaml").write_text("codes: [a, b\n", encoding="utf-8")  # unclosed
    (tmp_path / "tags.yaml").write_text("grading: !!python/name:os.system\n", encoding="utf-8")
    first = read_pack_files(tmp_path)
    assert len(first[2]) == 2
    assert [e.name for e in _entries(cache)] == [loader._cache_path(cache, "pack: {id: x}\n", "pack.yaml").name]
    _same(_uncached(tmp_path), read_pack_files(tmp_path))


def test_a_yaml_date_is_not_kept_and_loads_the_same(cache, tmp_path):
    """marshal cannot hold a date: such a file is composed every time, as without the cache."""
    (tmp_path / "pack.yaml").write_text("pack: {id: x, when: 2024-01-02}\n", encoding="utf-8")
    first = read_pack_files(tmp_path)
    assert _entries(cache) == []
    assert str(first[0]["pack"]["when"]) == "2024-01-02"
    assert first[0] == _uncached(tmp_path)[0]


def _aliased(anchor_items: int, aliases: int, key: str) -> str:
    """A file whose nodes, each alias counted as all it repeats, are about anchor_items * (aliases + 1)."""
    items = ", ".join(["0"] * anchor_items)
    return f"{key}:\n  a: &x [{items}]\n  b: [{', '.join(['*x'] * aliases)}]\n"


def test_a_cached_file_past_the_node_budget_left_is_refused_as_without_the_cache(cache, tmp_path):
    """A file that fits alone (so it was cached) but not after the files before it: composed
    again, so the same refusal is given, at the same line."""
    alone = tmp_path / "alone"
    alone.mkdir()
    second = _aliased(1000, 30, "prompts")  # about 31,000 nodes
    (alone / "b.yaml").write_text(second, encoding="utf-8")
    assert read_pack_files(alone)[2] == []
    assert len(_entries(cache)) == 1
    both = tmp_path / "both"
    both.mkdir()
    (both / "a.yaml").write_text(_aliased(1000, 30, "codes"), encoding="utf-8")
    (both / "b.yaml").write_text(second, encoding="utf-8")
    expected = _uncached(both)
    assert any("YAML nodes" in issue.message and issue.file == "b.yaml" for issue in expected[2]), expected[2]
    _same(expected, read_pack_files(both))
    with pytest.raises(PackError) as caught:
        load_pack(both)
    assert [str(i) for i in caught.value.issues] == [str(i) for i in expected[2]]


def test_the_cache_keeps_the_newest_files_only(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "_CACHE_ENTRIES", 3)
    for number in range(5):
        folder = tmp_path / f"p{number}"
        folder.mkdir()
        (folder / "pack.yaml").write_text(f"pack: {{id: p{number}}}\n", encoding="utf-8")
        read_pack_files(folder)
        entry = loader._cache_path(cache, f"pack: {{id: p{number}}}\n", "pack.yaml")
        os.utime(entry, ns=(number * 10**9, number * 10**9))  # written in this order, a second apart
    kept = {loader._cache_path(cache, f"pack: {{id: p{n}}}\n", "pack.yaml") for n in (2, 3, 4)}
    assert set(_entries(cache)) == kept
