"""The glossary page's letter index (builder/glossary_index.py): where each term is filed and in what order."""

from __future__ import annotations

from types import SimpleNamespace

from builder.glossary_index import alias_lang, letter_groups
from builder.model import GlossaryTerm, Loc, Markdown


def course_of(*terms: str, language: str = "ru"):
    glossary = [GlossaryTerm(f"t{i}", term, Markdown("d", Loc("g.yml", 1)), aliases=["ПАВ", "slang word"])
                for i, term in enumerate(terms)]
    return SimpleNamespace(glossary=glossary, language=language)


def test_terms_are_filed_under_their_first_letter_quotes_ignored_latin_last_symbols_at_the_end():
    terms = ("«классическая триада»", "ёрш", "Chemsex", "кристалл", "5-МеО", "адвокация", "Ещё")
    groups = letter_groups(course_of(*terms))
    assert [g.letter for g in groups] == ["А", "Е", "К", "C", "#"]
    assert [[e.term.term for e in g.entries] for g in groups] == [
        ["адвокация"], ["ёрш", "Ещё"], ["«классическая триада»", "кристалл"], ["Chemsex"], ["5-МеО"]]
    assert [g.anchor for g in groups] == [f"glossary-letter-{n}" for n in range(1, 6)]


def test_in_an_english_course_latin_letters_are_not_put_last():
    assert [g.letter for g in letter_groups(course_of("zeta", "alpha", language="en"))] == ["A", "Z"]


def test_aliases_in_latin_letters_are_english_in_a_course_in_another_language():
    assert alias_lang("crystal meth", "ru") == "en" and alias_lang("GHB", "ru") == "en"
    assert alias_lang("ГГБТ", "ru") == "" and alias_lang("chemsex", "en") == "" and alias_lang("5", "ru") == ""
    entry = letter_groups(course_of("термин"))[0].entries[0]
    assert entry.aliases == [("ПАВ", ""), ("slang word", "en")]


def test_the_site_lists_only_aliases_the_term_does_not_already_show():
    # «гамма-бутиролактон (GBL) (GBL)» and «психоактивные вещества (ПАВ) (ПАВ, …)» on the glossary page;
    # the handouts had left them out already.
    groups = letter_groups(course_of("психоактивные вещества (ПАВ)", "кристалл"))
    shown = {e.term.term: [alias for alias, _ in e.aliases] for g in groups for e in g.entries}
    assert shown == {"психоактивные вещества (ПАВ)": ["slang word"], "кристалл": ["ПАВ", "slang word"]}
