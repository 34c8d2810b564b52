"""The in-memory course model: every output target reads these classes and nothing else.

The loader (`builder.load`) builds the model from course.yml, the module Markdown files
and the quiz YAML files; the render stage (`builder.render`) fills in the `html` of every
`Markdown` text. Every node keeps the source location it came from, so that any later
check can point the author at a file and line.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FEEDBACK_POLICIES = ("immediate", "on_submit", "on_pass", "never")
"""When the correct answers are shown: after each question, after submitting, once passed, never."""

OUTPUT_FORMATS = ("html", "scorm12", "scorm2004", "single", "moodle-xml", "gift", "qti", "handout", "review")
"""Every output target `course build --format` knows, in the order they are built."""

DEFAULT_OUTPUTS = ("html", "scorm12", "scorm2004", "single", "handout")
"""What `course build` makes when course.yml names no `outputs` (the question banks and the review
edition are asked for by name)."""

DEFAULT_LANGUAGE = "ru"
"""The interface language when course.yml names none."""

DEFAULT_PASSING_SCORE = 70
"""Percent needed to pass a quiz when neither course.yml nor the quiz says."""

CALLOUT_KINDS = ("note", "tip", "warning", "important")
"""Container names rendered as a callout box."""

LOCAL_KEYS = ("organisation", "crisis_line", "suicide_protocol", "referral_contacts")
"""Course-wide local settings (`local:` in course.yml) that Markdown fills in as `{{local.key}}`."""

LOCAL_ASK = "ask"
"""A `local:` value meaning "the learner asks their organisation": the page says so, no warning."""


@dataclass(frozen=True)
class Loc:
    """Where something was written: a path relative to the course root, 1-based line and column."""

    path: str
    """File path relative to the course root, with forward slashes (`quizzes/03-protocol.yml`)."""
    line: int = 0
    """1-based line; 0 when the problem concerns the whole file."""
    col: int = 0
    """1-based column; 0 when unknown."""

    def __str__(self) -> str:
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass
class Markdown:
    """A piece of author-written Markdown and, after the render stage, its HTML."""

    source: str
    """The Markdown text as written."""
    loc: Loc
    """Where the text starts, so that Markdown diagnostics get real line numbers."""
    html: str = ""
    """The rendered HTML (filled in by `builder.render`)."""
    inline: bool = False
    """Render as inline content (no wrapping paragraph): option labels, short feedback."""
    in_file: str = field(default="", repr=False, compare=False)
    """A text from YAML in quotes, a block or over several lines: the characters its file holds for
    it, where the render stage finds a problem's line and column ('' when they are the text's own;
    `yamlload.QUOTED` when they are the text's own between quotes)."""
    _plain: str | None = field(default=None, repr=False, compare=False)

    @property
    def plain(self) -> str:
        """The text without markup, for places that take no HTML (LMS descriptions, PDF metadata).
        Made from the HTML on first use: most texts (module bodies) never need it."""
        if self._plain is None:
            self._plain = to_plain(self.html)
        return self._plain

    @plain.setter
    def plain(self, value: str | None) -> None:
        self._plain = value  # None: made again from the HTML when next read


TAG_RE = re.compile(r"<[^>]+>")
BREAKING_TAG_RE = re.compile(
    r"</?(?:address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header"
    r"|hr|img|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>", re.I)
"""Tags between which words part (blocks, a line break, an image); any other tag sits inside a word
as often as between two: «<strong>Т</strong>-лимфоцит», «<span lang="en">linkage</span>»."""
SPOKEN_ONLY_RE = re.compile(r'<span class="visually-hidden">[^<]*</span>')
"""Words a screen reader is told that the page does not show (a titled callout's kind)."""


