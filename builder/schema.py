"""A small declarative schema language for the course's YAML, and the three schemas themselves.

One definition serves twice: `check()` validates located YAML (every problem reported with its
line, "expected ... but received ..." messages, unknown keys with a did-you-mean suggestion) and
`json_schema()` exports the same rules for editors (`course schema`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from collections.abc import Callable
from typing import Any

from builder.errors import Diagnostics, closest, suggest
from builder.limits import ID_MAX, QUOTE_MAX
from builder.markdown.inline import CITATION_GRAMMAR
from builder.model import (
    DEFAULT_LANGUAGE, DEFAULT_PASSING_SCORE, FEEDBACK_POLICIES, LOCAL_KEYS, OUTPUT_FORMATS, Author, Citation,
    ClinicalNote, Governance, Loc, Pool, Review)
from builder.sources import lines_problem
from builder.yamlload import CommentedText, YList, YMap, loc_of, written_text

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,31}$"
VERSION_RE = re.compile(VERSION_PATTERN)
CITATION_RE = re.compile(rf"^{CITATION_GRAMMAR}$")

TEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters no text may hold (tab and line breaks are fine)."""

INVALID = object()
"""Returned by `check` when a value cannot be used; the problem has been reported."""


def describe(value: Any) -> str:
    """How a received value is shown in messages: short, quoted, with its YAML type for non-strings."""
    if isinstance(value, (YMap, dict)):
        return "a mapping"
    if isinstance(value, (YList, list)):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        # The author wrote a word (yes, no, on, off, true, false): YAML made it a boolean.
        return f"a yes/no word, which YAML reads as {str(value).lower()}"
    text = shortened(str(value))  # (its control and invisible characters are escaped with the message's)
    return f"'{text}'" if isinstance(value, str) else f"{text} ({yaml_kind(value)})"


def yaml_kind(value: Any) -> str:
    """What YAML made of a plain value, in an author's words (not `WrittenInt`, the loader's class)."""
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def shortened(text: str) -> str:
    """An author's text as a message quotes it: cut to `QUOTE_MAX` characters with "..."."""
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 3] + "..."


class Where(str):
    """A value's name in messages (`question 'q3' 'explanation'`) that also says how the author may
    leave the value out: an empty text offers that beside writing it, where it is possible (an
    optional key, an item of a list long enough), and not where it would be the next error (a
    required key, the last item a list must have)."""

    leave_out: str = ""

    @classmethod
    def key(cls, label: str, key: str, optional: bool) -> Where:
        where = cls(f"{label} '{key}'")
        where.leave_out = "remove the key" if optional else ""
        return where

    @classmethod
    def item(cls, where: str, index: int, removable: bool) -> Where:
        item = cls(f"{where} item {index + 1}")
        item.leave_out = "remove the item" if removable else ""
        return item


class Type:
    """Base of all schema types."""

    expected = "a value"
    """How the type is named in "expected ..." messages."""

    def check(self, value: Any, loc: Loc, diags: Diagnostics, where: str) -> Any:
        """Return the cleaned value, or INVALID after reporting what is wrong."""
        raise NotImplementedError

    def json_schema(self) -> dict:
        """The equivalent JSON Schema fragment."""
        raise NotImplementedError

    def mismatch(self, value: Any, loc: Loc, diags: Diagnostics, where: str, hint: str = "") -> object:
        """Report a wrong type and return INVALID."""
        numeric = "number" in self.expected  # (the hint for a number written as text says how to unquote it)
        hint = (number_as_text_hint(value) if numeric else None) or hint or f"write {self.expected}"
        diags.error(loc, f"{where}: expected {self.expected} but received {describe(value)}", hint, "schema.type")
        return INVALID


def number_as_text_hint(value: Any) -> str | None:
    """How to write a number that YAML read as text: quoted (`"20"`), or with spaces between thousands."""
    if not isinstance(value, str):
        return None
    written = value.strip()
    if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", written):
        return f"remove the quotes: a number is written bare, {written}"
    if re.fullmatch(r"[-+]?[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+", written):
        return "write it without the spaces between its digits: " + re.sub(r"[ \u00a0\u202f]", "", written)
    return None


class Str(Type):
    """A non-empty string (Markdown allowed where the field's doc says so)."""

    expected = "text"

    def __init__(self, allow_empty: bool = False, prose: bool = False) -> None:
        """`prose`: a text learners read (a question, an option, a title): one a YAML comment cut
        short is a warning. A file name, a person's name or a fingerprint may carry a note after it."""
        self.allow_empty, self.prose = allow_empty, prose

    def check(self, value, loc, diags, where):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # A number where text is wanted is text: the author's own characters (`0.50`, `010`, `1:30`),
            # not what YAML made of them (0.5, 8, 90).
            return written_text(value) or str(value)
        if isinstance(value, bool):
            return self.mismatch(value, loc, diags, where, "put the word in quotes, e.g. \"no\"")
        if not isinstance(value, str):
            return self.mismatch(value, loc, diags, where, "write the text after the colon, quoted if needed")
        if not value.strip() and not self.allow_empty:
            leave_out = getattr(where, "leave_out", "")
            hint = f"write the text, or {leave_out}" if leave_out else "write the text"
            diags.error(loc, f"{where}: must not be empty", hint, "schema.type")
            return INVALID
        if isinstance(value, CommentedText):
            if self.prose:
                diags.warning(loc, f"{where}: '{value.comment[:40]}' after the text is a YAML comment, so learners "
                              f"read only '{value[:40]}'", "if the '#' belongs to the text, put the whole value in "
                              "quotes; a note of yours goes on a line of its own", "yaml.comment")
            value = str(value)
        control = TEXT_CONTROL_RE.search(value)
        if control:
            # XML (the SCORM manifests) and HTML cannot carry them; they are invisible typing slips.
            diags.error(loc, f"{where}: holds the control character U+{ord(control.group()):04X}",
                        "delete it (it is invisible: retype the text)", "schema.type")
            return INVALID
        return value

    def json_schema(self):
        # A number is text too (`- text: 42`, a term `2026`): an editor must not underline it.
        schema: dict[str, Any] = {"type": ["string", "number"]}
        if self.prose:  # (a short text that may be such a word, a fill-in answer, is not underlined when quoted)
            schema.update(NOT_A_BOOLEAN_WORD)
        if not self.allow_empty:
            schema["minLength"] = 1  # (applies to strings only)
        return schema


