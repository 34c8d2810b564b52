"""Interactive blocks: `::: tabs`, `::: accordion` (both made of `::: item <title>`), `::: flashcards`
(a definition list: term, then `: meaning`) and `::: steps` (an ordered list).

The HTML written here is the no-JavaScript and print form: every item, card and step visible, each
titled. `templates/runtime/blocks.js` turns it into the WAI-ARIA Authoring Practices widgets (tabs,
accordion, a disclosure per card, a stepper), so a page without scripts loses only the widget,
never the words. A block whose structure is wrong is reported at the line of the offending part.
"""

from __future__ import annotations

from html import escape

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from builder.markdown.holes import heading_hole

INTERACTIVE_BLOCKS = ("tabs", "accordion", "flashcards", "steps", "item")
"""The block names this module parses and renders (`item` lives only inside tabs and accordions)."""

ITEM_PARENTS = ("tabs", "accordion")
"""Blocks made of `::: item <title>` children."""

MIN_ITEMS = {"tabs": 2, "accordion": 1, "steps": 2}
"""Fewer parts than this and the widget means nothing (one tab, one step)."""


# ---- Parsing ---------------------------------------------------------------------------------


def parse_interactive(state: StateBlock, opener: Token, start: int, close: int, tokenize) -> None:
    """Parse the body of one interactive block with `tokenize(state, start, close)`, then check its shape."""
    name = opener.info
    if name == "item":
        check_item_parent(state, opener, start)
    tokenize(state, start + 1, close)
    body = direct_children(state.tokens, position(state.tokens, opener))
    if name in ITEM_PARENTS:
        check_items(state, name, body, start)
    elif name == "flashcards":
        shape_flashcards(state, body, start)
    elif name == "steps":
        shape_steps(state, body, start)


def direct_children(tokens: list[Token], opener_index: int) -> list[Token]:
    """The tokens one level below the opener, up to the end of what has been parsed so far."""
    level = tokens[opener_index].level + 1
    return [t for t in tokens[opener_index + 1:] if t.level == level and t.nesting >= 0]


def check_item_parent(state: StateBlock, opener: Token, start: int) -> None:
    """`::: item` belongs directly inside `::: tabs` or `::: accordion`."""
    parent = enclosing_block(state.tokens, opener)
    if parent is None or parent.type != "course_block_open" or parent.info not in ITEM_PARENTS:
        report(state, start, "'::: item' is outside a '::: tabs' or '::: accordion' block",
               "put the items inside '::: tabs' … ':::' (or accordion), or remove the '::: item' line",
               "md.block-shape")
    elif not opener.meta.get("args"):
        report(state, start, f"an item of '::: {parent.info}' has no title",
               "write the title after the name: '::: item <title>'", "md.block-args")


def enclosing_block(tokens: list[Token], opener: Token) -> Token | None:
    """The open token directly around `opener` (None at the top level)."""
    for token in reversed(tokens[:position(tokens, opener)]):
        if token.level == opener.level - 1 and token.nesting == 1:
            return token
    return None


def check_items(state: StateBlock, name: str, body: list[Token], start: int) -> None:
    """Tabs and accordions hold `::: item` blocks only, enough of them."""
    items = [t for t in body if t.type == "course_block_open" and t.info == "item"]
    for token in body:
        if token.type != "course_block_open" or token.info != "item":
            line = token.map[0] if token.map else start
            report(state, line, f"text inside '::: {name}' is outside any '::: item'",
                   "start each part with '::: item <title>' and end it with ':::'", "md.block-shape")
            break
    if len(items) < MIN_ITEMS[name]:
        count = plural_parts(len(items), "item")
        report(state, start, f"'::: {name}' has {count} but needs at least {MIN_ITEMS[name]}",
               "add parts as '::: item <title>' … ':::' inside the block", "md.block-shape")


