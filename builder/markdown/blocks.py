"""`:::` blocks: callouts, dialogue, case, reflect, check and pocket (the interactive ones: `interactive.py`).

Unlike mdit-py-plugins' container plugin, which falls back to plain text when the syntax does
not match, a malformed course block is reported with its line (STYLE.md, habit 7).
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from builder.errors import suggest
from builder.i18n import catalogue
from builder.markdown.holes import heading_hole, mode_hole
from builder.markdown.interactive import (INTERACTIVE_BLOCKS, level_below, name_the_card_in_its_citations,
                                          parse_interactive, render_interactive_close, render_interactive_open)
from builder.model import CALLOUT_KINDS

BLOCK_NAMES = (*CALLOUT_KINDS, "dialogue", "case", "reflect", "check", "pocket", *INTERACTIVE_BLOCKS)
"""Every block name the format knows."""

STAFF_SPEAKERS = frozenset(
    "врач медсестра медбрат консультант психолог специалист нарколог регистратор администратор "
    "инфекционист дерматовенеролог терапевт равный-консультант doctor nurse counsellor clinician".split()
)
"""Speakers shown on the staff side of a dialogue (compared in lower case, first word)."""

TURN_RE = re.compile(r"^(?P<speaker>[^:\n]{1,40}?):\s+(?P<text>\S.*)$")
"""`Speaker: words`."""


def blocks_plugin(md: MarkdownIt) -> None:
    """Register the `:::` block rule and the render rules of its tokens."""
    md.block.ruler.before("fence", "course_block", course_block_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.core.ruler.after("inline", "course_flashcard_sentences", name_the_card_in_its_citations)
    for name, rule in RENDERERS.items():
        md.add_render_rule(name, rule)


def report(state: StateBlock, line: int, message: str, hint: str, code: str) -> None:
    """Report a problem at a 0-based line of the text being parsed."""
    state.env["report"](line, message, hint, code)


def colon_run(state: StateBlock, line: int) -> tuple[int, str]:
    """(number of leading colons, the rest of the line) of a source line."""
    start = state.bMarks[line] + state.tShift[line]
    end = state.eMarks[line]
    text = state.src[start:end]
    count = len(text) - len(text.lstrip(":"))
    return count, text[count:].strip()


def find_block_end(state: StateBlock, start: int, end: int, width: int) -> int | None:
    """The line that closes the block opened at `start`, or None when it is never closed."""
    depth = 0
    for line in range(start + 1, end):
        if state.sCount[line] < state.blkIndent and state.bMarks[line] + state.tShift[line] < state.eMarks[line]:
            return None
        count, rest = colon_run(state, line)
        if count != width:
            continue
        if rest:
            depth += 1
        elif depth:
            depth -= 1
        else:
            return line
    return None


def course_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Parse `::: name args` ... `:::`."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    width, params = colon_run(state, start)
    if width < 3:
        return False
    if not params:  # a closing line with no block open: it would print as a paragraph ':::'
        if not silent:
            report(state, start, "':::' closes no block", "remove the line, or open the block above it with "
                   "'::: name'", "md.block-unclosed")
            state.line = start + 1
        return True
    if silent:
        return True
    name, _, args = params.partition(" ")
    args = args.strip()
    close = find_block_end(state, start, end, width)
    unclosed = close is None
    if close is None:
        fence = ":" * width  # a block opened with '::::' closes with '::::' (it holds ':::' blocks)
        report(state, start, f"block '{fence} {name}' is never closed", f"add a line '{fence}' where the block ends",
               "md.block-unclosed")
        close = end
    if name not in BLOCK_NAMES:
        hint = (f"block names are written in lower case: '::: {name.lower()}'" if name.lower() in BLOCK_NAMES
                else suggest(name, BLOCK_NAMES, f"use one of: {', '.join(BLOCK_NAMES)}"))
        report(state, start, f"unknown block '::: {name}'", hint, "md.block-unknown")
    parse_block_body(state, name, args, start, close, unclosed)
    state.line = min(close + 1, end)
    return True


def parse_block_body(state: StateBlock, name: str, args: str, start: int, close: int, unclosed: bool = False) -> None:
    """Emit the open token, the body's tokens and the close token of one block (`unclosed`: it runs
    to the end of the text, its error reported)."""
    opener = state.push("course_block_open", "div", 1)
    opener.info, opener.map, opener.block = name, [start, close], True
    opener.meta = {"args": args, "unclosed": unclosed}
    if name == "dialogue":
        parse_dialogue(state, opener, start, close)
    elif name == "check":
        parse_check(state, opener, args, start, close)
    elif name in INTERACTIVE_BLOCKS:
        parse_interactive(state, opener, start, close, tokenize_inside)
    else:
        if name == "pocket" and not args:
            report(state, start, "'::: pocket' needs a title",
                   "write '::: pocket <title of the protocol>', e.g. '::: pocket Карманный протокол'",
                   "md.block-args")
        tokenize_inside(state, start + 1, close)
        if name == "reflect":
            split_reflect(state, opener, start)
    closer = state.push("course_block_close", "div", -1)
    closer.info, closer.block = name, True


def tokenize_inside(state: StateBlock, start: int, close: int) -> None:
    """Parse lines [start, close) as ordinary Markdown blocks."""
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "container"  # type: ignore[assignment]
    state.lineMax = close
    state.md.block.tokenize(state, start, close)
    state.parentType, state.lineMax = old_parent, old_max


def parse_dialogue(state: StateBlock, opener: Token, start: int, close: int) -> None:
    """One `Speaker: words` per line; words are inline Markdown."""
    variant, _, title = opener.meta["args"].partition(" ")
    if variant not in ("good", "bad"):
        variant, title = "plain", opener.meta["args"]
    opener.meta.update(variant=variant, title=title.strip())
    for line in range(start + 1, close):
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].strip()
        if not text:
            continue
        match = TURN_RE.match(text)
        if not match:
            report(state, line, f"dialogue line is not 'Speaker: words': '{text[:40]}'",
                   "start every line with the speaker's name and a colon, e.g. 'Врач: …'", "md.dialogue-line")
            continue
        speaker = match["speaker"].strip()
        turn = state.push("dialogue_turn_open", "li", 1)
        turn.map = [line, line + 1]
        turn.meta = {"speaker": speaker, "staff": speaker.split()[0].lower() in STAFF_SPEAKERS}
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = match["text"], [line, line + 1], []
        state.push("dialogue_turn_close", "li", -1)


def parse_check(state: StateBlock, opener: Token, args: str, start: int, close: int) -> None:
    """`::: check question-id` with an empty body."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", args):
        report(state, start, "'::: check' needs a question id",
               "write '::: check <question-id>' with an id from the module's quiz", "md.block-args")
    for line in range(start + 1, close):
        if state.bMarks[line] + state.tShift[line] < state.eMarks[line]:
            report(state, line, "a check block takes no text",
                   "the block shows the quiz question: close it with ':::' right after the opener", "md.check-empty")
            break
    state.env.setdefault("checks", []).append((args, start))