def to_plain(fragment: str) -> str:
    """Text of an HTML fragment without tags, whitespace folded: the words on the page (those for a
    screen reader alone are neither counted nor put in descriptions)."""
    parted = BREAKING_TAG_RE.sub(" ", SPOKEN_ONLY_RE.sub("", fragment))
    return re.sub(r"\s+", " ", html_lib.unescape(TAG_RE.sub("", parted))).strip()


@dataclass
class Reference:
    """A source document that citations point at (`references:` in course.yml)."""

    key: str
    """The key used in citations: `[@key:lines]`."""
    title: str
    """The document's title as shown in reference lists."""
    file: str
    """The document's file name inside the folder given to `course check --sources`."""
    loc: Loc
    """Where the reference is declared in course.yml."""
    short: str = ""
    """A short name for inline citations (`Пособие`); defaults to the title."""

    @property
    def name(self) -> str:
        """The name a citation outside the reference list uses: the short name, else the title."""
        return self.short or self.title


@dataclass
class Citation:
    """One `[@key:lines]` citation found while rendering Markdown."""

    key: str
    """Reference key."""
    start: int
    """First cited line."""
    end: int
    """Last cited line (equal to `start` for a single line)."""
    loc: Loc
    """Where the citation is written."""
    sentence: str = ""
    """The text of the sentence the citation supports (for the figure check of `--sources`)."""
    number: int = 0
    """Its number in the page's reference list (filled by the renderer)."""

    @property
    def label(self) -> str:
        """`manual:500-513` or `report:1083`."""
        lines = str(self.start) if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.key}:{lines}"


@dataclass
class GlossaryTerm:
    """One glossary entry (course/glossary.yml)."""

    id: str
    """Stable id, used in Markdown as `[[id]]`."""
    term: str
    """The term as shown to learners."""
    definition: Markdown
    """A short definition."""
    aliases: list[str] = field(default_factory=list)
    """Other names: slang, English, abbreviations."""
    source: Citation | None = None
    """Optional citation backing the definition."""
    loc: Loc = field(default_factory=lambda: Loc(""))
    """Where the entry is written."""
    clinical_review: list[ClinicalNote] = field(default_factory=list)
    """Statements of the entry flagged for clinical or legal sign-off."""


@dataclass
class Objective:
    """A measurable learning objective of a module."""

    id: str
    """Course-wide unique id; questions name it in `objective:`."""
    text: str
    """The objective as learners read it."""
    module_id: str
    """The module that declares it."""
    loc: Loc
    """Where it is written."""


@dataclass
class ClinicalNote:
    """A statement that needs clinical or legal sign-off before publication."""

    text: str
    """What needs checking."""
    loc: Loc
    """Where it is declared."""
    source: Citation | None = None
    """Citation of what the statement rests on, if any."""


@dataclass
class Heading:
    """A heading of a module body, for tables of contents and PDF bookmarks."""

    level: int
    """HTML level: 2 for the body's `#`, 3 for `##` (the page's h1 is the module title)."""
    text: str
    """Heading text without markup."""
    anchor: str
    """The id the heading gets in HTML."""


@dataclass
class Lesson:
    """One lesson of a module: a `##` section by default (`builder.markdown.lessons`)."""

    number: int
    """1-based position in the module."""
    title: str
    """The heading that opens it (the module title when the module has no `##`)."""
    line: int
    """Line in the module file where it begins."""
    words: int
    """Words of its text, which share out the module's minutes."""
    anchor: str = ""
    """The id of its `<section>` on the page."""
    minutes: int = 1
    """Estimated minutes: the module's minutes shared out by words (at least 1)."""


def unnumbered(slug: str) -> str:
    """A module file's name without its order number: `02-questions` → `questions`."""
    return re.sub(r"^\d+[-_]", "", slug)


