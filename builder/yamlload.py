"""YAML loading that remembers where every key and value was written.

PyYAML forgets positions once it has built Python objects, and silently keeps the last of two
equal keys. `load_yaml` returns `YMap`/`YList` containers that keep the line and column of every
key and item, and reports duplicate keys, so that later stages can point at the exact spot.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from builder.errors import Diagnostics
from builder.model import Loc


class YMap(dict):
    """A mapping that knows where it and each of its keys and values were written."""

    loc: Loc
    key_locs: dict[str, Loc]
    value_locs: dict[str, Loc]

    defaulted: frozenset[str] = frozenset()
    """Keys whose values had an error (reported) and read as their default (a checked mapping): a
    check that counts them (options marked right) would repeat the error."""

    def key_loc(self, key: str) -> Loc:
        """Where `key` is written (the mapping's own location if absent)."""
        return self.key_locs.get(key, self.loc)

    def value_loc(self, key: str) -> Loc:
        """Where the value of `key` starts."""
        return self.value_locs.get(key, self.key_loc(key))


class YList(list):
    """A sequence that knows where it and each of its items were written."""

    loc: Loc
    item_locs: list[Loc]
    dropped: int = 0
    """Items the schema left out for their errors (a checked list): checks of the count skip then."""

    def item_loc(self, index: int) -> Loc:
        """Where item `index` starts."""
        return self.item_locs[index] if index < len(self.item_locs) else self.loc


class WrittenInt(int):
    """A whole number read from a plain scalar, keeping the text as written (`010` is 8 to YAML,
    `1:30` is 90): a field the schema takes as text keeps what the author wrote."""

    written: str


class CommentedText(str):
    """A text written without quotes and followed on its line by ` #…`, which YAML reads as a
    comment: `- text: Вариант # 2` is «Вариант». The schema warns where the field is text learners read."""

    comment: str


class WrittenFloat(float):
    """A number with a fraction read from a plain scalar, keeping the text as written (`0.50`)."""

    written: str


class SpannedText(str):
    """A text written in quotes, as a block (`|`, `>`) or over several lines, with the characters its
    file holds for it (`in_file`, from the opening quote or the block's indicator): a folded or
    quoted text's lines and columns are not the file's, and a problem in its Markdown is found
    there (`render.Renderer.make_env`)."""

    in_file: str


def as_written(number: int | float, node: yaml.ScalarNode) -> int | float:
    """`number` carrying its plain scalar's text; a quoted or tagged one (`!!int '7'`) stays as is."""
    if node.style:  # (a plain scalar's style is None in PyYAML's parser, '' in libyaml's)
        return number
    kept = WrittenInt(number) if isinstance(number, int) else WrittenFloat(number)
    kept.written = node.value
    return kept


def written_text(value: Any) -> str | None:
    """The text a number was written as, if the loader kept it."""
    return getattr(value, "written", None)


class QuotedText(str):
    """A one-line text in quotes that its file holds as written between them (the most common kind,
    `text: "Клиент: «…»"`): its characters stand one column after its start, and it keeps nothing
    more (a course of a thousand modules has some 30,000)."""

    __slots__ = ()


QUOTED = '"'
"""What `in_file` gives for a QuotedText: the file holds the text with a quote on each side."""


def in_file(value: Any) -> str:
    """The characters the file holds for a text that the loader kept them for (SpannedText),
    QUOTED for a QuotedText, else ''."""
    return QUOTED if isinstance(value, QuotedText) else getattr(value, "in_file", "")


def loc_of(value: Any, fallback: Loc) -> Loc:
    """The location of a located container, or the fallback for plain scalars."""
    return getattr(value, "loc", fallback)


# libyaml's parser is several times faster than PyYAML's pure-Python one and reports the same
# marks; the constructors below are Python either way.
BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR_TAG = "tag:yaml.org,2002:str"
FLOAT_TAG = "tag:yaml.org,2002:float"
EXPONENT_RE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")
"""A plain number with an exponent as YAML 1.2 writes it (`1e5`, `2.5E-3`): YAML 1.1 makes it text."""
IMPLICIT_FIRST = frozenset(key for key in BaseLoader.yaml_implicit_resolvers if key)
"""First characters with which a plain scalar may be something else than text (a number, a
date, true/false, null); any other plain scalar is text, without trying the resolvers' patterns."""
TEXT_SHORTCUT = None not in BaseLoader.yaml_implicit_resolvers and not BaseLoader.yaml_path_resolvers
"""The shortcut holds while no resolver applies to every first character or to a path (none does in
PyYAML's safe loader; a future one that did would simply go the long way)."""


def only_text(value: str, implicit: tuple[bool, bool]) -> bool:
    """Whether a scalar the parser found can only be text: quoted, or plain and starting with a
    character no other type starts with."""
    return not implicit[0] or bool(value) and value[0] not in IMPLICIT_FIRST


def plain_text(node: yaml.Node) -> str | None:
    """A text scalar's value (most nodes of a course's YAML), else None: what the generic
    `construct_object` returns for it, at a fifth of its cost."""
    return node.value if node.__class__ is yaml.ScalarNode and node.tag == STR_TAG else None


def _make_loader(path: str, line_offset: int, diagnostics: Diagnostics, text: str, lines: list[str] | None = None
                 ) -> type[yaml.SafeLoader]:
    """A safe loader subclass bound to one file, building located containers. `lines`: the file's
    lines when some hold a ` #` (a value may be cut short by a comment there), else None."""

    def mark_loc(mark: yaml.Mark) -> Loc:
        return Loc(path, mark.line + 1 + line_offset, mark.column + 1)

    def spanned(node: yaml.Node, value: str) -> str:
        start, end = node.start_mark.index, node.end_mark.index  # (marks count characters, both parsers)
        # One line in quotes, two characters longer than its text: no escape (each is shorter written).
        if end - start == len(value) + 2 and node.style in ("'", '"') and node.start_mark.line == node.end_mark.line:
            return QuotedText(value)
        kept = SpannedText(value)
        kept.in_file = text[start:end]
        return kept

    def cut_short(node: yaml.Node, value: Any) -> Any:
        """`value` as CommentedText when it is a plain one-line text that a comment follows on its
        line; as SpannedText when it is a text whose characters are not the file's as they stand."""
        if not isinstance(value, str) or node.__class__ is not yaml.ScalarNode:
            return value
        if node.style or node.start_mark.line != node.end_mark.line:
            return spanned(node, value)
        if lines is None:
            return value
        start, end = node.start_mark, node.end_mark
        rest = lines[end.line][end.column:] if start.line == end.line < len(lines) else ""
        if not rest.lstrip(" \t").startswith("#"):
            return value
        commented = CommentedText(value)
        commented.comment = rest.strip()
        return commented

    class LocatingLoader(BaseLoader):  # type: ignore[valid-type, misc]
        def resolve(self, kind, value, implicit):  # type: ignore[override]
            # Called by the parser for every scalar: quoted ones and words that cannot start a
            # number, date or keyword are text (PyYAML's answer too, after trying its patterns).
            if TEXT_SHORTCUT and kind is yaml.ScalarNode and only_text(value, implicit):
                return STR_TAG
            if kind is yaml.ScalarNode and implicit[0] and EXPONENT_RE.fullmatch(value):
                return FLOAT_TAG  # `1e5`: a number to YAML 1.2 and an editor; YAML 1.1 wants `1.0e+5`
            return super().resolve(kind, value, implicit)

        def construct(self, node):
            value = plain_text(node)
            return self.construct_object(node, deep=True) if value is None else value

        def construct_mapping(self, node, deep=False):  # type: ignore[override]
            result = YMap()
            result.loc = mark_loc(node.start_mark)
            result.key_locs, result.value_locs = {}, {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    diagnostics.error(mark_loc(key_node.start_mark), "YAML merge keys (<<) are not supported",
                                      "write the keys out in full in each mapping", "yaml.syntax")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    diagnostics.error(mark_loc(key_node.start_mark),
                                      "a key must be a plain word, not a list or a mapping",
                                      "write 'key: value'; a '?' at the start of a line makes a complex key",
                                      "yaml.syntax")
                    continue
                key = self.construct(key_node)
                key = str(key) if isinstance(key, (int, float, bool)) or key is None else key
                if key in result:
                    diagnostics.error(
                        mark_loc(key_node.start_mark),
                        f"key '{key}' is written twice in this mapping",
                        f"keep one (the first is at line {result.key_locs[key].line})",
                        "yaml.duplicate-key",
                    )
                    continue
                result[key] = cut_short(value_node, self.construct(value_node))
                result.key_locs[key] = mark_loc(key_node.start_mark)
                result.value_locs[key] = mark_loc(value_node.start_mark)
            return result

        def construct_sequence(self, node, deep=False):  # type: ignore[override]
            result = YList(cut_short(child, self.construct(child)) for child in node.value)
            result.loc = mark_loc(node.start_mark)
            result.item_locs = [mark_loc(child.start_mark) for child in node.value]
            return result

        # Numbers are rare in course files (points, scores, answers): keeping their text costs
        # nothing on the text scalars' fast path above.
        def construct_yaml_int(self, node):  # type: ignore[override]
            return as_written(super().construct_yaml_int(node), node)

        def construct_yaml_float(self, node):  # type: ignore[override]
            return as_written(super().construct_yaml_float(node), node)

        def construct_yaml_timestamp(self, node):  # type: ignore[override]
            # 2026-02-30 matches YAML's date pattern but is no date: keep the text, the schema says why.
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return str(node.value)

    LocatingLoader.add_constructor("tag:yaml.org,2002:int", LocatingLoader.construct_yaml_int)
    LocatingLoader.add_constructor("tag:yaml.org,2002:float", LocatingLoader.construct_yaml_float)
    LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", LocatingLoader.construct_yaml_timestamp)
    LocatingLoader.add_constructor("tag:yaml.org,2002:map", LocatingLoader.construct_mapping)
    LocatingLoader.add_constructor("tag:yaml.org,2002:seq", LocatingLoader.construct_sequence)
    return LocatingLoader


NON_PRINTABLE_RE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
"""Characters YAML does not allow in a document (PyYAML's own rule, checked first to give a line)."""

MAX_DEPTH = 64
"""Lists and mappings may nest this deep. A course file needs two or three levels; libyaml's parser
builds nested nodes by recursion in C, and some thousand levels crash the process (a Python
traceback at 200)."""
MANY_BRACKETS = 1000
"""Opening brackets from which a file is measured whatever its count says (the bundled course's
largest quiz file holds 243)."""
NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
SUSPECT_DEPTH = MAX_DEPTH // 4
"""Brackets open, or columns of indentation, from which a file is measured: levels written by
indentation and in brackets add up, and a bracket can open two (`[k: ` a list and a mapping), so
below both the depth stays under the limit. The bundled course's deepest line is indented 14."""
DEEP_INDENT_RE = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{SUSPECT_DEPTH}}}", re.M)
"""A line indented (with `- `, `? ` and `: ` before its first node) that deep: each level written
by indentation takes a column at least."""


