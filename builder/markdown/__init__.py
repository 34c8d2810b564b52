"""The course's Markdown dialect: one parser factory and the checks that run on its tokens.

The preset is chosen on purpose: `commonmark` with HTML parsing *on*, so that raw HTML becomes
`html_block`/`html_inline` tokens which `check_tokens` reports with their line and then drops;
with HTML off it would pass silently as text (STYLE.md, habit 7).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from builder.errors import suggest
from builder.markdown.blocks import block_anchor, blocks_plugin
from builder.markdown.holes import heading_hole, mode_hole
from builder.markdown.lang import lang_plugin
from builder.model import LOCAL_KEYS
from builder.markdown.inline import inline_plugin, local_written
from builder.markdown.lessons import lessons_plugin

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
"""Link schemes allowed in Markdown (anything else, e.g. javascript:, is an error)."""


def create_md_parser() -> MarkdownIt:
    """The one parser every Markdown text of the course goes through."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    # markdown-it silently turns javascript:/data: links into plain text; let them through so
    # that `check_link` reports them to the author (and neutralises the href).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # An autolink's text is percent-decoded (`<http://x/%00>`): a NUL it yields becomes U+FFFD, as
    # markdown-it makes every NUL of a source, so none reaches the HTML (a NUL marks a hole there).
    normalize_text = md.normalizeLinkText
    md.normalizeLinkText = lambda url: normalize_text(url).replace("\x00", "\ufffd")  # type: ignore[method-assign]
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.use(attrs_plugin, allowed=["width", "height"])
    md.use(blocks_plugin)
    md.use(inline_plugin)
    md.use(lang_plugin)
    md.add_render_rule("table_open", render_table_open)
    md.add_render_rule("table_close", render_table_close)
    for part in ("thead_open", "tbody_open", "tr_open", "th_open", "td_open"):
        md.add_render_rule(part, render_table_part)
    for part in ("heading_open", "heading_close"):
        md.add_render_rule(part, lambda self, tokens, idx, options, env: heading_hole(
            env, int(tokens[idx].tag[1]), self.renderToken(tokens, idx, options, env)))
    md.add_render_rule("link_open", render_link_open)
    md.add_render_rule("link_close", render_link_close)
    md.add_render_rule("image", render_image)
    md.add_render_rule("footnote_anchor", render_footnote_anchor)
    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("footnote_anchor_name", render_footnote_anchor_name)
    md.core.ruler.after("text_join", "course_dashes", keep_dashes_with_the_word_before)
    md.core.ruler.push("course_checks", check_tokens)
    md.core.ruler.push("course_table_headers", mark_table_headers)
    md.use(lessons_plugin)  # before the headings get their ids: a lesson marker is not part of the title
    md.core.ruler.push("course_headings", collect_headings)
    md.core.ruler.push("course_own_links", link_own_headings)  # once the headings have their ids
    md.core.ruler.before("text_join", "course_unread_syntax", check_unread_syntax)
    md.core.ruler.push("course_fences", check_fences_closed)
    return md


DASH_AFTER_SPACE_RE = re.compile(r" (?=[—–](?: |$))")
"""The space before a dash that stands between words («секс-работники — мужчины»)."""


def dashes_kept(text: str) -> str:
    """`text` with a dash between words kept on the line of the word before it (a no-break space
    before it), as Russian typesetting has it: a line that starts with «— о мужчинах» reads as a new
    speaker's line. One character for one, so columns in messages are unchanged."""
    return DASH_AFTER_SPACE_RE.sub("\u00a0", text) if " —" in text or " –" in text else text