class Plain(Str):
    """A text printed as written (a title, a summary, an objective, a term): course syntax in it
    would reach the learner as its brackets and stars, so it is a warning."""

    def __init__(self) -> None:
        super().__init__(prose=True)

    def check(self, value, loc, diags, where):
        value = super().check(value, loc, diags, where)
        found = MARKUP_IN_PLAIN_RE.search(value) if isinstance(value, str) else None
        if found:
            diags.warning(loc, f"{where}: is plain text, so '{found.group()}' would show as written",
                          "write the words alone: glossary links, citations, links and formatting work in the "
                          "module's text and in the questions", "schema.plain")
        return value


MARKUP_IN_PLAIN_RE = re.compile(r"\[\[[^\]]*\]?\]?|\[@[^\]]*\]?|\[[^\]]*\]\([^)]*\)?"
                                r"|</?(?:a|b|i|u|s|em|strong|br|span|div|p|sup|sub|small|code|ul|ol|li|img)\b[^<>]*>"
                                r"|\*\*\S[^*]*\S?\*\*|\{\{[^}]*\}?\}?", re.IGNORECASE)
"""Course syntax in a plain text: a glossary link, a citation, a link, an HTML tag, bold, a setting
(a star or an angle bracket alone is text: «МСМ**» as a note's mark, «CD4 <200»)."""


CYRILLIC_TO_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                             ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                              "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"]))
"""How an id suggested for a Russian name is spelt (`модуль-1` → `modul-1`): Latin letters are what ids take."""


class Id(Type):
    """An id: lower-case latin letters, digits and hyphens, starting with a letter."""

    expected = "an id"

    def check(self, value, loc, diags, where):
        if not isinstance(value, str):
            return self.mismatch(value, loc, diags, where, "ids are written like comm-o1")
        if len(value) > ID_MAX:
            diags.error(loc, f"{where}: the id '{shortened(value)}' is {len(value)} characters long",
                        f"use at most {ID_MAX} characters",
                        "schema.length")
            return INVALID
        if not ID_RE.match(value):
            diags.error(
                loc,
                f"{where}: '{value}' is not a valid id{lookalikes(value)}",
                "a file is named by the id its own 'id:' gives, not by its file name" if value.endswith(FILE_SUFFIXES)
                else f"use lower-case latin letters, digits and hyphens, e.g. '{id_like(value)}'",
                "schema.id",
            )
            return INVALID
        return value

    def json_schema(self):
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX}


FILE_SUFFIXES = (".md", ".yml", ".yaml")
"""A module's or quiz's file name written where its id belongs (`modules: [01-intro.md]`)."""


def lookalikes(text: str) -> str:
    """` (its 'о' is Cyrillic)`: in a name written mostly in latin letters, those that are not, which
    the eye cannot tell (`quest-о1`, `@guidе:4` read as right); '' when there are none."""
    found = [c for c in dict.fromkeys(text)
             if c.isalpha() and not c.isascii() and not unicodedata.name(c, "LATIN").startswith("LATIN")]
    if not found or not any(c.isascii() and c.isalpha() for c in text):
        return ""
    letters = ", ".join(f"'{c}'" for c in found)
    scripts = sorted({unicodedata.name(c, "").split(" ")[0].capitalize() for c in found} - {""})
    return f" (its {letters} {'is' if len(found) == 1 else 'are'} {' and '.join(scripts) or 'not latin'})"


def id_like(value: str) -> str:
    """The id nearest a name that is not one (`q_why` → `q-why`, `Цель 1` → `tsel-1`): the hint's
    example, and the id a file that writes `value` is taken to mean."""
    latin = "".join(CYRILLIC_TO_LATIN.get(c, c) for c in unicodedata.normalize("NFKD", value.lower())
                    if not unicodedata.combining(c))  # é → e; й → и → i, ё → е → e
    suggestion = re.sub(r"[^a-z0-9]+", "-", latin).strip("-") or "my-id"
    return suggestion if suggestion[0].isalpha() else "x-" + suggestion


class Version(Type):
    """A content version: part of every package's file name, so latin letters, digits, `.`, `_`, `+`, `-`."""

    expected = "a version like \"1.0\""

    def check(self, value, loc, diags, where):
        if isinstance(value, float):
            # YAML reads 1.10 as the number 1.1: the version would silently change.
            diags.error(loc, f"{where}: {value!r} is read as a number, not as the version you wrote",
                        f"put the version in quotes: version: \"{written_text(value) or value}\"", "schema.version")
            return INVALID
        if isinstance(value, int) and not isinstance(value, bool):
            value = written_text(value) or str(value)  # `version: 010` names files 010, not 8
        if not isinstance(value, str):
            return self.mismatch(value, loc, diags, where, "write the version in quotes, e.g. version: \"1.0\"")
        if not VERSION_RE.match(value):
            diags.error(loc, f"{where}: {describe(value)} cannot be part of a file name",
                        "use up to 32 latin letters, digits, '.', '_', '+' and '-', starting with a letter or digit, "
                        "e.g. \"1.0.2\"", "schema.version")
            return INVALID
        return value

    def json_schema(self):
        # A whole number is a version as written (`version: 2`); one with a fraction is refused, but
        # JSON cannot tell 1.0 from 1, so an editor lets `version: 1.0` through and `course check`
        # reports it.
        return {"anyOf": [{"type": "string", "pattern": VERSION_PATTERN}, {"type": "integer", "minimum": 0}]}


