"""Loading a pack folder: YAML with line numbers, schema, cross-references, hash.

A pack is a folder of ``*.yaml`` files; each file holds some of the top-level
keys of a pack (``pack``, ``codes``, ``question_sets`` ...) and each key lives in
exactly one file. Every problem found is reported with the file, the YAML line,
the item (by its id where it has one) and what is wrong, all at once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from asbdesk.core.packs.model import TOP_LEVEL_KEYS, PackData

try:  # the C loader is much faster where PyYAML was built with libyaml
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read the option id ``no``
    (and yes, on, off) as a boolean, silently changing a pack."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

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


def _compose(text: str, file: str, issues: list[PackIssue]) -> tuple[Any, dict[PathKey, int]]:
    """Parse YAML into plain data, recording the line of every mapping entry and list item."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        issues.append(PackIssue(file, line, "", f"YAML syntax error: {problem}"))
        return None, {}
    lines: dict[PathKey, int] = {}
    constructor = _Loader("")

    def build(node: yaml.Node, path: PathKey) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = constructor.construct_object(key_node, deep=True)
                if isinstance(key, (dict, list)):
                    issues.append(PackIssue(file, key_node.start_mark.line + 1, _dotted(path), "a key must be text"))
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
        return constructor.construct_object(node, deep=True)

    if root is None:
        return {}, lines
    return build(root, ()), lines


def read_pack_files(folder: Path) -> tuple[dict[str, Any], SourceMap, list[PackIssue], str]:
    """Read and merge every YAML file of a pack folder; return data, source map, issues, hash."""
    issues: list[PackIssue] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    digest = hashlib.sha256()
    data: dict[str, Any] = {}
    source = SourceMap({}, {})
    if not files:
        issues.append(PackIssue(folder.name, None, "", "the folder holds no .yaml files"))
    for path in files:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            issues.append(PackIssue(path.name, None, "", f"not UTF-8 text ({error.reason} at byte {error.start})"))
            continue
        content, lines = _compose(text, path.name, issues)
        source.lines[path.name] = lines
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
                issues.append(
                    PackIssue(path.name, lines.get((key,)), key, f"already defined in {source.files[key]}")
                )
            else:
                source.files[key] = path.name
                data[key] = value
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
    for detail, path in zip(details, paths):
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