@dataclass
class Module:
    """One module: a Markdown file with front matter."""

    id: str
    """Course-wide unique id."""
    title: str
    """Module title."""
    summary: str
    """One or two sentences shown in the module list."""
    minutes: int
    """Estimated minutes to study the module."""
    objectives: list[Objective]
    """Learning objectives, in the order written."""
    body: Markdown
    """The Markdown body after the front matter."""
    loc: Loc
    """The module file (line 1)."""
    quiz_id: str = ""
    """The quiz that ends the module, if any."""
    quiz_loc: Loc | None = None
    """Where the front matter names that quiz."""
    quiz_unread: bool = False
    """Whether the front matter's `quiz:` has an error (reported there): what checks the module's quiz
    (`::: check`, links to its questions) waits until it is mended."""
    content_warnings: list[str] = field(default_factory=list)
    """Content notes shown before the text."""
    clinical_review: list[ClinicalNote] = field(default_factory=list)
    """Statements flagged for clinical or legal sign-off."""
    number: int = 0
    """1-based position in the course's module order."""
    slug: str = ""
    """File stem used for page names (`03-communication`)."""
    headings: list[Heading] = field(default_factory=list)
    """The body's headings (filled in by the render stage)."""
    citations: list[Citation] = field(default_factory=list)
    """Every citation of the body, in order (filled in by the render stage)."""
    check_ids: list[str] = field(default_factory=list)
    """Question ids shown inline with `::: check` (filled in by the render stage)."""
    lessons: list[Lesson] = field(default_factory=list)
    """The lessons the body is read in, in order (filled in by the render stage)."""

    @property
    def words(self) -> int:
        """Number of words in the body text (counted when read: only `course stats` reads it)."""
        return len(re.findall(r"\w+", self.body.plain))


@dataclass
class Question:
    """What every question of a quiz has; each kind (builder/questions/) adds its own attributes."""

    id: str
    """Course-wide unique id; it becomes the LMS interaction id."""
    type: str
    """Question kind: a key of `builder.questions.KINDS`, whose dataclass (a subclass of this one)
    holds the kind's own attributes (options, pairs, steps, ...)."""
    objective: str
    """Id of the objective it assesses; with several (`objectives:`), the first, primary one
    (pool stratification `by: objective` and the LMS interaction's objective use it)."""
    prompt: Markdown
    """The question text."""
    loc: Loc
    """Where the question starts."""
    quiz_id: str = ""
    """The quiz that declares it."""
    points: int = 1
    """Points for a fully right answer (`scenario`: see `max_points`)."""
    explanation: Markdown | None = None
    """Why the right answer is right, with sources."""
    feedback_correct: Markdown | None = None
    """General feedback after a right answer."""
    feedback_incorrect: Markdown | None = None
    """General feedback after a wrong answer."""
    sources: list[Citation] = field(default_factory=list)
    """Extra citations (`sources:`), each where it is written."""
    objectives: list[str] = field(default_factory=list)
    """Every objective it assesses, the primary first (`[objective]` when written `objective:`)."""
    objective_locs: list[Loc] = field(default_factory=list)
    """Where each of `objectives` is written."""
    content_warning: str = ""
    """A content note shown before the question."""
    field_locs: dict[str, Loc] = field(default_factory=dict)
    """Where each key of the question is written, for precise diagnostics."""

    @property
    def max_points(self) -> int:
        """Points for a perfect answer (a scenario's are those of its best path)."""
        return self.points


@dataclass
class Pool:
    """Draw `draw` questions from the bank instead of showing all of them."""

    draw: int
    """How many questions each attempt shows."""
    by: Literal["none", "objective", "quiz"] = "none"
    """Draw evenly across objectives or source quizzes, or at random from the whole bank."""
    loc: Loc = field(default_factory=lambda: Loc(""))
    """Where the pool is declared."""


