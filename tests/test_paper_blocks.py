"""The interactive blocks on paper: every tab, accordion item, card and step printed under its title."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.build import build, get_course
from builder.errors import Diagnostics
from test_handout import SAMPLE, pdf_text

BLOCKS = Path(__file__).parent / "fixtures" / "interactive-blocks.md"


def test_every_part_of_every_block_is_printed(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(SAMPLE, root)
    module = root / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n" + BLOCKS.read_text(encoding="utf-8"), encoding="utf-8")
    build(root, tmp_path / "dist", ["handout"])
    text = pdf_text(tmp_path / "dist" / "handouts" / "module-01-listening.pdf")
    expected = [
        "Вещества и процессы Вещества Метамфетамин Стимулятор, который курят или вводят",  # the tabs' own title "Мефедрон Стимулятор катинонового ряда.",
        "ГГБ Жидкость, угнетает нервную систему.",
        "Что такое химсекс? Употребление веществ ради секса.", "Кому он знаком? Многим людям",
        # paper shows both sides of a card: the learner covers one to test themselves
        "Сленг Закройте правый столбец, назовите ответ, затем проверьте себя. Тина метамфетамин Меф мефедрон",
        "Три вопроса 1. Что вы употребляете? Первый вопрос. 2. Как вы употребляете?",
    ]
    missing = [line for line in expected if line not in text]
    assert not missing, f"not printed: {missing}\n{text}"


def test_a_foreign_language_span_is_set_in_its_language_on_paper():
    """Typst hyphenates `[chemsex]{lang=en}` by English rules; the words print as written."""
    from builder.context import BuildContext
    from builder.i18n import catalogue, translator
    from builder.model import Markdown
    from builder.targets.paper import PaperText, PaperWriter

    course = get_course(SAMPLE, Diagnostics())
    writer = PaperWriter(course, catalogue("ru"), translator("ru")[0], BuildContext())
    text = Markdown("Термин [chemsex *party*]{lang=en-GB} тут.", course.modules[0].body.loc)
    assert writer.markup(text, PaperText(labels=set())) == 'Термин #text(lang: "en", [chemsex #emph([party])]) тут\\.'


def test_a_local_setting_to_ask_about_leaves_a_line_to_write_it_on():
    """«телефон кризисной линии — уточните в своей организации» on a pocket card, with nowhere to
    write the number the trainee is given."""
    from builder.context import BuildContext
    from builder.i18n import catalogue, translator
    from builder.markdown import dashes_kept
    from builder.model import Markdown
    from builder.targets.paper import PaperText, PaperWriter

    course = get_course(SAMPLE, Diagnostics())
    writer = PaperWriter(course, catalogue("ru"), translator("ru")[0], BuildContext())
    text = Markdown("Звоните: {{local.crisis_line}}.", course.modules[0].body.loc)
    ask = dashes_kept(catalogue("ru")["local_crisis_line"])  # the dash kept on the line of the word before it
    assert writer.markup(text, PaperText(labels=set())) == f"Звоните\\: #emph([{ask}])\\:#linebreak()#blank(width: 40mm)\\."


def test_a_number_range_is_printed_whole():
    # «строки 229–» ended a line and «231)» began the next (64 times in the facilitator's guide); a box
    # rather than a word joiner, so that searching the PDF for «229–231» finds it (test_handout reads
    # «строки 3–4» back from a PDF).
    from builder.targets.paper import text

    assert text("строки 229–231") == "строки #box[229–231]"
    assert text("от 7,1% до 7,1–27,7%") == "от 7\\,1\\% до #box[7\\,1–27\\,7]\\%"
    assert text("версия v2–3, код a1–2") == "версия v2–3\\, код a1–2", "not a range of numbers"


def test_a_question_or_objective_identifier_is_printed_whole():
    # «(fin-» ended a line of the guide on Letter and «q32)» began the next; copied, it read «finq32».
    # Words with a hyphen and no digit are left to Typst (they break at their hyphen, as Russian does).
    from builder.targets.paper import text

    assert text("отказ (fin-q32).") == "отказ \\(#box[fin\\-q32]\\)\\."
    assert text("цели comm-o3, sh-o2") == "цели #box[comm\\-o3]\\, #box[sh\\-o2]"
    assert text("кто-то прислал e-mail") == "кто\\-то прислал e\\-mail"


def test_a_bold_line_over_its_explanation_is_kept_with_it():
    """«2. **«Какой ваш любимый наркотик?»** [@manual:1315]» ended a page of the learner handout with
    its explanation overleaf: a paragraph bold throughout (but for its citations) heads what follows."""
    from builder.context import BuildContext
    from builder.i18n import catalogue, translator
    from builder.model import Markdown
    from builder.targets.paper import PaperText, PaperWriter

    course = get_course(SAMPLE, Diagnostics())
    writer = PaperWriter(course, catalogue("ru"), translator("ru")[0], BuildContext())

    texts = []  # kept alive: the writer caches a text's tree by the object's id, as a build's texts live on

    def markup(source: str) -> str:
        texts.append(Markdown(source, course.modules[0].body.loc))
        return writer.markup(texts[-1], PaperText(labels=set()))

    lead = markup("1. **«Какой ваш любимый наркотик?»** [@manual:1]\n\n   Ответ показывает, что в ходу.\n")
    assert lead.count("sticky: true") == 1 and lead.index("sticky") < lead.index("Ответ показывает")
    assert "sticky" not in markup("1. **Жирное** и нет.\n\n   Дальше.\n"), "bold at the start only: a paragraph"
    assert "sticky" not in markup("1. **Жирное** [@manual:1]\n"), "nothing follows it"


def test_flashcards_are_a_table_without_a_header_kept_on_one_page_when_short():
    """The first card was shaded as a header row, and four cards split over two pages left GHB's alone
    at the top of the next (the trainer's audit of module 1)."""
    from builder.context import BuildContext
    from builder.i18n import catalogue, translator
    from builder.model import Markdown
    from builder.targets.paper import PaperText, PaperWriter

    course = get_course(SAMPLE, Diagnostics())
    writer = PaperWriter(course, catalogue("ru"), translator("ru")[0], BuildContext())
    cards = "".join(f"Слово {n}\n: значение {n}\n\n" for n in range(1, 5))
    short = writer.markup(Markdown(f"::: flashcards Сленг\n{cards}:::\n", course.modules[0].body.loc), PaperText(set()))
    assert "#block(breakable: false, table(" in short and "fill: none" in short
    many = "".join(f"Слово {n}\n: {'очень длинное значение ' * 12}{n}\n\n" for n in range(1, 41))
    long = writer.markup(Markdown(f"::: flashcards Сленг\n{many}:::\n", course.modules[0].body.loc), PaperText(set()))
    assert "#block(breakable: false" not in long, "a table longer than a page breaks between cards"


def test_a_texts_tree_is_never_another_texts_that_had_its_id():
    """The writer caches a text's tree by the object's id; an id is unique only while its object lives,
    and the flashcards test above got the short cards' tree for the long ones now and then."""
    from builder.context import BuildContext
    from builder.i18n import catalogue, translator
    from builder.model import Markdown
    from builder.targets.paper import PaperWriter

    course = get_course(SAMPLE, Diagnostics())
    writer = PaperWriter(course, catalogue("ru"), translator("ru")[0], BuildContext())
    first, second = (Markdown(text, course.modules[0].body.loc) for text in ("Первый **текст**.", "Второй *текст*."))
    writer.tree(first)
    # as when `first` is freed and `second` is given its id
    writer.trees[(id(second), "", False)] = writer.trees[(id(first), "", False)]
    assert "Второй" in writer.tree(second).children[0].children[0].children[0].content