def too_deep(text: str) -> int:
    """The 1-based line where lists and mappings first nest past `MAX_DEPTH` (0: they never do),
    for a file a quick look finds suspect: brackets opening past half the limit when counted alone
    (quoted and unbalanced ones too, `[18; 25)`), a line indented that deep (the text of a `|` block
    too), or more brackets than a course file holds. A file deeper than the look finds (quoted
    closing brackets cancel real opening ones in its count) is caught by the load's recursion limit
    long before libyaml's C recursion could crash on it."""
    return nesting_line(text) if may_be_too_deep(text) else 0


def nesting_line(text: str) -> int:
    """The 1-based line where lists and mappings first nest past `MAX_DEPTH` (0: they never do),
    measured on the parser's events, which libyaml makes without recursion."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=BaseLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return 0  # the load reports it, at its place
    return 0


def may_be_too_deep(text: str) -> bool:
    """Whether nesting past `MAX_DEPTH` is possible at all, at a glance (brackets are counted on their
    own bytes: in UTF-8 no other character's bytes hold one)."""
    if DEEP_INDENT_RE.search(text):
        return True
    opened = text.count("[") + text.count("{")
    if opened <= SUSPECT_DEPTH:
        return False
    if opened > MANY_BRACKETS:
        return True
    depth = 0
    for byte in text.encode("utf-8").translate(None, NOT_A_BRACKET):
        depth = depth + 1 if byte in b"[{" else max(depth - 1, 0)
        if depth > SUSPECT_DEPTH:
            return True
    return False


def load_yaml(text: str, path: str, diagnostics: Diagnostics, line_offset: int = 0, cache: dict | None = None) -> Any:
    """Parse YAML text; on a syntax error report it with its line and return None.

    `line_offset` is added to every line (front matter starts after the opening `---`). With a
    `cache` (the build context's), a file parsed before without problems is not parsed again; the
    containers are safe to share because later stages read them and build cleaned copies.
    """
    key = (path, line_offset, text)
    if cache is not None and key in cache:
        return cache[key]
    unprintable = NON_PRINTABLE_RE.search(text)
    if unprintable:
        before = text[: unprintable.start()]
        loc = Loc(path, before.count("\n") + 1 + line_offset, unprintable.start() - (before.rfind("\n") + 1) + 1)
        diagnostics.error(loc, f"YAML cannot hold the control character U+{ord(unprintable.group()):04X}",
                          "delete it (it is often invisible: retype the line)", "yaml.syntax")
        return None
    deep = too_deep(text)
    if deep:
        diagnostics.error(Loc(path, deep + line_offset), f"lists or mappings nested more than {MAX_DEPTH} deep",
                          "a course file needs two or three levels: look for a run of '[', '{' or '- '",
                          "yaml.syntax")
        return None
    lines = text.split("\n") if " #" in text or "\t#" in text else None
    loader_class = _make_loader(path, line_offset, diagnostics, text, lines)
    try:
        loader = loader_class(text)
        errors_before = len(diagnostics.items)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        # A file with problems is parsed again, to report it again.
        if cache is not None and len(diagnostics.items) == errors_before:
            cache[key] = data
        return data
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket fails at the end of the file; where it opened is more useful.
        at_end = "end of stream" in (exc.problem or "")
        mark = (exc.context_mark if at_end and exc.context_mark else None) or exc.problem_mark or exc.context_mark
        loc = Loc(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Loc(path)
        problem = (f"{exc.context}: {exc.problem}" if at_end and exc.context
                   else exc.problem or exc.context or "invalid YAML")
        hint = (over_indented(text, mark.line) if mark and "mapping values are not allowed" in problem else None)
        hint = hint or (no_break_space(text, mark.line) if mark else None)
        if mark and not hint and "mapping values are not allowed" in problem:
            hint = typographic_quotes(text, mark.line)
        if mark and tab_indented(text, mark.line, mark.column, anywhere="mapping values are not allowed" in problem):
            # LibYAML's words name no tab («cannot start any token», «mapping values are not allowed»)
            if "cannot start any token" in problem:
                problem = "found a tab character where YAML needs spaces"
            hint = f"line {mark.line + 1 + line_offset} is indented with a tab: indent with spaces, not tabs"
        diagnostics.error(loc, f"YAML syntax error: {problem}", hint or _yaml_hint(problem), "yaml.syntax")
    except yaml.YAMLError as exc:
        diagnostics.error(Loc(path), f"YAML error: {exc}", "check the file's syntax", "yaml.syntax")
    except RecursionError:  # nested some hundred deep where the quick look saw nothing
        line = nesting_line(text)
        diagnostics.error(Loc(path, line + line_offset if line else 0),
                          f"lists or mappings nested more than {MAX_DEPTH} deep",
                          "a course file needs two or three levels: look for a run of '[', '{' or '- '", "yaml.syntax")
    return None


KEY_LINE_RE = re.compile(r"^(?P<indent>[ ]*(?:- )?)(?P<key>[A-Za-z_][\w-]*):[ \t]+\S", re.ASCII)
"""A line `key: value` (in a list item too), its indentation and its key: a course file's keys are
words of Latin letters (a continuation line of prose, «о химсексе: три шага», is not one)."""


def over_indented(text: str, line: int) -> str | None:
    """The mending of «mapping values are not allowed» when the line is a key indented further than
    the `key: value` line above it: YAML reads it as that value's next line, and «put the value in
    quotes» would lead the author astray. None when the lines do not look so."""
    lines = text.split("\n")
    if not 0 < line < len(lines):
        return None
    here = KEY_LINE_RE.match(lines[line])
    above = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), "")
    before = KEY_LINE_RE.match(above)
    if not here or not before:
        return None
    column = len(before["indent"])
    if len(here["indent"]) <= column:
        return None
    return (f"'{here['key']}' is indented more than '{before['key']}' above it, so YAML reads it as the rest of that "
            f"value: start it at column {column + 1}, as the keys above")


