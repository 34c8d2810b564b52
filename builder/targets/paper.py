"""Paper as one more rendering of the Markdown: the course parser's token stream written as Typst markup.

The print documents are not post-processed HTML: every Markdown text is parsed again with the one
course parser (`builder.markdown.create_md_parser`) and its syntax tree is written as Typst
markup, with the course's blocks as the functions of `templates/handout/handout.typ` (callout,
case, dialogue, reflect). What paper cannot do is decided here, per node: reflection answers
become lines to write on (or the model answer, in the facilitator's guide), `::: check` becomes a
printed question, a link to a part the document does not hold keeps its words only.

Every character of author text goes through `text()`: Typst gives `#`, `*`, `_`, `$`, `@`, `<`,
`/`, `=`, `-`, `[` and more a meaning, so all ASCII punctuation is escaped with a backslash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote, urlsplit

from markdown_it.tree import SyntaxTreeNode

from builder.context import BuildContext
from builder.files import read_source
from builder.imagesize import css_width
from builder.markdown import dashes_kept, pixels
from builder.markdown.interactive import INTERACTIVE_BLOCKS
from builder.model import CALLOUT_KINDS, LOCAL_ASK, Course, Markdown, Module
from builder.render import Texts, is_plain
from builder.sources import cited_group_text
from builder.targets.paper_blocks import interactive_markup, span_markup

PUNCTUATION_RE = re.compile(r"""([\\#*_`$<>@=\-+/\[\]~'".:;,!?(){}|&%^])""")
"""ASCII characters Typst markup may read as syntax (escaping the rest too is harmless)."""

PX_TO_PT = 0.75
"""A CSS pixel, the unit of `{width=480}`, in points."""
MAX_IMAGE_PT = 480
"""About the text width of A4 and Letter with the handout margins."""


PAGE_LINES = 42
"""Lines a block may be estimated to take and still be kept on one page. A Letter page holds about
44 of the handouts' 10 pt lines, an A4 page 46, more at 9 pt; the longest question of the bundled
course's facilitator's guide is estimated at 41 and takes two thirds of a page."""
LINE_CHARS = 90
"""Characters of text a printed line holds, about (10 pt on the handouts' text width)."""
MARKUP_RE = re.compile(r"#[\w-]+\(|[\w-]+: (?:true|false|none|\d+(?:\.\d+)?(?:pt|mm|em)?)|\\.|[\[\]()\"#,]")
"""What of Typst markup prints nothing: calls, named arguments, escapes, brackets."""
KEY_LINES = PAGE_LINES // 3
"""Lines a question with its answer key (the facilitator's guide) may be estimated to take and still be
kept on one page. Kept whole up to a page, the final's keys (half a page and more each) left 41 pages
of the guide a third to half empty; a longer key runs on over the next page, an option never apart
from its feedback (handout.typ `key-options`)."""
BOX_LINES = PAGE_LINES // 2
"""Lines a box (callout, case, reflection) may be estimated to take and still be kept on one page: a
short box split over two pages reads as two (a first-aid callout broken mid-bullet), a longer one
kept whole would leave up to half a page empty before it."""


def fits_a_page(markup: str, parts: int = 1, lines: int = PAGE_LINES, columns: int = 1) -> bool:
    """Whether a block Typst would keep on one page surely fits one (or `lines` of it): `parts` is
    how many lines it starts (turns, options, replies), `markup` its content, `columns` how many
    share the text's width with it (a table's cell: a line holds a `columns`th of the characters).
    Kept whole, a block taller than a page runs off the page's foot and its end is lost, so a longer
    one is let run on over the next. An estimate on purpose: measuring in Typst (`layout` and
    `measure`) cost half the layout time."""
    return parts + len(MARKUP_RE.sub("", markup)) * columns // LINE_CHARS <= lines


FOLD_LINE_CHARS = 58
"""Characters a line of a folded pocket card's panel holds, about (8.5 pt on 89 mm)."""
FOLD_LINES = 52
"""Lines the two panels of a folded pocket card may be estimated to take (each holds about 29 at
8.5 pt; the bundled card, estimated at 47, fills the front and half the back): a longer protocol is
printed on the sheet's width."""
FOLD_ITEM_LINES = 12
"""Lines one step of a folded card may be estimated to take: a step is kept whole on the front or
the back, so a longer one would leave most of the front empty."""


FOLD_HEADING_LINES = 2
"""Lines a protocol's title takes on a card of several (its line, and the space around it)."""


def fits_the_fold(markup: str) -> bool:
    """Whether a pocket card's protocols surely fit the two panels of a card folded to pocket size."""
    steps, sources = [], 0  # each paragraph and list item starts a line; the sources are in small type
    for part in re.split(r"\], \[|\n\n", markup):
        characters = len(MARKUP_RE.sub("", part))
        if "#pocket-sources(" in part:
            sources += 1 + characters * 2 // 3 // FOLD_LINE_CHARS
        else:
            steps.append(1 + characters // FOLD_LINE_CHARS)
    # (the space between steps, half a line each, and the titles of a card of several protocols)
    lines = sum(steps) + len(steps) // 2 + sources + markup.count("#heading(") * FOLD_HEADING_LINES
    return lines <= FOLD_LINES and max(steps, default=0) <= FOLD_ITEM_LINES


def box_breakable(markup: str) -> str:
    """`breakable` of a titled box holding `markup`: false (kept on one page) when it is short. A box
    with an image may break: its height is the image's, which the estimate cannot see (kept whole, a
    tall diagram under two lines ran over the page's foot)."""
    if "#picture(" in markup:
        return "true"
    parts = markup.count("\n\n") + markup.count("], [")  # each paragraph and list item starts a line
    return str(not fits_a_page(markup, parts + 2, BOX_LINES)).lower()


INTRODUCED = ("table", "bullet_list", "ordered_list")
"""What a paragraph ending in a colon introduces, and is kept on the page of."""


def is_lead_in(paragraph: SyntaxTreeNode) -> bool:
    """Whether a paragraph is bold throughout, but for the citations after it: a line that heads what follows."""
    inline = paragraph.children[0] if paragraph.children else None
    if inline is None or inline.type != "inline":
        return False
    words = [child for child in inline.children if not (child.type == "text" and not child.content.strip())]
    bold = [child for child in words if child.type == "strong"]
    return len(bold) == 1 and words[0] is bold[0] and all(child.type in CITATIONS for child in words[1:])


CITATIONS = ("citation", "footnote_ref")
"""The inline nodes a lead-in may end with."""


def row_kept_whole(cells: list[str], columns: int) -> bool:
    """Whether a table's row is kept on one page: when each cell surely fits half a page at its
    column's width. Split, a row left «компетентность всего персонала [24]» alone on the next page
    under two empty cells; a taller row still breaks (kept whole, its end would run off the page's foot)."""
    if any("#picture(" in cell for cell in cells):
        return False
    return all(cell_lines(cell, columns) <= BOX_LINES for cell in cells)


TABLE_ROW_LINES = 0.5
"""What a table's row takes besides its text, in lines: its rule and the space inside its cells."""
TABLE_LINES = PAGE_LINES * 2 // 3
"""Lines a table may be estimated to take and still be kept on one page (its 9 pt lines hold more
than the estimate counts: the learner handout's «Что просят МСМ», estimated at 22, takes 16)."""


def table_kept_whole(rows: list[list[str]], columns: int) -> bool:
    """Whether a table is kept on one page: when it surely fits two thirds of one. Split, a short table
    left its last row alone on the next page under the header repeated (the PDF audit: the learner
    handout's «Что просят МСМ»); a longer one breaks between rows, where it must (kept whole, it would
    leave most of a page empty before it, or run off the page's foot)."""
    if any("#picture(" in cell for row in rows for cell in row):
        return False
    height = sum(TABLE_ROW_LINES + max(cell_lines(cell, columns) for cell in row) for row in rows if row)
    return height <= TABLE_LINES


CITATION_MARK = "\ue000"
"""Before a numbered citation's «[n]» in a cell's printed text (`Writer.printed_citation`): measured as
the superscript it prints (handout.typ `fitted-table`)."""
BLANK_RUN = "\u2423"
"""A write-in line in a cell's printed text (`Writer.printed_local`): a run 40 mm wide (style `w`)."""


LINK_SCHEMES = ("http", "https", "mailto", "tel")
"""Links to outside the course, which paper prints with their address (`shown_address`)."""


def shown_address(link: SyntaxTreeNode) -> str:
    """The address paper prints after a link's words, in brackets (`n_link`): a link outside the course
    whose words are not the address itself; '' otherwise."""
    href = str(link.attrs.get("href", ""))
    if urlsplit(href).scheme not in LINK_SCHEMES:
        return ""
    shown = href.removeprefix("mailto:").removeprefix("tel:")
    plain = "".join(child.content for child in link.children if child.type == "text")
    return "" if plain.strip() == shown else shown


SHORT_WORDS = set("вксуоиаяВКСУОИАЯ")
"""One-letter words that go with the word after them in a row's name (handout.typ `glue-short-words`)."""


def glued(printed: str) -> str:
    """`printed` with a no-break space after each one-letter word of `SHORT_WORDS`."""
    words = printed.split(" ")
    return "".join(word + ("\u00a0" if word in SHORT_WORDS else " ") for word in words[:-1]) + words[-1]


def bold_cell(cell: SyntaxTreeNode) -> bool:
    """Whether a table's cell is measured in bold: a header's, a row's name, or one with bold or italic
    words in it (a bold word is a tenth wider, an italic one a little; measured in its cell's face, a
    bold «ТЕСТИРОВАНИЕ» mid-cell broke inside the box that keeps it whole)."""
    return cell.type == "th" or any(node.type in ("strong", "em") for node in cell.walk())


def column_texts(rows: list[list[tuple[str, set[str], str]]], columns: int) -> dict[str, str]:
    """For `fitted-table` (handout.typ), per column: its runs without a space (a line
    breaks inside one only where it must: hyphenation, `wrappable`'s breaks, a web address), and every
    cell's text, as Typst arrays of `(text, style)` (`r`, `b` bold, `m` code). `rows` holds each
    cell's printed text, its code runs and its style (`Writer.printed_cell`); `w` is a write-in line."""
    def cells(c: int) -> list[tuple[str, set[str], str]]:
        return [row[c] if c < len(row) else ("", set(), "r") for row in rows]

    def runs(c: int) -> list[tuple[str, str]]:
        return sorted({(run, "w" if run == BLANK_RUN else "m" if run in code else style)
                       for printed, code, style in cells(c) for run in printed.split(" ") if run})

    def array(pieces) -> str:
        return "(" + "".join(f"({string(piece)}, {string(style)}), " for piece, style in pieces) + ")"

    return {"words": "(" + "".join(array(runs(c)) + ", " for c in range(columns)) + ")",
            "texts": "(" + "".join(array((printed, style) for printed, _, style in cells(c)) + ", "
                                   for c in range(columns)) + ")"}


def cell_lines(cell: str, columns: int) -> int:
    """Lines a table's cell is estimated to take at its column's width (each paragraph starts one)."""
    return cell.count("\n\n") + 1 + len(MARKUP_RE.sub("", cell)) * columns // LINE_CHARS


class Letters:
    """Option marks on paper (А, Б, В … of the course's language), then two letters past the
    alphabet's end (АА, АБ …, as spreadsheet columns run): a question may have more options than
    the alphabet has letters, and its answer key still names each one."""

    def __init__(self, alphabet: str) -> None:
        self.alphabet = alphabet

    def __getitem__(self, index: int) -> str:
        size = len(self.alphabet)
        return self.alphabet[index] if index < size else self[index // size - 1] + self.alphabet[index % size]


def text(value: str, narrow: bool = False) -> str:
    """Author text as Typst markup that prints exactly these characters (`narrow`: in a table's column)."""
    # A function, not the template r"\\\1": Python expands a template per match, three times slower
    # (20,000 calls per build of the bundled course's handouts).
    flat = dashes_kept(value.replace("\r", "").replace("\n", " "))
    escaped = PUNCTUATION_RE.sub(lambda match: "\\" + match[0], wrappable(flat, narrow=narrow))
    if "–" in flat:
        escaped = NUMBER_RANGE_RE.sub(lambda match: "#box[" + match[0] + "]", escaped)
    if "-" in flat:
        escaped = IDENTIFIER_RE.sub(lambda match: "#box[" + match[0] + "]", escaped)
    return ACRONYM_RE.sub(lambda match: "#box[" + match[0] + "]", escaped) if HAS_CAPITALS_RE.search(flat) else escaped


NUMBER_RANGE_RE = re.compile(r"(?<![\w\\])\d+(?:\\,\d+)?–\d+(?:\\,\d+)?(?!\w)")
"""A number range in escaped text, «строки 229–231», «7\\,1–27\\,7»: printed whole (a line ended
«строки 229–» and the next began «231)»; in the glossary «440)» stood alone). A box, not a word
joiner: a reader who copies or searches the PDF finds «229–231» as typed."""


IDENTIFIER_RE = re.compile(r"(?<![\w/-])(?=[a-z0-9\\-]*\d)[a-z][a-z0-9]*(?:\\-[a-z0-9]+)+(?!\w|\\-)")
"""An identifier in escaped text, a question's «fin-q32», an objective's «comm-o3»: printed whole. Broken
at its hyphen, «fin-» ended a line of the guide, and a reader who copied it got «finq32». Not a web
address's part after a slash (escaped, `\\/`): «…/clinical-recommendations-…-2024-final-version.pdf»,
kept whole, ran off a table's column and the page."""


ACRONYM_RE = re.compile(r"\b(?=\w*[A-ZА-ЯЁ]{2})[A-Za-zА-Яа-яЁё]{2,12}\b")
"""A word with an abbreviation in it (НСВП, СПИДом, HIV): printed whole, as Russian typesetting
wants; the patterns would break it like a word («СПИ-Дом», «НС-ВП»)."""
HAS_CAPITALS_RE = re.compile(r"[A-ZА-ЯЁ]{2}")


LONG_RUN_RE = re.compile(r"\S{40,}")
"""A run of characters without a space longer than any word a hyphenation pattern knows: an
identifier, a path, a web address."""
AFTER_MARK = r"""[^\w\s(\[{«„“‘"'\u0300-\u036f]|_"""
"""A break may follow any punctuation or symbol but an opening bracket or quote (or a letter's mark)."""
LATIN_20 = r"(?:[A-Za-z0-9][\u0300-\u036f]*){20}"
PROSE_BREAK_RE = re.compile(f"{AFTER_MARK}|{LATIN_20}")
"""Where a long run of prose may break: after its punctuation, and every 20 Latin letters or digits
(Typst's Russian patterns do not hyphenate them; Russian words they do, with a hyphen)."""
CODE_BREAK_RE = re.compile(rf"{AFTER_MARK}|(?:[^\W_][\u0300-\u036f]*){{20}}")
"""Where a long run of code may break: after its punctuation, and every 20 letters of any script
(nothing in code is hyphenated)."""
NARROW_RUN_RE = re.compile(r"\S{12,}")
"""A run that may not fit a table's column, a fifth of the text's width or less."""
NOT_A_WORD_RE = re.compile(r"[\d_/\\@=]|[.:](?=\w)")
"""What a run that is not a word holds: a word of letters is hyphenated (a Latin one in a table with
English patterns, `handout.typ`), and a hyphenated word breaks at its hyphen."""
NARROW_BREAK_RE = re.compile(r"(?:[^\w\s(\[{«„“‘\"'\u0300-\u036f-]|_|-(?=\d))(?=[^\W_])|\d{10}(?=\d)"
                             r"|(?<=[^\W\d_])(?=\d{2})|(?<=\d)(?=[^\W\d_]{2})")
"""Where such a run may break: after its punctuation when a letter or digit follows (never before a
closing quote or bracket), after a hyphen before a digit (Typst breaks one before a letter itself),
every 10 digits, and where letters meet digits (`inflammation2024`)."""
NARROW_CODE_BREAK_RE = re.compile(rf"{AFTER_MARK}|(?:[^\W_][\u0300-\u036f]*){{10}}")
"""Where code in a table's column may break: after its punctuation, and every 10 letters or digits
(nothing in code is hyphenated, and 20 of them are wider than a column of a six-column table)."""
ADDRESS_BREAK_RE = re.compile(LATIN_20)
"""Where a web address with its scheme may break besides the places Typst finds in it itself."""
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
ZWSP = "\u200b"


def wrappable(value: str, code: bool = False, narrow: bool = False) -> str:
    """`value` with zero-width spaces (breaks that print nothing) inside each long run without a
    space, so that no line runs off the page's edge or into a table's next column: Typst breaks a
    line only at spaces, hyphens before a letter, its hyphenation patterns' places and in web
    addresses, and a `raw` text only at spaces. In a table (`narrow`), a shorter run breaks after
    its punctuation too: a date and time, an identifier, a number, a path."""
    runs, shortest = (NARROW_RUN_RE, 12) if narrow else (LONG_RUN_RE, 40)
    if len(value) < shortest or not runs.search(value):
        return value
    return runs.sub(lambda run: wrapped_run(run[0], code, narrow), value)


def wrapped_run(run: str, code: bool, narrow: bool = False) -> str:
    """One run with its breaks: a web address in prose gets only those Typst would not find."""
    if narrow and code:
        return with_breaks(run, NARROW_CODE_BREAK_RE).removesuffix(ZWSP)
    if len(run) < 40:  # in a table's column
        # A web address with its scheme Typst breaks itself (a zero-width space would be copied with
        # it from the PDF); an e-mail address it does not, and one wider than the column needs them.
        return run if SCHEME_RE.search(run) or not NOT_A_WORD_RE.search(run) else with_breaks(run, NARROW_BREAK_RE)
    address = None if code else SCHEME_RE.search(run)
    head, tail = (run[:address.start()], run[address.start():]) if address else (run, "")
    marked = with_breaks(head, CODE_BREAK_RE if code else PROSE_BREAK_RE) + with_breaks(tail, ADDRESS_BREAK_RE)
    return marked.removesuffix(ZWSP)


def with_breaks(text: str, places: re.Pattern) -> str:
    return places.sub(lambda match: match[0] + ZWSP, text)


def string(value: str) -> str:
    """A Typst string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "").replace("\t", "\\t")
    return '"' + escaped + '"'


def content(markup: str) -> str:
    """A content block: `[markup]`."""
    return f"[{markup}]"


def label(name: str | None) -> str:
    """A reference to a label (`none` when there is nothing to point at)."""
    return f"label({string(name)})" if name else "none"


def call(function: str, *args: str, **named: str) -> str:
    """`#function(named: …, args…)` in markup."""
    parts = [f"{key.replace('_', '-')}: {value}" for key, value in named.items()] + list(args)
    return f"#{function}({', '.join(parts)})"


@dataclass
class PaperText:
    """How one Markdown text is to be written: the module it belongs to, the labels the document
    defines (links elsewhere keep their words only), and what paper makes of checks and reflections."""

    labels: set[str]
    """Labels defined in the document: internal links go only there."""
    module: Module | None = None
    """The module the text belongs to (its citations are numbered when `numbered`)."""
    numbered: bool = False
    """Citations as `[n]` linking to the module's reference list (module bodies in learner handouts)."""
    check: Callable[[str], str] | None = None
    """Printed form of `::: check <id>` (None: left out)."""
    reflect_after: Callable[[str], str] = field(default=lambda answer: "")
    """What follows a reflection prompt, given the model answer's markup (writing lines, or the answer)."""
    renumbered: dict[int, int] | None = None
    """Filled while writing, when not None: each cited module number and the number printed for it,
    from 1 in the order of first citation (the pocket card lists them; printed alone, its «[10] … [49]»
    meant nothing)."""
    cited: set[int] | None = None
    """Filled while writing, when not None: the module's citation numbers printed (the learner handout
    lists only those: a reflection's model answer it leaves out cited [60]–[63] no reader could find)."""


class PaperWriter:
    """Typst markup for the course's Markdown texts (each text parsed once per writer)."""

    def __init__(self, course: Course, strings: dict, t: Callable, ctx: BuildContext) -> None:
        self.course, self.strings, self.t = course, strings, t
        self.texts = Texts(course, ctx)  # the token streams the render stage made
        self.trees: dict[tuple, tuple[Markdown, SyntaxTreeNode]] = {}
        self.slugs = {m.slug: m for m in course.modules}
        self.widths: dict[str, int | None] = {}

    def css_width(self, src: str) -> int | None:
        """An asset image's own width in CSS pixels (`imagesize`), read once per writer."""
        if src not in self.widths:
            path = self.course.root / "course" / src
            self.widths[src] = css_width(read_source(path, self.course.root), path.suffix)
        return self.widths[src]

    # ---- parsing ----

    def tree(self, source: Markdown, module: Module | None = None, numbered: bool = False) -> SyntaxTreeNode:
        """The syntax tree of one text, as the course parser makes it (headings prefixed like the site's)."""
        key = (id(source), module.id if module else "", numbered)
        # (the text is kept with its tree: an id is unique only while its object lives, and a text
        # freed could pass its id on to another, which then got the first one's tree)
        if key not in self.trees or self.trees[key][0] is not source:
            self.trees[key] = (source, SyntaxTreeNode(self.texts.parsed(source, module, numbered).tokens))
        return self.trees[key][1]

    def markup(self, source: Markdown | None, how: PaperText) -> str:
        """One Markdown text as Typst markup."""
        if source is None:
            return ""
        if is_plain(source):
            # One plain line (most options and feedback): what the parser would make of it is known.
            return text(source.source)
        root = self.tree(source, how.module, how.module is not None)
        return Writer(self, how, root).node(root).strip()

    def blocks_of(self, module: Module, name: str) -> list[SyntaxTreeNode]:
        """The `::: name` blocks of a module body, in order (nested ones included)."""
        root = self.tree(module.body, module, True)
        found = []

        def visit(node: SyntaxTreeNode) -> None:
            for child in node.children:
                if child.type == "course_block" and child.info == name:
                    found.append(child)
                visit(child)

        visit(root)
        return found

    def block_parts(self, block: SyntaxTreeNode, how: PaperText) -> tuple[str, str]:
        """(before, after) the first `---` of a block: a reflection's prompt and model answer."""
        prompt, answer, _ = Writer(self, how, root_of(block)).split_reflect(block)
        return prompt, answer

    def block_markup(self, block: SyntaxTreeNode, how: PaperText) -> str:
        """One `:::` block of a module body, written on its own (the guide's case vignettes)."""
        return Writer(self, how, root_of(block)).node(block).strip()

    def block_body(self, block: SyntaxTreeNode, how: PaperText) -> str:
        """What is inside one `:::` block (the pocket card prints it under its own title)."""
        return Writer(self, how, root_of(block)).children(block).strip()


def reflect_box(title: str, prompt: str, after: str) -> str:
    """A reflection prompt's box: its title, the prompt, then `after` (lines to write on, or the
    model answer), kept on one page when short."""
    return call("reflect", content(title), content(prompt), content(after), breakable=box_breakable(prompt + after))


def root_of(node: SyntaxTreeNode) -> SyntaxTreeNode:
    """The tree a node belongs to (it holds the footnotes)."""
    while node.parent is not None:
        node = node.parent
    return node


class Writer:
    """Writes one syntax tree; footnotes are printed at the foot of the page where they are cited."""

    def __init__(self, paper: PaperWriter, how: PaperText, root: SyntaxTreeNode) -> None:
        self.paper, self.how = paper, how
        self.numbers = {c.label: c.number for c in how.module.citations} if how.module else {}
        blocks = [block for block in root.children if block.type == "footnote_block"]
        self.footnotes = {child.meta.get("id"): child for block in blocks for child in block.children}
        self.narrow = False
        """Within a table: its columns are narrow."""
        self.above = 2
        """The level of the last heading: a module's text comes after its title (1) and its objectives (2)."""

    def children(self, node: SyntaxTreeNode) -> str:
        return "".join(self.node(child) for child in node.children)

    def node(self, node: SyntaxTreeNode) -> str:
        """Markup of a node; a kind this writer does not know keeps its content."""
        method = getattr(self, "n_" + node.type, None)
        return method(node) if method else self.children(node)

    # ---- blocks ----

    def n_paragraph(self, node: SyntaxTreeNode) -> str:
        markup = self.children(node)
        if node.hidden:
            return markup
        following = node.next_sibling
        if markup.rstrip().endswith("\\:") and following is not None and following.type in INTRODUCED:
            # «…чек-лист:» ended a page and its table began the next: it goes with what it introduces.
            return call("block", content(markup), sticky="true") + "\n\n"
        if following is not None and is_lead_in(node):
            # A bold line over its explanation (a list item's «**«Какой ваш любимый наркотик?»**») reads as a
            # heading: it ended a page of the learner handout with its explanation overleaf.
            return call("block", content(markup), sticky="true") + "\n\n"
        return markup + "\n\n"

    def n_heading(self, node: SyntaxTreeNode) -> str:
        # A jump (`###` after `#`, which `course check` warns of) is closed on paper: the tagged PDF
        # is PDF/UA, which takes no skipped level, and a screen reader lists headings by level.
        # (A `##` is a level 3 here, under the module's title and the heading of its objectives' box.)
        depth = node.meta.get("depth") or int(node.tag[1]) - 1
        level = self.above = min(depth + 1, 6, self.above + 1)
        anchor = node.attrs.get("id")
        title = self.children(node)
        named = {"level": str(level), "outlined": "false", "bookmarked": "true" if level <= 3 else "false"}
        return call("heading", content(title), **named) + (f"#{label(anchor)}" if anchor else "") + "\n\n"

    def n_bullet_list(self, node: SyntaxTreeNode) -> str:
        return call("list", *(content(self.children(item).strip()) for item in node.children)) + "\n\n"

    def n_ordered_list(self, node: SyntaxTreeNode) -> str:
        start = str(node.attrs.get("start", 1))
        return call("enum", *(content(self.children(item).strip()) for item in node.children), start=start) + "\n\n"

    def n_blockquote(self, node: SyntaxTreeNode) -> str:
        return call("quote", content(self.children(node).strip()), block="true") + "\n\n"

    def n_code_block(self, node: SyntaxTreeNode) -> str:
        return call("raw", string(wrappable(node.content.rstrip("\n"), code=True)), block="true") + "\n\n"

    n_fence = n_code_block

    def n_hr(self, node: SyntaxTreeNode) -> str:
        return call("line", length="100%", stroke="0.5pt + rgb(\"#999999\")") + "\n\n"

    def n_table(self, node: SyntaxTreeNode) -> str:
        rows = [row for part in node.children for row in part.children]
        columns = max((len(row.children) for row in rows), default=1)
        cells, every_row, printed = [], [], []
        body = [row for part in node.children if part.type == "tbody" for row in part.children]
        names = bool(body) and all(row.children and row.children[0].type == "th" for row in body)
        self.narrow, outside = True, self.narrow
        for part in node.children:
            row_cells = []
            for row in part.children:
                # Headers in bold, as on the page: the header row's, and the row names (`mark_table_headers`).
                markups = [self.header_cell(cell) if cell.type == "th" else self.children(cell).strip()
                           for cell in row.children]
                every_row.append(markups)
                printed.append([(*self.printed_cell(cell, names and x == 0), "b" if bold_cell(cell) else "r")
                                for x, cell in enumerate(row.children)])
                whole = part.type == "tbody" and row_kept_whole(markups, columns)
                row_cells += [call("table.cell", content(m), breakable="false")[1:] if whole else content(m)
                              for m in markups]
            cells.append(f"table.header({', '.join(row_cells)})" if part.type == "thead" else ", ".join(row_cells))
        self.narrow = outside
        if any("#picture(" in markup for row in every_row for markup in row):  # a picture's width is Typst's to know
            table = call("table", *[c for c in cells if c], columns=str(columns))
        else:
            table = call("fitted-table", *[c for c in cells if c], **column_texts(printed, columns),
                         names=str(names).lower())
        if table_kept_whole(every_row, columns):
            table = call("block", table[1:], breakable="false")
        return table + "\n\n"

    def printed_cell(self, cell: SyntaxTreeNode, names: bool = False) -> tuple[str, set[str]]:
        """A table cell's text as it prints, for its column's width, and its code's runs (they print in
        another face). A numbered citation's figures are held to the word before them; in a row's name
        (`names`), a one-letter word to the word after it (handout.typ `glue-short-words`)."""
        printed, code = [], set()
        for child in cell.walk():
            if child.type in ("text", "code_inline"):
                printed.append(child.content if child.type == "text" else f" {child.content} ")
                code.update(child.content.split(" ") if child.type == "code_inline" else [])
            elif child.type in ("softbreak", "hardbreak"):
                printed.append(" ")
            elif child.type == "link" and (shown := shown_address(child)):
                printed.append(f" ({shown}) ")  # `url`: in brackets after the link's words
            elif child.type == "term":
                term = self.paper.course.term(child.meta["id"])
                printed.append(child.meta["text"] or (term.term if term else child.meta["id"]))
            elif child.type == "footnote_ref":
                printed.append("0")
            elif child.type == "local":
                printed.append(self.printed_local(child.meta["key"]))
            elif child.type == "citation":
                printed.append(self.printed_citation(child, printed))
        return glued("".join(printed).strip()) if names else "".join(printed).strip(), code

    def printed_local(self, key: str) -> str:
        """What `n_local` prints, for a cell's width: the value, or the words to ask and a line to
        write on."""
        value = self.local_value(key)
        return f"{self.paper.strings.get(f'local_{key}', '')}: {BLANK_RUN}" if value is None else value

    def local_value(self, key: str) -> str | None:
        """A local setting's value; None when unset or `ask` (the reader asks their organisation)."""
        value = self.paper.course.local.get(key, LOCAL_ASK)
        return None if value.strip() == LOCAL_ASK else value

    def printed_citation(self, node: SyntaxTreeNode, before: list[str]) -> str:
        """What `n_citation` prints, for a cell's width: `[n]` figures held to the word before them
        (`n_inline`), or the sources by name in place."""
        items = self.cited_items(node)
        if not self.numbers_citations():
            return f" ({cited_group_text(self.paper.course, items)})" if items else ""
        if before:
            before[-1] = before[-1].rstrip(" ")
        return "\u00a0" + "".join(f"{CITATION_MARK}[{shown}]" for _, shown in self.citation_numbers(items))

    def cited_items(self, node: SyntaxTreeNode) -> list:
        """A citation group's (key, start, end) items whose source the course declares."""
        return [item for item in node.meta["items"] if item[0] in self.paper.course.references]

    def numbers_citations(self) -> bool:
        """Whether citations print as `[n]` linked to the module's list (else by name in place)."""
        return bool(self.how.numbered and self.how.module)

    def header_cell(self, cell: SyntaxTreeNode) -> str:
        markup = self.children(cell).strip()
        return f"#strong[{markup}]" if markup else ""

    def n_dl(self, node: SyntaxTreeNode) -> str:
        items, term = [], ""
        for child in node.children:
            if child.type == "dt":
                term = content(self.children(child).strip())
            elif child.type == "dd":
                items.append(f"terms.item({term}, {content(self.children(child).strip())})")
        return call("terms", *items) + "\n\n"

    def n_footnote_block(self, node: SyntaxTreeNode) -> str:
        return ""  # printed where each footnote is cited

    def n_footnote_anchor(self, node: SyntaxTreeNode) -> str:
        return ""

    def n_html_block(self, node: SyntaxTreeNode) -> str:
        return ""  # refused by the render stage

    n_html_inline = n_html_block

    # ---- course blocks ----

    def n_course_block(self, node: SyntaxTreeNode) -> str:
        name, args = node.info, node.meta.get("args", "")
        if name in CALLOUT_KINDS:
            title = text(args) if args else text(self.paper.strings[f"callout_{name}"])
            body = self.children(node).strip()
            return call("callout", string(name), content(title), content(body), breakable=box_breakable(body)) + "\n\n"
        if name == "case":
            body = self.children(node).strip()
            return call("case", string(self.paper.strings["case"].rstrip(":")), content(text(args)), content(body),
                        breakable=box_breakable(body)) + "\n\n"
        if name == "dialogue":
            return self.dialogue(node)
        if name == "reflect":
            prompt, answer, cited_by_then = self.split_reflect(node)
            after = self.how.reflect_after(answer)
            if self.how.cited is not None and answer not in after:  # the model answer not printed: nor its [n]
                self.how.cited.intersection_update(cited_by_then)
            title = text(args) if args else text(self.paper.strings["reflect"])
            return reflect_box(title, prompt, after) + "\n\n"
        if name == "check":
            return (self.how.check(args) + "\n\n") if self.how.check else ""
        if name == "pocket":
            body = self.children(node).strip()
            return call("pocket-box", content(text(args)), content(body),
                        breakable=str(not fits_a_page(body, body.count("\n") + 1)).lower()) + "\n\n"
        if name in INTERACTIVE_BLOCKS:
            return interactive_markup(self, node)
        return self.children(node)

    def split_reflect(self, node: SyntaxTreeNode) -> tuple[str, str, set[int]]:
        """(prompt, model answer) markup of a reflect block, the parts before and after its `---`, and
        the citation numbers printed up to its answer (`PaperText.cited`)."""
        parts = ["", ""]
        side, cited_by_then = 0, set(self.how.cited or ())
        for child in node.children:
            if child.type == "reflect_answer":
                side, cited_by_then = 1, set(self.how.cited or ())
                continue
            parts[side] += self.node(child)
        return parts[0].strip(), parts[1].strip(), cited_by_then

    def dialogue(self, node: SyntaxTreeNode) -> str:
        variant, title = node.meta.get("variant", "plain"), node.meta.get("title", "")
        verdict = content(text(self.paper.strings[f"dialogue_{variant}"])) if variant != "plain" else "none"
        turns = [
            f"({str(turn.meta['staff']).lower()}, {content(text(turn.meta['speaker']))}, "
            f"{content(self.children(turn).strip())})"
            for turn in node.children if turn.type == "dialogue_turn"
        ]
        listed = f"({', '.join(turns)},)"
        return call("dialogue", string(variant), verdict, content(text(title)) if title else "none", listed,
                    breakable=str(not fits_a_page(listed, len(turns))).lower()) + "\n\n"

    # ---- inline ----

    def n_inline(self, node: SyntaxTreeNode) -> str:
        # The space before a numbered citation's `[n]` is a no-break space (`~`): «[42][43].» never
        # starts a line alone. Joined here, between the parts, so an author's code span is never touched.
        parts = [self.node(child) for child in node.children]
        for i in range(1, len(parts)):
            if node.children[i].type == "citation" and parts[i].startswith("#") and parts[i - 1].endswith(" "):
                parts[i - 1] = parts[i - 1][:-1] + "~"
        return "".join(parts)

    def n_text(self, node: SyntaxTreeNode) -> str:
        return text(node.content, self.narrow)

    def n_softbreak(self, node: SyntaxTreeNode) -> str:
        return " "

    def n_hardbreak(self, node: SyntaxTreeNode) -> str:
        return "#linebreak()"

    def n_strong(self, node: SyntaxTreeNode) -> str:
        return call("strong", content(self.children(node)))

    def n_em(self, node: SyntaxTreeNode) -> str:
        return call("emph", content(self.children(node)))

    def n_code_inline(self, node: SyntaxTreeNode) -> str:
        return call("raw", string(wrappable(node.content, code=True, narrow=self.narrow)))

    def n_image(self, node: SyntaxTreeNode) -> str:
        src = unquote(str(node.attrs.get("src", "")))  # the parser writes `схема 1.png` as `%D1%81…%201.png`
        alt = "".join(child.content for child in node.children) or node.content
        if src not in self.paper.course.assets:
            return text(alt)  # not a checked course asset: the words, never a read outside the course
        # Without a width, the image's own, as a page shows it: a small figure is not blown up to the
        # text's width; one that fits its container on a page (an SVG without a width) fills it.
        width = pixels(node.attrs.get("width")) or self.paper.css_width(src)
        size = f"{min(width * PX_TO_PT, MAX_IMAGE_PT):g}pt" if width else "100%"
        return call("picture", string("/" + src), width=size, alt=string(alt))

    def n_link(self, node: SyntaxTreeNode) -> str:
        href = str(node.attrs.get("href", ""))
        words = self.children(node)
        parts = urlsplit(href)
        if shown := shown_address(node):
            after = call("url", content(text(shown, self.narrow)))  # in a table, with the breaks of a column's runs
            return call("link", string(href), content(words)) + after
        if parts.scheme in LINK_SCHEMES:
            return call("link", string(href), content(words))
        target = self.internal_target(parts.path, parts.fragment)
        if target and parts.path.endswith(".html"):  # another module: paper says on which page it is
            after = node.next_sibling
            inside = after is not None and after.type == "text" and after.content.startswith(")")
            return call("xref", label(target), content(words), string(self.paper.strings["handout_page_short"]),
                        **({"inside": "true"} if inside else {}))
        return call("link", label(target), content(words)) if target else words

    def internal_target(self, path: str, fragment: str) -> str | None:
        """The label a link to `slug.html#anchor` (another module) or `#anchor` points at, when the
        document holds it (the href's anchor is percent-encoded, a label is the id itself)."""
        fragment = unquote(fragment)
        if path.endswith(".html"):
            module = self.paper.slugs.get(path[: -len(".html")])
            target = (fragment or module.slug) if module else None
        else:
            target = fragment or None
        return target if target in self.how.labels else None

    def n_term(self, node: SyntaxTreeNode) -> str:
        term = self.paper.course.term(node.meta["id"])
        if term is None:
            return text(node.meta["text"] or node.meta["id"])
        words = text(node.meta["text"] or term.term)
        target = f"term-{term.id}"
        return call("term", label(target if target in self.how.labels else None), content(words))

    def n_citation(self, node: SyntaxTreeNode) -> str:
        """`[n]` linking to the module's reference list, or `(Source, lines a–b)` in place. Numbers
        are kept together (`[42][43]` is one box) and with the word before them (`n_inline`)."""
        items = self.cited_items(node)
        if not self.numbers_citations():
            # As every output writes it, by the short name: the full title inline printed 670 times in the guide.
            words = cited_group_text(self.paper.course, items)
            return " " + call("cite-inline", content(text(f"({words})"))) if items else ""
        parts = [call("cite", label(target if target in self.how.labels else None), str(shown))
                 for target, shown in self.citation_numbers(items)]
        return call("box", content("".join(parts))) if len(parts) > 1 else "".join(parts)

    def citation_numbers(self, items: list) -> list[tuple[str, int]]:
        """Each cited item's `[n]`: the module's reference list entry it links to, and the number shown."""
        marks = []
        for key, start, end in items:
            number = self.numbers.get(f"{key}:{start}" if start == end else f"{key}:{start}-{end}", 0)
            renumbered = self.how.renumbered
            shown = number if renumbered is None else renumbered.setdefault(number, len(renumbered) + 1)
            if self.how.cited is not None:
                self.how.cited.add(number)
            marks.append((f"{self.how.module.id}--ref-{number}", shown))
        return marks

    def n_local(self, node: SyntaxTreeNode) -> str:
        """A local setting's value; unset or `ask`: the words telling the reader to ask their organisation,
        and a line to write the answer on (a pocket card's crisis line is kept to be filled in). The line
        starts a line of its own: at the end of a justified line it did not fit, and the words before it
        were stretched to the margin («протокол   действий   при   риске»)."""
        key = node.meta["key"]
        value = self.local_value(key)
        if value is None:
            return call("emph", content(text(self.paper.strings.get(f"local_{key}", "")))) + text(":") + call(
                "linebreak") + call("blank", width="40mm")
        return text(value)

    def n_span(self, node: SyntaxTreeNode) -> str:
        return span_markup(self, node)

    def n_footnote_ref(self, node: SyntaxTreeNode) -> str:
        note = self.footnotes.get(node.meta.get("id"))
        if note is None:
            return ""
        return call("footnote", content(self.children(note).strip()))