def keep_dashes_with_the_word_before(state) -> None:
    """`dashes_kept` in every text of a parsed Markdown text (pages and paper read these tokens; a
    plain line, which skips the parser, gets it where it is rendered: `render.is_plain`)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = dashes_kept(child.content)


def render_footnote_anchor_name(self, tokens, idx, options, env) -> str:
    """The number in a footnote's ids, made unique on a page that shows many texts: a module body's
    are prefixed with the module (`docId`), any other text's (a question, a glossary definition)
    with its place in the sources (`footnote_scope`), so two questions of one quiz with a `[^1]`
    each do not share the ids `fn1` and `fnref1`, and each reference goes to its own note."""
    number = str(tokens[idx].meta["id"] + 1)
    scope = env.get("docId") or env.get("footnote_scope")
    return f"-{scope}-{number}" if scope else number


def render_footnote_ref(self, tokens, idx, options, env) -> str:
    """A footnote's marker: its number raised, without the brackets of a citation's `[n]` (a page
    numbers its sources and its notes each from 1: «[1]» was either), named «Примечание 1»."""
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    number = str(tokens[idx].meta["id"] + 1)
    sub = tokens[idx].meta.get("subId", -1)
    ref_id = f"{ident}:{sub}" if sub > 0 else ident
    label = escape(f'{env["strings"]["footnote_ref"]} {number}')
    return f'<sup class="footnote-ref"><a href="#fn{ident}" id="fnref{ref_id}" aria-label="{label}">{number}</a></sup>'


def render_footnote_anchor(self, tokens, idx, options, env) -> str:
    """The link back from a footnote to where it is cited, named in words: "↩" alone is read out as
    an arrow, which says nothing of where the link goes (WCAG 2.4.4)."""
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if tokens[idx].meta["subId"] > 0:
        ident += ":" + str(tokens[idx].meta["subId"])
    label = escape(env["strings"]["footnote_back"])
    return f' <a href="#fnref{ident}" class="footnote-backref" aria-label="{label}">\u21a9\ufe0e</a>'


STACKED_COLUMNS = 2
"""A table of this many columns or more becomes a card per row on a phone (course.css `.table--stack`):
module 3's three columns of Russian words took 576 px of a 351 px column, and the column that said
what to do was off-screen; two columns of them took up to 380 px of 296 (at 320 px, or 400 % zoom),
cut mid-word, in four modules of five."""

TABLE_ROLES = {"thead_open": "rowgroup", "tbody_open": "rowgroup", "tr_open": "row", "td_open": "cell"}


def render_table_open(self, tokens, idx, options, env) -> str:
    """A table inside a scrolling region: wide tables scroll on a phone instead of the page, and a
    keyboard user can focus the region to scroll it (WCAG 2.1.1); its name is the header row."""
    headers = []
    for token in tokens[idx + 1 :]:
        if token.type == "thead_close":
            break
        if token.type == "inline":
            headers.append(re.sub(r"\[@[^\]]*\]|[*_`\[\]]", "", token.content).strip())
    label = f'{env["strings"]["table"]}: {", ".join(h for h in headers if h)}'[:160]
    stacked = len(headers) >= STACKED_COLUMNS
    env["table_headers"] = headers if stacked else None
    wrap, role = ("table-wrap table--stack", ' role="table"') if stacked else ("table-wrap", "")
    return f'<div class="{wrap}" role="region" tabindex="0" aria-label="{escape(label)}">\n<table{role}>\n'


def render_table_part(self, tokens, idx, options, env) -> str:
    """A part of a table that becomes a card on a phone: its role said outright (a table laid out as
    blocks keeps its semantics in every browser), and a body cell's column header as `data-label`,
    which the card prints above the cell (read by screen readers from the table, not twice)."""
    token, headers = tokens[idx], env.get("table_headers")
    if not headers:
        return self.renderToken(tokens, idx, options, env)
    own = token.attrs
    role = TABLE_ROLES.get(token.type) or ("rowheader" if token.attrGet("scope") == "row" else "columnheader")
    token.attrs = {**own, "role": role}
    if token.type == "td_open":
        column = 0
        for before in reversed(tokens[:idx]):
            if before.type == "tr_open":
                break
            column += before.type in ("td_open", "th_open")
        if column < len(headers) and headers[column]:
            token.attrs["data-label"] = headers[column]
    try:
        return self.renderToken(tokens, idx, options, env)
    finally:
        token.attrs = own  # the tokens are rendered again in other modes


def mark_table_headers(state) -> None:
    """Say which header each cell of a table has (WCAG 1.3.1): the header row's cells head their
    columns, and the first column's cells head their rows when that column names its rows, as in
    every table of the bundled course (each row has a name there, and no two rows share one): a
    screen reader then reads «Иван» with each cell of Иван's row. A pipe table cannot say so itself."""
    tokens = state.tokens
    for start, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        end = next(i for i in range(start, len(tokens)) if tokens[i].type == "table_close")
        firsts, in_body = [], False
        for i in range(start, end):
            kind = tokens[i].type
            if kind == "th_open":
                tokens[i].attrSet("scope", "col")
            in_body = in_body or kind == "tbody_open"
            if in_body and kind == "td_open" and tokens[i - 1].type == "tr_open":
                firsts.append(i)
        names = [tokens[i + 1].content.strip() for i in firsts]
        if names and all(names) and len(set(names)) == len(names):
            for i in firsts:
                for cell in (tokens[i], tokens[i + 2]):
                    cell.type, cell.tag = cell.type.replace("td_", "th_"), "th"
                tokens[i].attrSet("scope", "row")


