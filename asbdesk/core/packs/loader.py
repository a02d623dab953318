"""Loading a pack folder: YAML with line numbers, schema, cross-references, hash.

A pack is a folder of ``*.yaml`` files; each file holds some of the top-level
keys of a pack (``pack``, ``codes``, ``question_sets`` ...) and each key lives in
exactly one file. Every problem found is reported with the file, the YAML line,
the item (by its id where it has one) and what is wrong, all at once.

A pack is untrusted input (issue 13): a pack folder may come from anywhere. The
limits below are checked before and while parsing, so a hostile pack is refused
like any invalid one, in bounded time and memory: files are read only when they
are plain files inside the folder and small enough; YAML (1.2, read by ruamel.yaml)
is checked for nesting, aliases, tags and size node by node BEFORE each node is
composed (the composer and our own walk recurse, so depth must be bounded first);
numbers are bounded by the schema (``model.py``) and the condition parser
(``conditions.py``).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, NoReturn, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from asbdesk.core.packs.model import TOP_LEVEL_KEYS, PackData
from asbdesk.core.packs.yamlerrors import explain, version_line
from asbdesk.core.suggest import did_you_mean, unknown


def _yaml() -> YAML:
    """A YAML 1.2 reader: only true/false are booleans (YAML 1.1 would read the option id
    ``no``, and yes, on, off, as a boolean, silently changing a pack). Pure Python: the C
    parser (ruamel.yaml.clib, an old libyaml) composes in C, past the limit checks, and
    refuses plain text such as ``{text: Again?}`` that YAML 1.2 allows. One per file:
    ruamel keeps the state of a parse on it."""
    return YAML(typ="safe", pure=True)


# ---------------------------------------------------------------- limits (packs are untrusted)
# Listed in docs/packs.md, "Limits (packs are untrusted input)". The shipped packs use a
# small part of each: about 2,000 YAML nodes, nesting 8 deep, no aliases, 40 questions.

MAX_FILE_BYTES = 1_000_000  # one .yaml file
MAX_PACK_BYTES = 5_000_000  # all the .yaml files of a pack together
MAX_PACK_FILES = 100  # .yaml files in a pack folder
MAX_DEPTH = 40  # YAML nesting (lists and mappings inside each other)
MAX_ALIASES = 100  # YAML aliases (*name) in one file
MAX_NODES = 50_000  # YAML nodes in the whole pack, each alias counted as all it repeats
MAX_QUESTIONS = 500  # questions in all the question sets of a pack
# Numbers are checked by the schema (model.py) and the condition parser (conditions.py),
# from the one list in asbdesk.core.limits.

# Tags a pack may write explicitly; anything else (!!python/..., !!binary, !!set, local
# tags) is refused before it reaches a constructor.
_PLAIN_TAGS = frozenset(
    {"!", *(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))}
)
_LIMIT = "(limit for packs)"

PathKey = tuple[Any, ...]


@dataclass(frozen=True)
class PackIssue:
    file: str
    line: int | None
    item: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


class PackError(Exception):
    """A pack could not be loaded. ``issues`` lists every problem found."""

    def __init__(self, pack: str, issues: Iterable[PackIssue]) -> None:
        self.pack = pack
        self.issues = list(issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"policy pack '{pack}' is not valid ({len(self.issues)} problem(s)):\n{lines}")


@dataclass
class SourceMap:
    """Where each part of the merged pack data came from (file and line), and the YAML
    comments of each file (the shipped packs mark asbdesk's own wording for the public in
    comments: docs/packs.md, "Wording for the public")."""

    files: dict[str, str]  # top-level key -> file name
    lines: dict[str, dict[PathKey, int]]  # file name -> path within the file -> line
    texts: dict[str, str] = field(default_factory=dict)  # file name -> its text (for the comments)
    _comments: dict[str, Comments] = field(default_factory=dict, repr=False)  # read when first asked

    def locate(self, path: PathKey) -> tuple[str, int | None]:
        if not path or path[0] not in self.files:
            return "pack.yaml", None
        file = self.files[path[0]]
        lines = self.lines[file]
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                return file, lines[path[:end]]
        return file, None

    def paths_under(self, path: PathKey) -> list[PathKey]:
        """``path`` and every path written inside it (its keys, list items and their own)."""
        if not path or path[0] not in self.files:
            return []
        lines = self.lines.get(self.files[path[0]], {})
        return [p for p in lines if p[: len(path)] == path]

    def comments_on(self, path: PathKey) -> list[str]:
        """The comments written on the item at ``path``: the one at the end of its own line
        and the block of comment lines directly above it (no blank line between). Only for
        an item inside a top-level key that has a line of its own: a parent's comments are
        not its children's, and those above a top-level key (``codes:``) are the file's."""
        if len(path) < 2 or path[0] not in self.files:
            return []
        file = self.files[path[0]]
        line = self.lines.get(file, {}).get(path)
        if line is None or file not in self.texts:
            return []
        if file not in self._comments:
            self._comments[file] = read_comments(self.texts[file])
        comments = self._comments[file]
        found = [comments.inline[line]] if line in comments.inline else []
        above = line - 1
        while above in comments.full:
            found.insert(0, comments.full[above])
            above -= 1
        return found


@dataclass(frozen=True)
class Comments:
    """The comments of one YAML file by line: whole comment lines, and comments that end a line."""

    full: dict[int, str]
    inline: dict[int, str]


_BLOCK_SCALAR = re.compile(r"(?:^|[:-])\s+[|>][0-9+-]*$")  # a value that is a block scalar ('help: |-')


def _comment_start(line: str) -> int | None:
    """Where the comment ending ``line`` starts (a '#' after a space, outside quotes), or
    None. A quote opens a quoted scalar only where a value starts, after ': ', '- ', '[',
    '{' or ',' (so the apostrophe in "victim's" does not)."""
    if "#" not in line:
        return None
    quote = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote == '"':
            if char == "\\":
                index += 1
            elif char == '"':
                quote = None
        elif quote == "'":
            if char == "'" and line[index + 1 : index + 2] == "'":
                index += 1
            elif char == "'":
                quote = None
        elif char in "\"'":
            before = line[:index].rstrip()
            if not before or before[-1] in ":-[{,":
                quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return index
        index += 1
    return None


def read_comments(text: str) -> Comments:
    """The comments of a YAML file by line number, leaving out the lines of block scalars
    (``help: |`` and the lines under it), where a '#' is part of the wording."""
    full: dict[int, str] = {}
    inline: dict[int, str] = {}
    block_column: int | None = None  # inside a block scalar: lines indented more than this
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_column is not None:
            if not stripped.strip() or indent > block_column:
                continue
            block_column = None
        if stripped.startswith("#"):
            full[number] = stripped[1:].strip()
            continue
        start = _comment_start(line)
        if start is not None:
            inline[number] = line[start + 1 :].strip()
            line = line[:start]
        if _BLOCK_SCALAR.search(line.rstrip()):
            # The block's lines are indented more than the key that holds it ('- help: |').
            block_column = indent + len(re.match(r"(?:-[ ]+)*", stripped).group(0))  # type: ignore[union-attr]
    return Comments(full, inline)


def _short(text: str) -> str:
    text = text.replace("tag:yaml.org,2002:", "!!", 1) if text.startswith("tag:yaml.org,2002:") else text
    return repr(text if len(text) <= 60 else text[:57] + "...")


class _Refused(Exception):
    """A limit broken while composing (``line``, ``message``)."""


class _LimitedComposer(Composer):
    """ruamel's composer, checking each node against the limits BEFORE composing it.

    So the composer's recursion stops at level 41 of 100,000 nested ``[``, and an alias
    bomb stops when the nodes its aliases repeat pass the budget, long before anything is
    expanded (aliases are counted as all they repeat; ruamel itself shares the node).
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.budget = MAX_NODES  # nodes the file may still expand to
        self.nodes = self.aliases = 0
        self.sizes: dict[Any, int] = {}  # anchor -> nodes its node expands to (closed anchors only)
        self.open: list[Any] = []  # anchors (or None) of the lists and mappings being composed

    def compose_document(self) -> Any:
        event = self.parser.peek_event()
        if event.version not in (None, (1, 2)):  # ruamel would read the file as YAML 1.1: yes/no booleans
            version = ".".join(map(str, event.version))
            self.refuse(event, f"'%YAML {version}' is not allowed in packs: packs are YAML 1.2")
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        anchor = event.anchor
        start = self.nodes
        if isinstance(event, AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self.refuse(event, f"more than {MAX_ALIASES} YAML aliases in one file {_LIMIT}")
            if anchor in self.open:
                self.refuse(
                    event,
                    f"YAML alias *{_short(anchor)[1:-1]} refers to a list or mapping it is inside "
                    "(recursive data is not allowed in packs)",
                )
            if anchor not in self.sizes:
                name = _short(anchor)[1:-1]
                self.refuse(
                    event,
                    f"YAML alias *{name} has no anchor &{name} defined before it "
                    "(text that starts with '*' must be put in quotes)",
                )
            self.count(event, self.sizes[anchor])
            return super().compose_node(parent, index)
        if event.tag is not None and event.tag not in _PLAIN_TAGS:
            self.refuse(
                event,
                f"YAML tag {_short(event.tag)} is not allowed in packs "
                "(only plain data: text, numbers, true/false, lists and mappings)",
            )
        if anchor is not None and (anchor in self.sizes or anchor in self.open):
            self.refuse(event, f"YAML anchor &{_short(anchor)[1:-1]} is defined twice in the file")
        self.count(event, 1)
        if not isinstance(event, ScalarEvent):
            if len(self.open) >= MAX_DEPTH:
                self.refuse(event, f"YAML nesting deeper than {MAX_DEPTH} levels {_LIMIT}")
            self.open.append(anchor)
        node = super().compose_node(parent, index)
        if not isinstance(event, ScalarEvent):
            self.open.pop()
        if anchor is not None:
            self.sizes[anchor] = self.nodes - start
        return node

    def count(self, event: Any, size: int) -> None:
        self.nodes += size
        if self.nodes > self.budget:
            self.refuse(
                event, f"more than {MAX_NODES:,} YAML nodes in the pack, counting each alias as all it repeats {_LIMIT}"
            )

    @staticmethod
    def refuse(event: Any, message: str) -> NoReturn:
        raise _Refused(event.start_mark.line + 1, message)


def check_text_problem(value: str) -> str | None:
    """Why a text may not be in a pack, or None: the check every text from outside passes
    (asbdesk.core.call.check_text: a control character, a bidi embedding, override or
    isolate, a lone surrogate; issue 20), as the headless input refuses them."""
    from asbdesk.core.call import InputError, check_text

    try:
        check_text(value, "text", max(len(value), 1))
    except InputError as error:
        return f"this text {error.message}, which a text here may not hold"
    return None


def _syntax_issue(error: YAMLError, file: str, text: str) -> PackIssue:
    """A YAML mistake in words, at the line of the mistake (``yamlerrors.explain``)."""
    line, message = explain(text, error)
    return PackIssue(file, line, "", message)


def _compose(
    text: str, file: str, issues: list[PackIssue], budget: int = MAX_NODES
) -> tuple[Any, dict[PathKey, int], int]:
    """Parse YAML into plain data, recording the line of every mapping entry and list item.

    Returns the data, the lines and the nodes used; the YAML is checked against the
    limits (``_LimitedComposer``) node by node, and nothing is built when it breaks one.
    """
    yaml = _yaml()
    yaml.Composer = _LimitedComposer
    composer = yaml.composer
    composer.budget = budget
    try:
        root = yaml.compose(text)
    except _Refused as refusal:
        line, message = refusal.args
        issues.append(PackIssue(file, line, "", message))
        return None, {}, composer.nodes
    except YAMLError as error:
        issues.append(_syntax_issue(error, file, text))
        return None, {}, composer.nodes
    except AssertionError:  # ruamel asserts on '%YAML 1.3' (a version it does not know)
        issues.append(
            PackIssue(file, version_line(text), "", "this '%YAML' version is not allowed: packs are YAML 1.2")
        )
        return None, {}, composer.nodes
    used = composer.nodes
    lines: dict[PathKey, int] = {}
    constructor = yaml.constructor
    refused = object()  # a scalar that was reported, not read

    def scalar(node: Node, path: PathKey) -> Any:
        line = node.start_mark.line + 1
        if node.tag == "tag:yaml.org,2002:merge":
            issues.append(PackIssue(file, line, _dotted(path), "YAML merge keys ('<<') are not supported in packs"))
            return refused
        try:
            value = constructor.construct_object(node, deep=True)
            if isinstance(value, str):
                unsafe = check_text_problem(value)
                if unsafe:
                    issues.append(PackIssue(file, line, _dotted(path), unsafe))
                    return refused
            return value
        except YAMLError as error:
            problem = getattr(error, "problem", None) or str(error)
            issues.append(PackIssue(file, line, _dotted(path), f"YAML value not allowed in packs: {problem}"))
        except (ValueError, OverflowError) as error:  # e.g. 2024-13-45, or a 5,000-digit number
            message = str(error)
            if "integer string conversion" in message:
                message = "a number with more than 4,300 digits"
            issues.append(PackIssue(file, line, _dotted(path), f"bad value: {message[:100]}"))
        return refused

    def build(node: Node, path: PathKey) -> Any:
        # Recursion is bounded: _LimitedComposer refused nesting deeper than MAX_DEPTH.
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    issues.append(PackIssue(file, key_node.start_mark.line + 1, _dotted(path), "a key must be text"))
                    continue
                key = scalar(key_node, path)
                if key is refused:
                    continue
                if key in out:
                    issues.append(
                        PackIssue(
                            file,
                            key_node.start_mark.line + 1,
                            _dotted(path),
                            f"the key '{key}' is given twice (first on line {lines[(*path, key)]}); keep one",
                        )
                    )
                lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = build(value_node, (*path, key))
            return out
        if isinstance(node, SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        return scalar(node, path)

    if root is None:
        return {}, lines, used
    return build(root, ()), lines, used


# ---------------------------------------------------------------- the compose cache
# Composing a pack's YAML (ruamel, pure Python) is most of what loading a pack costs:
# about 120 ms for a shipped pack, on every ``asbdesk assess`` and every desk start. What a
# file composes to depends only on its text, its name and the code that composes it, so
# a compose that found no problem is kept (``marshal``: the data has int and tuple keys)
# in the user's cache folder and read back when the same text comes again. The key covers
# asbdesk's version, Python's, ruamel's, the source of this module and of
# ``asbdesk.core.call`` (whose check every text passes: an editable install changes code
# without changing the version), the file's name and its text. A cached file that cannot
# be read, or whose checksum does not match, is ignored and written afresh; a compose
# that raised an issue is never kept, so a bad pack is refused by composing it each time.

_CACHE_FORMAT = b"asbdesk pack compose cache 1"
_CACHE_FOLDER = "pack-yaml"
_DIGEST_SIZE = 32  # sha256 of the marshalled value, first in each cached file
_CACHE_ENTRIES = 200  # files kept; past it the oldest go (a pack author's drafts, tests' packs)

# Where the cache is kept: ``None`` asks asbdesk.paths (the user's cache folder, under
# ASBDESK_HOME when it is set) on first use; ``False`` turns the cache off. Tests give a
# folder of their own with :func:`use_compose_cache`.
_cache_setting: Path | bool | None = None


def use_compose_cache(folder: Path | str | bool | None) -> None:
    """Keep composed pack files in ``folder``; ``False``: keep none (compose every time);
    ``None``: the user's cache folder (the default)."""
    global _cache_setting
    _cache_setting = Path(folder) if isinstance(folder, (str, Path)) else folder


def _cache_folder() -> Path | None:
    if _cache_setting is False:
        return None
    if isinstance(_cache_setting, Path):
        return _cache_setting
    from asbdesk import paths  # the one place that knows the user's folders (only asked here)

    return paths.cache_dir() / _CACHE_FOLDER


@functools.cache
def _code_key() -> bytes:
    """What, besides a file's name and text, decides what it composes to."""
    from ruamel.yaml import __version__ as ruamel_version

    from asbdesk import __version__

    digest = hashlib.sha256(_CACHE_FORMAT)
    for part in (__version__, sys.version, ruamel_version):
        digest.update(part.encode() + b"\0")
    here = Path(__file__).resolve()
    for source in (here, here.parent.parent / "call.py"):
        try:
            digest.update(source.read_bytes() + b"\0")
        except OSError:  # no source to read (a frozen build): the version alone says it
            digest.update(b"-\0")
    return digest.digest()


def _cache_path(folder: Path, text: str, file: str) -> Path:
    digest = hashlib.sha256(_code_key())
    digest.update(file.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return folder / f"{digest.hexdigest()}.marshal"


def _cache_read(path: Path) -> tuple[Any, dict[PathKey, int], int] | None:
    """The cached compose in ``path``, or None when there is none or it is not whole."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    stored, payload = raw[:_DIGEST_SIZE], raw[_DIGEST_SIZE:]
    if len(stored) != _DIGEST_SIZE or hashlib.sha256(payload).digest() != stored:
        return None
    try:
        value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    content, lines, used = value
    if not isinstance(lines, dict) or type(used) is not int or used < 0:
        return None
    return content, lines, used


def _cache_write(path: Path, value: tuple[Any, dict[PathKey, int], int]) -> None:
    """Keep ``value`` in ``path``, whole or not at all (a temporary file renamed over it);
    data marshal cannot hold (a YAML date) is not kept. Failing to keep it is not an error."""
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    try:
        from asbdesk.paths import private_dir

        private_dir(path.parent)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")  # 0600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return
    _cache_prune(path.parent)


def _cache_prune(folder: Path) -> None:
    """Keep the newest ``_CACHE_ENTRIES`` files of the cache (asked only after a write)."""
    try:
        entries = [(entry.stat().st_mtime_ns, entry) for entry in folder.glob("*.marshal")]
        if len(entries) <= _CACHE_ENTRIES:
            return
        entries.sort(key=lambda pair: pair[0])
        for _when, entry in entries[: len(entries) - _CACHE_ENTRIES]:
            entry.unlink(missing_ok=True)
    except OSError:  # another process pruning at the same time, or a folder not ours to clear
        pass


def _compose_cached(
    text: str, file: str, issues: list[PackIssue], budget: int = MAX_NODES
) -> tuple[Any, dict[PathKey, int], int]:
    """``_compose``, read from the cache when this text was composed before without a
    problem and fits in the ``budget`` of nodes left (otherwise composed, so that the same
    refusal is given)."""
    try:
        folder = _cache_folder()
    except OSError:  # no cache folder can be made: compose every time
        folder = None
    if folder is None:
        return _compose(text, file, issues, budget)
    path = _cache_path(folder, text, file)
    cached = _cache_read(path)
    if cached is not None and cached[2] <= budget:
        return cached
    before = len(issues)
    result = _compose(text, file, issues, budget)
    if len(issues) == before:
        _cache_write(path, result)
    return result


_PACK_TOO_BIG = f"the pack's .yaml files together are larger than {MAX_PACK_BYTES:,} bytes {_LIMIT}"


def _read_limited(path: Path, room: int) -> tuple[bytes | None, str | None]:
    """The bytes of one pack file, or why it was not read. Never follows a link, never
    reads a device or pipe, never reads more than the limits allow (``room``: the bytes
    the pack may still hold)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, "not a plain file (a pack holds plain .yaml files only)"
        if info.st_size > MAX_FILE_BYTES:
            return None, f"file larger than {MAX_FILE_BYTES:,} bytes {_LIMIT}"
        if info.st_size > room:
            return None, _PACK_TOO_BIG
        raw = handle.read(min(MAX_FILE_BYTES, room) + 1)  # the file may have grown since fstat
    if len(raw) > MAX_FILE_BYTES:
        return None, f"file larger than {MAX_FILE_BYTES:,} bytes {_LIMIT}"
    if len(raw) > room:
        return None, _PACK_TOO_BIG
    return raw, None


def _pack_files(folder: Path, issues: list[PackIssue]) -> list[Path]:
    """The .yaml files of a pack folder; links, and anything leaving the folder, refused
    without reading what they point to."""
    try:
        entries = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError as error:
        issues.append(PackIssue(folder.name, None, "", f"the folder cannot be read ({error.strerror or error})"))
        return []
    if len(entries) > MAX_PACK_FILES:
        issues.append(PackIssue(folder.name, None, "", f"more than {MAX_PACK_FILES} .yaml files {_LIMIT}"))
        return []
    try:
        home = folder.resolve()
    except OSError as error:  # pragma: no cover - a folder that vanished while loading
        issues.append(PackIssue(folder.name, None, "", f"the folder cannot be read ({error.strerror or error})"))
        return []
    files = []
    for path in entries:
        if path.is_symlink():
            issues.append(
                PackIssue(
                    path.name,
                    None,
                    "",
                    "a symbolic link: pack files must be plain files in the pack folder "
                    "(links are refused and not followed)",
                )
            )
            continue
        try:
            mode = path.lstat().st_mode
            inside = path.resolve().parent == home
        except OSError as error:
            issues.append(PackIssue(path.name, None, "", f"cannot be read ({error.strerror or error})"))
            continue
        if stat.S_ISDIR(mode):
            continue  # a folder named like a file is not part of the pack
        if not inside:
            issues.append(PackIssue(path.name, None, "", "leaves the pack folder (refused, not read)"))
            continue
        files.append(path)
    return files


def _count_questions(data: dict[str, Any]) -> int:
    sets = data.get("question_sets")
    if not isinstance(sets, list):
        return 0
    return sum(len(s["questions"]) for s in sets if isinstance(s, dict) and isinstance(s.get("questions"), list))


def read_pack_files(folder: Path) -> tuple[dict[str, Any], SourceMap, list[PackIssue], str]:
    """Read and merge every YAML file of a pack folder; return data, source map, issues, hash."""
    issues: list[PackIssue] = []
    files = _pack_files(folder, issues)
    digest = hashlib.sha256()
    data: dict[str, Any] = {}
    source = SourceMap({}, {})
    if not files and not issues:
        issues.append(PackIssue(folder.name, None, "", "the folder holds no .yaml files"))
    room = MAX_PACK_BYTES
    budget = MAX_NODES
    for path in files:
        raw, refused = _read_limited(path, room)
        if raw is None:
            issues.append(PackIssue(path.name, None, "", refused or "cannot be read"))
            if refused == _PACK_TOO_BIG:
                break  # reading on would only say it again
            continue
        room -= len(raw)
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            issues.append(PackIssue(path.name, None, "", f"not UTF-8 text ({error.reason} at byte {error.start})"))
            continue
        content, lines, used = _compose_cached(text, path.name, issues, budget)
        budget -= used
        source.lines[path.name] = lines
        source.texts[path.name] = text
        if budget < 0:
            break  # reported by _compose; the rest of the pack is not read
        if content in (None, {}):
            continue
        if not isinstance(content, dict):
            issues.append(PackIssue(path.name, 1, "", "a pack file must be a mapping of top-level keys"))
            continue
        for key, value in content.items():
            if key not in TOP_LEVEL_KEYS:
                issues.append(
                    PackIssue(
                        path.name,
                        lines.get((key,)),
                        str(key),
                        f"unknown top-level key{did_you_mean(key, TOP_LEVEL_KEYS, limit=len(TOP_LEVEL_KEYS))}",
                    )
                )
            elif key in source.files:
                issues.append(PackIssue(path.name, lines.get((key,)), key, f"already defined in {source.files[key]}"))
            else:
                source.files[key] = path.name
                data[key] = value
    questions = _count_questions(data)
    if questions > MAX_QUESTIONS:
        file, line = source.locate(("question_sets",))
        issues.append(PackIssue(file, line, "question_sets", f"more than {MAX_QUESTIONS} questions {_LIMIT}"))
    return data, source, issues, digest.hexdigest()


def item_name(path: PathKey, data: Any) -> str:
    """A path such as ('question_sets', 0, 'questions', 3) as 'question_sets[avon].questions[q4]'."""
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict):
                    ident = node.get("id", node.get("code"))
                    if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                        label = str(ident)
            else:
                node = None
            out += f"[{label}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            out += f".{part}" if out else str(part)
    return out


def _dotted(path: PathKey) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


_PYDANTIC_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
}


def _keys_at(model: type[BaseModel], path: PathKey) -> list[str] | None:
    """The keys the mapping at ``path`` may hold, following the schema from ``model``."""
    kind: Any = model
    for part in path:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            kind = field.annotation
        elif get_origin(kind) in (tuple, list):
            kind = get_args(kind)[0]
        elif get_origin(kind) is dict:
            kind = get_args(kind)[1]
        else:
            return None
    kind = _unwrap(kind)
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _unwrap(kind: Any) -> Any:
    """``Matrix | None`` as ``Matrix``, ``Annotated[X, ...]`` as ``X``."""
    while True:
        if get_origin(kind) is Annotated:
            kind = get_args(kind)[0]
        elif get_origin(kind) in (Union, UnionType):
            models = [a for a in get_args(kind) if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(models) != 1:
                return kind
            kind = models[0]
        else:
            return kind


def schema_issues(
    error: ValidationError, data: dict[str, Any], source: SourceMap, model: type[BaseModel] = PackData
) -> list[PackIssue]:
    issues = []
    details = error.errors(include_url=False)
    paths = [tuple(p for p in d["loc"] if not (isinstance(p, str) and "[" in p)) for d in details]
    for detail, path in zip(details, paths, strict=True):
        if any(len(other) > len(path) and other[: len(path)] == path for other in paths):
            continue  # a list "too short" because its item failed: the item's error says it all
        file, line = source.locate(path)
        message = _PYDANTIC_MESSAGES.get(detail["type"], detail["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if detail["type"] == "extra_forbidden" and path:
            keys = _keys_at(model, path[:-1])
            if keys is not None:
                message += did_you_mean(path[-1], keys)
        elif detail["type"] == "literal_error" and isinstance(detail.get("input"), str):
            allowed = re.findall(r"'([^']*)'", str((detail.get("ctx") or {}).get("expected", "")))
            issues.append(PackIssue(file, line, item_name(path, data), unknown("value", detail["input"], allowed)))
            continue
        if detail["type"] not in ("extra_forbidden", "missing") and "input" in detail:
            shown = repr(detail["input"])
            if len(shown) <= 60 and not isinstance(detail["input"], (dict, list)):
                message += f" (found {shown})"
        issues.append(PackIssue(file, line, item_name(path, data), message))
    return issues


def parse_pack_data(data: dict[str, Any], source: SourceMap) -> tuple[PackData | None, list[PackIssue]]:
    try:
        return PackData.model_validate(data), []
    except ValidationError as error:
        return None, schema_issues(error, data, source)
