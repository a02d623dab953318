"""What changed between two versions of a pack, in words a policy owner reads
(``asbdesk packs diff A B``; issue 19, "Comparing and signing off").

``diff_packs(old, new)`` compares two loaded packs item by item, the national layer as each
pack expands it (its prompts, questions and emergency grade), and returns a list of
:class:`Change`, in the order a policy owner reads a pack: the pack itself, codes,
questions set by set, the risk matrix and its thresholds, the decision table, levels,
level rules, repeat rules, vulnerability rules, the national rules, grades, RAG,
responses, referrals, prompts and the wording for the public. Each change says what
changed with the words before and after, and where the item is written in each pack
(file:line) when the pack was loaded from a folder.

Items are matched by id; a renamed id is a removal and an addition, and the two are said
to be a rename when the item is otherwise the same. Conditions are shown as they are
written in the pack (``{answer: q5, equals: true}``). Lists with no ids (grade rules, RAG
rules, a plan's lines, lines of help) are matched line by line.

Pure Python: no Qt, no database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from asbdesk.core.conditions import Condition
from asbdesk.core.packs.loader import PathKey

if TYPE_CHECKING:
    from asbdesk.core.packs import Pack
    from asbdesk.core.packs.model import Grade, Option, PublicWelsh, Question

T = TypeVar("T")

# The kinds of item, in the order a policy owner reads a pack, with the heading each is under.
SECTIONS: dict[str, str] = {
    "pack": "The pack",
    "code": "Codes",
    "question set": "Questions",
    "question": "Questions",
    "option": "Questions",
    "matrix": "Risk matrix",
    "threshold": "Risk matrix",
    "decision table": "Decision table",
    "level": "Risk levels",
    "level rule": "Level rules",
    "repeat rule": "Repeat rules",
    "vulnerability rule": "Vulnerability rules",
    "national": "National rules",
    "grade": "Grades",
    "grade rule": "Grades",
    "rag": "Red, amber, green",
    "response": "Responses",
    "referral": "Referrals",
    "prompt": "Prompts",
    "public": "Wording for the public",
}
KINDS = tuple(SECTIONS)
ARROW = "→"


@dataclass(frozen=True)
class Change:
    """One difference: the ``kind`` of item (a key of SECTIONS), its ``item`` id, ``what``
    changed ("added", "removed", "reworded", "score", "condition", ...), the words
    ``before`` and ``after`` (None for an added or removed item), the whole sentence in
    ``words``, and where the item is written in the old and the new pack ("file:line")."""

    kind: str
    item: str
    what: str
    before: str | None
    after: str | None
    words: str
    old_at: str | None = None
    new_at: str | None = None

    def __str__(self) -> str:
        return self.words

    @property
    def section(self) -> str:
        return SECTIONS[self.kind]

    def where(self) -> str:
        """'questions.yaml:57', or 'questions.yaml:57 → questions.yaml:59' when it moved."""
        if self.old_at and self.new_at and self.old_at != self.new_at:
            return f"{self.old_at} {ARROW} {self.new_at}"
        return self.new_at or self.old_at or ""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "section": self.section}


# --------------------------------------------------------------------------- words


def quoted(text: str | None) -> str:
    """A pack's words in quotes, each line kept apart by ' / '."""
    if text is None:
        return "none"
    return '"' + " / ".join(line.strip() for line in text.strip().splitlines()) + '"'


def _bare(words: str | None) -> str | None:
    """A pack's words without the quotes put round them for the sentence ('"Often"' -> 'Often')."""
    if words is not None and len(words) >= 2 and words[0] == words[-1] == '"':
        return words[1:-1]
    return words


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