@dataclass
class Quiz:
    """A quiz file."""

    id: str
    """Course-wide unique id."""
    title: str
    """Quiz title."""
    questions: list[Question]
    """Questions written in this file."""
    loc: Loc
    """The quiz file."""
    passing_score: int = DEFAULT_PASSING_SCORE
    """Percent needed to pass (defaults to the course's)."""
    attempts: int | None = None
    """Allowed attempts; None means unlimited."""
    shuffle: bool = False
    """Shuffle questions and options for each attempt."""
    feedback: Literal["immediate", "on_submit", "on_pass", "never"] = "immediate"
    """When correct answers are shown (see `FEEDBACK_POLICIES`)."""
    pool: Pool | None = None
    """Draw a subset of the bank for each attempt."""
    include: list[str] = field(default_factory=list)
    """Other quizzes whose questions join this quiz's bank (`["*"]` for all)."""
    include_loc: Loc | None = None
    """Where `include` is written."""
    include_locs: list[Loc] = field(default_factory=list)
    """Where each item of `include` is written (a quiz that does not exist is reported at it)."""
    id_loc: Loc | None = None
    """Where its id is written (a second quiz file with the same id is reported there)."""
    module_id: str = ""
    """The module this quiz ends, if any (set by the loader)."""
    bank: list[Question] = field(default_factory=list)
    """Own questions followed by the included quizzes' questions (set by the loader)."""
    content_warning: str = ""
    """A content note shown before the quiz."""
    one_per_screen: bool = False
    """Show one question at a time, with a list of every question to jump to (the results after submit)."""
    out_of_attempts: str = ""
    """What a learner who used every attempt without passing should do next ('' : the interface's default)."""
    clinical_review: list[ClinicalNote] = field(default_factory=list)
    """Statements of its questions flagged for clinical or legal sign-off."""

    @property
    def draw_count(self) -> int:
        """How many questions one attempt shows."""
        return self.pool.draw if self.pool else len(self.bank)


@dataclass
class Author:
    """A course author."""

    name: str
    """Person or team name."""
    role: str = ""
    """What they did."""


@dataclass
class Governance:
    """Who owns the content and when it must be reviewed again."""

    owner: str
    """Responsible organisation or person."""
    review_by: dt.date
    """When it must be reviewed again: reviews recorded in `reviews:` are current until then."""
    reviewer: str = ""
    """Who is to review the content (the reviews themselves are `Course.reviews`)."""
    last_review: dt.date | None = None
    """The date course.yml writes, if any; outputs show `Course.last_review`, derived from the reviews."""
    required_roles: list[str] = field(default_factory=list)
    """The roles whose signed review a module (or the glossary) needs before it counts as reviewed,
    e.g. a clinician and a lawyer; none: any signed review counts."""
    field_locs: dict[str, Loc] = field(default_factory=dict, compare=False)
    """Where each key's value is written, for precise diagnostics."""


def role_key(role: str) -> str:
    """A role as compared: «Юрист» and «юрист » are one role."""
    return " ".join(role.split()).casefold()


REVIEW_SUBJECTS = ("course", "glossary")
"""What a review may cover besides one module: the whole course, or the glossary."""


@dataclass
class Review:
    """A signed review of a module, the glossary or the whole course (`reviews:` in course.yml)."""

    subject: str
    """A module id, `glossary` or `course`."""
    reviewer: str
    """Who reviewed."""
    role: str
    """In which capacity (clinician, lawyer, ...)."""
    date: dt.date
    """When the review was signed."""
    loc: Loc
    """Where the review is recorded."""
    scope: str = ""
    """What the review covered (clinical content, legal statements, ...)."""
    fingerprint: str = ""
    """The fingerprint of the text signed, as the review edition printed it ("" when not recorded)."""
    decision: str = "approved"
    """approved, approved_with_changes (signed on the conditions its scope names) or rejected (which
    signs nothing off: the subject stays unreviewed)."""
    field_locs: dict[str, Loc] = field(default_factory=dict, compare=False)
    """Where each key's value is written, for precise diagnostics."""