class Cite(Type):
    """A citation `key:lines` as used in `source:` and `sources:` fields, read into a located `Citation`
    (Markdown's `[@key:lines]` follow the same grammar, `CITATION_GRAMMAR`)."""

    expected = "a citation like manual:500-513"

    def check(self, value, loc, diags, where):
        match = CITATION_RE.match(value.lstrip("@")) if isinstance(value, str) else None
        if match is None:
            diags.error(
                loc,
                f"{where}: expected a citation like 'manual:500-513' but received {describe(value)}",
                "write key:first-last, with a key from course.yml's references",
                "ref.citation",
            )
            return INVALID
        start = int(match["start"])
        citation = Citation(match["key"], start, int(match["end"] or start), loc)
        problem = lines_problem(citation)
        if problem:
            diags.error(loc, *problem, "ref.citation")
            return INVALID
        return citation

    def json_schema(self):
        # Lines from 1 (`lines_problem`); that a range does not end before it starts, no pattern can say.
        return {"type": "string", "pattern": r"^@*[a-z][a-z0-9_-]*:0*[1-9]\d*(\s*[-–]\s*0*[1-9]\d*)?$"}


class Int(Type):
    """A whole number within a range."""

    expected = "a whole number"

    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def check(self, value, loc, diags, where):
        if yaml11_number(value, loc, diags, where):
            return INVALID
        if isinstance(value, bool) or not isinstance(value, int):
            return self.mismatch(value, loc, diags, where)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            diags.error(loc, f"{where}: {value} is out of range", f"use a number {self.range_text()}", "schema.range")
            return INVALID
        return int(value)  # a plain int: the model holds numbers, not the loader's record of their text

    def range_text(self) -> str:
        """`from 0 to 100`, `of at least 1`."""
        if self.minimum is not None and self.maximum is not None:
            return f"from {self.minimum} to {self.maximum}"
        return f"of at least {self.minimum}" if self.minimum is not None else f"of at most {self.maximum}"

    def json_schema(self):
        schema: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


class Number(Type):
    """Any number (`numeric` answers, tolerances)."""

    expected = "a number"

    def __init__(self, minimum: float | None = None) -> None:
        self.minimum = minimum

    def check(self, value, loc, diags, where):
        if yaml11_number(value, loc, diags, where):
            return INVALID
        if isinstance(value, str) and COMMA_NUMBER_RE.fullmatch(value.strip()):
            written = value.strip()
            hint = (f"write a decimal with a dot ({written.replace(',', '.')}), a thousand without a separator "
                    f"({written.replace(',', '')})" if THOUSANDS_COMMA_RE.fullmatch(written)
                    else f"write the decimal with a dot: {written.replace(',', '.')}")
            return self.mismatch(value, loc, diags, where, hint)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.mismatch(value, loc, diags, where, "write digits with a dot for decimals (2.5)")
        if not math.isfinite(value):
            diags.error(loc, f"{where}: {getattr(value, 'written', value)} is not a finite number",
                        "write digits with a dot for decimals (2.5)", "schema.range")
            return INVALID
        if self.minimum is not None and value < self.minimum:
            diags.error(loc, f"{where}: {value} is out of range", f"use a number of at least {self.minimum}",
                        "schema.range")
            return INVALID
        return float(value)

    def json_schema(self):
        schema: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return schema


LEADING_ZERO_RE = re.compile(r"[-+]?0[0-9_]+", re.ASCII)


def yaml11_number(value: Any, loc: Loc, diags: Diagnostics, where: str) -> bool:
    """Report a number written as only YAML 1.1 (which the check reads) reads it: `72:00` is 4320 (base
    60), `010` is 8 (octal), `1_000` is 1000, while an editor (YAML 1.2) reads text or another
    number; True when reported. A learner typing 72:00 was told the right answer was 4320."""
    written = (written_text(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
               else value.strip() if isinstance(value, str) else None)
    if not written or not written.lstrip("+-")[:1].isdigit():
        return False
    digits = written.lstrip("+-").replace("_", "")
    if ":" in written and isinstance(value, (int, float)):
        reading, hint = f"a number in base 60 ({value:g})", "write the number in one unit, without a colon"
    elif "_" in written and LEADING_ZERO_RE.fullmatch(written) and isinstance(value, (int, float)):
        # `0_5` is 5 to YAML 1.1 (octal, the _ dropped) and text to an editor: a decimal, mistyped?
        reading = f"{value:g}, and an editor as text"
        meant = digits.lstrip("0") or "0"  # `0_10` is 8 to YAML: its digits mean 10
        hint = f"write {meant}, or {written.replace('_', '.')} if a decimal was meant"
    elif LEADING_ZERO_RE.fullmatch(written) and digits.isdigit() and len(digits) > 1:
        meant = -int(digits) if written.startswith("-") else int(digits)
        if value == meant:  # `07`, `00`: the same number to both
            return False
        reading = (f"an octal number ({value})" if isinstance(value, int)
                   else "text, not a number (a leading 0 is octal to YAML, which has no 8 or 9)")
        hint = f"write it without the leading 0: {meant}"
    elif "_" in written and isinstance(value, (int, float)):
        reading, hint = f"{value:g}, and an editor as text", f"write it without the _: {written.replace('_', '')}"
    elif written.lower().startswith(("0b", "-0b", "+0b")) and isinstance(value, int):
        reading, hint = f"a binary number ({value})", f"write it in decimal: {value}"
    else:
        return False
    diags.error(loc, f"{where}: '{written}' is read by YAML as {reading}", hint, "schema.type")
    return True


COMMA_NUMBER_RE = re.compile(r"[-+]?[0-9]+,[0-9]+", re.ASCII)
"""A number written with a comma (`2,5`, a Russian decimal; `1,000`, an English thousand): YAML reads text."""
THOUSANDS_COMMA_RE = re.compile(r"[-+]?[0-9]{1,3}(,[0-9]{3})+", re.ASCII)
"""`1,000`: a thousand in English, one and no thousandths in Russian: the hint names both."""

YAML11_BOOLEAN_WORDS = ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]
"""Plain words the check reads (YAML 1.1, PyYAML) as true or false, and an editor (YAML 1.2) as text."""
NOT_A_BOOLEAN_WORD = {"not": {"enum": YAML11_BOOLEAN_WORDS}}
"""A prose field's schema part that flags `- text: Yes` in an editor as the check flags it: YAML reads it
as a boolean. (An editor reads `yes` as the string it is; a quoted "yes" is flagged too, the one
difference, for the rare prose that is only that word. Short texts, a fill-in answer `"off"`, are left
alone: there the quoted word is likely.)"""


