"""QTI item content written from a text's tokens: the XHTML subset QTI 2.1 allows, as lxml elements.

A QTI body takes XHTML elements in its own namespace and few attributes. Instead of rendering a text
to HTML and parsing that again, the text's token stream (kept by the build context) is walked the
way markdown-it's HTML renderer walks it, with the same line breaks, and every tag it would write
becomes an element here: a tag QTI does not know becomes a `div` (block) or `span` (inline). The
question bank's mode decides what links, glossary terms, citations and images become.
"""

from __future__ import annotations

from markdown_it.token import Token
from lxml import etree

from builder.markdown import dashes_kept
from builder.model import CALLOUT_KINDS, LOCAL_ASK, Markdown
from builder.render import is_plain
from builder.sources import cited_group_text
from builder.targets.qbank import Bank

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"

XHTML_TAGS = {
    "a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol",
    "p", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "tt", "ul", "var",
}
"""The XHTML elements QTI 2.1 content may hold; any other becomes a `div` (block) or `span` (inline)."""

BLOCK_TAGS = {"address", "aside", "blockquote", "details", "figure", "figcaption", "footer", "header", "section",
              "summary", "nav", "main", "article"}
KEPT_ATTRIBUTES = {"img": ("src", "alt", "width", "height"), "a": ("href",), "td": ("colspan", "rowspan"),
                   "th": ("colspan", "rowspan", "scope")}
"""Attributes kept per element (QTI bodies take few; `title` and `data-*` are not among them)."""

IMAGES_FROM_ITEM = "../"
"""Items live in `items/`, the images in `assets/` beside it."""


def q(tag: str) -> str:
    """A QTI element name."""
    return f"{{{QTI}}}{tag}"


class Xhtml:
    """Writes course texts into QTI elements, noting the images they show (the package carries them)."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.images: list[str] = []
        """`assets/...` of every image written, in order, each once."""

    def element(self, tag: str, content: Markdown | str | None, **attrs: str) -> etree._Element:
        """A new QTI element `tag` holding a text (Markdown, or words as they are)."""
        element = etree.Element(q(tag), **attrs)
        self.write_into(element, content)
        return element

    def write_into(self, element: etree._Element, content: Markdown | str | None) -> None:
        """Append a text's content to `element`."""
        out = Out(element)
        if isinstance(content, str) or content is None:
            out.data(content or "")
        elif is_plain(content):
            self.plain(out, content)
        else:
            self.images += [src for src in self.bank.texts.images(content) if src not in self.images]
            Walk(self, out).blocks(self.bank.texts.parsed(content).tokens)
        strip_end(element)

    def plain(self, out: Out, text: Markdown) -> None:
        """One plain line: what the parser would make of it is known (as the render stage knows)."""
        if text.inline:
            out.data(dashes_kept(text.source))
        else:
            out.start("p", {})
            out.data(dashes_kept(text.source))
            out.end()
            out.data("\n")

    def note(self, element: etree._Element, label: str, warning: str) -> None:
        """`<p><strong>Content note:</strong> ...</p>` before the question, as the course's pages show it."""
        out = Out(element)
        out.start("p", {})
        out.start("strong", {})
        out.data(f"{label}:")
        out.end()
        out.data(f" {warning}")
        out.end()
        out.data("\n")

    def listed(self, element: etree._Element, label: str, entries: list[str]) -> None:
        """`<p>Label:</p><ul><li>…</li></ul>` after what `element` holds (an explanation's sources)."""
        out = Out(element)
        out.start("p", {})
        out.data(f"{label}:")
        out.end()
        out.start("ul", {})
        for entry in entries:
            out.start("li", {})
            out.data(entry)
            out.end()
        out.end()


def strip_end(element: etree._Element) -> None:
    """No white space after a text's last element or word (a bank text is trimmed, as `Bank.html` trims it)."""
    if len(element):
        element[-1].tail = (element[-1].tail or "").rstrip() or None
    elif element.text:
        element.text = element.text.rstrip() or None