def render_table_close(self, tokens, idx, options, env) -> str:
    env["table_headers"] = None
    return "</table>\n</div>\n"


def render_link_open(self, tokens, idx, options, env) -> str:
    """A link as the output's mode wants it; a link the mode leaves out keeps its words only."""
    token = tokens[idx]

    def fill(env: dict) -> str:
        attrs = env["mode"].link_attrs(token)
        env["link_left_out"] = attrs is None  # links do not nest: the next link_close is this one's
        return "" if attrs is None else self.renderToken([token.copy(attrs=dict(attrs))], 0, options, env)

    return mode_hole(env, fill)


def render_link_close(self, tokens, idx, options, env) -> str:
    """The end of a link (nothing when its start was left out)."""
    token = tokens[idx]
    return mode_hole(env, lambda env: "" if env.pop("link_left_out", False)
                     else self.renderToken([token], 0, options, env))


def render_image(self, tokens, idx, options, env) -> str:
    """An image whose source the output's mode gives (a file beside the page, or the file itself)."""
    token = tokens[idx]
    src = str(token.attrs.get("src", ""))

    def fill(env: dict) -> str:
        shown = token.copy(attrs={**token.attrs, "src": env["mode"].asset_src(src)})
        return self.image([shown], 0, options, env)

    return mode_hole(env, fill)


def walk(tokens: list[Token]):
    """Every token with the 0-based source line it is on, children included: a child's line is its
    block's first line and the line breaks before it in the block (an image on a paragraph's third
    line is reported there)."""
    line = 0
    for token in tokens:
        if token.map:
            line = token.map[0]
        yield token, line
        breaks = 0
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                breaks += 1
            own = child.meta.get("line") if isinstance(child.meta, dict) else None
            yield child, line + (breaks if own is None else own)
            if own is not None:  # a glossary link or citation over a line break holds that break
                breaks = own + child.meta.get("breaks", 0)


def check_tokens(state) -> None:
    """Report raw HTML, unsafe or broken links and images; drop the raw HTML."""
    env = state.env
    previous = None
    for token, line in list(walk(state.tokens)):
        if token.type == "text" and previous is not None and previous.type == "image":
            check_attributes_read(token, line, env)
        previous = token
        if token.type in ("html_block", "html_inline"):
            snippet = token.content.strip().split("\n")[0][:40]
            env["report"](line, f"raw HTML is not allowed: '{snippet}'", "use Markdown or a ':::' block instead",
                          "md.raw-html", snippet)
            token.type, token.content = "text", ""
        elif token.type == "image":
            check_image(token, line, env)
        elif token.type == "link_open":
            check_link(token, line, env)
        elif token.type in ("citation", "term", "local"):
            token.meta["abs_line"] = line
            if token.type == "term":
                check_term(token, line, env)
            elif token.type == "local":
                check_local(token, line, env)