def shape_flashcards(state: StateBlock, body: list[Token], start: int) -> None:
    """Flashcards are definition lists (`term` then `: meaning`): each term and its meanings become one card."""
    lists = [t for t in body if t.type == "dl_open"]
    stray = next((t for t in body if t.type not in ("dl_open", "dl_close")), None)
    if stray is not None or not lists:
        line = stray.map[0] if stray is not None and stray.map else start
        report(state, line, "'::: flashcards' holds only cards: a term on one line, ': its meaning' on the next",
               "write each card as 'Term' and on the next line ': its meaning'", "md.block-shape")
        return
    for dl in lists:
        dl.attrSet("class", "flashcards__list")
        wrap_cards(state.tokens, position(state.tokens, dl))


def wrap_cards(tokens: list[Token], dl_index: int) -> None:
    """Put each `dt` and the `dd`s after it into one `<div class="flashcard">` (valid inside `<dl>`)."""
    level = tokens[dl_index].level + 1
    index = dl_index + 1
    while index < len(tokens) and not (tokens[index].type == "dl_close" and tokens[index].level == level - 1):
        token = tokens[index]
        if token.type == "dt_open" and token.level == level:
            if index > dl_index + 1:
                tokens.insert(index, card_token(-1, level))
                index += 1
            tokens.insert(index, card_token(1, level))
            index += 1
        index += 1
    tokens.insert(index, card_token(-1, level))
    for token in tokens[dl_index + 1:index]:
        if token.type in ("dt_open", "dt_close", "dd_open", "dd_close"):
            token.level += 1
            if token.nesting == 1:
                token.attrSet("class", "flashcard__term" if token.type == "dt_open" else "flashcard__meaning")
        elif token.type not in ("flashcard_open", "flashcard_close"):
            token.level += 1


def card_token(nesting: int, level: int) -> Token:
    """The open or close token of one card."""
    token = Token("flashcard_open" if nesting == 1 else "flashcard_close", "div", nesting)
    token.level, token.block = level, True
    if nesting == 1:
        token.attrSet("class", "flashcard")
    return token


def shape_steps(state: StateBlock, body: list[Token], start: int) -> None:
    """Steps are one ordered list, one step per item."""
    lists = [t for t in body if t.type == "ordered_list_open"]
    stray = next((t for t in body if t.type not in ("ordered_list_open", "ordered_list_close")), None)
    if stray is not None or len(lists) != 1:
        line = stray.map[0] if stray is not None and stray.map else start
        report(state, line, "'::: steps' holds one numbered list and nothing else",
               "write each step as '1. …', '2. …' (more lines of a step indented under it)", "md.block-shape")
        return
    opener_index = position(state.tokens, lists[0])
    lists[0].attrSet("class", "steps__list")
    items = [t for t in direct_children(state.tokens, opener_index) if t.type == "list_item_open"]
    for item in items:
        item.attrSet("class", "steps__step")
    if len(items) < MIN_ITEMS["steps"]:
        count = plural_parts(len(items), "step")
        report(state, start, f"'::: steps' has {count} but needs at least {MIN_ITEMS['steps']}",
               "add the next step as '2. …', or write the single step as a paragraph", "md.block-shape")


def position(tokens: list[Token], token: Token) -> int:
    """The index of this very token (tokens are dataclasses: `list.index` would match an equal twin)."""
    return next(i for i, t in enumerate(tokens) if t is token)