def split_reflect(state: StateBlock, opener: Token, start: int) -> None:
    """Turn the first `---` inside a reflect block into the boundary of its model answer."""
    level = opener.level + 1
    # By identity, from the end where the block's tokens were just pushed: `list.index` compares
    # tokens field by field from the start of the text (a tenth of a long module's parse).
    index = next(i for i in range(len(state.tokens) - 1, -1, -1) if state.tokens[i] is opener)
    inside = state.tokens[index + 1 :]
    for at, token in enumerate(inside):
        if token.type == "hr" and token.level == level:
            token.type, token.tag, token.nesting, token.markup = "reflect_answer", "details", 0, ""
            check_answer_unlabelled(state, inside[at + 1 :])
            return
    underlined = next((t for t in inside if t.type == "heading_open" and t.markup == "-" and t.map), None)
    if underlined is not None:
        # Markdown reads a `---` right under a line of text as that line's underline (a heading).
        report(state, underlined.map[1] - 1, "reflect block has no model answer: the '---' right under the prompt's "
               "last line makes that line a heading", "leave an empty line before '---'", "md.reflect-answer")
        return
    report(state, start, "reflect block has no model answer",
           "after the prompt add a line '---' and then the model answer", "md.reflect-answer")


def check_answer_unlabelled(state: StateBlock, answer: list[Token]) -> None:
    """The page («Показать образец ответа») and the handouts («Образец ответа») label the model
    answer: an answer that starts with the label prints it twice."""
    course, warn = state.env.get("course"), state.env.get("warn")
    if course is None or warn is None:
        return
    label = str(catalogue(course.language)["handout_model_answer"])
    first = next((t for t in answer if t.type == "inline" and t.map), None)
    if first is not None and first.content.lower().startswith(label.lower()):
        warn(first.map[0], f"the model answer starts with '{label}', which the page and the handouts already "
             "print above it", f"start with the answer itself, without '{label}'", "md.answer-label")


# ---- Rendering ------------------------------------------------------------------------------


