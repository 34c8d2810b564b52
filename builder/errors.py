"""Diagnostics: the one error type, its stable codes, and the collector every stage reports into.

Library code never prints. Stages append `Diagnostic`s to a `Diagnostics` list so that one run
reports every problem; the CLI raises one `CourseError` carrying them all, which Click shows once.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import click

from builder.model import Loc

CODES: dict[str, str] = {
    # files and YAML
    "file.missing": "A file or folder the course needs does not exist.",
    "file.encoding": "A source file is not valid UTF-8.",
    "file.ignored": "A file in modules/ or quizzes/ named almost as one the build reads, which it does not read.",
    "file.kind": ("A source or asset that is not a readable regular file inside the course (a folder, FIFO, device, "
                  "unreadable file, link loop or link out of the course)."),
    "yaml.syntax": "A YAML file (or front matter) cannot be parsed.",
    "yaml.duplicate-key": "The same key is written twice in one YAML mapping.",
    "schema.plain": "Course syntax (a link, a citation, a tag, bold) in a text printed as written (a warning).",
    "yaml.comment": "A text cut short by ` #`, which YAML reads as the start of a comment (a warning).",
    "front-matter.missing": "A module file does not start with a `---` front-matter block.",
    # schema
    "schema.unknown-key": "A key the format does not know (often a typo).",
    "schema.required": "A required key is missing.",
    "schema.type": "A value has the wrong type.",
    "schema.enum": "A value is not one of the allowed words.",
    "schema.range": "A number is outside its allowed range.",
    "schema.id": "An id is not lower-case latin letters, digits and hyphens.",
    "schema.date": "A value is not a date written as YYYY-MM-DD, or a date that does not exist.",
    "schema.version": ("A version that cannot be part of a file name, or an unquoted number YAML would change (1.10 "
                       "reads as 1.1)."),
    "schema.length": "An id or name longer than file names and LMSs take.",
    # identity and references
    "id.duplicate": "Two things share an id that must be unique across the course.",
    "glossary.duplicate": "A term or alias written for two glossary entries (a warning).",
    "ref.module": "A module id that does not exist.",
    "ref.quiz": "A quiz id that does not exist.",
    "completion.unreachable": ("A quiz the completion rule requires that no learner is shown (no module ends with it "
                               "and it is not the final): the course could never be completed."),
    "ref.objective": "An objective id that does not exist.",
    "ref.question": "A question id that does not exist (or is not in the module's quiz).",
    "ref.glossary": "A glossary term id that does not exist.",
    "ref.citation": "A citation whose key is not among course.yml's references, or whose lines are malformed.",
    "ref.step": "A scenario step id that does not exist.",
    "ref.link": "A link to a file that is not a module of the course.",
    "ref.anchor": "A link to a heading (`#anchor`) that the module it names does not have.",
    "ref.local": "A `{{local.key}}` whose key is not a local setting of the course.",
    "course.local-unset": ("A `{{local.key}}` used in Markdown whose setting course.yml does not give (write `ask` to "
                           "leave it to the learner's organisation)."),
    "path.outside": "A path that leaves the course folder (`..` or absolute).",
    "path.missing": "A referenced image or file that does not exist.",
    "image.alt": "An image without alt text.",
    "image.size": "An image `{width=…}` or `{height=…}` that is not a whole number of pixels.",
    "asset.type": ("An asset of a type a course may not ship (only images, PDF, audio, video and text), or an SVG "
                   "with a script."),
    "asset.name": "An asset's file name a package or the site cannot carry (a backslash, a device name such as con).",
    "module.name": ("A module file name that cannot name its page: reserved for a generated page (index, glossary, "
                    "final) or with unsafe characters."),
    # Markdown
    "md.raw-html": "Raw HTML in Markdown, which the course format does not allow.",
    "md.control": "A control character in a module's text (invisible in an editor; it would reach the page).",
    "md.block-unknown": "A `:::` block with a name the format does not know.",
    "md.block-unclosed": "A `:::` block that is never closed, or a `:::` that closes none.",
    "md.block-args": "A `:::` block with arguments it does not take.",
    "md.dialogue-line": "A dialogue line that is not `Speaker: words`.",
    "md.reflect-answer": "A reflect block without a model answer after `---`.",
    "md.answer-label": "A model answer that starts with the label the page prints above it (a warning).",
    "md.footnote": "A footnote reference `[^x]` without its note `[^x]: …`.",
    "md.local-place": "A local setting `{{local.…}}` in a link's address, a glossary link's words or an image's "
                      "description, where it is not filled in.",
    "md.unclosed": "A glossary link `[[…` or a citation `[@…` not closed in its paragraph, or a local setting "
                   "`{{local.…` not written as `{{local.key}}`.",
    "md.fence": "A code fence (```` ``` ````) never closed: the rest of its module or block would show as code.",
    "md.underlined": "A `---` or `===` line right under text, which makes the text a heading (a warning).",
    "md.heading-level": "A heading more than one level below the one before it (a warning).",
    "md.title-heading": "A `#` heading in a module's text, but its title on top (a warning): lessons start at `##`.",
    "md.heading-empty": "A heading with no text (`## ` alone): an empty heading that still starts a lesson.",
    "md.check-empty": "A check block with a body (it takes only a question id).",
    "md.lesson": "A lesson marker (`{.lesson}`, `{.continue}`) on a heading it cannot stand on, or an unknown one.",
    "md.lang": "A `[words]{lang=…}` span whose value is not a language tag.",
    "md.block-shape": (
        "An interactive block (tabs, accordion, flashcards, steps) whose parts are not the ones it is made of."
    ),
    # quizzes
    "quiz.single-correct": "A `single` question that does not mark exactly one option correct.",
    "quiz.no-correct": "A `multiple` question that marks no option correct.",
    "quiz.options": "A choice question with fewer than two options, or duplicate options.",
    "quiz.answer-key": "An answer key that does not fit the question type.",
    "quiz.pool": "A pool that draws more questions than the bank holds, or none.",
    "quiz.scenario": "A scenario graph with an unreachable step, a dead end or a loop.",
    "quiz.longest-right": ("Most of a quiz's single-choice questions and scenario steps have the longest option as "
                           "the right one."),
    "quiz.scenario-end": "A scenario reply worth 0 points that ends the story where a reply worth points ends it.",
    "quiz.points": "Points that are not positive or a scenario whose best path scores nothing.",
    "quiz.unused": "A quiz that no module or the course uses.",
    "quiz.objectives": "A question that writes both `objective:` and `objectives:`.",
    "objective.unassessed": "An objective that no question assesses.",
    "module.empty": "A module with no text after its front matter (a warning).",
    # reviews
    "review.missing": ("A module (or the glossary) without a current signed review, or without one in each required "
                       "role (a notice: --strict does not fail on it)."),
    "review.stale": "A review was signed for a text that has changed since (its fingerprint differs).",
    "review.unbacked": "governance.last_review gives a date no recorded review has.",
    "review.role": "A review's role is none of governance.required_roles (or a role is required twice).",
    "objective.count": "A module with no objectives.",
    # sources
    "sources.missing": "A cited document is not in the sources folder.",
    "sources.range": "A cited line range does not exist in its document.",
    "sources.number": "A number in the citing sentence does not occur in the cited lines.",
    "sources.outside": "The course folder's sources is a link out of it, a broken link or a file: not read.",
    # build
    "build.output": "The output folder cannot be used (overlaps the sources, or cannot be written).",
    "build.review-sources": "The review edition is built without the folder of the cited documents (--sources DIR).",
    "build.budget": "A package would exceed a size limit of its target (e.g. SCORM 1.2 suspend_data).",
    "build.final_save": ("A SCORM package's final save (what the LMS must receive when the page closes) could exceed "
                         "60 KB."),
    "build.qbank": "A question the question-bank formats (Moodle XML, GIFT, QTI) cannot express.",
    "text.glyph": "A character the PDFs' bundled fonts cannot print (an emoji, Chinese), located in its file.",
    "build.handout-layout": "The print engine could not lay out a handout (e.g. an image it cannot read).",
    "build.handout-deps": "The print engine the handouts need cannot be loaded (the `typst` package).",
}
"""Every diagnostic code with what it means; `[code]` ends every message."""


def suggest(name: str, known: Iterable[str], fallback: str = "") -> str:
    """The one "did you mean" of every message: `did you mean 'x'?` for the closest known name,
    else `fallback`, else the first known names (a typo is the likeliest slip in a name)."""
    known = list(known)
    close = closest(str(name), known)
    if close:
        return f"did you mean '{close}'?"
    return fallback or (f"known: {', '.join(known[:8])}" if known else "nothing of that kind exists yet")


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name a typo of `name` most likely is, or None (the one measure of every hint)."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def repeated(values: Iterable[Hashable]) -> list:
    """The values written more than once, each once, in the order first written: every
    "written twice" check reports through this."""
    return [value for value, count in Counter(values).items() if count > 1]


CONTROL_RE = re.compile("[\x00-\x1f\x7f\u2028\u2029\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""What a message would print as nothing or as a line break: control characters, line separators,
and format characters (a zero-width space pasted into an id, a soft hyphen, a byte order mark)."""


