"""Foreign-language spans: `[chemsex]{lang=en}` becomes `<span lang="en">chemsex</span>`.

Screen readers switch voice on `lang`, so an English word in a Russian sentence is pronounced as
English. The bracket-then-braces form is the one Pandoc and MyST use for attributes on a span; only
`lang` is taken, and a value that is not a language tag is reported with its line (the attrs plugin
would drop it silently).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

LANG_ATTR_RE = re.compile(r"\{\s*lang\s*=\s*(?P<quote>[\"']?)(?P<tag>[^\s\"'}]*)(?P=quote)\s*\}")
"""`{lang=en}`, `{lang="en-GB"}` right after the closing bracket."""

LANG_SPAN_RE = re.compile(r"\[([^\]\n]*)\]\{\s*lang\s*=[^}\n]*\}")
"""A whole span in source text, for readers of the source (the review edition's cited sentences)."""

LANG_TAG_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
"""A BCP 47 language tag as authors write them: `en`, `de`, `uk`, `en-GB`, `sr-Latn`."""


def without_lang_spans(source: str) -> str:
    """Source text with `[words]{lang=xx}` written as its words."""
    return LANG_SPAN_RE.sub(r"\1", source)


def lang_plugin(md: MarkdownIt) -> None:
    """Register the span rule ahead of links (both start with `[`) and the check of its tag."""
    md.inline.ruler.before("link", "course_lang", lang_rule)
    md.core.ruler.push("course_lang_check", check_lang_tags)


def lang_rule(state: StateInline, silent: bool) -> bool:
    """`[words]{lang=xx}`: a span whose words are parsed as inline Markdown."""
    if state.src[state.pos] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, state.pos, False)
    if label_end < 0:
        return False
    match = LANG_ATTR_RE.match(state.src, label_end + 1)
    if not match:
        return False
    if silent:
        return True
    end, maximum = match.end(), state.posMax
    opener = state.push("span_open", "span", 1)
    opener.attrSet("lang", match["tag"])
    opener.meta = {"line": state.src.count("\n", 0, state.pos)}
    state.pos, state.posMax = state.pos + 1, label_end
    state.md.inline.tokenize(state)
    state.push("span_close", "span", -1)
    state.pos, state.posMax = end, maximum
    return True


def check_lang_tags(state) -> None:
    """Report a `lang` value that is not a language tag, at its line."""
    for block in state.tokens:
        for child in block.children or []:
            tag = str(child.attrGet("lang") or "") if child.type == "span_open" else ""
            if child.type == "span_open" and not LANG_TAG_RE.fullmatch(tag):
                line = (block.map[0] if block.map else 0) + child.meta.get("line", 0)
                state.env["report"](line, f"'{{lang={tag}}}' is not a language tag",
                                    "write a tag such as 'en', 'de' or 'en-GB': [chemsex]{lang=en}", "md.lang",
                                    f"lang={tag}")
