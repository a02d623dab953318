"""Loading a pack folder: YAML with line numbers, schema, cross-references, hash.

A pack is a folder of ``*.yaml`` files; each file holds some of the top-level
keys of a pack (``pack``, ``codes``, ``question_sets`` ...) and each key lives in
exactly one file. Every problem found is reported with the file, the YAML line,
the item (by its id where it has one) and what is wrong, all at once.

A pack is untrusted input (issue 13): a pack folder may come from anywhere. The
limits below are checked before and while parsing, so a hostile pack is refused
like any invalid one, in bounded time and memory: files are read only when they
are plain files inside the folder and small enough; the YAML event stream is
checked for nesting, aliases, tags and size BEFORE a node tree is built (the C
composer and our own walk recurse, so depth must be bounded first); numbers are
bounded by the schema (``model.py``) and the condition parser (``conditions.py``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from asbdesk.core.packs.model import TOP_LEVEL_KEYS, PackData

try:  # the C loader is much faster where PyYAML was built with libyaml
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read the option id ``no``
    (and yes, on, off) as a boolean, silently changing a pack."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

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
    """Where each part of the merged pack data came from (file and line)."""

    files: dict[str, str]  # top-level key -> file name
    lines: dict[str, dict[PathKey, int]]  # file name -> path within the file -> line

    def locate(self, path: PathKey) -> tuple[str, int | None]:
        if not path or path[0] not in self.files:
            return "pack.yaml", None
        file = self.files[path[0]]
        lines = self.lines[file]
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                return file, lines[path[:end]]
        return file, None


def _short(text: str) -> str:
    text = text.replace("tag:yaml.org,2002:", "!!", 1) if text.startswith("tag:yaml.org,2002:") else text
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _scan(text: str, file: str, budget: int) -> tuple[PackIssue | None, int]:
    """Check the YAML event stream against the limits before any node tree is built.

    Returns the first limit broken (or None) and the number of nodes the file expands
    to. Iterative, on events: 100,000 nested ``[`` stop at level 41, an alias bomb stops
    when the nodes its aliases repeat pass the budget, long before anything is expanded.
    """
    loader = _Loader(text)
    sizes: dict[Any, int] = {}  # anchor -> nodes its node expands to (closed anchors only)
    stack: list[list[Any]] = []  # open collections: [anchor, nodes so far]
    depth = aliases = nodes = 0

    def problem(event: Any, message: str) -> tuple[PackIssue, int]:
        return PackIssue(file, event.start_mark.line + 1, "", message), nodes

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                tag = event.tag
                if tag is not None and tag not in _PLAIN_TAGS:
                    return problem(
                        event,
                        f"YAML tag {_short(tag)} is not allowed in packs "
                        "(only plain data: text, numbers, true/false, lists and mappings)",
                    )
                size = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    return problem(event, f"more than {MAX_ALIASES} YAML aliases in one file {_LIMIT}")
                if any(frame[0] == event.anchor for frame in stack):
                    return problem(
                        event,
                        f"YAML alias *{_short(event.anchor or '')[1:-1]} refers to a list or mapping it is inside "
                        "(recursive data is not allowed in packs)",
                    )
                if event.anchor not in sizes:
                    return problem(
                        event, f"YAML alias *{_short(event.anchor or '')[1:-1]} has no anchor defined before it"
                    )
                size = sizes[event.anchor]
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size = stack.pop()
                depth -= 1
                if anchor is not None:
                    sizes[anchor] = size
                if stack:
                    stack[-1][1] += size
                continue
            else:  # stream and document start/end
                continue
            nodes += size
            if nodes > budget:
                return problem(
                    event,
                    f"more than {MAX_NODES:,} YAML nodes in the pack, counting each alias as all it repeats {_LIMIT}",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return problem(event, f"YAML nesting deeper than {MAX_DEPTH} levels {_LIMIT}")
                stack.append([event.anchor, 1])
                continue
            if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                sizes[event.anchor] = 1
            if stack:
                stack[-1][1] += size
    except yaml.YAMLError as error:
        return _syntax_issue(error, file), nodes
    finally:
        loader.dispose()
    return None, nodes


def _syntax_issue(error: yaml.YAMLError, file: str) -> PackIssue:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    if "maximum nesting depth" in problem:  # libyaml's own limit (1,000), met while scanning ahead
        return PackIssue(file, line, "", f"YAML nesting deeper than {MAX_DEPTH} levels {_LIMIT}")
    return PackIssue(file, line, "", f"YAML syntax error: {problem}")


def _compose(
    text: str, file: str, issues: list[PackIssue], budget: int = MAX_NODES
) -> tuple[Any, dict[PathKey, int], int]:
    """Parse YAML into plain data, recording the line of every mapping entry and list item.

    Returns the data, the lines and the nodes used; the YAML is checked against the
    limits (``_scan``) first, and nothing is composed when it breaks one.
    """
    problem, used = _scan(text, file, budget)
    if problem is not None:
        issues.append(problem)
        return None, {}, used
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        issues.append(_syntax_issue(error, file))
        return None, {}, used
    lines: dict[PathKey, int] = {}
    constructor = _Loader("")
    refused = object()  # a scalar that was reported, not read

    def scalar(node: yaml.Node, path: PathKey) -> Any:
        line = node.start_mark.line + 1
        if node.tag == "tag:yaml.org,2002:merge":
            issues.append(PackIssue(file, line, _dotted(path), "YAML merge keys ('<<') are not supported in packs"))
            return refused
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            problem = getattr(error, "problem", None) or str(error)
            issues.append(PackIssue(file, line, _dotted(path), f"YAML value not allowed in packs: {problem}"))
        except (ValueError, OverflowError) as error:  # e.g. 2024-13-45, or a 5,000-digit number
            message = str(error)
            if "integer string conversion" in message:
                message = "a number with more than 4,300 digits"
            issues.append(PackIssue(file, line, _dotted(path), f"bad value: {message[:100]}"))
        return refused

    def build(node: yaml.Node, path: PathKey) -> Any:
        # Recursion is bounded: _scan refused nesting deeper than MAX_DEPTH.
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    issues.append(PackIssue(file, key_node.start_mark.line + 1, _dotted(path), "a key must be text"))
                    continue
                key = scalar(key_node, path)
                if key is refused:
                    continue
                if key in out:
                    issues.append(
                        PackIssue(file, key_node.start_mark.line + 1, _dotted(path), f"duplicate key '{key}'")
                    )
                lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        return scalar(node, path)

    if root is None:
        return {}, lines, used
    return build(root, ()), lines, used


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
        content, lines, used = _compose(text, path.name, issues, budget)
        budget -= used
        source.lines[path.name] = lines
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
                        f"unknown top-level key (allowed: {', '.join(TOP_LEVEL_KEYS)})",
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


def schema_issues(error: ValidationError, data: dict[str, Any], source: SourceMap) -> list[PackIssue]:
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