def one_line(text: str) -> str:
    """`text` with control, format characters and line separators escaped (`\\n`, `\\x00`, `\\u2028`,
    `\\u200b`): a name that looks right shows why it is not."""
    return CONTROL_RE.sub(escaped_control, text)


def escaped_control(match: re.Match) -> str:
    """A control character as Python writes it (`\\n`); a line separator as `\\u2028`."""
    char = match.group()
    return repr(char)[1:-1] if char not in "\u2028\u2029" else f"\\u{ord(char):04x}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the sources: where, what, how to fix it, and its stable code."""

    loc: Loc
    """Where the problem is."""
    message: str
    """What is wrong."""
    hint: str
    """How to fix it (may be empty when the message says it all)."""
    code: str
    """A key of `CODES`."""
    severity: str = "error"
    """`error`, `warning` or `notice` (a state worth knowing that even --strict accepts)."""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")
        # Messages quote what the author wrote; a line break or control character in it would
        # break the one-line-per-problem output, so it is shown escaped (`\n`).
        object.__setattr__(self, "message", one_line(self.message))
        object.__setattr__(self, "hint", one_line(self.hint))

    def format(self) -> str:
        """`path:line:col: message; hint [code]`, with `warning: ` (`notice: `) before the message of a
        warning (notice)."""
        prefix = f"{self.severity}: " if self.severity != "error" else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{one_line(str(self.loc))}: {prefix}{self.message}{hint} [{self.code}]"

    def styled(self) -> str:
        """`format()` with colours for a terminal (the same text once click.echo drops them)."""
        warning = self.severity != "error"
        colour = "yellow" if self.severity == "warning" else "blue"
        kind = click.style(f"{self.severity}: ", fg=colour, bold=True) if warning else ""
        hint = f"; {click.style(self.hint, fg='cyan')}" if self.hint else ""
        return (f"{click.style(one_line(str(self.loc)), fg=None if warning else 'red', bold=True)}: "
                f"{kind}{self.message}{hint} [{self.code}]")

    def sort_key(self) -> tuple[str, int, int]:
        """Sort by file, then position, so output follows the sources (ties keep report order)."""
        return (self.loc.path, self.loc.line, self.loc.col)