def _flow(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value if _PLAIN.match(value) and value.lower() not in _YAML_WORDS else json.dumps(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return json.dumps(str(value))


def written(condition: Condition | bool | None) -> str:
    """A condition as a pack writes it, e.g. ``{answer: q5, equals: true}``."""
    if condition is None:
        return "none"
    if isinstance(condition, bool):
        return "true" if condition else "false"
    return _flow(condition.to_data())


def _score(option: Option) -> str:
    return "none" if option.score is None else str(option.score)


def _option_words(option: Option) -> str:
    return f"{quoted(option.label)}" + ("" if option.score is None else f" (score {option.score})")


def _mandatory(question: Question) -> str:
    if isinstance(question.mandatory, Condition):
        return f"when {written(question.mandatory)}"
    return "yes" if question.mandatory else "no"


def _shown(question: Question) -> str:
    return "always" if question.show_if is None else f"when {written(question.show_if)}"


def _ids(items: Iterable[str]) -> str:
    shown = ", ".join(items)
    return shown or "none"


def _count(questions: Sequence[Any]) -> str:
    return f"{len(questions)} question{'s' if len(questions) != 1 else ''}"


def _upper(value: int | None) -> str:
    return "no upper limit" if value is None else str(value)


def _attendance(value: bool | None) -> str:
    return "not said" if value is None else ("police attend" if value else "no police attendance")


# --------------------------------------------------------------------------- matching


# Lists longer than this are matched position by position: a pack is untrusted input, and
# matching two long lists line by line takes time that grows with the square of their length.
MAX_MATCHED = 2_000


def _opcodes(old: Sequence[Any], new: Sequence[Any]) -> Sequence[tuple[str, int, int, int, int]]:
    """How ``old`` becomes ``new`` (difflib's opcodes); position by position for long lists."""
    if len(old) <= MAX_MATCHED and len(new) <= MAX_MATCHED:
        return SequenceMatcher(a=list(old), b=list(new), autojunk=False).get_opcodes()
    if list(old) == list(new):
        return [("equal", 0, len(old), 0, len(new))]
    return [("replace", 0, len(old), 0, len(new))]


def _merged(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """Ids of both, in the new order, each removed one where it stood in the old."""
    kept = set(new)
    out: dict[str, None] = {}
    for op, i1, i2, j1, j2 in _opcodes(old, new):
        if op != "equal":
            out.update(dict.fromkeys(i for i in old[i1:i2] if i not in kept))
        out.update(dict.fromkeys(new[j1:j2]))
    return list(out)


def _renames(
    old: Mapping[str, T], new: Mapping[str, T], signature: Callable[[T], Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """Removed ids paired with added ones whose item is otherwise the same (one to one)."""
    removed: dict[str, list[str]] = {}
    for key in old:
        if key not in new:
            removed.setdefault(repr(signature(old[key])), []).append(key)
    added: dict[str, list[str]] = {}
    for key in new:
        if key not in old:
            added.setdefault(repr(signature(new[key])), []).append(key)
    forward = {
        keys[0]: added[sig][0] for sig, keys in removed.items() if len(keys) == 1 and len(added.get(sig, ())) == 1
    }
    return forward, {a: r for r, a in forward.items()}


def _lines(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
    """Two lists of lines matched up: ('reworded', a, b), ('added', None, b), ('removed', a, None)."""
    out: list[tuple[str, str | None, str | None]] = []
    for op, i1, i2, j1, j2 in _opcodes(old, new):
        if op == "equal":
            continue
        a, b = list(old[i1:i2]), list(new[j1:j2])
        paired = min(len(a), len(b)) if op == "replace" else 0
        out += [("reworded", x, y) for x, y in zip(a[:paired], b[:paired], strict=True)]
        out += [("removed", x, None) for x in a[paired:]]
        out += [("added", None, y) for y in b[paired:]]
    return out


# --------------------------------------------------------------------------- the differ


class _Differ:
    def __init__(self, old: Pack, new: Pack) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []

    @staticmethod
    def _at(pack: Pack, path: PathKey | None) -> str | None:
        if not path or path[0] not in pack.source_map.files:
            return None
        file, line = pack.source_map.locate(path)
        return f"{file}:{line}" if line else file

    def add(
        self,
        kind: str,
        item: str,
        what: str,
        before: str | None,
        after: str | None,
        words: str,
        old_path: PathKey | None = None,
        new_path: PathKey | None = None,
    ) -> None:
        self.changes.append(
            Change(
                kind,
                item,
                what,
                _bare(before),
                _bare(after),
                words,
                self._at(self.old, old_path),
                self._at(self.new, new_path),
            )
        )

    def field(
        self,
        kind: str,
        item: str,
        name: str,
        what: str,
        before: str,
        after: str,
        paths: tuple[PathKey | None, PathKey | None],
        key: str | None = None,
        sep: str = ": ",
    ) -> None:
        """A field that changed: '<name> <what>: <before> → <after>' (nothing when equal);
        ``sep`` ' ' for 'Risk matrix: medium threshold 12 → 13'."""
        if before == after:
            return
        old_path, new_path = (None if p is None else (*p, key) if key else p for p in paths)
        words = f"{name} {what}{sep}{before} {ARROW} {after}"
        self.add(kind, item, what, before, after, words, old_path, new_path)

    def lines(
        self,
        kind: str,
        item: str,
        name: str,
        noun: str,
        old: Sequence[str],
        new: Sequence[str],
        paths: tuple[PathKey | None, PathKey | None],
        key: str,
    ) -> None:
        """A list of lines (a plan's text, lines of help), line by line."""
        old_path, new_path = (None if p is None else (*p, key) for p in paths)
        for what, before, after in _lines(old, new):
            if what == "reworded":
                words = f"{name} {noun} reworded: {quoted(before)} {ARROW} {quoted(after)}"
            elif what == "added":
                words = f"{name} {noun} added: {quoted(after)}"
            else:
                words = f"{name} {noun} removed: {quoted(before)}"
            self.add(kind, item, f"{noun} {what}", before, after, words, old_path, new_path)

    def keyed(
        self,
        kind: str,
        noun: str,
        old: Mapping[str, T],
        new: Mapping[str, T],
        *,
        path: Callable[[Pack, str], PathKey | None],
        describe: Callable[[T], str],
        signature: Callable[[T], Any],
        compare: Callable[[str, T, T], None],
        item: Callable[[str], str] = str,
    ) -> None:
        """Items matched by id: each changed one compared, each removed or added one said,
        a rename (removed and added, otherwise the same) said as such. ``item`` makes the
        id said ('q4/often' for the option 'often' of q4)."""
        renamed_to, renamed_from = _renames(old, new, signature)
        for key in _merged(list(old), list(new)):
            name = f"{noun} {item(key)}"
            if key in old and key in new:
                compare(key, old[key], new[key])
            elif key in old:
                extra = f" (renamed: the same is added as {item(renamed_to[key])})" if key in renamed_to else ""
                self.add(
                    kind,
                    item(key),
                    "removed",
                    describe(old[key]),
                    None,
                    f"{name} removed: {describe(old[key])}{extra}",
                    path(self.old, key),
                )
            else:
                extra = f" (renamed from {item(renamed_from[key])})" if key in renamed_from else ""
                self.add(
                    kind,
                    item(key),
                    "added",
                    None,
                    describe(new[key]),
                    f"{name} added: {describe(new[key])}{extra}",
                    None,
                    path(self.new, key),
                )

    def reordered(
        self, kind: str, item: str, name: str, old: Sequence[str], new: Sequence[str], paths: tuple[Any, Any]
    ) -> None:
        common_old = [i for i in old if i in new]
        common_new = [i for i in new if i in old]
        if common_old != common_new:
            self.add(
                kind,
                item,
                "order",
                _ids(common_old),
                _ids(common_new),
                f"{name} in a new order: {_ids(common_old)} {ARROW} {_ids(common_new)}",
                *paths,
            )

    def rules(
        self,
        kind: str,
        noun: str,
        old: Sequence[T],
        new: Sequence[T],
        *,
        path: Callable[[int], PathKey],
        describe: Callable[[T], str],
        key: Callable[[T], Any],
        fields: Callable[[T], dict[str, str]],
    ) -> None:
        """Rules with no id (grade rules, RAG rules), matched in order."""
        old_keys, new_keys = [key(r) for r in old], [key(r) for r in new]
        for op, i1, i2, j1, j2 in _opcodes(old_keys, new_keys):
            if op == "equal":
                continue
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for n in range(paired):
                a, b = old[i1 + n], new[j1 + n]
                name = f"{noun} {j1 + n + 1}"
                before, after = fields(a), fields(b)
                for field_name in after:
                    self.field(
                        kind,
                        str(j1 + n + 1),
                        name,
                        field_name,
                        before[field_name],
                        after[field_name],
                        (path(i1 + n), path(j1 + n)),
                    )
            for n in range(i1 + paired, i2):
                self.add(
                    kind,
                    str(n + 1),
                    "removed",
                    describe(old[n]),
                    None,
                    f"{noun} {n + 1} removed: {describe(old[n])}",
                    path(n),
                )
            for n in range(j1 + paired, j2):
                self.add(
                    kind,
                    str(n + 1),
                    "added",
                    None,
                    describe(new[n]),
                    f"{noun} {n + 1} added: {describe(new[n])}",
                    None,
                    path(n),
                )


# --------------------------------------------------------------------------- the parts


def _pack_part(d: _Differ) -> None:
    old, new = d.old.data.pack, d.new.data.pack
    paths: tuple[PathKey, PathKey] = (("pack",), ("pack",))
    d.field("pack", old.id, "Pack", "id", old.id, new.id, paths, "id")
    d.field("pack", new.id, "Pack", "name", quoted(old.name), quoted(new.name), paths, "name")
    d.field("pack", new.id, "Pack", "version", old.version, new.version, paths, "version")
    d.field("pack", new.id, "Pack", "source", quoted(old.source), quoted(new.source), paths, "source")
    d.field(
        "pack", new.id, "Pack", "description", quoted(old.description), quoted(new.description), paths, "description"
    )
    close_old, close_new = old.close, new.close
    for name, attr in (
        ("closing question set", "question_set"),
        ("contact preference question", "contact_preference"),
        ("consent question", "consent"),
    ):
        before = getattr(close_old, attr, None) or "none"
        after = getattr(close_new, attr, None) or "none"
        d.field("pack", new.id, "Pack", name, before, after, (("pack", "close"), ("pack", "close")), attr)
    reasons_old = [f"{r.id} {quoted(r.label)}" for r in old.decline_reasons]
    reasons_new = [f"{r.id} {quoted(r.label)}" for r in new.decline_reasons]
    d.field(
        "pack",
        new.id,
        "Pack",
        "reasons a question may be left unasked",
        _ids(reasons_old),
        _ids(reasons_new),
        paths,
        "decline_reasons",
    )
    d.field(
        "pack",
        new.id,
        "Pack",
        "THRIVE rationale (checked in a dip sample)",
        f"asked: {quoted(old.thrive.source)}" if old.thrive else "not asked",
        f"asked: {quoted(new.thrive.source)}" if new.thrive else "not asked",
        paths,
        "thrive",
    )


_INDEXES: WeakKeyDictionary[Pack, dict[tuple[str, str], dict[str, int]]] = WeakKeyDictionary()


def _index(pack: Pack, key: str, attr: str = "id") -> dict[str, int]:
    """Where each item of the list ``key`` is, by its ``attr`` (made once per pack: a pack
    does not change once built)."""
    indexes = _INDEXES.setdefault(pack, {})
    if (key, attr) not in indexes:
        indexes[(key, attr)] = {getattr(item, attr): i for i, item in enumerate(getattr(pack.data, key))}
    return indexes[(key, attr)]


def _codes_part(d: _Differ) -> None:
    old = {c.code: c for c in d.old.data.codes}
    new = {c.code: c for c in d.new.data.codes}

    def path(pack: Pack, code: str) -> PathKey | None:
        i = _index(pack, "codes", "code").get(code)
        return None if i is None else ("codes", i)

    def describe(c: Any) -> str:
        offence = f", offence {c.offence.replace('_', ' ')}" if c.offence else ""
        return f"{quoted(c.label)} ({c.category}{offence}) {ARROW} {_ids(c.question_sets)}"

    def compare(code: str, a: Any, b: Any) -> None:
        paths = (path(d.old, code), path(d.new, code))
        name = f"Code {code}"
        d.field("code", code, name, "relabelled", quoted(a.label), quoted(b.label), paths, "label")
        d.field("code", code, name, "category", a.category, b.category, paths, "category")
        d.field(
            "code", code, name, "question sets", _ids(a.question_sets), _ids(b.question_sets), paths, "question_sets"
        )
        d.field("code", code, name, "offence", a.offence or "none", b.offence or "none", paths, "offence")
        d.field("code", code, name, "source", quoted(a.source), quoted(b.source), paths, "source")

    d.keyed(
        "code",
        "Code",
        old,
        new,
        path=path,
        describe=describe,
        signature=lambda c: (c.label, c.category, c.question_sets, c.offence),
        compare=compare,
    )
    d.reordered("code", "codes", "Codes", list(old), list(new), (("codes",), ("codes",)))


_QUESTION_PLACES: WeakKeyDictionary[Pack, dict[str, tuple[int, int]]] = WeakKeyDictionary()


def _question_path(pack: Pack, question_id: str) -> PathKey | None:
    if pack not in _QUESTION_PLACES:
        _QUESTION_PLACES[pack] = {
            q.id: (si, qi) for si, qset in enumerate(pack.data.question_sets) for qi, q in enumerate(qset.questions)
        }
    place = _QUESTION_PLACES[pack].get(question_id)
    return None if place is None else ("question_sets", place[0], "questions", place[1])


def _set_of(pack: Pack) -> dict[str, str]:
    return {q.id: s.id for s in pack.question_sets.values() for q in s.questions}


def _question_part(d: _Differ) -> None:
    old_sets, new_sets = d.old.question_sets, d.new.question_sets
    old_set_of, new_set_of = _set_of(d.old), _set_of(d.new)

    def set_path(pack: Pack, set_id: str) -> PathKey | None:
        i = _index(pack, "question_sets").get(set_id)
        return None if i is None else ("question_sets", i)

    renamed_to, renamed_from = _renames(d.old.questions, d.new.questions, _question_signature)
    for set_id in _merged(list(old_sets), list(new_sets)):
        a, b = old_sets.get(set_id), new_sets.get(set_id)
        paths = (set_path(d.old, set_id), set_path(d.new, set_id))
        name = f"Question set {set_id}"
        if a is None and b is not None:
            d.add(
                "question set",
                set_id,
                "added",
                None,
                quoted(b.title),
                f"{name} added: {quoted(b.title)} ({_count(b.questions)}: {_ids(q.id for q in b.questions)})",
                None,
                paths[1],
            )
        elif b is None and a is not None:
            d.add(
                "question set",
                set_id,
                "removed",
                quoted(a.title),
                None,
                f"{name} removed: {quoted(a.title)} ({_count(a.questions)}: {_ids(q.id for q in a.questions)})",
                paths[0],
            )
        elif a is not None and b is not None:
            d.field("question set", set_id, name, "title", quoted(a.title), quoted(b.title), paths, "title")
            d.field("question set", set_id, name, "source", quoted(a.source), quoted(b.source), paths, "source")
        old_ids = [q.id for q in a.questions] if a else []
        new_ids = [q.id for q in b.questions] if b else []
        if a is not None and b is not None:
            d.reordered("question set", set_id, f"{name}: questions", old_ids, new_ids, paths)
        for qid in _merged(old_ids, new_ids):
            in_old, in_new = qid in d.old.questions, qid in d.new.questions
            if in_old and in_new:
                if new_set_of[qid] != set_id:
                    continue  # moved out of this set: said under the set it is in now
                _question(d, qid, old_set_of[qid], set_id)
            elif in_old:
                if old_set_of[qid] != set_id:
                    continue
                q = d.old.questions[qid]
                extra = f" (renamed: the same question is added as {renamed_to[qid]})" if qid in renamed_to else ""
                d.add(
                    "question",
                    qid,
                    "removed",
                    quoted(q.text),
                    None,
                    f"Question {qid} (set {set_id}) removed: {quoted(q.text)}{extra}",
                    _question_path(d.old, qid),
                )
            else:
                q = d.new.questions[qid]
                extra = f" (renamed from {renamed_from[qid]})" if qid in renamed_from else ""
                d.add(
                    "question",
                    qid,
                    "added",
                    None,
                    quoted(q.text),
                    f"Question {qid} (set {set_id}) added: {_question_summary(q)}{extra}",
                    None,
                    _question_path(d.new, qid),
                )


def _question_signature(q: Question) -> Any:
    return q.model_dump(exclude={"id"}, mode="json")


def _question_summary(q: Question) -> str:
    parts = [q.type.replace("_", "/")]
    if q.mandatory:
        parts.append("mandatory" if q.mandatory is True else f"mandatory {_mandatory(q)}")
    if q.show_if is not None:
        parts.append(f"shown {_shown(q)}")
    text = f"{quoted(q.text)} ({', '.join(parts)})"
    if q.options and not _implied(q):
        text += "; options: " + ", ".join(f"{o.id} {_option_words(o)}" for o in q.options)
    return text


def _question(d: _Differ, qid: str, old_set: str, new_set: str) -> None:
    a, b = d.old.questions[qid], d.new.questions[qid]
    paths = (_question_path(d.old, qid), _question_path(d.new, qid))
    name = f"Question {qid} (set {new_set})"
    if old_set != new_set:
        d.add("question", qid, "moved", old_set, new_set, f"{name} moved from set {old_set} to set {new_set}", *paths)
    if a.text != b.text:
        d.add(
            "question",
            qid,
            "reworded",
            a.text,
            b.text,
            f"{name} reworded: {quoted(a.text)} {ARROW} {quoted(b.text)}",
            *((None if p is None else (*p, "text")) for p in paths),
        )
    d.field(
        "question",
        qid,
        name,
        "wording in person",
        quoted(a.text_in_person),
        quoted(b.text_in_person),
        paths,
        "text_in_person",
    )
    if (a.help is None) != (b.help is None):
        d.field("question", qid, name, "help", quoted(a.help), quoted(b.help), paths, "help")
    elif a.help != b.help and a.help is not None and b.help is not None:
        d.lines("question", qid, name, "help line", a.help.splitlines(), b.help.splitlines(), paths, "help")
    d.field("question", qid, name, "type", a.type.replace("_", "/"), b.type.replace("_", "/"), paths, "type")
    d.field("question", qid, name, "mandatory", _mandatory(a), _mandatory(b), paths, "mandatory")
    d.field("question", qid, name, "condition", f"shown {_shown(a)}", f"shown {_shown(b)}", paths, "show_if")
    d.field("question", qid, name, "asked of", _audience(a), _audience(b), paths, "audience")
    d.field("question", qid, name, "source", quoted(a.source), quoted(b.source), paths, "source")
    _options(d, qid, a, b, paths)


def _implied(q: Question) -> bool:
    """A yes/no question whose options are the plain Yes and No a pack need not write."""
    return q.type == "yes_no" and all(o.score is None and o.label == o.id.capitalize() for o in q.options)


def _audience(q: Question) -> str:
    return "the operator's judgement" if q.audience == "operator" else "the caller"


def _options(d: _Differ, qid: str, a: Question, b: Question, paths: tuple[PathKey | None, PathKey | None]) -> None:
    # A yes/no question's options are implied; when the type changes to or from yes/no, the
    # change of type says it all unless the pack wrote them out (to score or relabel them).
    both_yes_no = a.type == b.type == "yes_no"
    old = {o.id: o for o in a.options if both_yes_no or not _implied(a)}
    new = {o.id: o for o in b.options if both_yes_no or not _implied(b)}

    def path(pack: Pack, option_id: str) -> PathKey | None:
        base = paths[0] if pack is d.old else paths[1]
        options = (a if pack is d.old else b).options
        index = next((i for i, o in enumerate(options) if o.id == option_id), None)
        return None if base is None or index is None else (*base, "options", index)

    def compare(option_id: str, x: Option, y: Option) -> None:
        item = f"{qid}/{option_id}"
        option_paths = (path(d.old, option_id), path(d.new, option_id))
        d.field("option", item, f"Option {item}", "relabelled", quoted(x.label), quoted(y.label), option_paths, "label")
        d.field("option", item, f"Option {item}", "score", _score(x), _score(y), option_paths, "score", sep=" ")

    d.keyed(
        "option",
        "Option",
        old,
        new,
        path=path,
        describe=_option_words,
        signature=lambda o: (o.label, o.score),
        compare=compare,
        item=lambda option_id: f"{qid}/{option_id}",
    )
    d.reordered("option", qid, f"Question {qid}: options", list(old), list(new), paths)


def _matrix_part(d: _Differ) -> None:
    a, b = d.old.data.matrix, d.new.data.matrix
    paths: tuple[PathKey, PathKey] = (("matrix",), ("matrix",))
    if a is None and b is None:
        return
    if a is None or b is None:
        present = b if a is None else a
        assert present is not None
        what = "added" if a is None else "removed"
        d.add(
            "matrix",
            "matrix",
            what,
            None if a is None else quoted(a.title),
            None if b is None else quoted(b.title),
            f"Risk matrix {what}: {quoted(present.title)}",
            *paths,
        )
        return
    d.field("matrix", "matrix", "Risk matrix", "title", quoted(a.title), quoted(b.title), paths, "title")
    d.field("matrix", "matrix", "Risk matrix", "source", quoted(a.source), quoted(b.source), paths, "source")

    def section_path(pack: Pack, section_id: str) -> PathKey | None:
        matrix = pack.data.matrix
        index = next((i for i, s in enumerate(matrix.sections) if s.id == section_id), None) if matrix else None
        return None if index is None else ("matrix", "sections", index)

    def compare_section(section_id: str, x: Any, y: Any) -> None:
        name = f"Risk matrix section {section_id}"
        section_paths = (section_path(d.old, section_id), section_path(d.new, section_id))
        d.field("matrix", section_id, name, "label", quoted(x.label), quoted(y.label), section_paths, "label")
        d.field(
            "matrix", section_id, name, "questions", _ids(x.questions), _ids(y.questions), section_paths, "questions"
        )

    d.keyed(
        "matrix",
        "Risk matrix section",
        {s.id: s for s in a.sections},
        {s.id: s for s in b.sections},
        path=section_path,
        describe=lambda s: f"{quoted(s.label)} ({_ids(s.questions)})",
        signature=lambda s: (s.label, s.questions),
        compare=compare_section,
    )

    def threshold_path(pack: Pack, level: str) -> PathKey | None:
        matrix = pack.data.matrix
        index = next((i for i, t in enumerate(matrix.thresholds) if t.level == level), None) if matrix else None
        return None if index is None else ("matrix", "thresholds", index)

    def compare_threshold(level: str, x: Any, y: Any) -> None:
        threshold_paths = (threshold_path(d.old, level), threshold_path(d.new, level))
        name = "Risk matrix:"
        d.field("threshold", level, name, f"{level} threshold", str(x.min), str(y.min), threshold_paths, "min", sep=" ")
        d.field(
            "threshold",
            level,
            name,
            f"{level} upper limit",
            _upper(x.max),
            _upper(y.max),
            threshold_paths,
            "max",
            sep=" ",
        )

    d.keyed(
        "threshold",
        "Risk matrix: threshold for",
        {t.level: t for t in a.thresholds},
        {t.level: t for t in b.thresholds},
        path=threshold_path,
        describe=lambda t: f"scores {t.min} to {_upper(t.max)}",
        signature=lambda t: (t.min, t.max),
        compare=compare_threshold,
    )


def _decision_part(d: _Differ) -> None:
    a, b = d.old.data.decision_table, d.new.data.decision_table
    paths: tuple[PathKey, PathKey] = (("decision_table",), ("decision_table",))
    if a is None and b is None:
        return
    if a is None or b is None:
        present = b if a is None else a
        assert present is not None
        what = "added" if a is None else "removed"
        d.add(
            "decision table",
            "decision_table",
            what,
            None if a is None else quoted(a.title),
            None if b is None else quoted(b.title),
            f"Decision table {what}: {quoted(present.title)} ({present.rows} × {present.columns})",
            *paths,
        )
        return
    name = "Decision table"
    d.field("decision table", "decision_table", name, "title", quoted(a.title), quoted(b.title), paths, "title")
    d.field("decision table", "decision_table", name, "source", quoted(a.source), quoted(b.source), paths, "source")
    d.field("decision table", "decision_table", name, "rows", a.rows, b.rows, paths, "rows")
    d.field("decision table", "decision_table", name, "columns", a.columns, b.columns, paths, "columns")
    rows = _merged(list(a.cells), list(b.cells))
    for row in rows:
        columns = _merged(list(a.cells.get(row, {})), list(b.cells.get(row, {})))
        for column in columns:
            before = a.cells.get(row, {}).get(column)
            after = b.cells.get(row, {}).get(column)
            if before == after:
                continue
            cell = f"{b.rows} {row} × {b.columns} {column}"
            cell_paths = (
                ("decision_table", "cells", row, column) if before else None,
                ("decision_table", "cells", row, column) if after else None,
            )
            if before is None:
                words, what = f"{name}: {cell} added: {after}", "added"
            elif after is None:
                words, what = f"{name}: {cell} removed (was {before})", "removed"
            else:
                words, what = f"{name}: {cell}: {before} {ARROW} {after}", "level"
            d.add("decision table", f"{row} × {column}", what, before, after, words, *cell_paths)


def _levels_part(d: _Differ) -> None:
    old = {level.id: level for level in d.old.data.levels}
    new = {level.id: level for level in d.new.data.levels}

    def path(pack: Pack, level_id: str) -> PathKey | None:
        i = _index(pack, "levels").get(level_id)
        return None if i is None else ("levels", i)

    def compare(level_id: str, x: Any, y: Any) -> None:
        level_paths = (path(d.old, level_id), path(d.new, level_id))
        d.field(
            "level",
            level_id,
            f"Risk level {level_id}",
            "relabelled",
            quoted(x.label),
            quoted(y.label),
            level_paths,
            "label",
        )

    d.keyed(
        "level",
        "Risk level",
        old,
        new,
        path=path,
        describe=lambda level: quoted(level.label),
        signature=lambda level: level.label,
        compare=compare,
    )
    d.reordered("level", "levels", "Risk levels (lowest first)", list(old), list(new), (("levels",), ("levels",)))


def _rule_part(
    d: _Differ,
    kind: str,
    noun: str,
    key: str,
    fields: Callable[[Any], dict[str, tuple[str, str]]],
    describe: Callable[[Any], str],
) -> None:
    """Rules with ids (level, repeat, vulnerability rules; prompts; referrals): each field
    compared by its words; ``fields`` gives {name: (words, yaml key)}."""
    old = {r.id: r for r in getattr(d.old.data, key)}
    new = {r.id: r for r in getattr(d.new.data, key)}

    def path(pack: Pack, rule_id: str) -> PathKey | None:
        i = _index(pack, key).get(rule_id)
        return None if i is None else (key, i)

    def compare(rule_id: str, x: Any, y: Any) -> None:
        rule_paths = (path(d.old, rule_id), path(d.new, rule_id))
        before, after = fields(x), fields(y)
        for name, (words, yaml_key) in after.items():
            d.field(kind, rule_id, f"{noun} {rule_id}", name, before[name][0], words, rule_paths, yaml_key)

    d.keyed(
        kind,
        noun,
        old,
        new,
        path=path,
        describe=describe,
        signature=lambda r: {k: v[0] for k, v in fields(r).items()},
        compare=compare,
    )


def _assessment_rules_part(d: _Differ) -> None:
    _rule_part(
        d,
        "level rule",
        "Level rule",
        "level_rules",
        lambda r: {
            "level": (r.level, "level"),
            "condition": (written(r.when), "when"),
            "reason": (quoted(r.reason), "reason"),
            "source": (quoted(r.source), "source"),
        },
        lambda r: f"raises the level to {r.level} when {written(r.when)}: {quoted(r.reason)}",
    )
    _rule_part(
        d,
        "repeat rule",
        "Repeat rule",
        "repeat_rules",
        lambda r: {
            "label": (quoted(r.label), "label"),
            "count": (str(r.count), "count"),
            "window": (f"{r.window_days} days", "window_days"),
            "codes": (_ids(r.codes), "codes"),
            "categories": (_ids(r.categories), "categories"),
            "source": (quoted(r.source), "source"),
        },
        lambda r: f"{quoted(r.label)}: {r.count} or more in {r.window_days} days",
    )
    _rule_part(
        d,
        "vulnerability rule",
        "Vulnerability rule",
        "vulnerability",
        lambda r: {
            "condition": (written(r.when), "when"),
            "reason": (quoted(r.reason), "reason"),
            "source": (quoted(r.source), "source"),
        },
        lambda r: f"vulnerable when {written(r.when)}: {quoted(r.reason)}",
    )


def _national_answer(
    d: _Differ,
    signal: str,
    before: Any,
    after: Any,
    path: PathKey,
    what: str,
    effect: tuple[str, str],  # (once added, once removed)
) -> None:
    kind = "national"
    if before is None:
        d.add(
            kind,
            signal,
            "added",
            None,
            written(after),
            f"National rules: {what} added: {written(after)} ({effect[0]})",
            None,
            path,
        )
    elif after is None:
        d.add(
            kind,
            signal,
            "removed",
            written(before),
            None,
            f"National rules: {what} removed (was {written(before)}; {effect[1]})",
            path,
        )
    else:
        d.field(kind, signal, f"National rules: {what}", "answer", written(before), written(after), (path, path))


def _national_part(d: _Differ) -> None:
    a, b = d.old.data.national, d.new.data.national
    kind = "national"
    mapped = (
        "the pack's answer for the signal {0}",
        "the national layer no longer asks its own question for it",
        "the national layer asks its own question where one applies",
    )
    followed = (
        "the pack's broader answer the national {0} question follows",
        "the national question is asked only after it",
        "the national question is asked in every call",
    )
    for key, (what, added, removed) in (("signals", mapped), ("follow_up", followed)):
        old, new = getattr(a, key), getattr(b, key)
        for signal in _merged(list(old), list(new)):
            path = ("national", key, signal)
            _national_answer(d, signal, old.get(signal), new.get(signal), path, what.format(signal), (added, removed))
    node: tuple[PathKey, PathKey] = (("national",), ("national",))
    d.field(
        kind,
        "national",
        "National rules: the signal mapping",
        "source",
        quoted(a.source),
        quoted(b.source),
        node,
        "source",
    )
    review_paths: tuple[PathKey, PathKey] = (("national", "case_review"), ("national", "case_review"))
    ra, rb = a.case_review, b.case_review
    name = "National rules: ASB Case Review"
    d.field(
        kind,
        "case_review",
        name,
        "threshold",
        f"{ra.threshold} complaints",
        f"{rb.threshold} complaints",
        review_paths,
        "threshold",
    )
    d.field(
        kind,
        "case_review",
        name,
        "window",
        f"{ra.window_months} months",
        f"{rb.window_months} months",
        review_paths,
        "window_months",
    )
    d.field(
        kind, "case_review", name, "categories", _ids(ra.categories), _ids(rb.categories), review_paths, "categories"
    )
    d.field(kind, "case_review", name, "source", quoted(ra.source), quoted(rb.source), review_paths, "source")
    for rule in _merged(list(a.switched_off), list(b.switched_off)):
        off_a, off_b = a.switched_off.get(rule), b.switched_off.get(rule)  # type: ignore[call-overload]
        path = ("national", "switched_off", rule)
        if off_a is None and off_b is not None:
            d.add(
                kind,
                rule,
                "switched off",
                None,
                quoted(off_b.reason),
                f"National rule {rule} switched off: reason {quoted(off_b.reason)}; source {quoted(off_b.source)}",
                None,
                path,
            )
        elif off_b is None and off_a is not None:
            d.add(kind, rule, "switched on", quoted(off_a.reason), None, f"National rule {rule} switched back on", path)
        elif off_a is not None and off_b is not None:
            d.field(
                kind,
                rule,
                f"National rule {rule} (switched off)",
                "reason",
                quoted(off_a.reason),
                quoted(off_b.reason),
                (path, path),
                "reason",
            )
            d.field(
                kind,
                rule,
                f"National rule {rule} (switched off)",
                "source",
                quoted(off_a.source),
                quoted(off_b.source),
                (path, path),
                "source",
            )


def _grades_part(d: _Differ) -> None:
    ga, gb = d.old.data.grading, d.new.data.grading
    old = {g.id: g for g in d.old.grade_order}
    new = {g.id: g for g in d.new.grade_order}

    def path(pack: Pack, grade_id: str) -> PathKey | None:
        index = next((i for i, g in enumerate(pack.data.grading.grades) if g.id == grade_id), None)
        return None if index is None else ("grading", "grades", index)

    def describe(g: Grade) -> str:
        text = quoted(g.label)
        if g.description:
            text += f" – {quoted(g.description)}"
        if g.attendance is not None:
            text += f" ({_attendance(g.attendance)})"
        return text

    def compare(grade_id: str, x: Grade, y: Grade) -> None:
        grade_paths = (path(d.old, grade_id), path(d.new, grade_id))
        name = f"Grade {grade_id}"
        d.field("grade", grade_id, name, "relabelled", quoted(x.label), quoted(y.label), grade_paths, "label")
        d.field(
            "grade",
            grade_id,
            name,
            "description",
            quoted(x.description),
            quoted(y.description),
            grade_paths,
            "description",
        )
        d.field(
            "grade",
            grade_id,
            name,
            "attendance",
            _attendance(x.attendance),
            _attendance(y.attendance),
            grade_paths,
            "attendance",
        )

    d.keyed(
        "grade",
        "Grade",
        old,
        new,
        path=path,
        describe=describe,
        signature=lambda g: (g.label, g.description, g.attendance),
        compare=compare,
    )
    grading: tuple[PathKey, PathKey] = (("grading",), ("grading",))
    d.reordered("grade", "grades", "Grades (most urgent first)", list(old), list(new), grading)
    d.field("grade", "grading", "Grading scheme", "source", quoted(ga.source), quoted(gb.source), grading, "source")
    d.field("grade", "grading", "Grading", "default grade", ga.default, gb.default, grading, "default")
    d.field(
        "grade",
        "grading",
        "Grading",
        "grade when an emergency prompt fires",
        d.old.emergency_grade or "none",
        d.new.emergency_grade or "none",
        grading,
        "emergency",
    )
    d.rules(
        "grade rule",
        "Grade rule",
        ga.rules,
        gb.rules,
        path=lambda i: ("grading", "rules", i),
        describe=lambda r: f"{r.grade} when {written(r.when)}",
        key=lambda r: (r.grade, written(r.when), r.source),
        fields=lambda r: {"grade": r.grade, "condition": written(r.when), "source": quoted(r.source)},
    )


def _rag_part(d: _Differ) -> None:
    a, b = d.old.data.rag, d.new.data.rag
    paths: tuple[PathKey, PathKey] = (("rag",), ("rag",))
    d.field("rag", "rag", "RAG scheme", "source", quoted(a.source), quoted(b.source), paths, "source")
    d.field("rag", "rag", "RAG", "default rating", a.default, b.default, paths, "default")
    d.rules(
        "rag",
        "RAG rule",
        a.rules,
        b.rules,
        path=lambda i: ("rag", "rules", i),
        describe=lambda r: f"{r.rating} when {written(r.when)}",
        key=lambda r: (r.rating, written(r.when), r.reason, r.source),
        fields=lambda r: {
            "rating": r.rating,
            "condition": written(r.when),
            "reason": quoted(r.reason),
            "source": quoted(r.source),
        },
    )


def _responses_part(d: _Differ) -> None:
    old = {r.id: r for r in d.old.data.responses}
    new = {r.id: r for r in d.new.data.responses}

    def path(pack: Pack, plan_id: str) -> PathKey | None:
        i = _index(pack, "responses").get(plan_id)
        return None if i is None else ("responses", i)

    def compare(plan_id: str, x: Any, y: Any) -> None:
        plan_paths = (path(d.old, plan_id), path(d.new, plan_id))
        name = f"Response plan {plan_id}"
        d.field("response", plan_id, name, "condition", written(x.when), written(y.when), plan_paths, "when")
        d.lines("response", plan_id, name, "line", x.text, y.text, plan_paths, "text")
        d.field(
            "response",
            plan_id,
            name,
            "attendance",
            _attendance(x.attendance),
            _attendance(y.attendance),
            plan_paths,
            "attendance",
        )
        d.field("response", plan_id, name, "only with the grades", _ids(x.grades), _ids(y.grades), plan_paths, "grades")
        d.field("response", plan_id, name, "source", quoted(x.source), quoted(y.source), plan_paths, "source")

    d.keyed(
        "response",
        "Response plan",
        old,
        new,
        path=path,
        describe=lambda r: f"when {written(r.when)}: " + " / ".join(quoted(t) for t in r.text),
        signature=lambda r: r.model_dump(exclude={"id"}, mode="json"),
        compare=compare,
    )


def _referrals_part(d: _Differ) -> None:
    def hours(r: Any) -> str:
        return "no time limit" if r.within_hours is None else f"within {r.within_hours} hours"

    _rule_part(
        d,
        "referral",
        "Referral",
        "referrals",
        lambda r: {
            "to": (quoted(r.to), "to"),
            "time limit": (hours(r), "within_hours"),
            "reworded": (quoted(r.text), "text"),
            "condition": (written(r.when), "when"),
            "consent": ("only with the caller's consent" if r.requires_consent else "not needed", "requires_consent"),
            "source": (quoted(r.source), "source"),
        },
        lambda r: f"to {quoted(r.to)} {hours(r)} when {written(r.when)}: {quoted(r.text)}",
    )


def _child_protection_part(d: _Differ) -> None:
    """The answers that mean child protection concerns (seed 003 Annex D.3): referrals that
    need the caller's consent are then made without it."""
    a, b = d.old.data.consent.child_protection, d.new.data.consent.child_protection
    path: PathKey = ("consent", "child_protection")
    name = "Child protection concerns (referrals needing consent made without it)"
    if a is None and b is not None:
        d.add(
            "referral",
            "child_protection",
            "added",
            None,
            written(b.when),
            f"{name} added: when {written(b.when)}",
            None,
            path,
        )
    elif b is None and a is not None:
        d.add("referral", "child_protection", "removed", written(a.when), None, f"{name} removed", path, None)
    elif a is not None and b is not None:
        paths = (path, path)
        d.field("referral", "child_protection", name, "condition", written(a.when), written(b.when), paths, "when")
        d.field("referral", "child_protection", name, "source", quoted(a.source), quoted(b.source), paths, "source")


def _prompts_part(d: _Differ) -> None:
    old = {p.id: p for p in d.old.prompts}
    new = {p.id: p for p in d.new.prompts}

    def path(pack: Pack, prompt_id: str) -> PathKey | None:
        i = _index(pack, "prompts").get(prompt_id)
        return None if i is None else ("prompts", i)

    def compare(prompt_id: str, x: Any, y: Any) -> None:
        prompt_paths = (path(d.old, prompt_id), path(d.new, prompt_id))
        name = f"Prompt {prompt_id}"
        d.field("prompt", prompt_id, name, "reworded", quoted(x.text), quoted(y.text), prompt_paths, "text")
        d.field(
            "prompt", prompt_id, name, "kind", x.kind.replace("_", " "), y.kind.replace("_", " "), prompt_paths, "kind"
        )
        d.field("prompt", prompt_id, name, "condition", written(x.when), written(y.when), prompt_paths, "when")
        d.field("prompt", prompt_id, name, "source", quoted(x.source), quoted(y.source), prompt_paths, "source")

    d.keyed(
        "prompt",
        "Prompt",
        old,
        new,
        path=path,
        describe=lambda p: f"{p.kind.replace('_', ' ')} {quoted(p.text)} when {written(p.when)}",
        signature=lambda p: (p.kind, p.text, written(p.when)),
        compare=compare,
    )


def _public_part(d: _Differ) -> None:
    a, b = d.old.data.public, d.new.data.public
    paths: tuple[PathKey, PathKey] = (("public",), ("public",))
    if a is None and b is not None:
        d.add(
            "public",
            "public",
            "added",
            None,
            f"{quoted(b.force)} {quoted(b.contact)}",
            f"Wording for the public added: the force {quoted(b.force)}, contact {quoted(b.contact)} "
            "(the pack can now be used for walk-in reports)",
            None,
            paths[1],
        )
    elif b is None and a is not None:
        d.add(
            "public",
            "public",
            "removed",
            f"{quoted(a.force)} {quoted(a.contact)}",
            None,
            "Wording for the public removed (the pack can no longer be used for walk-in reports)",
            paths[0],
        )
    elif a is not None and b is not None:
        name = "Wording for the public:"
        d.field("public", "force", name, "the force", quoted(a.force), quoted(b.force), paths, "force")
        d.field("public", "contact", name, "how to contact it", quoted(a.contact), quoted(b.contact), paths, "contact")
        d.field("public", "source", name, "source", quoted(a.source), quoted(b.source), paths, "source")
        _welsh_part(d, a.welsh, b.welsh)
    for key, label in (("public", ""), ("public_cy", " in Welsh")):
        old = {r.id: getattr(r, key) for r in d.old.data.responses}
        new = {r.id: getattr(r, key) for r in d.new.data.responses}
        for plan_id in _merged(list(old), list(new)):
            before, after = old.get(plan_id), new.get(plan_id)
            if before == after:
                continue
            old_i, new_i = _index(d.old, "responses").get(plan_id), _index(d.new, "responses").get(plan_id)
            old_path = None if old_i is None or before is None else ("responses", old_i, key)
            new_path = None if new_i is None or after is None else ("responses", new_i, key)
            name = f"Wording for the public{label}, response plan {plan_id}"
            if before is None:
                words, what = f"{name} added: {quoted(after)}", "added"
            elif after is None:
                words, what = f"{name} removed: {quoted(before)}", "removed"
            else:
                words, what = f"{name} reworded: {quoted(before)} {ARROW} {quoted(after)}", "reworded"
            d.add(
                "public",
                plan_id if key == "public" else f"{plan_id} (Welsh)",
                what,
                before,
                after,
                words,
                old_path,
                new_path,
            )


def _welsh_part(d: _Differ, a: PublicWelsh | None, b: PublicWelsh | None) -> None:
    """The pack's Welsh for the public (issue 23.3): offered or not, and each field."""
    path: PathKey = ("public", "welsh")
    if a is None and b is not None:
        d.add(
            "public",
            "welsh",
            "added",
            None,
            f"{quoted(b.force)} {quoted(b.contact)}",
            f"Welsh offered: the force {quoted(b.force)}, contact {quoted(b.contact)}, "
            f"documents by default in {b.default} (the slip and the letter can now be in Welsh)",
            None,
            path,
        )
    elif b is None and a is not None:
        d.add(
            "public",
            "welsh",
            "removed",
            f"{quoted(a.force)} {quoted(a.contact)}",
            None,
            "Welsh no longer offered (the slip and the letter are in English only)",
            path,
        )
    elif a is not None and b is not None:
        name = "Wording for the public in Welsh:"
        paths: tuple[PathKey, PathKey] = (path, path)
        d.field("public", "welsh.force", name, "the force", quoted(a.force), quoted(b.force), paths, "force")
        d.field(
            "public", "welsh.contact", name, "how to contact it", quoted(a.contact), quoted(b.contact), paths, "contact"
        )
        d.field("public", "welsh.default", name, "the default language", a.default, b.default, paths, "default")
        for option in _merged(list(a.contact_methods), list(b.contact_methods)):
            before, after = a.contact_methods.get(option), b.contact_methods.get(option)
            d.field(
                "public",
                f"welsh.contact_methods.{option}",
                name,
                f"contact method {option}",
                quoted(before),
                quoted(after),
                ((*path, "contact_methods"),) * 2,
                option,
            )
        d.field("public", "welsh.source", name, "source", quoted(a.source), quoted(b.source), paths, "source")


_PARTS = (
    _pack_part,
    _codes_part,
    _question_part,
    _matrix_part,
    _decision_part,
    _levels_part,
    _assessment_rules_part,
    _national_part,
    _grades_part,
    _rag_part,
    _responses_part,
    _referrals_part,
    _child_protection_part,
    _prompts_part,
    _public_part,
)


def diff_packs(old: Pack, new: Pack) -> list[Change]:
    """Every difference between ``old`` and ``new``, in the order a policy owner reads a pack."""
    differ = _Differ(old, new)
    for part in _PARTS:
        part(differ)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(differ.changes, key=lambda c: order[c.kind])  # stable: each part keeps its own order


# --------------------------------------------------------------------------- output


def _pack_line(pack: Pack) -> str:
    return f"{pack.id} {pack.version} ({pack.name}), sha256:{pack.content_hash}, from {pack.folder}"


def diff_text(old: Pack, new: Pack, changes: Sequence[Change]) -> str:
    """The changes in words, under the heading of each part of the pack, each with where it
    is written ("[questions.yaml:57]")."""
    lines = [f"A: {_pack_line(old)}", f"B: {_pack_line(new)}"]
    if not changes:
        if old.content_hash == new.content_hash:
            lines.append("No differences: the two packs are the same files.")
        else:
            lines.append(
                "No differences in what the packs say; the files differ only in comments or layout "
                "(so their hashes differ)."
            )
        return "\n".join(lines) + "\n"
    lines.append(f"{len(changes)} difference{'s' if len(changes) != 1 else ''}, A {ARROW} B:")
    section = None
    for change in changes:
        if change.section != section:
            section = change.section
            lines += ["", section]
        where = change.where()
        lines.append(f"  {change.words}" + (f"  [{where}]" if where else ""))
    return "\n".join(lines) + "\n"


def diff_json(old: Pack, new: Pack, changes: Sequence[Change]) -> dict[str, Any]:
    def about(pack: Pack) -> dict[str, str]:
        return {
            "id": pack.id,
            "name": pack.name,
            "version": pack.version,
            "hash": pack.content_hash,
            "folder": str(pack.folder),
        }

    return {
        "old": about(old),
        "new": about(new),
        "equal": not changes,
        "same_files": old.content_hash == new.content_hash,
        "changes": [change.to_dict() for change in changes],
    }