@dataclass
class QuestionStub:
    """A question with an error of its own (a misspelt type, a missing key), reported where written: its
    id, the objectives it names and its texts are still checked in the same run, as a loaded question's,
    so that mending the error does not bring up problems the first run could have reported."""

    id: str
    """'' when its id has an error."""
    loc: Loc
    quiz_id: str
    objectives: list[str]
    objective_locs: list[Loc]
    field_locs: dict[str, Loc]
    texts: list[Markdown]
    """Its prompt, explanation and feedback, as far as they are texts."""


@dataclass
class Unloaded:
    """What the sources hold but the course could not load, because of errors reported where it is
    written. Its texts are checked for their own errors in the same run (never output), and the
    checks that would only repeat those errors skip what it touches."""

    module_files: dict[str, str] = field(default_factory=dict)
    """File names of the module files that did not load (a link to one is not reported again), each
    with the module id it writes ('' when it cannot be told; `modules/` when the folder is missing)."""
    ignored_modules: dict[str, str] = field(default_factory=dict)
    """Module ids written in files of modules/ that are not read for their names (`03-triage.md.txt`,
    `03-triage.MD`), each with its file: course.yml's error names the file to rename, and the objectives
    it would hold are not reported as missing from the quizzes that assess them."""
    modules_apart: list[Module] = field(default_factory=list)
    """Module files whose front matter did not load (stand-ins: `load.stand_in`), or whose name cannot
    name a page: never output, their texts are checked as a module's."""
    quizzes: set[str] = field(default_factory=set)
    """Ids of the quiz files that did not load, or loaded without part of what they say."""
    quiz_unnamed: bool = False
    """Whether a quiz file did not load far enough to tell its id (it may be any quiz)."""
    questions: list[Question] = field(default_factory=list)
    """The well-formed questions of quiz files whose own keys did not load."""
    pages_in_part: set[str] = field(default_factory=set)
    """File names (without `.md`) of the bodies whose objectives are not all known: a link to an id of
    their page (an objective's is written as an id) is not reported."""
    stubs: list[QuestionStub] = field(default_factory=list)
    """What can be told of the questions that have errors of their own: checked like a loaded question's."""
    citations: list[Citation] = field(default_factory=list)
    """The citations of the texts of all of the above: checked against the sources with the others."""
    terms: set[str] = field(default_factory=set)
    """Ids of glossary entries that have errors (a link to one is not reported again as unknown)."""
    glossary: bool = False
    """Whether the glossary file did not load at all (a link to any unknown id may be to a term of it)."""
    references: set[str] = field(default_factory=set)
    """Keys of course.yml's `references:` whose entries have errors ('' for a key that is not an id:
    a citation to any unknown key may be meant for it)."""
    unlisted: list[Module] = field(default_factory=list)
    """Module files that loaded but course.yml does not list (a warning there): their quiz is not
    reported again as unused, nor their objectives as unknown where no quiz learners meet names them."""
    objectives_dropped: dict[str, list[str]] = field(default_factory=dict)
    """By module id, the ids as written of its objectives left out for an error in them ('' when one
    has no readable id): a question of that module's quiz, or naming an unknown objective close to
    one of them, may mean it."""


@dataclass
class Completion:
    """The course's completion rule."""

    modules_seen: list[str]
    """Module ids a learner must open (resolved from `all`)."""
    quizzes_passed: list[str]
    """Quiz ids a learner must pass (resolved from `all`/`none`)."""
    modules_read: list[str] = field(default_factory=list)
    """Module ids whose every lesson a learner must read to its end (resolved from `all`/`none`)."""
    locs: dict[tuple[str, str], Loc] = field(default_factory=dict)
    """Where each id the author listed is first written, by (key, id): `("quizzes_passed", "q-final")`
    (ids that `all` stands for have none)."""


@dataclass
class ScormSettings:
    """SCORM packaging options (`scorm:` in course.yml)."""

    prerequisites: bool = False
    """Per-module SCOs: module N opens once module N-1 is passed (SCORM 2004 sequencing)."""
    schemas: str = ""
    """Folder (relative to the course folder) of the SCORM XSD files to ship inside packages; '' for none."""


