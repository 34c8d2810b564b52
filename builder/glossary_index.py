"""The glossary page's letter index: terms grouped under their first letter, in alphabetical order.

A term such as «классическая триада» starts with a quotation mark; it is filed under К, as a reader
looks for it, not before А. Latin letters (terms kept in English) come after the course's own
alphabet when the course is not in English, as Russian dictionaries place them.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import Course, GlossaryTerm


@dataclass
class IndexEntry:
    """One term of the index with its aliases, each alias with the language it is written in."""

    term: GlossaryTerm
    """The glossary entry."""
    aliases: list[tuple[str, str]]
    """(alias, `lang` value or "" for the course's language)."""


@dataclass
class LetterGroup:
    """The terms under one letter of the index."""

    letter: str
    """The letter as shown, upper case (`#` for terms that start with a digit or a symbol)."""
    anchor: str
    """The id of the group's heading, the target of the index link."""
    entries: list[IndexEntry]
    """The terms, alphabetically."""


def sort_key(term: GlossaryTerm, latin_last: bool) -> tuple:
    """Alphabetical by the term's words, leading quotes and symbols ignored; `ё` sorts as `е`."""
    words = term.term.casefold().replace("ё", "е").lstrip("«»\"'„“”(—–- ")
    first = initial(term)
    return (first == "#", latin_last and first.isascii() and first.isalpha(), words, term.id)


def initial(term: GlossaryTerm) -> str:
    """The letter a term is filed under."""
    for char in term.term:
        if char.isalpha():
            return "Е" if char in "Ёё" else char.upper()
        if char.isdigit():
            return "#"
    return "#"


def letter_groups(course: Course) -> list[LetterGroup]:
    """The glossary's terms grouped by initial letter, in index order."""
    latin_last = course.language != "en"
    groups: dict[str, LetterGroup] = {}
    for term in sorted(course.glossary, key=lambda t: sort_key(t, latin_last)):
        letter = initial(term)
        if letter not in groups:
            groups[letter] = LetterGroup(letter, f"glossary-letter-{len(groups) + 1}", [])
        shown = new_aliases(term.term, term.aliases)
        groups[letter].entries.append(IndexEntry(term, [(a, alias_lang(a, course.language)) for a in shown]))
    return list(groups.values())


def words_of(text: str) -> str:
    """` word word `: a text's words, casefolded, between spaces (its punctuation a space too)."""
    return " " + " ".join("".join(char if char.isalnum() else " " for char in text.casefold()).split()) + " "


def new_aliases(term: str, aliases: list[str]) -> list[str]:
    """The aliases a glossary entry prints after its term, on the site as on paper: not those the
    term already shows as words («гамма-бутиролактон (GBL)» is not followed by «(GBL)»)."""
    return [alias for alias in aliases if words_of(alias) not in words_of(term)]


def alias_lang(alias: str, language: str) -> str:
    """`en` for an alias in Latin letters in a course that is not in English (screen readers then
    pronounce «chemsex» as English, not as Russian letters); "" otherwise."""
    letters = [c for c in alias if c.isalpha()]
    if language == "en" or not letters or not all(c.isascii() for c in letters):
        return ""
    return "en"