class Bool(Type):
    """true or false."""

    expected = "true or false"

    def check(self, value, loc, diags, where):
        if not isinstance(value, bool):
            # «without quotes» only where there are some: `correct: да` or `answer: 1` has none
            quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
            return self.mismatch(value, loc, diags, where,
                                 "write true or false without quotes" if quoted else "write true or false")
        return value

    def json_schema(self):
        # The check reads `yes`/`no`/`on`/`off` as booleans; an editor reading YAML 1.2 sees text.
        return {"anyOf": [{"type": "boolean"}, {"enum": YAML11_BOOLEAN_WORDS}]}


class Date(Type):
    """A date written YYYY-MM-DD."""

    expected = "a date (YYYY-MM-DD)"

    def check(self, value, loc, diags, where):
        if isinstance(value, dt.datetime):  # YAML reads `2027-01-15T08:00` as a time, which a date is not
            diags.error(loc, f"{where}: expected a date (YYYY-MM-DD) but received a date and time ({value})",
                        f"write the day alone: {value.date().isoformat()}", "schema.date")
            return INVALID
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                diags.error(loc, f"{where}: {value} is not a date that exists",
                            "check the day and the month (YYYY-MM-DD)", "schema.date")
                return INVALID
        diags.error(
            loc, f"{where}: expected a date (YYYY-MM-DD) but received {describe(value)}", "e.g. 2026-11-20",
            "schema.date"
        )
        return INVALID

    def json_schema(self):
        return {"type": "string", "format": "date"}