def check_term(token: Token, line: int, env: dict) -> None:
    """A glossary link names a term of course/glossary.yml."""
    course = env["course"]
    term_id = token.meta["id"]
    if not term_id.strip():
        env["report"](line, "a glossary link names no term", "write the term's id before the '|': "
                      "[[id]] or [[id|the words shown]]", "ref.glossary", "[[")
        return
    if course.term(term_id) is None and not course.unloaded.glossary and term_id not in course.unloaded.terms:
        hint = suggest(term_id, [t.id for t in course.glossary],
                       "add the term to course/glossary.yml, or remove the [[…]]")
        env["report"](line, f"glossary term '{term_id}' does not exist", hint, "ref.glossary", f"[[{term_id}")


def check_local(token: Token, line: int, env: dict) -> None:
    """`{{local.key}}` names one of the course's local settings."""
    key = token.meta["key"]
    if key not in LOCAL_KEYS:
        hint = suggest(key, LOCAL_KEYS, f"use one of: {', '.join(LOCAL_KEYS)}")
        env["report"](line, f"'{{{{local.{key}}}}}' names no local setting", hint, "ref.local", local_written(key))


def check_image(token: Token, line: int, env: dict) -> None:
    """Images need alt text and a path inside course/assets/ that exists."""
    src = str(token.attrs.get("src", ""))
    if not token.content.strip() and not "".join(c.content for c in token.children or []).strip():
        env["report"](line, f"image '{src}' has no alt text", "describe the image in the brackets: ![what it shows](…)",
                      "image.alt", f"]({src}")
    check_image_size(token, line, env)
    if urlsplit(src).scheme:
        env["report"](line, f"image '{src}' is loaded from outside the course",
                      "download it into course/assets/ and link it as assets/…", "path.outside", src)
        return
    env["resolve_asset"](unquote(src), line)  # as links are: `схема.png` and `%D1%81…png` name one file


FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
"""A footnote reference as written, `[^2]`: left in the text when no `[^2]: …` gives its note."""


def check_unread_syntax(state) -> None:
    """Course syntax that no rule read would print as it stands: a footnote reference whose note is
    missing (`[^2]`), a glossary link or citation never closed (`[[term`, `[@key:1`). Run before the
    text pieces are joined: escaped brackets (`\\[^2\\]`), which the author means to show, are still apart then."""
    for label, number in state.env.get("footnotes", {}).get("refs", {}).items():
        if number == -1 and "warn" in state.env:  # defined, never cited: the plug-in drops the note
            at = re.search(rf"^[ \t]*\[\^{re.escape(label[1:])}\]:", state.src, re.M)
            state.env["warn"](state.src.count("\n", 0, at.start()) if at else 0,
                                f"footnote '[^{label[1:]}]' is cited nowhere, so its note would not be shown",
                                f"cite it in the text with [^{label[1:]}], or remove the note", "md.footnote")
    for token, line in walk(state.tokens):
        if token.type in LOCAL_UNFILLED:
            check_local_place(token, line, state.env)
        if token.type != "text":
            continue
        if "[^" in token.content:
            for label in FOOTNOTE_REF_RE.findall(token.content):
                state.env["report"](line, f"footnote '[^{label}]' has no note",
                                    f"add a line '[^{label}]: …' with its text below the paragraph, or remove the "
                                    "reference (to show the characters, write them as `code` or escape the brackets)",
                                    "md.footnote", f"[^{label}]")
        spaced = SPACED_LINK_RE.search(token.content)
        if spaced:
            state.env["report"](line, f"link '{spaced.group()[:40]}' has a space in its address, so the learner would "
                                "see it as written", "remove the space (a file name's own space is written %20)",
                                "ref.link", spaced.group())
        reference = REFERENCE_LINK_RE.search(token.content)
        if reference:
            state.env["report"](line, f"link '{reference.group()[:40]}' names no address defined in the text, so the "
                                "learner would see its brackets", "write the address in place: [words](02-questions.md)"
                                ", define it on a line of its own ([name]: 02-questions.md), or escape the brackets to "
                                "show them: \\[", "ref.link", reference.group())
        for opener, closer, what, form in UNCLOSED:
            at = token.content.find(opener)
            if at >= 0:
                written = token.content[at:at + 30].split("\n")[0]
                state.env["report"](line, f"{what} '{written}' is not closed with '{closer}' in its paragraph, so "
                                    "the learner would see the brackets", f"close it: {form} (to show the characters, "
                                    "escape the brackets: \\[)", "md.unclosed", re.compile(re.escape(written)))
        for unread in UNREAD_LOCAL_RE.finditer(token.content):
            written = unread.group().split("\n")[0]
            state.env["report"](line, f"local setting '{written}' is not written as {{{{local.key}}}}, so the learner "
                                "would see it as it stands", "write it as {{local.key}}: two braces on each side, the "
                                "key in letters, digits, '_' or '-'", "md.unclosed", re.compile(re.escape(written)))