@dataclass
class Diagnostics:
    """The list every stage appends to."""

    items: list[Diagnostic] = field(default_factory=list)
    """Everything reported so far, in report order."""

    def error(self, loc: Loc, message: str, hint: str, code: str) -> None:
        """Report an error."""
        self.items.append(Diagnostic(loc, message, hint, code))

    def warning(self, loc: Loc, message: str, hint: str, code: str) -> None:
        """Report a warning (an error under `--strict`)."""
        self.items.append(Diagnostic(loc, message, hint, code, "warning"))

    def notice(self, loc: Loc, message: str, hint: str, code: str) -> None:
        """Report a notice: shown by `course check`, never fatal, not even under `--strict`."""
        self.items.append(Diagnostic(loc, message, hint, code, "notice"))

    @property
    def errors(self) -> list[Diagnostic]:
        """Errors only."""
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Warnings only."""
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """Every diagnostic once, in source order."""
        return sorted(dict.fromkeys(self.items), key=Diagnostic.sort_key)

    def raise_if_errors(self, strict: bool = False) -> None:
        """Raise one `CourseError` with every diagnostic if there is an error (or, strict, a warning)."""
        if self.errors or (strict and self.warnings):
            raise CourseError([d for d in self.sorted() if d.severity != "notice"], strict=strict)



def counted(errors: int, warnings: int) -> str:
    """`3 errors, 1 warning` (no warnings: `3 errors`)."""
    return f"{errors} error{'s' * (errors != 1)}" + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")


class CourseError(click.ClickException):
    """The sources have problems: carries every diagnostic; the CLI shows them once and exits 1."""

    exit_code = 1
    ending = "build stopped: {summary}"
    """The last line under the diagnostics (`course check` says `check found …`: it builds nothing)."""

    def __init__(self, diagnostics: list[Diagnostic], strict: bool = False) -> None:
        self.diagnostics = diagnostics
        self.strict = strict
        super().__init__(self.summary())

    def summary(self) -> str:
        """`3 errors, 1 warning (warnings count as errors with --strict)`."""
        errors = sum(d.severity == "error" for d in self.diagnostics)
        warnings = len(self.diagnostics) - errors
        text = counted(errors, warnings)
        if warnings and self.strict:
            text += " (warnings count as errors with --strict)"
        return text

    def format_message(self) -> str:
        """Every diagnostic on its own line, then the count."""
        lines = [d.format() for d in self.diagnostics]
        return "\n".join(lines + [self.ending.format(summary=self.summary())])

    def show(self, file=None) -> None:  # type: ignore[override]
        """Print without Click's `Error: ` prefix: each line already says where and what
        (coloured on a terminal; click.echo drops the colours anywhere else)."""
        lines = [d.styled() for d in self.diagnostics]
        ending = click.style(self.ending.format(summary=self.summary()), fg="red", bold=True)
        click.echo("\n".join(lines + [ending]), file=file, err=True)
