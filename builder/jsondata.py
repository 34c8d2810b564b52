"""The one serialiser of the JSON the learner runtime parses.

Everything the build hands to `templates/runtime/course.js` goes through `page_json`: the page
data inside `<script type="application/json">`, `runtime/course-data.js`, the one-file edition
and the pages of both SCORM packages. That JSON sits inside HTML or JavaScript, where text that
is harmless in JSON is not: `</script>` ends the element, `<!--` switches the HTML parser into
its "escaped script" state (the element then never ends where it should), and U+2028/U+2029 end
a line in older JavaScript engines, inside strings too. Escaping `<`, `>`, `&` and the two line
separators as `\\u....` keeps the text valid JSON and inert HTML: those characters only ever
occur inside JSON strings, where the escape means the same character.

NaN and Infinity are not JSON: Python would write them, `JSON.parse` would throw and the runtime
would never start, so they are refused, saying where in the data they are.
"""

from __future__ import annotations

import json
import math
import re

ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
"""Characters JSON may carry but HTML or older JavaScript would misread, with their JSON escape."""

ESCAPE_RE = re.compile("[" + "".join(ESCAPES) + "]")


class NonFiniteNumber(ValueError):
    """A NaN or an infinity in data for the runtime; `path` names where (keys and indexes)."""

    def __init__(self, path: tuple, value: float) -> None:
        self.path = path
        self.value = value
        where = " → ".join(str(part) for part in path) or "the data"
        super().__init__(f"{where} is {value}, a number JSON cannot carry")


def non_finite(value: object, path: tuple = ()) -> tuple[tuple, float] | None:
    """The first NaN or infinity in nested dicts and lists, with its path; None when there is none."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, value
    children = (value.items() if isinstance(value, dict)
                else enumerate(value) if isinstance(value, (list, tuple)) else ())
    for key, child in children:
        found = non_finite(child, path + (key,))
        if found:
            return found
    return None


def page_json(data: object) -> str:
    """Compact, deterministic JSON that is safe inside a `<script>` element and a JavaScript file.

    Raises `NonFiniteNumber` for NaN or an infinity anywhere in `data`.
    """
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        found = non_finite(data)
        if found is None:
            raise
        raise NonFiniteNumber(*found) from None
    return ESCAPE_RE.sub(lambda match: ESCAPES[match.group()], text)