class Enum(Type):
    """One of a fixed set of words."""

    def __init__(self, *values: str, names: Callable[[], tuple[str, ...]] | None = None) -> None:
        self.names = names or (lambda: values)

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed words (asked for each time: question kinds are registered at run time)."""
        return self.names()

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.values)

    def check(self, value, loc, diags, where):
        if value in self.values:
            return value
        hint = suggest(str(value), self.values, "use one of the words listed")
        diags.error(
            loc, f"{where}: expected one of: {', '.join(self.values)} but received {describe(value)}", hint,
            "schema.enum"
        )
        return INVALID

    def json_schema(self):
        return {"enum": list(self.values)}


class OneOf(Type):
    """The first of several types that accepts the value (`attempts: 3` or `attempts: unlimited`)."""

    def __init__(self, *types: Type) -> None:
        self.types = types
        self.expected = " or ".join(t.expected for t in types)

    def check(self, value, loc, diags, where):
        probes = []
        for candidate in self.types:
            probe = Diagnostics()
            result = candidate.check(value, loc, probe, where)
            if not probe.items:
                return result
            probes.append((candidate, probe))
        # A value of the right kind for one of them but out of its range (`attempts: 0`): that one's
        # message ("expected a whole number" would be wrong of a whole number).
        for candidate, probe in probes:
            if all(found.code == "schema.range" for found in probe.items):
                others = " or ".join(t.expected for t in self.types if t is not candidate)
                for found in probe.items:
                    diags.error(found.loc, found.message, f"{found.hint}; or write {others}", found.code)
                return INVALID
        # A number YAML 1.1 reads otherwise than an editor (`attempts: 010`, octal): that type's message,
        # not «expected a whole number … but received 8 (a whole number)» (yaml11_number's words).
        for candidate, probe in probes:
            if probe.items and all(" is read by YAML as " in found.message for found in probe.items):
                diags.items += probe.items
                return INVALID
        # Report with the type whose shape matches (a list for a list, etc.) for the most useful message.
        best = next((t for t in self.types if isinstance(t, ListOf) == isinstance(value, list)), self.types[0])
        if isinstance(best, ListOf) and isinstance(value, list):
            return best.check(value, loc, diags, where)
        return self.mismatch(value, loc, diags, where)

    def json_schema(self):
        return {"anyOf": [t.json_schema() for t in self.types]}


class ListOf(Type):
    """A list whose items all have one type."""

    def __init__(self, item: Type, min_items: int = 0, unique: bool = False, editor_min_items: int = 0) -> None:
        """`editor_min_items`: a least count only the JSON Schema states, where a later check (a question
        kind's) reports a short list in its own words: the editor flags it as the build will."""
        self.item, self.min_items, self.unique = item, min_items, unique
        self.editor_min_items = max(min_items, editor_min_items)
        self.expected = f"a list of {item.expected}"

    def check(self, value, loc, diags, where):
        if not isinstance(value, list):
            return self.mismatch(value, loc, diags, where, "write each item on its own line starting with '- '")
        loc = loc_of(value, loc)
        if len(value) < self.min_items:
            diags.error(loc, f"{where}: needs at least {self.min_items} item(s), has {len(value)}",
                        "add the missing items", "schema.range")
        cleaned = YList()
        cleaned.loc, cleaned.item_locs = loc, []
        cleaned.dropped = 0  # items that did not pass (each reported): a count check after would repeat them
        for index, item in enumerate(value):
            item_loc = value.item_loc(index) if isinstance(value, YList) else loc
            where_item = Where.item(where, index, removable=len(value) > self.editor_min_items)
            result = self.item.check(item, item_loc, diags, where_item)
            if result is not INVALID:
                cleaned.append(result)
                cleaned.item_locs.append(item_loc)
            else:
                cleaned.dropped += 1
        return cleaned

    def json_schema(self):
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.editor_min_items:
            schema["minItems"] = self.editor_min_items
        return schema


@dataclass
class Field:
    """One key of an `Obj`."""

    type: Type
    """The value's type."""
    doc: str
    """What the key means (shown by editors)."""
    required: bool = False
    """Whether the key must be present."""
    default: Any = None
    """Value used when the key is absent."""
    attr: str = ""
    """The model attribute the value goes to, when it is not named like the key."""


@dataclass
class Obj(Type):
    """A mapping with known keys; unknown keys are errors with a suggestion."""

    fields: dict[str, Field]
    """Known keys."""
    name: str = "mapping"
    """What the mapping is, for messages (`question`, `module front matter`)."""
    expected: str = field(default="a mapping")
    labelled: bool = True
    """Name the mapping by its `id` in messages (`question 'q3'`)."""
    model: type | None = None
    """The model dataclass the checked mapping becomes (with its location, when it has a `loc`);
    None to keep the checked mapping for the loader, which needs more than the mapping to build it."""
    exactly_one: tuple[str, ...] = ()
    """Keys of which the mapping writes exactly one (a question's `objective`/`objectives`). Only
    exported for editors: the validate stage reports it, where it can say more."""

    def check(self, value, loc, diags, where):
        if not isinstance(value, dict):  # (a whole file's mapping has no `where`: it is named by what it is)
            # A text where an entry with a text is wanted (`- Это условие доверия.` among options) is
            # one: write it under its key (author audit: «write key: value pairs» did not say which).
            hint = "write key: value pairs, indented under it"
            if isinstance(value, str) and "text" in self.fields:
                others = ", ".join([key for key in self.fields if key != "text"][:3])
                hint = f"write it as '- text: {value.strip()[:40]}', with {others} under it as needed"
            return self.mismatch(value, loc, diags, where or self.name, hint)
        cleaned = self.check_keys(value, self.fields, loc_of(value, loc), diags, where)
        return self.build(cleaned) if self.model is not None and cleaned is not INVALID else cleaned

    def build(self, cleaned: YMap) -> Any:
        """The model object of a checked mapping: each value under its field's attribute; keys left
        out take the dataclass's defaults."""
        values = {(self.fields[key].attr or key): value for key, value in cleaned.items()}
        names = {f.name for f in dataclass_fields(self.model)}
        if "loc" in names:
            values["loc"] = cleaned.loc
        if "field_locs" in names:
            values["field_locs"] = dict(cleaned.value_locs)
        return self.model(**values)

    def check_keys(self, value: dict, fields: dict[str, Field], loc: Loc, diags: Diagnostics, where: str,
                   elsewhere: dict[str, str] | None = None) -> Any:
        """Check every key of `value` against `fields`; return a located mapping of cleaned values.
        `elsewhere`: keys this mapping may not have that others of its kind may, each with the error
        to report (a question type's key on a question of another type)."""
        cleaned = YMap()
        cleaned.loc, cleaned.key_locs, cleaned.value_locs = loc, {}, {}
        label = self.label(value)
        ok = True
        misspelt: dict[str, Loc] = {}  # the key meant, where a misspelling of it is written
        unknown = [key for key in value if key not in fields and not (elsewhere and key in elsewhere)]
        missing = [key for key, spec in fields.items() if spec.required and key not in value]
        for key in value:
            key_loc = value.key_loc(key) if isinstance(value, YMap) else loc
            if key not in fields and elsewhere and key in elsewhere:
                diags.error(key_loc, elsewhere[key], "check 'type:', or remove the key", "schema.unknown-key")
                continue
            if key not in fields and len(unknown) == len(missing) == 1 and not closest(str(key), fields):
                # One key unknown, one required key missing (`goto:` for `next:`): one mistake, told once.
                meant = missing[0]
                diags.error(key_loc, f"unknown key '{key}' in {label}, which lacks required key '{meant}'",
                            f"if '{key}' means it, write '{meant}:' ({fields[meant].doc}); else add '{meant}:' and "
                            f"remove '{key}'", "schema.unknown-key")
                misspelt[meant] = key_loc
                continue
            if key not in fields:
                meant = report_unknown_key(key, fields, key_loc, diags, label)
                if meant and meant not in value:
                    misspelt[meant] = key_loc
                continue
            value_loc = value.value_loc(key) if isinstance(value, YMap) else loc
            # (the id's own error quotes it: «glossary entry 'Term_A' 'id': 'Term_A' …» said it twice)
            where_key = Where.key(self.name if key == "id" else label, key, optional=not fields[key].required)
            result = fields[key].type.check(value[key], value_loc, diags, where_key)
            if result is INVALID:
                ok = ok and not fields[key].required
                # Written, wrong: its own error says so; later checks see it as written (a Cyrillic
                # letter in `objective:` was told again as «names no objective»).
                cleaned.key_locs[key] = key_loc
                if fields[key].default is not None:  # reported; later stages read the default, as when absent
                    cleaned[key] = fields[key].default
                    cleaned.defaulted = cleaned.defaulted | {key}
                continue
            cleaned[key] = result
            cleaned.key_locs[key], cleaned.value_locs[key] = key_loc, value_loc
        for key, spec in fields.items():
            if key in value:
                continue
            if key in misspelt:
                # Written, misspelt: its unknown-key error says so. Later checks see it as written
                # («names no objective» would repeat it); a required one still leaves the mapping unloaded.
                cleaned.key_locs[key] = misspelt[key]
                ok = ok and not spec.required
                if spec.default is not None:
                    cleaned[key] = spec.default
            elif spec.required:
                diags.error(loc, f"{label} is missing required key '{key}'", f"add '{key}:' ({spec.doc})",
                            "schema.required")
                ok = False
            elif spec.default is not None:
                cleaned[key] = spec.default
        return cleaned if ok else INVALID

    def label(self, value: dict) -> str:
        """`question 'q3'` when the mapping has a usable id, else just `question`."""
        node_id = value.get("id")
        if not (self.labelled and isinstance(node_id, str) and node_id):
            return self.name
        return f"{self.name} '{shortened(node_id)}'"

    def json_schema(self):
        schema = {
            "type": "object",
            "properties": {k: {**f.type.json_schema(), "description": f.doc} for k, f in self.fields.items()},
            "required": [k for k, f in self.fields.items() if f.required],
            "additionalProperties": False,
        }
        if self.exactly_one:
            schema["oneOf"] = [{"required": [key]} for key in self.exactly_one]
        return schema


def report_unknown_key(key: Any, fields: dict[str, Field], loc: Loc, diags: Diagnostics, name: str) -> str | None:
    """`unknown key 'objectves' in module front matter; did you mean 'objectives'?`; returns the key
    meant, when one is this close."""
    hint = suggest(str(key), fields, f"allowed keys: {', '.join(fields)}")
    diags.error(loc, f"unknown key '{key}' in {name}", hint, "schema.unknown-key")
    return closest(str(key), fields)


@dataclass
class MapOf(Type):
    """A mapping from ids to values of one type (course.yml `references`)."""

    value: Type
    """Type of every value."""
    expected: str = field(default="a mapping")

    def check(self, value, loc, diags, where):
        if not isinstance(value, dict):
            return self.mismatch(value, loc, diags, where)
        cleaned = YMap()
        cleaned.loc, cleaned.key_locs, cleaned.value_locs = loc_of(value, loc), {}, {}
        for key in value:
            key_loc = value.key_loc(key) if isinstance(value, YMap) else loc
            if Id().check(key, key_loc, diags, f"{where} key") is INVALID:
                continue
            result = self.value.check(value[key], value.value_loc(key) if isinstance(value, YMap) else loc, diags,
                                      f"{where} '{key}'")
            if result is not INVALID:
                cleaned[key] = result
                cleaned.key_locs[key] = key_loc
                cleaned.value_locs[key] = value.value_loc(key) if isinstance(value, YMap) else loc
        return cleaned

    def json_schema(self):
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": self.value.json_schema()}


@dataclass
class Variant(Obj):
    """A mapping whose allowed keys depend on its `type` key (quiz questions)."""

    kinds: Callable[[], dict[str, dict[str, Field]]] = dict
    """The extra keys per value of `type`, asked for at each use (question kinds register themselves)."""

    @property
    def variants(self) -> dict[str, dict[str, Field]]:
        """Extra keys per value of `type`."""
        return self.kinds()

    def check(self, value, loc, diags, where):
        if not isinstance(value, dict):
            return self.mismatch(value, loc, diags, where)
        loc = loc_of(value, loc)
        kind = value.get("type")
        if not isinstance(kind, str) or kind not in self.variants:  # `type: []` is no key of a dict
            type_loc = value.value_loc("type") if isinstance(value, YMap) and "type" in value else loc
            if "type" not in value:
                diags.error(loc, f"{self.label(value)} is missing required key 'type'",
                            f"add 'type:' (one of {', '.join(self.variants)})", "schema.required")
            else:
                Enum(*self.variants).check(kind, type_loc, diags, f"{self.label(value)} 'type'")
            return INVALID
        own = {**self.fields, **self.variants[kind]}
        elsewhere = {key: f"'{key}' is not a key of a {kind} {self.name} (a key of {', '.join(others)} ones)"
                     for key in value if key not in own
                     for others in [[k for k, extra in self.variants.items() if key in extra]] if others}
        return self.check_keys(value, own, loc, diags, where, elsewhere)

    def json_schema(self):
        all_fields = dict(self.fields)
        for extra in self.variants.values():
            for key, spec in extra.items():
                if key in all_fields and all_fields[key].type.json_schema() != spec.type.json_schema():
                    # The same key means different things per type (`answer`: bool or number).
                    spec = Field(OneOf(all_fields[key].type, spec.type), all_fields[key].doc + " / " + spec.doc)
                elif key in all_fields:  # the same value (`options`): one schema, so a slip inside is shown there
                    spec = Field(spec.type, all_fields[key].doc if all_fields[key].doc == spec.doc
                                 else all_fields[key].doc + " / " + spec.doc)
                all_fields[key] = spec
        schema = Obj(all_fields, exactly_one=self.exactly_one).json_schema()
        schema["required"] = [k for k, f in self.fields.items() if f.required]
        schema["allOf"] = [
            {
                "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                "then": self.kind_json_schema(extra, all_fields),
            }
            for kind, extra in self.variants.items()
        ]
        return schema

    def kind_json_schema(self, extra: dict[str, Field], all_fields: dict[str, Field]) -> dict:
        """What one `type` adds: its required keys, its own value of a key kinds share (`answer`), and
        no key of another kind (the tool calls `answer:` on a single-choice question unknown)."""
        others = {key: False for key in all_fields if key not in self.fields and key not in extra}
        return {"required": [k for k, f in extra.items() if f.required],
                "properties": {**others, **{key: spec.type.json_schema() for key, spec in extra.items()}}}


# ---- The course's schemas -------------------------------------------------------------------


def question_kind_fields() -> dict[str, dict[str, Field]]:
    """Each question kind's own keys, by kind (builder/questions/: a kind declares its keys there)."""
    from builder.questions import KINDS  # the kinds' modules build on this module's types

    return {name: kind.fields for name, kind in KINDS.items()}


def question_kind_names() -> tuple[str, ...]:
    """Every question kind, in the order the authoring guide lists them."""
    return tuple(question_kind_fields())


MARKDOWN = Str(prose=True)
"""A Markdown text (rendered; may cite sources and link glossary terms)."""

_CLINICAL_REVIEW = ListOf(Obj(name="clinical_review item", model=ClinicalNote, fields={
    "text": Field(Str(prose=True), "The statement that needs clinical or legal sign-off.", required=True),
    "source": Field(Cite(), "Citation key:lines it rests on."),
}))
"""Statements flagged for clinical or legal sign-off (modules, glossary entries and quizzes)."""

_LOCAL_DOCS = {
    "organisation": "The issuing organisation (certificate, governance, packages' metadata).",
    "crisis_line": "The crisis line learners should call or give to patients.",
    "suicide_protocol": "Where the local protocol for suicide risk is kept and who acts on it.",
    "referral_contacts": "Local referral contacts (narcology, psychiatry, community services).",
}
assert tuple(_LOCAL_DOCS) == LOCAL_KEYS

_CONTENT_WARNING = Field(Str(prose=True), "A content note shown before it (e.g. it mentions a death).")

COURSE = Obj(
    name="course.yml",
    labelled=False,
    fields={
        "id": Field(Id(), "Course id: the SCORM identifier and the start of package names.", required=True),
        "title": Field(Plain(), "Course title.", required=True),
        "language": Field(Enum("ru", "en"), "Interface language.", default=DEFAULT_LANGUAGE),
        "version": Field(Version(), "Content version, e.g. \"1.0.0\" (quoted): part of every package's file name.",
                         required=True),
        "description": Field(Plain(), "What the course is about."),
        "audience": Field(ListOf(Str()), "Who the course is for."),
        "duration_minutes": Field(Int(1), "Estimated study time of the whole course, in minutes."),
        "licence": Field(Str(), "Content licence, e.g. CC BY-SA 4.0."),
        "keywords": Field(ListOf(Str()), "Keywords for LMS metadata."),
        "authors": Field(
            ListOf(Obj(name="author", model=Author, fields={
                "name": Field(Str(), "Person or team.", required=True),
                "role": Field(Str(), "What they did."),
            })),
            "Course authors.",
        ),
        "governance": Field(
            Obj(name="governance", model=Governance, fields={
                "owner": Field(Str(), "Who owns the content.", required=True),
                "reviewer": Field(Str(), "Who is to review it (the reviews themselves go under reviews:)."),
                "last_review": Field(Date(), "Superseded by reviews: a date here must be the date of a recorded "
                                             "review."),
                "review_by": Field(Date(),
                                   "Date of the next review (YYYY-MM-DD): recorded reviews are current until then.",
                                   required=True),
                "required_roles": Field(ListOf(Str(), unique=True),
                                        "Roles that must each sign a module (or the glossary) off before it counts "
                                        "as reviewed, e.g. [врач-инфекционист, юрист]; a review's role names one."),
            }),
            "Content ownership and review dates.",
        ),
        "reviews": Field(
            ListOf(Obj(name="review", labelled=False, model=Review, fields={
                "module": Field(Id(), "The module reviewed, or glossary, or course (the whole course).", required=True,
                                attr="subject"),
                "reviewer": Field(Str(), "Who reviewed (name).", required=True),
                "role": Field(Str(), "In which capacity: clinician, lawyer, ...", required=True),
                "date": Field(Date(), "When the review was signed (YYYY-MM-DD).", required=True),
                "scope": Field(Str(), "What the review covered (clinical content, legal statements, ...)."),
                "fingerprint": Field(Str(), "The text's fingerprint the review edition printed beside the sign-off "
                                            "table: the review stops counting once the text changes."),
                "decision": Field(Enum("approved", "approved_with_changes", "rejected"),
                                  "approved (default), approved_with_changes (on the conditions scope names), or "
                                  "rejected (signs nothing off).", default="approved"),
            })),
            "Signed reviews; the pages show 'not yet reviewed' until there is one.",
        ),
        "modules": Field(ListOf(Id(), min_items=1), "Module ids in the order learners see them.", required=True),
        "final_quiz": Field(Id(), "Id of a quiz shown after the last module."),
        "glossary": Field(Str(), "Glossary file, relative to course/ (e.g. glossary.yml)."),
        "passing_score": Field(Int(0, 100), "Default percent needed to pass a quiz.", default=DEFAULT_PASSING_SCORE),
        "completion": Field(
            Obj(name="completion", fields={
                "modules_seen": Field(OneOf(Enum("all"), ListOf(Id())), "Modules a learner must open: all, or a list.",
                                      default="all"),
                "modules_read": Field(OneOf(Enum("all", "none"), ListOf(Id())),
                                      "Modules whose every lesson a learner must read to its end: all, none, or a "
                                      "list.", default="none"),
                "quizzes_passed": Field(OneOf(Enum("all", "none"), ListOf(Id())),
                                        "Quizzes a learner must pass: all, none, or a list.", default="all"),
            }),
            "What a learner must do to complete the course.",
        ),
        "outputs": Field(ListOf(Enum(*OUTPUT_FORMATS), min_items=1), "Targets `course build` makes by default."),
        "references": Field(
            MapOf(Obj(name="reference", fields={
                "title": Field(Str(), "Title shown in reference lists.", required=True),
                "file": Field(Str(), "File name of the document in the sources folder.", required=True),
                "short": Field(Str(), "Short name used in inline citations (e.g. Пособие)."),
            })),
            "Source documents that [@key:lines] citations point at.",
        ),
        "local": Field(
            Obj(name="local", fields={
                key: Field(Str(), doc + " Write ask to have the page tell learners to ask their organisation.")
                for key, doc in _LOCAL_DOCS.items()
            }),
            "Local details the pages fill in where Markdown writes {{local.key}}.",
        ),
        "scorm": Field(
            Obj(name="scorm", fields={
                "prerequisites": Field(Bool(), "Per-module SCOs: module N opens once module N-1 is passed (its quiz "
                                               "passed, or the module completed when it has none; SCORM 2004)."),
                "schemas": Field(Str(), "Folder holding the SCORM XSD files to ship inside packages."),
            }),
            "SCORM packaging options.",
        ),
    },
)
"""course/course.yml"""

MODULE = Obj(
    name="module front matter",
    fields={
        "id": Field(Id(), "Module id, unique in the course.", required=True),
        "title": Field(Plain(), "Module title.", required=True),
        "summary": Field(Plain(), "One or two sentences for the module list.", required=True),
        "minutes": Field(Int(1, 600), "Estimated minutes.", required=True),
        "quiz": Field(Id(), "Id of the quiz that ends the module."),
        "objectives": Field(
            ListOf(Obj(name="objective", fields={
                "id": Field(Id(), "Objective id, unique in the course.", required=True),
                "text": Field(Plain(), "The objective, starting with a verb.", required=True),
            }), min_items=1),
            "Measurable learning objectives.",
            required=True,
        ),
        "content_warnings": Field(ListOf(Plain()), "Content notes shown before the text."),
        "clinical_review": Field(_CLINICAL_REVIEW, "Statements flagged for clinical or legal sign-off (listed in the "
                                                   "facilitator's guide)."),
    },
)
"""Front matter of modules/*.md"""

_FEEDBACK = Obj(name="feedback", fields={
    "correct": Field(MARKDOWN, "Shown after a right answer."),
    "incorrect": Field(MARKDOWN, "Shown after a wrong answer."),
})

QUESTION = Variant(
    name="question",
    exactly_one=("objective", "objectives"),
    fields={
        "id": Field(Id(), "Question id, unique in the course: the LMS interaction id.", required=True),
        "type": Field(Enum(names=question_kind_names), "Question type.", required=True),
        "objective": Field(Id(), "Id of the objective it assesses (or write objectives:)."),
        "objectives": Field(
            ListOf(Id(), min_items=1),
            "Ids of the objectives it assesses, from any module; the first is the primary one (or write objective:).",
        ),
        "content_warning": _CONTENT_WARNING,
        "prompt": Field(MARKDOWN, "The question (Markdown).", required=True),
        "points": Field(Int(1, 100), "Points for a right answer.", default=1),
        "explanation": Field(MARKDOWN, "Why the answer is right, citing sources."),
        "feedback": Field(_FEEDBACK, "General feedback after right and wrong answers."),
        "sources": Field(ListOf(Cite()), "Extra citations key:lines."),
    },
    kinds=question_kind_fields,
)
"""One question of a quiz."""

QUIZ = Obj(
    name="quiz",
    fields={
        "id": Field(Id(), "Quiz id, unique in the course.", required=True),
        "title": Field(Plain(), "Quiz title.", required=True),
        "passing_score": Field(Int(0, 100), "Percent needed to pass (default: the course's)."),
        "attempts": Field(OneOf(Int(1), Enum("unlimited")), "Allowed attempts: a number or unlimited.",
                          default="unlimited"),
        "shuffle": Field(Bool(), "Shuffle questions and options each attempt.", default=False),
        "feedback": Field(Enum(*FEEDBACK_POLICIES), "When correct answers are shown.", default="immediate"),
        "one_per_screen": Field(Bool(), "Show one question at a time, then a list of every question "
                                        "(after submit: the results).", default=False),
        "out_of_attempts": Field(Str(prose=True),
                                 "What a learner who used every attempt without passing should do next "
                                 "(default: their answers are kept; ask the trainer for another attempt)."),
        "content_warning": _CONTENT_WARNING,
        "clinical_review": Field(_CLINICAL_REVIEW, "Statements of the quiz's questions flagged for clinical or legal "
                                                   "sign-off (the review edition lists them before the answer key)."),
        "pool": Field(
            Obj(name="pool", model=Pool, fields={
                "draw": Field(Int(1), "How many questions each attempt shows.", required=True),
                "by": Field(Enum("none", "objective", "quiz"), "Draw evenly across objectives or quizzes.",
                            default="none"),
            }),
            "Draw a subset of the bank for each attempt.",
        ),
        "include": Field(OneOf(Enum("all"), ListOf(Id())), "Other quizzes whose questions join the bank (or all)."),
        "questions": Field(ListOf(QUESTION), "The questions.", default=[]),
    },
)
"""quizzes/*.yml"""

GLOSSARY = ListOf(Obj(name="glossary entry", fields={
    "id": Field(Id(), "Term id, linked from Markdown as [[id]].", required=True),
    "term": Field(Plain(), "The term.", required=True),
    "aliases": Field(ListOf(Plain()), "Other names: slang, English, abbreviations."),
    "definition": Field(MARKDOWN, "A short definition.", required=True),
    "source": Field(Cite(), "Citation key:lines backing the definition."),
    "clinical_review": Field(_CLINICAL_REVIEW, "Statements of the entry flagged for clinical or legal sign-off."),
}))
"""course/glossary.yml"""


def json_schemas() -> dict[str, dict]:
    """Every schema as a JSON Schema document, by file name."""
    documents = {
        "course.schema.json": ("course/course.yml", COURSE),
        "module.schema.json": ("Front matter of modules/*.md", MODULE),
        "quiz.schema.json": ("quizzes/*.yml", QUIZ),
        "glossary.schema.json": ("course/glossary.yml", GLOSSARY),
    }
    return {
        name: {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **schema_type.json_schema()}
        for name, (title, schema_type) in documents.items()
    }