def check_fences_closed(state) -> None:
    """A code fence never closed runs to the end of its module or `:::` block: Markdown shows all of
    it as code, lessons, citations and checks included, and no other rule would see them."""
    lines = state.src.split("\n")
    for token in state.tokens:
        if token.type != "fence" or not token.map:
            continue
        start, end = token.map
        last = lines[end - 1].strip().lstrip("> ").strip() if end - 1 < len(lines) else ""
        marker = token.markup[:1]
        closed = end - start >= 2 and len(last) >= len(token.markup) and last == marker * len(last)
        if not closed:
            state.env["report"](start, f"code fence '{token.markup}' is never closed, so everything after it to the "
                                "end of its module or block would show as code", f"add a line '{token.markup}' where "
                                "the code ends", "md.fence")


SPACED_LINK_RE = re.compile(r"\[[^\[\]\n]+\]\([^()\n]*\s[^()\n]*\)")
"""A link whose address holds a space, `[words](02-questions.md #x)`: Markdown leaves it as text."""
REFERENCE_LINK_RE = re.compile(r"\[(?![\d\s,–-]*\])[^\[\]\n]*\S[^\[\]\n]*\]\[[^\[\]\n]*\]")
"""A reference-style link as written, `[words][name]`: left in the text when no `[name]: …` defines it
(numbers in brackets, «[12][13]», are the author's text)."""


UNCLOSED = (("[[", "]]", "glossary link", "[[id]] or [[id|the words shown]]"),
            ("[@", "]", "citation", "[@key:lines]"))
"""Openers of course syntax, the closer each needs, and how the syntax is written."""

LOCAL_UNFILLED = {"term": "a glossary link's words", "link_open": "a link's address or title",
                  "image": "an image's description or title"}
"""Where a local setting `{{local.key}}` is not filled in: it would reach the learner as written."""


def check_local_place(token, line: int, env: dict) -> None:
    """A local setting written where it is not filled in (`[[term|звоните {{local.crisis_line}}]]`,
    `[звонок](tel:{{local.crisis_line}})`, an image's description, a link's or an image's title)."""
    if token.type == "term":
        values, at = [token.meta.get("text", "")], f"[[{token.meta.get('id', '')}|"
    else:
        values = [unquote(str(token.attrs.get("href", ""))), token.content, str(token.attrs.get("title", ""))]
        at = f"]({values[0]}" if token.type == "link_open" else "!["
    written = next((found for found in map(UNREAD_LOCAL_RE.search, values) if found), None)
    if written:
        # (located at the link or image it is in: the same setting written in the text before it is filled in)
        env["report"](line, f"local setting '{written.group()}' is in {LOCAL_UNFILLED[token.type]}, where it is not "
                      "filled in, so the learner would see it as written", "write it in the text beside it, e.g. "
                      "[[term|помощь]] по телефону {{local.crisis_line}}", "md.local-place", at)


UNREAD_LOCAL_RE = re.compile(r"\{\{\s*local\.[^}\s]*\S{0,20}")
"""A local setting the inline rule could not read (`{{local.crisis_line}` not closed, `{{local.crisis
line}}`): what is left of it in the text, as written."""


PIXELS_RE = re.compile(r"[0-9]+")
"""A whole number of pixels, in ASCII digits (`str.isdigit` also takes ² and full-width digits)."""


