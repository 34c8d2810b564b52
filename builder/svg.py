"""Whether an SVG is a picture and nothing more.

An SVG is a document: opened on its own (a learner follows a link to it, an LMS serves it from its
own origin) it runs its scripts, follows its links and loads what it references, with no page CSP
around it; laid out in a PDF, Typst reads the files its `<image>` elements name. So an SVG a course
ships is parsed as XML and held to what a drawing needs: SVG elements, styles and references to
its own parts (`#id`) or to pictures it carries inside (`data:image/…`). A pattern search on the
bytes is not enough: `<x:script xmlns:x="http://www.w3.org/2000/svg">` is a script element too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

XHTML = "http://www.w3.org/1999/xhtml"
SVG = "http://www.w3.org/2000/svg"
ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
"""Elements (any namespace, any case) that run code or host another document."""
ANIMATIONS = {"set", "animate"}
"""Elements that can rewrite another attribute (an `href` into `javascript:`) after the checks."""
INLINE_PICTURE_RE = re.compile(r"data:image/(png|jpeg|gif|webp|avif);", re.IGNORECASE)
CSS_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
CSS_LOADERS_RE = re.compile(r"@import|@font-face|(?:-webkit-)?image-set\(|\bimage\(|\bcross-fade\(|\belement\(|\bsrc\(")
"""What in a style loads a file other than through `url(…)` (or names no file `url()` would check):
an import, a font, a picture by a list of candidates (whose plain strings are addresses)."""
CSS_ESCAPE_RE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)
TEXT_ATTRIBUTES = {"title", "content", "label", "alt", "desc", "lang", "id", "class"}
"""Attributes that hold words or names, never a style value (and `aria-*`, `data-*`): a label saying
«element(s)» or «image(s)» is no CSS function; every other attribute's value may be CSS (fill, mask,
cursor: `image-set(…)` there loads too)."""
EXTERNAL_ENTITY_RE = re.compile(r"<!ENTITY\s+(?:%|\S+\s+(?:SYSTEM|PUBLIC)\b)")
BLANKS_RE = re.compile(r"[\x00-\x20]+")
ENCODING_RE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*['\"]([^'\"]*)", re.IGNORECASE)


def svg_problem(data: bytes) -> str | None:
    """What makes `data` more than a picture, in words for a message; None for a plain drawing."""
    # Read as the browser will: in another encoding (UTF-16) the bytes hid a stylesheet instruction
    # from a search, and a comment's letters read `<svg` (security audit).
    encoding = ENCODING_RE.match(data.removeprefix(b"\xef\xbb\xbf"))
    declared_other = encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8") and not data.isascii()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or declared_other:  # (ASCII reads the same in either)
        return "is not written in UTF-8 (save it as UTF-8)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "is not written in UTF-8 (save it as UTF-8)"
    if re.search(r"<\?xml-stylesheet", text, re.IGNORECASE):
        return "links a stylesheet (an outside request)"
    # (an entity written in the file, as Illustrator names its namespaces, is expanded and checked below)
    if EXTERNAL_ENTITY_RE.search(text):
        return "declares an entity read from another file (an outside request)"
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        return f"is not well-formed XML ({error})"
    for element in root.iter():
        problem = element_problem(element)
        if problem:
            return problem
    if root.tag == "svg":
        return f'is not an SVG drawing to a browser (its <svg> lacks xmlns="{SVG}")'
    if root.tag != f"{{{SVG}}}svg":
        return f"is not an SVG drawing (its outermost element is <{local_name(root.tag)[1]}>, not <svg>)"
    return None


def local_name(name: str) -> tuple[str, str]:
    """`{namespace}local` as (namespace, local)."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def element_problem(element: ET.Element) -> str | None:
    """An active element, an event handler, a script URL, or a reference to something outside the file."""
    namespace, tag = local_name(element.tag)
    if tag.lower() in ACTIVE or namespace == XHTML:
        return f"holds a script or event handler (a <{tag}> element)"
    if tag == "style":
        # A browser reads the whole text of a <style>, an element inside it (which hid the rest) too.
        if len(element):
            return f"holds an element inside a <style> (a <{local_name(element[0].tag)[1]}>)"
        problem = css_problem(element.text or "")
        if problem:
            return problem
    for name, value in element.attrib.items():
        attribute = local_name(name)[1]
        if attribute.lower().startswith("on"):
            return f"holds a script or event handler (an {attribute} attribute)"
        if "javascript:" in BLANKS_RE.sub("", value).lower():
            return "holds a script or event handler (a javascript: URL)"
        if attribute == "href" and not (value.startswith("#") or INLINE_PICTURE_RE.match(value.strip())):
            return f"refers to {shown(value)}, outside the file"
        # Any SVG attribute may hold a style value (fill, filter, cursor, mask: `url(…)`), not only
        # `style`; an editor's own (inkscape:label, in its namespace) is text a browser ignores.
        words = attribute.lower() in TEXT_ATTRIBUTES or attribute.lower().startswith(("aria-", "data-"))
        problem = None if name.startswith("{") else css_problem(value, not words)
        if problem:
            return problem
        if tag in ANIMATIONS and attribute == "attributeName" and local_name(value)[1].split(":")[-1] == "href":
            return "animates a link (an <animate> or <set> of href)"
    return None


def css_problem(css: str, declarations: bool = True) -> str | None:
    """A style that loads something: an import, a font, a picture by `image-set(…)` and the like
    (`declarations`: CSS, not words of a label, where «image(s)» is no function), or `url(…)`
    naming anything but a part of the file; read with its escapes written out
    (`@\\69mport` is `@import`) and its comments kept: a comment cannot split a word CSS reads, while
    removing them took a `/*` inside a string (`"/*"`) as a comment's start and hid what followed."""
    css = unescaped_css(css)
    loader = CSS_LOADERS_RE.search(css.lower()) if declarations else None
    if loader:
        return f"loads a file through {loader.group(0).rstrip('(')} in a style (an outside request)"
    for target in CSS_URL_RE.findall(css):  # (`url()`, empty, names nothing: a comment's words, say)
        if target and not target.startswith("#") and not INLINE_PICTURE_RE.match(target):
            return f"refers to {shown(target)} in a style, outside the file"
    return None


def unescaped_css(css: str) -> str:
    """CSS with its escapes written out (`\\69` is `i`, `\\r` is `r`)."""
    def character(match: re.Match) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match.group(2)
    return CSS_ESCAPE_RE.sub(character, css)


def shown(value: str) -> str:
    """A reference as a message quotes it."""
    value = value.strip()
    return repr(value if len(value) <= 60 else value[:60] + "…")
