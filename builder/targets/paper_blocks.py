"""Paper forms of the interactive blocks (`builder/markdown/interactive.py`), as Typst markup.

Paper cannot click, so every part is printed, each under its title: a tab or an accordion item
becomes a titled section with a rule at its left (under the block's own title, when it has one),
flashcards a two-column table (term, meaning), steps a numbered list under the block's title. Only
Typst's own functions are used, so the handout template needs nothing new.
"""

from __future__ import annotations

from markdown_it.tree import SyntaxTreeNode

from builder.markdown.interactive import ITEM_PARENTS
from builder.targets import paper

ITEM_RULE = 'rgb("#999999")'
"""The rule at the left of a printed tab or accordion item (the handout's neutral grey)."""


def interactive_markup(writer, node: SyntaxTreeNode) -> str:
    """Markup of one interactive block: `writer` is the `paper.Writer` writing its tree."""
    name = node.info
    if name in ITEM_PARENTS:
        # «::: tabs Вещества триады и GBL» names what its tabs are; a bare «::: accordion» names nothing.
        title = block_title(writer, node) if node.meta.get("args") else ""
        return title + "".join(item_markup(writer, child) for child in node.children if child.type == "course_block")
    if name == "item":  # only inside tabs or an accordion (the parser reports any other place)
        return item_markup(writer, node)
    title = block_title(writer, node)
    if name == "flashcards":
        return title + flashcards_table(writer, node)
    return title + writer.children(node)


def item_markup(writer, item: SyntaxTreeNode) -> str:
    """A tab or accordion item: its title in bold above its body, set off by a rule; kept on one page
    when short, as a box is (the PDF audit: the methamphetamine card began at a page's foot with its
    title and a line, and went on over the page)."""
    title = paper.call("strong", paper.content(paper.text(item.meta.get("args", ""))))
    body = title + "\n\n" + writer.children(item).strip()
    return paper.call("block", paper.content(body), width="100%", inset="(left: 3mm)", above="4mm", below="4mm",
                      stroke=f"(left: 1pt + {ITEM_RULE})", breakable=paper.box_breakable(body)) + "\n\n"


def block_title(writer, node: SyntaxTreeNode) -> str:
    """The block's title line (its argument, or the kind's name: «Карточки», «Шаги»), kept with
    what follows it (never alone at a page's foot), as far from it as a paragraph."""
    title = node.meta.get("args", "") or writer.paper.strings[node.info]
    strong = paper.call("strong", paper.content(paper.text(title)))
    return paper.call("block", paper.content(strong), sticky="true", above="1.1em", below="1.1em") + "\n\n"


def flashcards_table(writer, node: SyntaxTreeNode) -> str:
    """Every card as a row: the term, then its meanings; above them, how to use them as cards on paper
    (the screen turns a card over; paper shows both sides)."""
    words = paper.call("text", paper.content(paper.text(writer.paper.strings["handout_flashcards_hint"])), size="8.5pt")
    hint = paper.call("block", paper.content(words), sticky="true")  # never alone at a page's foot
    cells, rows = [], []
    for card in (c for dl in node.children if dl.type == "dl" for c in dl.children if c.type == "flashcard"):
        term = "".join(writer.children(part) for part in card.children if part.type == "dt")
        meanings = "\n\n".join(writer.children(part).strip() for part in card.children if part.type == "dd")
        cells += [paper.content(paper.call("strong", paper.content(term.strip()))), paper.content(meanings)]
        rows.append([term, meanings])
    # No header row (the first card was shaded as one), and kept on one page when short, as a table is
    # (the PDF audit: GHB's card alone at the top of the next page, the exercise split).
    table = paper.call("table", *cells, columns="(auto, 1fr)", stroke=f"0.5pt + {ITEM_RULE}", inset="2mm", fill="none")
    if paper.table_kept_whole(rows, 2):
        table = paper.call("block", table[1:], breakable="false")
    return hint + "\n\n" + table + "\n\n"


def span_markup(writer, node: SyntaxTreeNode) -> str:
    """`[words]{lang=en}`: the words set in that language, so Typst hyphenates them by its rules."""
    lang = str(node.attrs.get("lang", ""))
    words = writer.children(node)
    return paper.call("text", paper.content(words), lang=paper.string(lang.split("-")[0].lower())) if lang else words
