"""Inline course syntax: citations `[@key:lines]`, glossary links `[[id]]` / `[[id|text]]` and
local settings `{{local.key}}`."""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from builder.markdown.holes import mode_hole

CITATION_GRAMMAR = r"(?P<key>[a-z][a-z0-9_-]*):(?P<start>\d+)(?:\s*[-–]\s*(?P<end>\d+))?"
"""A citation `manual:500-513` (a hyphen or an en dash between the lines): the one grammar of
Markdown's `[@…]` and YAML's `sources:` / `source:`."""

CITATION_ITEM_RE = re.compile(rf"^@{CITATION_GRAMMAR}$")
"""One item of a citation group: `@manual:500-513`."""

LOCAL_RE = re.compile(r"\{\{\s*local\.(?P<key>[A-Za-z0-9_-]*)\s*\}\}")
"""`{{local.crisis_line}}`: a course-wide local setting (course.yml `local:`)."""

SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[»\")]*\s+(?=[«\"(]?[A-ZА-ЯЁ0-9])")
"""Where one sentence ends and the next begins."""


def inline_plugin(md: MarkdownIt) -> None:
    """Register the citation and glossary rules ahead of links (both start with `[`)."""
    md.inline.ruler.before("link", "course_term", term_rule)
    md.inline.ruler.before("link", "course_citation", citation_rule)
    md.inline.ruler.before("text", "course_local", local_rule)
    md.add_render_rule("citation", render_citation)
    md.add_render_rule("term", render_term)
    md.add_render_rule("local", render_local)


def line_offset(state: StateInline) -> int:
    """Lines between the start of the inline text and the current position."""
    return state.src.count("\n", 0, state.pos)


def citation_rule(state: StateInline, silent: bool) -> bool:
    """`[@key:lines; @key:lines]`."""
    if not state.src.startswith("[@", state.pos):
        return False
    end = state.src.find("]", state.pos)
    if end < 0:
        return False
    # Silent (a link's label being skipped, as in "[see [@x:1]"): the whole citation is passed over,
    # so the rule must move past it as it does when it pushes a token.
    if silent:
        state.pos = end + 1
        return True
    items = [part.strip() for part in state.src[state.pos + 1 : end].split(";")]
    parsed, bad = [], []
    for item in items:
        match = CITATION_ITEM_RE.match(item)
        if match:
            start_line = int(match["start"])
            parsed.append((match["key"], start_line, int(match["end"] or start_line)))
        else:
            bad.append(item)
    token = state.push("citation", "sup", 0)
    token.meta = {"items": parsed, "bad": bad, "line": line_offset(state),
                  "sentence": citing_sentence(state.src, state.pos), "breaks": state.src.count("\n", state.pos, end)}
    state.pos = end + 1
    return True


def citing_sentence(src: str, pos: int) -> str:
    """The sentence a citation at `pos` supports: the text since the previous sentence end or,
    when the sentence already cited something, since that citation ("A 5 [@x:1]; B 7 [@y:2]")."""
    before = src[previous_citation_end(src, pos):pos].rstrip()
    if not before.strip(" .,;:"):
        return ""
    parts = SENTENCE_END_RE.split(before.rstrip(".!?… "))
    # As a message quotes it: on one line, without the comma a previous citation left ("[@x:1],\nB 7").
    return " ".join((parts[-1] if parts else before).split()).lstrip(",;: ")


def previous_citation_end(src: str, pos: int) -> int:
    """Where the last closed `[@…]` before `pos` ends (0 if none), searching back from `pos` only,
    so a paragraph dense with citations costs linear time, not quadratic."""
    start = src.rfind("[@", 0, pos)
    while start >= 0:
        close = src.find("]", start, pos)
        if close >= 0:
            return close + 1
        start = src.rfind("[@", 0, start)
    return 0


def term_rule(state: StateInline, silent: bool) -> bool:
    """`[[term-id]]` or `[[term-id|shown text]]`."""
    if not state.src.startswith("[[", state.pos):
        return False
    end = state.src.find("]]", state.pos)
    if end < 0:
        return False
    inner = state.src[state.pos + 2 : end]
    term_id, _, text = inner.replace("\\|", "|").partition("|")  # `\|` inside table cells
    if "[[" in inner or "\n" in term_id:
        return False  # a `[[` never closed, up to the next link's `]]`: left as text, and reported
    if silent:
        state.pos = end + 2
        return True
    token = state.push("term", "a", 0)
    # The shown words may run over a line break of the source: they are one phrase.
    token.meta = {"id": term_id.strip(), "text": " ".join(text.split()), "line": line_offset(state),
                  "breaks": inner.count("\n")}
    state.pos = end + 2
    return True


def local_rule(state: StateInline, silent: bool) -> bool:
    """`{{local.key}}`."""
    if not state.src.startswith("{{", state.pos):
        return False
    match = LOCAL_RE.match(state.src, state.pos)
    if not match:
        return False
    if silent:
        state.pos = match.end()
        return True
    token = state.push("local", "", 0)
    token.meta = {"key": match["key"], "line": line_offset(state)}
    state.pos = match.end()
    return True


def render_local(self, tokens, idx, options, env) -> str:
    """The setting's value, or the sentence that tells the learner to ask their organisation (a hole,
    though no mode changes it: filling it records where the setting is used)."""
    token = tokens[idx]
    return mode_hole(env, lambda env: env["local"](token))


def render_citation(self, tokens, idx, options, env) -> str:
    """A numbered marker in module bodies; elsewhere a short inline reference."""
    token = tokens[idx]
    return mode_hole(env, lambda env: env["cite"](token))


def render_term(self, tokens, idx, options, env) -> str:
    """A link to the glossary entry; the runtime opens the definition in a popover (a `title`
    tooltip would reach neither a keyboard nor a touch screen)."""
    meta = tokens[idx].meta
    term = env["course"].term(meta["id"])
    if term is None:
        return escape(meta["text"] or meta["id"])
    words = escape(meta["text"] or term.term)
    return mode_hole(env, lambda env: env["mode"].term_link(term, words))


def local_written(key: str) -> re.Pattern:
    """How `{{local.key}}` is written, to find its column in an error (spaces inside the braces allowed)."""
    return re.compile(r"\{\{\s*local\." + re.escape(key) + r"(?![\w-])")