NO_BREAK_SPACE_RE = re.compile(r"[ \u00a0]*\u00a0|[ ]*(?:- )?[A-Za-z_][\w-]*:\u00a0", re.ASCII)
"""A no-break space in a line's indentation, or right after its key's colon (inside a quoted value
it is the author's, «Тел.:\u00a08-800»)."""


def no_break_space(text: str, line: int) -> str | None:
    """The mending of a syntax error on a line (or the line above it) that holds a no-break space
    before its first text or after a key's colon: pasted from a word processor, it looks like a
    space, and YAML reads it as a letter."""
    lines = text.split("\n")
    for index in (line, line - 1):
        if 0 <= index < len(lines) and NO_BREAK_SPACE_RE.match(lines[index]):
            return (f"line {index + 1} holds a no-break space (U+00A0, pasted from a word processor) where YAML "
                    "needs a plain one: retype the spaces at its start and after the colon")
    return None


TYPOGRAPHIC_QUOTED_RE = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s+([«“„‘‚])")


def typographic_quotes(text: str, line: int) -> str | None:
    """The mending of «mapping values are not allowed» on a value that starts with a typographic quote:
    «Проверьте себя: конфиденциальность» is quoted to a reader, not to YAML (author audit)."""
    lines = text.split("\n")
    found = TYPOGRAPHIC_QUOTED_RE.match(lines[line]) if 0 <= line < len(lines) else None
    if not found:
        return None
    return (f"a value that starts with {found[1]} is not quoted for YAML ({found[1]} is a letter to it): put straight "
            "double quotes around the whole value, keeping yours inside, e.g. title: \"«Проверьте себя: тема»\"")


def tab_indented(text: str, line: int, column: int, anywhere: bool = False) -> bool:
    """Whether line `line` (0-based) of `text` has a tab in the spaces before its first character,
    and the error's `column` is among them (a tab on a quoted text's next line is the text's own), or
    `anywhere` on the line (LibYAML reports a key indented with a tab deeper than the one above at its
    colon: «mapping values are not allowed»)."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    row = text[start:end if end >= 0 else len(text)]
    indent = row[:len(row) - len(row.lstrip(" \t"))]
    return "\t" in indent and (anywhere or column <= len(indent))


def _yaml_hint(problem: str) -> str:
    """A fix for the YAML mistakes authors make most."""
    if "mapping values are not allowed" in problem:
        return "a value contains ': ' — put the whole value in quotes"
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "a key is missing its ':' or a multi-line value needs '|' — check the line above"
    if "found undefined alias" in problem or "found character '*'" in problem:
        return "a value starting with '*' or '&' must be quoted"
    return "check indentation and quote values that contain ':' or start with a special character"