def plural_parts(count: int, word: str) -> str:
    """`1 item`, `0 items` (messages to authors are in English)."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def report(state: StateBlock, line: int, message: str, hint: str, code: str) -> None:
    """Report a problem at a 0-based line of the text being parsed."""
    state.env["report"](line, message, hint, code)


def name_the_card_in_its_citations(state) -> None:
    """A citation in a card's meaning supports "term — meaning", not the meaning alone: the review
    edition shows the reviewer the cited sentence beside its source lines, and «метамфетамин» alone
    says nothing."""
    term = ""
    for index, token in enumerate(state.tokens):
        if token.type in ("flashcard_open", "flashcard_close"):
            term = ""
        elif token.type == "inline" and state.tokens[index - 1].attrGet("class") == "flashcard__term":
            term = token.content.strip()
        elif token.type == "inline" and term:
            for child in token.children or []:
                if child.type == "citation":
                    sentence = child.meta.get("sentence", "")
                    child.meta["sentence"] = f"{term} — {sentence}" if sentence else term


# ---- Rendering -------------------------------------------------------------------------------


def render_interactive_open(tokens: list[Token], idx: int, env: dict) -> str:
    """Opening HTML of an interactive block or item: ids from a per-page counter, titles as headings."""
    token = tokens[idx]
    name, args = token.info, token.meta.get("args", "")
    strings = env["strings"]  # the stepper's words go into data attributes: the runtime has no string table for them
    if name == "item":
        return render_item_open(tokens, idx, env)
    anchor = block_anchor(env, name)
    env.setdefault("interactive_ids", []).append(anchor)
    if name in ITEM_PARENTS:
        label = f' role="group" aria-label="{escape(args)}"' if args else ""
        return f'<div class="{name}" id="{anchor}" data-block="{name}"{label}>\n'
    title = escape(args) or strings[name]
    head = f'<p class="{name}__title" id="{anchor}-title">{title}</p>'
    group = f'class="{name}" id="{anchor}" data-block="{name}" role="group" aria-labelledby="{anchor}-title"'
    if name == "flashcards":
        head += f'<p class="flashcards__hint" hidden>{strings["flashcards_hint"]}</p>'
        return f"<div {group}>{head}\n"
    data = f'data-step-of="{strings["step_of"]}" data-prev="{strings["step_prev"]}" data-next="{strings["step_next"]}"'
    return f"<div {group} {data}>{head}\n"


def render_item_open(tokens: list[Token], idx: int, env: dict) -> str:
    """An item of tabs or an accordion: a heading one level below the text around it, then its body."""
    parent = env["interactive_ids"][-1] if env.get("interactive_ids") else "item"
    env["item_counts"] = counts = env.get("item_counts", {})
    counts[parent] = counts.get(parent, 0) + 1
    anchor = f"{parent}-{counts[parent]}"
    level = level_below(tokens, idx, env)
    env.setdefault("item_levels", []).append(level)
    title = escape(tokens[idx].meta.get("args", ""))
    heading = heading_hole(env, level, f'<h{level} class="block-item__title" id="{anchor}-title">{title}</h{level}>')
    return f'<div class="block-item" id="{anchor}">{heading}<div class="block-item__body">\n'


def render_interactive_close(tokens: list[Token], idx: int, env: dict) -> str:
    """Closing HTML of an interactive block or item."""
    if tokens[idx].info == "item":
        env["item_levels"].pop()
        return "</div></div>\n"
    if env.get("interactive_ids"):
        env["interactive_ids"].pop()
    return "</div>\n"


def block_anchor(env: dict, name: str) -> str:
    """`<prefix><name>-<n>`: unique on the page, stable while the text before it keeps its blocks."""
    counts = env.setdefault("block_counts", {})
    counts[name] = counts.get(name, 0) + 1
    return f'{env.get("prefix", "")}{name}-{counts[name]}'


def level_below(tokens: list[Token], idx: int, env: dict) -> int:
    """The level of a title at `idx`: one below the last heading before it, in the item it stands in
    (an item inside an item is a heading below it, or below a heading in its body)."""
    levels = env.get("item_levels")
    return min(heading_level_before(tokens, idx, levels[-1] if levels else None) + 1, 6)


def heading_level_before(tokens: list[Token], idx: int, enclosing: int | None = None) -> int:
    """The level of the last heading before `idx` (1 when none: the page's own title is the h1), but
    one inside an item closed before it (a tab's own `####` made the next item's title an h5). Inside
    an item (`enclosing`: its title's level), a heading before the item is not looked for: the last
    heading is the item's title or one in its body (tabs after an item's `####` stand below it)."""
    closed = 0
    for token in reversed(tokens[:idx]):
        if token.info == "item" and token.type in ("course_block_open", "course_block_close"):
            if token.type == "course_block_open" and closed == 0 and enclosing is not None:
                return enclosing
            closed += 1 if token.type == "course_block_close" else -1
        elif token.type == "heading_open" and closed <= 0:
            return int(token.tag[1])
    return enclosing or 1