def pixels(value: object) -> int | None:
    """`{width=480}`: 480; anything else, including 0, None."""
    text = str(value)
    return int(text) if PIXELS_RE.fullmatch(text) and int(text) > 0 else None


UNREAD_ATTRS_RE = re.compile(r"\{[^{}\n]*=[^{}\n]*\}")
"""`{width=48.5}` right after an image: attributes the parser could not read, left as text."""


def check_attributes_read(text: Token, line: int, env: dict) -> None:
    """An image's `{…}` the attributes syntax refused stays in the text and prints as written."""
    match = UNREAD_ATTRS_RE.match(text.content)
    if match:
        env["report"](line, f"image attributes '{match[0]}' cannot be read",
                      "write a whole number of pixels, e.g. {width=480}", "image.size", match[0])


def check_image_size(token: Token, line: int, env: dict) -> None:
    """`{width=480}` and `{height=…}` are whole numbers of CSS pixels (a browser ignores anything else)."""
    for key in ("width", "height"):
        value = token.attrs.get(key)
        if value is not None and pixels(value) is None:
            env["report"](line, f"image {key} '{value}' is not a number of pixels",
                          f"write a whole number, e.g. {{{key}=480}}, or leave it out "
                          "(the image's own size, never wider than the text)",
                          "image.size", f"{key}={value}")


def check_link(token: Token, line: int, env: dict) -> None:
    """Links are safe schemes, in-page anchors, other modules (`NN-name.md`), or files in course/assets/."""
    href = str(token.attrs.get("href", ""))
    if not href.strip():
        env["report"](line, "a link has no address: '[…]()'", "write where it leads in the brackets: a module's "
                      "file (02-questions.md), a heading (#anchor) or a web address", "ref.link", "]()")
        return
    parts = urlsplit(href)
    if parts.scheme:
        if parts.scheme not in SAFE_SCHEMES:
            env["report"](line, f"link '{href[:40]}' uses the scheme '{parts.scheme}:'",
                          "use an http(s) or mailto link", "path.outside", f"]({href}")
            token.attrs["href"] = "#"
        return
    if not parts.path:
        return  # in-page: `link_own_headings` points it at a place in the text's module
    if parts.path.endswith(".md"):
        page = env["resolve_module_link"](unquote(parts.path), parts.fragment, line)
        token.meta["page"] = page  # (slug, anchor): each output's mode says where it points
        token.attrs["href"] = env["mode"].page_href(*page) if page else "#"  # the site's href: paper reads it
        if page and parts.fragment:
            env["link_to_anchor"](page[0], unquote(page[1]), line)
    else:
        env["resolve_asset"](unquote(parts.path), line)


