"""Holes: the few places where a rendered text depends on the output's mode.

A text is rendered once into a program: its HTML with a hole wherever a rule asks the mode
(a link's target, an image's source, a glossary link, a citation marker, a `::: check`), and
the rule's own function for each hole. Each output then fills the holes in its mode instead of
rendering the whole token stream again (`builder.render.Program`).
"""

from __future__ import annotations

from typing import Callable

HOLE = "\x00"
"""Stands for a hole in a program's HTML: markdown-it turns every NUL of a source into U+FFFD, so a
rendered text holds none of its own."""


def mode_hole(env: dict, fill: Callable[[dict], str]) -> str:
    """What a render rule returns for a part that depends on the mode: `fill(env)` now, or a hole
    that `fill` fills later with the env of the output being written."""
    holes = env.get("holes")
    if holes is None:
        return fill(env)
    holes.append(fill)
    return HOLE


def heading_hole(env: dict, level: int, html: str) -> str:
    """`html` that opens or closes an `<h{level}>` (a heading's tag, a block's title): the level as the
    page has it, or deeper where the output's mode puts the text under a heading of its own (the
    review edition's «Текст модуля»: `Mode.heading_offset`)."""
    return mode_hole(env, lambda env: deeper(html, level, env["mode"].heading_offset))


def deeper(html: str, level: int, offset: int) -> str:
    """Our own heading markup (its first `<hN` and `</hN>`), `offset` levels down."""
    if not offset:
        return html
    to = min(level + offset, 6)
    return html.replace(f"<h{level}", f"<h{to}", 1).replace(f"</h{level}>", f"</h{to}>", 1)
