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
ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
"""Elements (any namespace, any case) that run code or host another document."""
ANIMATIONS = {"set", "animate"}
"""Elements that can rewrite another attribute (an `href` into `javascript:`) after the checks."""
INLINE_PICTURE_RE = re.compile(r"data:image/(png|jpeg|gif|webp|avif);", re.IGNORECASE)
CSS_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
BLANKS_RE = re.compile(r"[\x00-\x20]+")


def svg_problem(data: bytes) -> str | None:
    """What makes `data` more than a picture, in words for a message; None for a plain drawing."""
    if re.search(rb"<\?xml-stylesheet", data, re.IGNORECASE):
        return "links a stylesheet (an outside request)"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return f"is not well-formed XML ({error})"
    for element in root.iter():
        problem = element_problem(element)
        if problem:
            return problem
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
        if attribute == "style" and css_problem(value):
            return css_problem(value)
        if tag in ANIMATIONS and attribute == "attributeName" and local_name(value)[1].split(":")[-1] == "href":
            return "animates a link (an <animate> or <set> of href)"
    return None


def css_problem(css: str) -> str | None:
    """A style that loads something: `@import`, or `url(…)` naming anything but a part of the file."""
    if "@import" in css.lower():
        return "imports a stylesheet (an outside request)"
    for target in CSS_URL_RE.findall(css):
        if not target.startswith("#") and not INLINE_PICTURE_RE.match(target):
            return f"refers to {shown(target)} in a style, outside the file"
    return None


def shown(value: str) -> str:
    """A reference as a message quotes it."""
    value = value.strip()
    return repr(value if len(value) <= 60 else value[:60] + "…")