@dataclass
class Course:
    """The whole course: what every output target reads."""

    id: str
    """Course id; the SCORM identifier and the start of package names."""
    title: str
    """Course title."""
    version: str
    """Content version, shown to learners and in package names."""
    root: Path
    """The course folder (holding course/, modules/, quizzes/)."""
    loc: Loc
    """course/course.yml."""
    language: str = DEFAULT_LANGUAGE
    """Interface language (`ru` or `en`)."""
    description: str = ""
    """What the course is about."""
    audience: list[str] = field(default_factory=list)
    """Who it is for."""
    duration_minutes: int = 0
    """Estimated study time of the whole course."""
    licence: str = ""
    """Content licence."""
    keywords: list[str] = field(default_factory=list)
    """Keywords for LMS metadata."""
    authors: list[Author] = field(default_factory=list)
    """Authors."""
    governance: Governance | None = None
    """Content ownership and review dates."""
    modules: list[Module] = field(default_factory=list)
    """Modules in learner order."""
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    """Every quiz by id."""
    final_quiz_id: str = ""
    """A quiz shown after the last module, if any."""
    final_quiz_loc: Loc | None = None
    """Where course.yml names the final quiz."""
    final_quiz_unread: bool = False
    """Whether course.yml's `final_quiz:` has an error (reported there): it may name any quiz."""
    glossary: list[GlossaryTerm] = field(default_factory=list)
    """Glossary entries in file order."""
    passing_score: int = DEFAULT_PASSING_SCORE
    """Default passing percent."""
    completion: Completion = field(default_factory=lambda: Completion([], []))
    """What a learner must do to complete the course."""
    outputs: list[str] = field(default_factory=lambda: list(DEFAULT_OUTPUTS))
    """Targets `course build` makes when no --format is given."""
    references: dict[str, Reference] = field(default_factory=dict)
    """Source documents by citation key."""
    scorm: ScormSettings = field(default_factory=ScormSettings)
    """SCORM options from course.yml (`scorm:`)."""
    reviews: list[Review] = field(default_factory=list)
    """Signed reviews, in the order written."""
    tracks_reviews: bool = False
    """Whether course.yml has a `reviews:` list (then `course check` notes every module without a current review)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """The fingerprint of each review subject's text now (`builder.fingerprint`): module ids, `course`, `glossary`."""
    local: dict[str, str] = field(default_factory=dict)
    """Local settings by key (`LOCAL_KEYS`); a missing key or `ask` means the learner asks their organisation."""
    local_locs: dict[str, Loc] = field(default_factory=dict)
    """Where each local setting is written."""
    assets: list[str] = field(default_factory=list)
    """Files under course/ (`assets/...`) that the Markdown uses (filled by the render stage)."""
    citations: list[Citation] = field(default_factory=list)
    """Every citation in any Markdown text of the course (filled by the render stage)."""
    unloaded: Unloaded = field(default_factory=lambda: Unloaded())
    """What the sources hold but the course could not load, because of errors reported where it is written."""
    _module_index: tuple[list[Module], dict[str, Module]] | None = field(default=None, init=False, repr=False,
                                                                         compare=False)

    def quiz_affected(self, quiz_id: str) -> bool:
        """Whether quiz `quiz_id` may hold less than its file says, because of an error reported there
        (`*`: any quiz): checks of what it holds wait until that error is mended."""
        if quiz_id == "*":
            return bool(self.unloaded.quizzes) or self.unloaded.quiz_unnamed
        return quiz_id in self.unloaded.quizzes or (quiz_id not in self.quizzes and self.unloaded.quiz_unnamed)

    def module_affected(self, module_id: str) -> bool:
        """Whether `module_id` may be the id of a module file that did not load (its errors are
        reported there): a check that it names no module waits until they are mended. While a file
        does not tell its id, that is any id."""
        ids = self.unloaded.module_files.values()
        return module_id in ids or "" in ids

    def reference_affected(self, key: str) -> bool:
        """Whether `key` may be a reference whose entry in course.yml has errors (reported there): a
        citation to it is not reported again as citing an unknown key."""
        return key in self.unloaded.references or "" in self.unloaded.references

    def module(self, module_id: str) -> Module | None:
        """The module with this id."""
        index = self._module_index
        if index is None or index[0] is not self.modules or len(index[1]) != len(self.modules):
            # Built on first use and again whenever the module list changes (load fills it in place).
            index = self._module_index = (self.modules, {m.id: m for m in reversed(self.modules)})
        return index[1].get(module_id)

    def quiz_of(self, module: Module) -> Quiz | None:
        """The quiz that ends a module."""
        return self.quizzes.get(module.quiz_id) if module.quiz_id else None

    def flagged_in(self, module: Module) -> list[ClinicalNote]:
        """What a module's reviewers sign apart: its statements flagged for review, then those of its
        quiz and of every question bank its quiz includes (a bank's statements are about questions
        its learner meets there)."""
        quiz = self.quiz_of(module)
        return module.clinical_review + [note for file in self.files_asked_by(quiz) for note in file.clinical_review]

    def flagged_in_final(self) -> list[ClinicalNote]:
        """What the final's reviewers sign apart: its statements flagged for review, then those of the
        question files no module's quiz asks from (a module's quiz's, and its banks', are signed with
        that module)."""
        final = self.final_quiz
        if final is None:
            return []
        asked = {file.id for module in self.modules for file in self.files_asked_by(self.quiz_of(module))}
        banks = [quiz for quiz in self.quizzes.values() if quiz.id not in asked and quiz is not final]
        return final.clinical_review + [note for quiz in banks for note in quiz.clinical_review]

    def own_final_questions(self) -> list[Question]:
        """The final's questions that no module's quiz asks (nor a bank one includes): its own, and those
        of the banks it includes that only it asks (a learner meets them first in the final)."""
        final = self.final_quiz
        if final is None:
            return []
        asked = {id(question) for module in self.modules if (quiz := self.quiz_of(module)) for question in quiz.bank}
        return [question for question in final.bank if id(question) not in asked]

    def files_asked_by(self, quiz: Quiz | None) -> list[Quiz]:
        """The quiz files whose questions `quiz` asks: itself, then the banks it includes, in the order
        its bank holds them."""
        if quiz is None:
            return []
        written = dict.fromkeys([quiz.id] + [question.quiz_id for question in quiz.bank])
        return [self.quizzes[quiz_id] for quiz_id in written if quiz_id in self.quizzes]

    def module_quiz_ids(self) -> set[str]:
        """The ids of the modules' quizzes (a quiz file that is none of them is a question bank, or the final)."""
        return {module.quiz_id for module in self.modules if module.quiz_id}

    @property
    def final_quiz(self) -> Quiz | None:
        """The final assessment, if the course has one."""
        return self.quizzes.get(self.final_quiz_id) if self.final_quiz_id else None

    @property
    def final_minutes(self) -> int:
        """The final's time: what the course's estimate (duration_minutes) leaves over the modules'
        (0 when nothing is left). The guide's session plan and the home page both say it."""
        return max(self.duration_minutes - sum(module.minutes for module in self.modules), 0)

    def term(self, term_id: str) -> GlossaryTerm | None:
        """The glossary entry with this id."""
        return next((t for t in self.glossary if t.id == term_id), None)

    def objectives(self) -> list[Objective]:
        """Every objective of every module, in course order."""
        return [o for m in self.modules for o in m.objectives]

    def reviews_of(self, subject: str) -> list[Review]:
        """The reviews covering a module (or `glossary`): its own and the whole course's, latest first;
        not those signed for a text that has changed since (`is_current`)."""
        return sorted((r for r in self.signed_reviews if r.subject in (subject, "course")), key=lambda r: r.date,
                      reverse=True)

    @property
    def signed_reviews(self) -> list[Review]:
        """The reviews that sign their text off: current (`is_current`) and not rejected, in the order written."""
        return [r for r in self.reviews if self.is_current(r) and r.decision != "rejected"]

    def rejections_of(self, subject: str) -> list[Review]:
        """The reviews of a subject that refused to sign it off (shown in its sign-off table)."""
        return [r for r in self.reviews if r.subject in (subject, "course") and r.decision == "rejected"]

    def stale_reviews_of(self, subject: str) -> list[Review]:
        """The reviews of a subject signed for a text that has changed since."""
        return [r for r in self.reviews if r.subject in (subject, "course") and not self.is_current(r)]

    def is_current(self, review: Review) -> bool:
        """Whether a review still covers its text: recorded without a fingerprint (nothing to compare),
        or with the fingerprint its subject's text has now."""
        return not review.fingerprint or review.fingerprint == self.fingerprints.get(review.subject, review.fingerprint)

    @property
    def last_review(self) -> dt.date | None:
        """The date of the latest review still covering its text; None while nothing is signed off."""
        return max((r.date for r in self.signed_reviews), default=None)

    @property
    def organisation(self) -> str:
        """The issuing organisation (`local.organisation`), or '' when unset or left to each clinic (`ask`)."""
        value = self.local.get("organisation", "").strip()
        return "" if value == LOCAL_ASK else value

    @property
    def required_roles(self) -> list[str]:
        """The roles every module (and the glossary) must be signed off by (`governance.required_roles`)."""
        return self.governance.required_roles if self.governance else []

    def unsigned_roles(self, subject: str) -> list[str]:
        """The required roles that no signed review covering a module (or `glossary`) was given in."""
        signed = {role_key(r.role) for r in self.reviews_of(subject)}
        return [role for role in self.required_roles if role_key(role) not in signed]

    def is_reviewed(self, subject: str) -> bool:
        """Whether a module (or `glossary`) is signed off: by a review in every required role, or by
        any review when the course requires none."""
        return bool(self.reviews_of(subject)) and not self.unsigned_roles(subject)

    def reviewed_modules(self) -> list[Module]:
        """Modules signed off (`is_reviewed`)."""
        return [m for m in self.modules if self.is_reviewed(m.id)]

    def final_reviewed_apart(self) -> bool:
        """Whether the final has a part of its own for reviewers: questions no module's quiz asks, or
        statements flagged for sign-off (its own, or its banks'). Only a review of the whole course signs it."""
        final = self.final_quiz
        return final is not None and bool(self.own_final_questions() or self.flagged_in_final())

    def review_subjects(self) -> list[str]:
        """What reviewers sign off: each module (by id), the glossary when the course has one, and
        `course` when the final has a part of its own (`final_reviewed_apart`: the review edition
        puts the whole course's sign-off table under it)."""
        return ([m.id for m in self.modules] + (["glossary"] if self.glossary else [])
                + (["course"] if self.final_reviewed_apart() else []))

    def is_signed_off(self) -> bool:
        """Whether every module, the glossary and the final's own questions are signed off (`is_reviewed`)."""
        return all(self.is_reviewed(subject) for subject in self.review_subjects())

    def ordered_quizzes(self) -> list[Quiz]:
        """Module quizzes in module order, then the final quiz."""
        ordered = [q for m in self.modules if (q := self.quiz_of(m))]
        if self.final_quiz:
            ordered.append(self.final_quiz)
        return ordered

    def all_questions(self) -> list[Question]:
        """Every question written in any quiz, each once, in course order."""
        seen: dict[str, Question] = {}
        for quiz in list(self.ordered_quizzes()) + sorted(self.quizzes.values(), key=lambda q: q.id):
            for question in quiz.questions:
                seen.setdefault(question.id, question)
        return list(seen.values())