def block_anchor(prefix: str, name: str, number: int) -> str:
    """The id of a text's `number`th case or pocket protocol (`listening--case-2`): a link may name it."""
    return f"{prefix}{name}-{number}"



def render_block_open(self, tokens, idx, options, env) -> str:
    """Opening HTML of each block kind."""
    token = tokens[idx]
    name, args, strings = token.info, token.meta.get("args", ""), env["strings"]
    env.setdefault("open_blocks", []).append(name)
    if name in INTERACTIVE_BLOCKS:
        return render_interactive_open(tokens, idx, env)
    if name in CALLOUT_KINDS:
        kind = strings[f"callout_{name}"]
        # An own title hides the kind, which colour and icon show: a screen reader is told it in words.
        title = f'<span class="visually-hidden">{kind}: </span>{escape(args)}' if args else kind
        return f'<aside class="callout callout--{name}"><p class="callout__title">{title}</p>\n'
    if name == "dialogue":
        variant, title = token.meta["variant"], escape(token.meta["title"])
        verdict = (f'<span class="dialogue__verdict">{strings["dialogue_" + variant]}</span> '
                   if variant != "plain" else "")
        caption = f'<figcaption class="dialogue__caption">{verdict}{title}</figcaption>' if verdict or title else ""
        return f'<figure class="dialogue dialogue--{variant}">{caption}<ol class="dialogue__turns">\n'
    if name == "case":
        env["case_count"] = env.get("case_count", 0) + 1
        anchor = block_anchor(env.get("prefix", ""), "case", env["case_count"])
        return (
            f'<div class="case" role="group" aria-labelledby="{anchor}"><p class="case__title" id="{anchor}">'
            f'<span class="case__label">{strings["case"]}</span> {escape(args)}</p>\n'
        )
    if name == "reflect":
        title = escape(args) if args else strings["reflect"]
        return f'<div class="reflect"><p class="reflect__title">{title}</p><div class="reflect__prompt">\n'
    if name == "check":
        return mode_hole(env, lambda env: env["mode"].check(args))
    if name == "pocket":
        # A one-page protocol to print or keep at hand: a labelled region with its own heading, one level
        # below the heading it comes under (an h2 before any: the page's title is the h1). An h2 under a
        # section's h3 read h1, h3, h2 in a lesson shown alone.
        env["pocket_count"] = env.get("pocket_count", 0) + 1
        anchor = block_anchor(env.get("prefix", ""), "pocket", env["pocket_count"])
        level = level_below(tokens, idx, env)  # (in a tab without a heading of its own: below the tab's title)
        title = heading_hole(env, level, f'<h{level} class="pocket__title" id="{anchor}">{escape(args)}</h{level}>')
        return f'<section class="pocket" aria-labelledby="{anchor}">{title}\n'
    return f'<div class="block block--{escape(name)}">\n'


def render_block_close(self, tokens, idx, options, env) -> str:
    """Closing HTML of each block kind."""
    name = tokens[idx].info
    env.get("open_blocks", [None]).pop()
    if name in INTERACTIVE_BLOCKS:
        return render_interactive_close(tokens, idx, env)
    if name in CALLOUT_KINDS:
        return "</aside>\n"
    if name == "dialogue":
        return "</ol></figure>\n"
    if name == "reflect":
        return "</details></div>\n" if env.pop("reflect_answer_open", False) else "</div></div>\n"
    if name == "pocket":
        return "</section>\n"
    if name == "check":
        return "\n"  # the mode's check is a whole element
    return "</div>\n"


def render_reflect_answer(self, tokens, idx, options, env) -> str:
    """The boundary between a reflect prompt and its model answer."""
    env["reflect_answer_open"] = True
    return f'</div><details class="reflect__answer"><summary>{env["strings"]["model_answer"]}</summary>\n'


def render_turn_open(self, tokens, idx, options, env) -> str:
    """A dialogue turn with its speaker."""
    meta = tokens[idx].meta
    side = "staff" if meta["staff"] else "client"
    speaker = escape(meta["speaker"])
    return f'<li class="turn turn--{side}"><span class="turn__speaker">{speaker}:</span> <span class="turn__text">'


def render_turn_close(self, tokens, idx, options, env) -> str:
    """End of a dialogue turn."""
    return "</span></li>\n"


RENDERERS = {
    "course_block_open": render_block_open,
    "course_block_close": render_block_close,
    "reflect_answer": render_reflect_answer,
    "dialogue_turn_open": render_turn_open,
    "dialogue_turn_close": render_turn_close,
}