def collect_headings(state) -> None:
    """Give every heading a stable id (unique on the page) and its level on the page, list it in env['headings'].

    The page's own <h1> is the module title. A module's text begins its lessons at `##`, so `##` is an
    <h2> beside the objectives', the quiz's and the sources' (as an <h3> under the objectives, a lesson
    shown alone went h1, h3: the objectives are hidden then); a `#` there, which `course check` warns of,
    is an <h2> too. Any other text (a question's, a glossary entry's) sits under a heading of the page:
    its `#` becomes <h2>, `##` <h3>, and so on. `meta["depth"]`: the level as written, for paper.
    A lesson that begins at a `### … {.lesson}` is shown alone too: its headings go up a level, so
    that its title is an <h2> as every lesson's.
    """
    module_text = "docId" in state.env
    used: set[str] = set()
    prefix = state.env.get("prefix", "")
    above = 1  # a module body's first heading may be `#` or `##`: the page's h1, the objectives' h2 are above
    in_reflect = 0
    raised = 0  # levels the headings of the lesson at hand go up
    outside_items: list[int] = []  # `above` where each open tab or accordion item began
    for index, token in enumerate(state.tokens):
        if token.type in ("course_block_open", "course_block_close") and token.info == "reflect":
            in_reflect += token.nesting
        # An item's title is a heading one level below the text around it (interactive.render_item_open):
        # a `####` under it in a `##` lesson is at its place, and the next item starts from the outside.
        if token.type == "course_block_open" and token.info == "item":
            outside_items.append(above)
            above += 1
        elif token.type == "course_block_close" and token.info == "item" and outside_items:
            above = outside_items.pop()
        if token.type == "lesson_break":
            following = state.tokens[index + 1] if index + 1 < len(state.tokens) else None
            raised = max(int(following.tag[1]) - 2, 0) if following and following.type == "heading_open" else 0
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = int(token.tag[1])
        if level < raised + 2:  # (a `## … {.continue}` after it: the text is back at the lessons' level)
            raised = 0
        token.tag = f"h{max(level - raised, 2)}" if module_text else f"h{min(level + 1, 6)}"
        if token.type == "heading_close":
            continue
        token.meta["depth"] = level
        if token.markup in ("-", "=") and not in_reflect and "docId" in state.env and "warn" in state.env:
            warn_underlined(state.env, token)
        if level > above + 1 and "docId" in state.env and "warn" in state.env:
            warn_heading_jump(state.env, token, above, level)
        above = level
        text = "".join(c.content for c in state.tokens[index + 1].children or [] if c.type in ("text", "code_inline"))
        anchor = prefix + (slugify(text) or "section")
        candidate, n = anchor, 2
        while candidate in used:
            candidate, n = f"{anchor}-{n}", n + 1
        used.add(candidate)
        token.attrs["id"] = candidate
        state.env.setdefault("headings", []).append((int(token.tag[1]), text, candidate))


def link_own_headings(state) -> None:
    """A module body's link to a place in its own text (`#как-это-звучит`, `#case-2`) points at that
    place's id, which carries the module's prefix (`listening--как-это-звучит`), in every output.
    Any other in-page link is left as written and checked once the module is rendered: it may name
    an id of the module's page (its quiz, an objective), and otherwise goes nowhere."""
    env = state.env
    if "docId" not in env:  # not a module body: no place of its own to point at
        return
    places = {anchor for _, _, anchor in env.get("headings", [])} | block_anchors(state.tokens, env["prefix"])
    for token, line in walk(state.tokens):
        href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
        if not href.startswith("#") or href == "#":
            continue
        if env["prefix"] + unquote(href[1:]) in places:
            token.attrs["href"] = "#" + env["prefix"] + href[1:]
        else:
            env["link_in_page"](unquote(href[1:]), line)


def block_anchors(tokens: list[Token], prefix: str) -> set[str]:
    """The ids the render gives the text's cases and pocket protocols (`<prefix>case-1`, in order)."""
    counts = {"case": 0, "pocket": 0}
    for token in tokens:
        if token.type == "course_block_open" and token.info in counts:
            counts[token.info] += 1
    return {block_anchor(prefix, name, n) for name, count in counts.items() for n in range(1, count + 1)}


def warn_underlined(env: dict, heading: Token) -> None:
    """A line of `---` or `===` right under a paragraph makes it a heading (Markdown's underlined
    form): meant as a rule, it turned three lines of text, citations and all, into a heading.
    (In a reflect block the missing model answer says so: `split_reflect`.)"""
    line = heading.map[1] - 1 if heading.map else 0
    hint = ("for a rule, leave an empty line before '---'; for a heading, write it as '## Title'"
            if heading.markup == "-" else
            "for a heading, write it as '## Title' (a lesson); otherwise remove the '===' line")
    env["warn"](line, f"the '{heading.markup * 3}' right under the text above makes that text a heading", hint,
                "md.underlined")


def warn_heading_jump(env: dict, heading: Token, above: int, level: int) -> None:
    """A module body's heading more than one level below the one before it."""
    env["warn"](heading.map[0] if heading.map else 0, f"heading level jumps from {'#' * above} to {'#' * level}",
                f"use {'#' * (above + 1)}: screen readers list and navigate headings by level", "md.heading-level")


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens; Cyrillic is kept (valid in HTML ids and URLs)."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-_")