class Out:
    """An lxml tree built from start / data / end events (text after a child goes to its tail)."""

    def __init__(self, root: etree._Element) -> None:
        self.stack = [root]
        self.last: etree._Element | None = root[-1] if len(root) else None

    def data(self, text: str) -> None:
        if not text:
            return
        if self.last is not None:
            self.last.tail = (self.last.tail or "") + text
        else:
            self.stack[-1].text = (self.stack[-1].text or "") + text

    def start(self, tag: str, attrs: dict, empty: bool = False) -> None:
        element = etree.SubElement(self.stack[-1], q(qti_tag(tag)))
        for name in KEPT_ATTRIBUTES.get(qti_tag(tag), ()):
            if attrs.get(name) is not None:
                element.set(name, str(attrs[name]))
        if qti_tag(tag) == "img" and element.get("alt") is None:
            element.set("alt", "")
        if empty:
            self.last = element
        else:
            self.stack.append(element)
            self.last = None

    def end(self) -> None:
        self.last = self.stack.pop()


def qti_tag(tag: str) -> str:
    """The element QTI allows for an HTML tag."""
    return tag if tag in XHTML_TAGS else "div" if tag in BLOCK_TAGS else "span"


class Walk:
    """One token stream written as markdown-it's HTML renderer would write it, as elements."""

    def __init__(self, xhtml: Xhtml, out: Out) -> None:
        self.xhtml, self.out, self.bank = xhtml, out, xhtml.bank
        self.link_left_out = False

    def blocks(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            if token.type == "inline":
                self.inline(token.children or [])
            elif hasattr(self, "b_" + token.type):
                getattr(self, "b_" + token.type)(token)
            else:
                self.token(tokens, index)

    def token(self, tokens: list[Token], index: int) -> None:
        """markdown-it's `renderToken`: the tag, and a line break where it puts one."""
        token = tokens[index]
        if token.hidden:
            return
        if token.block and token.nesting != -1 and index and tokens[index - 1].hidden:
            self.out.data("\n")
        if token.nesting == -1:
            self.out.end()
        else:
            self.out.start(token.tag, dict(token.attrs), empty=token.nesting == 0)
        if token.block and self.line_break_after(tokens, index):
            self.out.data("\n")

    @staticmethod
    def line_break_after(tokens: list[Token], index: int) -> bool:
        token = tokens[index]
        if token.nesting == 1 and index + 1 < len(tokens):
            following = tokens[index + 1]
            closes_it = following.nesting == -1 and following.tag == token.tag
            return not (following.type == "inline" or following.hidden or closes_it)
        return True

    def inline(self, children: list[Token]) -> None:
        for index, child in enumerate(children):
            method = getattr(self, "i_" + child.type, None)
            if method:
                method(child)
            else:
                self.token(children, index)

    # ---- inline tokens -------------------------------------------------------------------------

    def i_text(self, token: Token) -> None:
        self.out.data(token.content)

    i_html_inline = i_text

    def i_softbreak(self, token: Token) -> None:
        self.out.data("\n")

    def i_hardbreak(self, token: Token) -> None:
        self.out.start("br", {}, empty=True)
        self.out.data("\n")

    def i_code_inline(self, token: Token) -> None:
        self.out.start("code", dict(token.attrs))
        self.out.data(token.content)
        self.out.end()

    def i_image(self, token: Token) -> None:
        src = self.bank.mode.asset_src(str(token.attrs.get("src", "")))
        alt = "".join(child.content for child in token.children or [])
        src = IMAGES_FROM_ITEM + src if src.startswith("assets/") else src
        self.out.start("img", {**token.attrs, "src": src, "alt": alt}, empty=True)

    def i_link_open(self, token: Token) -> None:
        attrs = self.bank.mode.link_attrs(token)
        self.link_left_out = attrs is None
        if attrs is not None:
            self.out.start("a", dict(attrs))

    def i_link_close(self, token: Token) -> None:
        if not self.link_left_out:
            self.out.end()
        self.link_left_out = False

    def i_term(self, token: Token) -> None:
        term = self.bank.course.term(token.meta["id"])
        self.out.data(token.meta["text"] or (term.term if term else token.meta["id"]))

    def i_citation(self, token: Token) -> None:
        # one bracket for the group, as the other banks and the pages print it, not «(…)(…)(…)»
        shown = [(key, start, end) for key, start, end in token.meta["items"]
                 if key in self.bank.course.references and end >= start]
        if shown:
            self.out.data(f"({cited_group_text(self.bank.course, shown)})")

    def i_local(self, token: Token) -> None:
        key, strings = token.meta["key"], self.bank.texts.quiet.strings
        value = self.bank.course.local.get(key, LOCAL_ASK)
        if f"local_{key}" not in strings:
            return
        if value.strip() != LOCAL_ASK:
            self.out.data(value)
            return
        self.out.start("span", {})
        self.out.data(strings["local_" + key])
        self.out.end()

    def i_footnote_ref(self, token: Token) -> None:
        self.out.start("sup", {})
        self.out.start("a", {"href": f"#fn{token.meta['id'] + 1}"})
        self.out.data(f"[{token.meta['id'] + 1}]")
        self.out.end()
        self.out.end()

    # ---- block tokens the course renders its own way -------------------------------------------

    def b_code_block(self, token: Token) -> None:
        self.out.start("pre", {})
        self.out.start("code", {})
        self.out.data(token.content)
        self.out.end()
        self.out.end()
        self.out.data("\n")

    b_fence = b_code_block

    def b_html_block(self, token: Token) -> None:
        self.out.data(token.content)

    def b_table_open(self, token: Token) -> None:
        self.out.start("div", {})
        self.out.data("\n")
        self.out.start("table", {})
        self.out.data("\n")

    def b_table_close(self, token: Token) -> None:
        self.out.end()
        self.out.data("\n")
        self.out.end()
        self.out.data("\n")

    def tagged(self, tag: str, text: str) -> None:
        """`<tag>text</tag>`."""
        self.out.start(tag, {})
        self.out.data(text)
        self.out.end()

    def b_course_block_open(self, token: Token) -> None:
        """The opening markup of each `:::` block, as `builder.markdown.blocks` writes it."""
        name, args, strings = token.info, token.meta.get("args", ""), self.bank.texts.quiet.strings
        if name in CALLOUT_KINDS:
            self.out.start("aside", {})
            self.tagged("p", args or strings[f"callout_{name}"])
        elif name == "dialogue":
            self.dialogue_open(token, strings)
        elif name == "case":
            self.out.start("div", {})
            self.out.start("p", {})
            self.tagged("span", strings["case"])
            self.out.data(f" {args}")
            self.out.end()
        elif name == "reflect":
            self.out.start("div", {})
            self.tagged("p", args or strings["reflect"])
            self.out.start("div", {})
        elif name == "pocket":
            self.out.start("section", {})
            self.tagged("h2", args)
        else:
            self.out.start("div", {})
            if name == "check":
                return
        self.out.data("\n")

    def dialogue_open(self, token: Token, strings: dict) -> None:
        variant, title = token.meta.get("variant", "plain"), token.meta.get("title", "")
        self.out.start("figure", {})
        if variant != "plain" or title:
            self.out.start("figcaption", {})
            if variant != "plain":
                self.tagged("span", strings["dialogue_" + variant])
                self.out.data(" ")
            self.out.data(title)
            self.out.end()
        self.out.start("ol", {})

    def b_course_block_close(self, token: Token) -> None:
        """The closing markup: one element, two for a dialogue (list, figure) and a reflection."""
        if token.info in ("dialogue", "reflect"):
            self.out.end()
        self.out.end()
        self.out.data("\n")

    def b_reflect_answer(self, token: Token) -> None:
        self.out.end()
        self.out.start("details", {})
        self.tagged("summary", self.bank.texts.quiet.strings["model_answer"])
        self.out.data("\n")

    def b_dialogue_turn_open(self, token: Token) -> None:
        self.out.start("li", {})
        self.out.start("span", {})
        self.out.data(f"{token.meta['speaker']}:")
        self.out.end()
        self.out.data(" ")
        self.out.start("span", {})

    def b_dialogue_turn_close(self, token: Token) -> None:
        self.out.end()
        self.out.end()
        self.out.data("\n")

    def b_footnote_block_open(self, token: Token) -> None:
        self.out.start("hr", {}, empty=True)
        self.out.data("\n")
        self.out.start("div", {})
        self.out.data("\n")
        self.out.start("ol", {})
        self.out.data("\n")

    def b_footnote_block_close(self, token: Token) -> None:
        self.out.end()
        self.out.data("\n")
        self.out.end()
        self.out.data("\n")

    def b_footnote_open(self, token: Token) -> None:
        self.out.start("li", {})

    def b_footnote_close(self, token: Token) -> None:
        self.out.end()
        self.out.data("\n")

    def i_footnote_anchor(self, token: Token) -> None:
        self.out.data(" ")
        self.out.start("a", {"href": f"#fnref{token.meta['id'] + 1}"})
        self.out.data("\u21a9\ufe0e")
        self.out.end()
