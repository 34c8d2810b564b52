"""Lessons: a module body read as a sequence of short lessons.

By default every top-level `##` section is a lesson, and text before the first `##` belongs to
the first lesson. An author groups or splits with one marker at the end of a heading:

- `## Title {.continue}`: this section continues the lesson before it (two short sections, one lesson);
- `### Title {.lesson}`: a long section is split: this subsection starts a lesson of its own.

The markers are removed from the heading in every output. In a module body (the parse has a
`docId`) each lesson after the first is preceded by `LESSON_BREAK` in the HTML, which the page
templates split on, and `env["lessons"]` lists (title, 0-based line, words) per lesson.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

LESSON_BREAK = "<!--lesson-->\n"
"""What the HTML holds where a lesson ends and the next begins (raw HTML never reaches the
output from the Markdown itself, so the marker cannot be written by an author)."""

MARKER_RE = re.compile(r"\s*\{\.([\w-]+)\}\s*$")
"""`{.name}` at the end of a heading's text."""

MARKERS = {"lesson": "h3", "continue": "h2"}
"""Each marker and the only heading level (`###`, `##`) it may stand on."""


def lessons_plugin(md: MarkdownIt) -> None:
    """Strip lesson markers from headings and, in module bodies, mark where lessons begin."""
    md.core.ruler.push("course_lessons", split_lessons)
    md.add_render_rule("lesson_break", lambda self, tokens, idx, options, env: LESSON_BREAK)


def split_lessons(state) -> None:
    """Read the markers, report misplaced ones, insert a `lesson_break` before each lesson but the first."""
    env = state.env
    if env.get("docId"):
        drop_repeated_title(state.tokens, env)
    starts = []
    unclosed: list[bool] = []  # the ':::' blocks the walk is inside: whether each runs to the text's end
    for index, token in enumerate(state.tokens):
        if token.type == "course_block_open":
            unclosed.append(bool(token.meta.get("unclosed")))
        elif token.type == "course_block_close" and unclosed:
            unclosed.pop()
        if token.type != "heading_open":
            continue
        marker = take_marker(state.tokens[index + 1], token, env)
        if not state.tokens[index + 1].content.strip():
            report(env, token, "a heading with no text", "write the heading's words after the #'s, or delete "
                   "the line", "md.heading-empty")
        if token.level and marker and not any(unclosed):  # (a block never closed holds it: told as such)
            report(env, token, f"'{{.{marker}}}' stands on a heading inside a ':::' block",
                   "lessons begin at headings outside blocks: move the heading out of the block")
        elif token.level == 0 and starts_lesson(token, marker, not starts, env):
            starts.append(index)
    if not env.get("docId"):
        return
    end = next((i for i, t in enumerate(state.tokens) if t.type == "footnote_block_open"), len(state.tokens))
    bounds = [0] + starts[1:]  # text before the first `##` joins the first lesson
    env["lessons"] = [lesson_entry(state.tokens, start, stop)
                      for start, stop in zip(bounds, bounds[1:] + [end])]
    for index in reversed(bounds[1:]):
        state.tokens.insert(index, Token("lesson_break", "", 0))


def drop_repeated_title(tokens: list[Token], env: dict) -> None:
    """A module's text that opens with the module's title as a `#` heading (a Markdown file's habit,
    and the sample's) loses it: the page's h1 is that title already, and the first lesson showed it
    again as its heading while «Содержание» named the lesson after its `##`. Any other `#` outside a
    block is a warning: it is no lesson's start and stands above the lessons' headings."""
    module = env.get("module") or env["course"].module(env["docId"])
    # (a stand-in whose title could not be read: its opening `#` is taken for the title it writes)
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1" and module is not None \
            and (not module.title or same_words(plain_text(tokens[1]), module.title)):
        del tokens[0:3]
    if "warn" not in env:
        return
    # (An `===` line's heading is told once, as such: `md.underlined`.)
    level_one = (t for t in tokens if t.type == "heading_open" and t.tag == "h1" and t.level == 0 and t.markup == "#")
    for heading in level_one:
        env["warn"](heading.map[0] if heading.map else 0, "a '#' heading in a module's text: the module's title "
                    "(its front matter's) heads the page, and lessons begin at '##' headings",
                    "write '##' to start a lesson here, or delete the line (the text before the first '##' "
                    "opens the first lesson)", "md.title-heading")


def same_words(a: str, b: str) -> bool:
    """Whether two titles are the same words, whatever their case, spacing and closing punctuation."""
    return WORD_RE.findall(a.casefold()) == WORD_RE.findall(b.casefold())


def take_marker(inline: Token, heading: Token, env: dict) -> str:
    """Remove a `{.name}` marker from a heading's text and return the name ('' when none);
    a name that is not a lesson marker is reported."""
    children = inline.children or []
    last = children[-1] if children else None
    match = MARKER_RE.search(last.content) if last is not None and last.type == "text" else None
    if match is None:
        return ""
    last.content = last.content[: match.start()]
    inline.content = MARKER_RE.sub("", inline.content)
    name = match.group(1)
    if name not in MARKERS:
        report(env, heading, f"unknown heading marker '{{.{name}}}'",
               "write {.lesson} after a ### heading to start a lesson there, or {.continue} after a ## heading "
               "to keep it in the lesson before")
        return ""
    return name


def starts_lesson(heading: Token, marker: str, first: bool, env: dict) -> bool:
    """Whether a top-level heading begins a lesson; a marker on the wrong heading is reported."""
    if marker and heading.tag != MARKERS[marker]:
        level = "#" * int(MARKERS[marker][1])
        report(env, heading, f"'{{.{marker}}}' stands on a {'#' * int(heading.tag[1])} heading",
               f"put {{.{marker}}} only after a {level} heading")
        return heading.tag == "h2"
    if marker == "continue" and first:
        report(env, heading, "'{.continue}' on the first section: there is no lesson before it to continue",
               "remove {.continue} from this heading")
        return True
    if marker == "continue":
        return False
    return heading.tag == "h2" or marker == "lesson"


def lesson_entry(tokens: list[Token], start: int, stop: int) -> tuple[str, int, int]:
    """(title, 0-based line, words) of the lesson between two token indexes."""
    heading = next((i for i in range(start, stop) if tokens[i].type == "heading_open" and tokens[i].tag != "h1"), None)
    title = plain_text(tokens[heading + 1]) if heading is not None else ""
    line = tokens[start].map[0] if start < stop and tokens[start].map else 0  # (an empty body has no token)
    return title, line, words_in(tokens[start:stop])


def plain_text(inline: Token) -> str:
    """A heading's text without markup."""
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline")).strip()


WORD_RE = re.compile(r"\w+")


def words_in(tokens: list[Token]) -> int:
    """Words in the inline text of some block tokens."""
    return sum(len(WORD_RE.findall(t.content)) for t in tokens if t.type == "inline")


def report(env: dict, heading: Token, message: str, hint: str, code: str = "md.lesson") -> None:
    """A located error about a heading or its lesson marker (texts outside the render stage have no reporter)."""
    if "report" in env:
        env["report"](heading.map[0] if heading.map else 0, message, hint, code)
