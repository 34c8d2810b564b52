"""Interface strings of the learner-facing outputs, in the course's language.

Templates read them through `t(key, **values)` and `plural(n, forms_key)`; the runtime gets the
same catalogue as JSON, so the page and the script never disagree on a word. Russian needs
three plural forms (1 вопрос, 2 вопроса, 5 вопросов), so plurals are stored as lists of forms
and chosen by `plural_index`, which follows the CLDR rules of each language.
"""

from __future__ import annotations

from typing import Callable

CATALOGUES: dict[str, dict[str, str | list[str]]] = {
    "ru": {
        "skip": "Перейти к содержанию",
        "home": "Начало курса",
        "contents": "Содержание курса",
        "modules": "Модули",
        "module_n": "Модуль {n}",
        "glossary": "Глоссарий",
        "final": "Итоговый тест",
        "audience": "Для кого",
        "duration": "Продолжительность",
        "version": "Версия",
        "authors": "Авторы",
        "licence": "Лицензия",
        "governance": "Актуальность содержания",
        "owner": "Владелец",
        "reviewer": "Рецензент",
        "last_review": "Последняя проверка",
        "review_by": "Следующая проверка",
        "objectives": "После этого модуля вы сможете",
        "content_warning": "Предупреждение о содержании",
        "references": "Источники",
        "lines": "строки",
        "line": "строка",
        "pager": "Соседние страницы",
        "prev": "Назад",
        "next": "Далее",
        "start": "Начать курс",
        "continue": "Продолжить с места, где вы остановились",
        "resume_prompt": "Вы уже проходили этот курс. Продолжить с места, где остановились?",
        "resume_yes": "Продолжить",
        "resume_no": "Начать сначала",
        "progress": "Прогресс",
        "not_started": "Не начат",
        "seen": "Просмотрен",
        "passed": "Тест сдан",
        "failed": "Тест не сдан",
        "quiz": "Проверьте себя",
        "quiz_intro": "{questions}. Для зачёта нужно {score}% правильных ответов.",
        "attempts_left": "Осталось попыток: {n}",
        "attempts_unlimited": "Число попыток не ограничено",
        "no_js": "Чтобы отвечать на вопросы и сохранять прогресс, включите JavaScript. Текст курса доступен и без него.",
        "question_n": "Вопрос {n} из {total}",
        "check": "Проверить",
        "submit": "Завершить тест",
        "retry": "Пройти ещё раз",
        "next_question": "Следующий вопрос",
        "correct": "Верно",
        "incorrect": "Неверно",
        "partly": "Частично верно",
        "answer_was": "Правильный ответ",
        "explanation": "Пояснение",
        "score": "Результат: {score}% ({points} из {max} баллов)",
        "result_passed": "Тест сдан",
        "result_failed": "Тест не сдан: нужно {score}%",
        "no_attempts": "Попытки закончились",
        "choose_one": "Выберите один ответ",
        "choose_many": "Выберите все подходящие ответы",
        "true": "Верно",
        "false": "Неверно",
        "your_answer": "Ваш ответ",
        "match_choose": "Выберите соответствие",
        "move_up": "Выше",
        "move_down": "Ниже",
        "order_hint": "Расставьте пункты в правильном порядке кнопками «Выше» и «Ниже»",
        "scenario_hint": "Выберите реплику специалиста",
        "scenario_end": "Конец сценария",
        "scenario_restart": "Пройти сценарий заново",
        "practice": "Вопрос для самопроверки (не влияет на оценку)",
        "unit": "Единица",
        "storage_local": "Прогресс сохраняется только в этом браузере.",
        "storage_none": "Прогресс не сохраняется: браузер запретил хранение данных.",
        "storage_lms": "Прогресс сохраняется в системе обучения.",
        "commit_failed": "Не удалось сохранить прогресс в системе обучения. Не закрывайте страницу: мы повторим попытку.",
        "commit_recovered": "Прогресс снова сохраняется.",
        "completion_title": "Свидетельство о прохождении",
        "learner_name": "Имя и фамилия",
        "make_record": "Сформировать свидетельство",
        "print": "Распечатать или сохранить в PDF",
        "date": "Дата",
        "course_hash": "Контрольная сумма содержания",
        "module_score": "Результат теста",
        "completed": "Курс пройден",
        "not_completed": "Курс ещё не пройден",
        "minutes": ["{n} минута", "{n} минуты", "{n} минут"],
        "questions": ["{n} вопрос", "{n} вопроса", "{n} вопросов"],
        "modules_count": ["{n} модуль", "{n} модуля", "{n} модулей"],
        "points": ["{n} балл", "{n} балла", "{n} баллов"],
        "terms": ["{n} термин", "{n} термина", "{n} терминов"],
    },
    "en": {
        "skip": "Skip to content",
        "home": "Course home",
        "contents": "Course contents",
        "modules": "Modules",
        "module_n": "Module {n}",
        "glossary": "Glossary",
        "final": "Final assessment",
        "audience": "Audience",
        "duration": "Duration",
        "version": "Version",
        "authors": "Authors",
        "licence": "Licence",
        "governance": "Content governance",
        "owner": "Owner",
        "reviewer": "Reviewer",
        "last_review": "Last review",
        "review_by": "Review by",
        "objectives": "After this module you will be able to",
        "content_warning": "Content note",
        "references": "Sources",
        "lines": "lines",
        "line": "line",
        "pager": "Neighbouring pages",
        "prev": "Previous",
        "next": "Next",
        "start": "Start the course",
        "continue": "Continue where you stopped",
        "resume_prompt": "You have started this course before. Continue where you stopped?",
        "resume_yes": "Continue",
        "resume_no": "Start again",
        "progress": "Progress",
        "not_started": "Not started",
        "seen": "Viewed",
        "passed": "Quiz passed",
        "failed": "Quiz not passed",
        "quiz": "Check yourself",
        "quiz_intro": "{questions}. You need {score}% to pass.",
        "attempts_left": "Attempts left: {n}",
        "attempts_unlimited": "Unlimited attempts",
        "no_js": "Turn on JavaScript to answer questions and keep your progress. The course text is readable without it.",
        "question_n": "Question {n} of {total}",
        "check": "Check",
        "submit": "Finish the quiz",
        "retry": "Try again",
        "next_question": "Next question",
        "correct": "Correct",
        "incorrect": "Incorrect",
        "partly": "Partly correct",
        "answer_was": "Correct answer",
        "explanation": "Explanation",
        "score": "Score: {score}% ({points} of {max} points)",
        "result_passed": "Passed",
        "result_failed": "Not passed: {score}% needed",
        "no_attempts": "No attempts left",
        "choose_one": "Choose one answer",
        "choose_many": "Choose all that apply",
        "true": "True",
        "false": "False",
        "your_answer": "Your answer",
        "match_choose": "Choose a match",
        "move_up": "Up",
        "move_down": "Down",
        "order_hint": "Put the items in the right order with the Up and Down buttons",
        "scenario_hint": "Choose the specialist's reply",
        "scenario_end": "End of the scenario",
        "scenario_restart": "Play the scenario again",
        "practice": "Practice question (not graded)",
        "unit": "Unit",
        "storage_local": "Progress is kept in this browser only.",
        "storage_none": "Progress is not kept: the browser does not allow storage.",
        "storage_lms": "Progress is kept by the learning platform.",
        "commit_failed": "Progress could not be saved to the learning platform. Keep this page open: we will retry.",
        "commit_recovered": "Progress is being saved again.",
        "completion_title": "Record of completion",
        "learner_name": "Full name",
        "make_record": "Create the record",
        "print": "Print or save as PDF",
        "date": "Date",
        "course_hash": "Content checksum",
        "module_score": "Quiz score",
        "completed": "Course completed",
        "not_completed": "Course not completed yet",
        "minutes": ["{n} minute", "{n} minutes"],
        "questions": ["{n} question", "{n} questions"],
        "modules_count": ["{n} module", "{n} modules"],
        "points": ["{n} point", "{n} points"],
        "terms": ["{n} term", "{n} terms"],
    },
}
"""Interface strings by language; list values are plural forms in `plural_index` order."""


def plural_index(language: str, n: int) -> int:
    """Which plural form a count takes (CLDR rules for integers)."""
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def catalogue(language: str) -> dict[str, str | list[str]]:
    """The catalogue of a language; English for languages we have no catalogue for."""
    return CATALOGUES.get(language, CATALOGUES["en"])


def translator(language: str) -> tuple[Callable[..., str], Callable[[int, str], str]]:
    """`t(key, **values)` and `plural(n, key)` bound to one language, for templates."""
    strings = catalogue(language)

    def t(key: str, **values: object) -> str:
        text = strings[key]
        assert isinstance(text, str), f"{key} is a plural; use plural()"
        return text.format(**values) if values else text

    def plural(n: int, key: str) -> str:
        forms = strings[key]
        assert isinstance(forms, list), f"{key} is not a plural"
        return forms[min(plural_index(language, n), len(forms) - 1)].format(n=n)

    return t, plural
