"""Interface strings of the learner-facing outputs, in the course's language.

Templates read them through `t(key, **values)` and `plural(n, forms_key)`; the runtime gets the
same catalogue as JSON, so the page and the script never disagree on a word. Russian needs
three plural forms (1 вопрос, 2 вопроса, 5 вопросов), so plurals are stored as lists of forms
and chosen by `plural_index`, which follows the CLDR rules of each language.
"""

from __future__ import annotations

from typing import Callable

INTERFACE_STRINGS: dict[str, dict[str, str | list[str]]] = {
    "ru": {
        "skip": "Перейти к содержанию",
        "home": "Начало курса",
        "contents": "Содержание курса",
        "modules": "Модули",
        "module_n": "Модуль {n}",
        "glossary": "Глоссарий",
        "glossary_search": "Найти термин",
        "glossary_letters": "Алфавитный указатель",
        "glossary_found": "Найдено терминов: {n}",
        "glossary_none": "Ничего не найдено: попробуйте часть слова или другое название.",
        "term_more": "Открыть в глоссарии",
        "close": "Закрыть",
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
        "review_state": "Рецензирование",
        "not_yet_reviewed": "Ещё не проверено: клиническая и юридическая рецензии не подписаны",
        "reviewed_modules": "Проверено модулей: {n} из {total}",
        "reviewers": "Рецензенты",
        "reviewer_planned": "Рецензент (назначается)",
        "issued_by": "Выдано организацией",
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
        "state_changed": ("Курс обновился, и часть вопросов в тестах изменилась. Ваши результаты сохранены, а ответы "
                          "на изменённые тесты можно дать заново."),
        "progress": "Прогресс",
        "not_started": "Не начат",
        "seen": "Просмотрен",
        "passed": "Тест сдан",
        "failed": "Тест не сдан",
        "quiz": "Проверьте себя",
        "quiz_intro": "{questions}. Для зачёта нужно {score}% правильных ответов.",
        "attempts_left": "Осталось попыток: {n}",
        "attempts_unlimited": "Число попыток не ограничено",
        "no_js": ("Чтобы отвечать на вопросы и сохранять прогресс, включите JavaScript. Текст курса доступен и без "
                  "него."),
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
        # The quiz and final flow (issue 13): answers open until submit, the confirmation, no dead end.
        "save_answer": "Сохранить ответ",
        "answer_saved": "Ответ сохранён. Его можно изменить, пока тест не завершён.",
        "confirm_title": "Завершить тест?",
        "confirm_unanswered": "Без ответа: {questions}.",
        "confirm_all_answered": "Вы ответили на все вопросы.",
        "confirm_attempts": "После завершения останется попыток: {n}.",
        "confirm_yes": "Да, завершить тест",
        "confirm_back": "Вернуться к вопросам",
        "none_answered": "Вы ещё не ответили ни на один вопрос, поэтому завершать нечего: попытка не тратится.",
        "question_link": "Вопрос {n}",
        "out_of_attempts": ("Ваши ответы и лучший результат сохранены. Чтобы получить новую попытку, обратитесь к "
                            "преподавателю или администратору курса. Материалы модулей остаются открытыми для "
                            "повторения."),
        "review_course": "Вернуться к материалам курса",
        "move_up_named": "Переместить «{item}» выше",
        "move_down_named": "Переместить «{item}» ниже",
        "moved_to": "«{item}»: место {n} из {total}",
        "status_answered": "Есть ответ",
        "status_unanswered": "Нет ответа",
        "prev_question": "Предыдущий вопрос",
        "to_overview": "К списку вопросов",
        "overview_title": "Все вопросы теста",
        "questions_nav": "Вопросы теста",
        "scenario_restart": "Пройти сценарий заново",
        "practice": "Вопрос для самопроверки (не влияет на оценку)",
        "unit": "Единица",
        "storage_local": "Прогресс сохраняется только в этом браузере.",
        "storage_none": "Прогресс не сохраняется: браузер запретил хранение данных.",
        "storage_lms": "Прогресс сохраняется в системе обучения.",
        "commit_failed": ("Не удалось сохранить прогресс в системе обучения. Не закрывайте страницу: мы повторим "
                          "попытку."),
        "commit_recovered": "Прогресс снова сохраняется.",
        "lms_refused": ("Система обучения не открыла запись для этой части курса (код {code}): ответы сохраняются "
                        "только в этом браузере и в систему не попадут. Закройте курс и откройте эту часть снова из "
                        "системы обучения."),
        "completion_title": "Свидетельство о прохождении",
        "learner_name": "Имя и фамилия",
        "make_record": "Сформировать свидетельство",
        "print": "Распечатать или сохранить в PDF",
        "date": "Дата",
        "course_hash": "Контрольная сумма содержания",
        "module_score": "Результат теста",
        "completed": "Курс пройден",
        "not_completed": "Курс ещё не пройден",
        # Print handouts (builder.targets.handout)
        "handout_learner": "Материалы для слушателя",
        "handout_worksheets": "Рабочие листы: тесты без ответов",
        "handout_guide": "Руководство для ведущего",
        "handout_guide_note": "Только для ведущего: содержит правильные ответы.",
        "handout_toc": "Содержание",
        "handout_page": "Стр. {page} из {pages}",
        "handout_issued": "Материалы подготовлены по состоянию на {date}",
        "handout_write_here": "Запишите свой ответ:",
        "handout_name_date": "Имя и фамилия: ____________________________   Дата: ______________",
        "handout_letters": "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ",
        "handout_fill_hint": "Впишите ответ",
        "handout_numeric_hint": "Впишите число",
        "handout_tf_hint": "Отметьте «Верно» или «Неверно»",
        "handout_match_hint": ("Впишите рядом с каждым пунктом слева букву подходящего варианта справа (один вариант "
                               "лишний, если их больше)"),
        "handout_order_hint": "Пронумеруйте пункты в правильном порядке: 1 — первый",
        "handout_scenario_hint": ("Начните с шага 1. На каждом шаге отметьте реплику специалиста и перейдите к "
                                  "указанному шагу."),
        "handout_step": "Шаг {n}",
        "handout_go_to": "перейдите к шагу {n}",
        "handout_go_end": "конец сценария",
        "handout_final_bank": ("Итоговый тест составляется из вопросов тестов модулей: для каждой попытки выбирается "
                               "{draw} из {bank}. Используйте рабочие листы модулей."),
        "handout_glossary_module": "Термины модуля",
        "handout_see_module": "см. модуль {n}",
        "handout_model_answer": "Образец ответа",
        "handout_model_answers": "Вопросы для размышления и образцы ответов",
        "handout_signoff": "Требует клинического согласования",
        "handout_signoff_intro": ("Эти утверждения нужно проверить и подписать у клинического или юридического "
                                  "рецензента до проведения занятия."),
        "handout_signoff_basis": "Основание",
        "handout_signoff_mark": "Согласовано: ________________   Дата: __________",
        "handout_signoff_none": "В курсе нет утверждений, требующих клинического согласования.",
        "handout_discussion": "Вопросы для обсуждения случаев",
        "handout_discuss_1": "Что в этой ситуации важно для самого человека? На что он может опираться?",
        "handout_discuss_2": ("Какие слова или действия специалиста помогут сохранить доверие, а какие могут его "
                              "разрушить?"),
        "handout_discuss_3": "Какие риски нужно обсудить и какую помощь предложить в первую очередь?",
        "handout_answer_key": "Ответы: {quiz}",
        "handout_objective": "Цель обучения",
        "handout_feedback": "Обратная связь",
        "handout_feedback_correct": "После верного ответа",
        "handout_feedback_incorrect": "После неверного ответа",
        "handout_any_case": "регистр букв не важен",
        "handout_best_path": "Лучший путь",
        "handout_choice_points": "Баллы",
        "handout_own_questions": "Собственные вопросы итогового теста",
        "handout_correct": "Правильный ответ",
        "handout_correct_mark": "верно",
        "handout_sources": "Источники",
        "handout_tick_one": "Отметьте один ответ",
        "handout_tick_many": "Отметьте все верные ответы",
        "handout_end": "Конец",
        "handout_outcome": "Исход",
        "handout_for": "Документ",
        "handout_cases": "Случаи",
        "handout_quiz_rules": "Для зачёта нужно {score}%.",
        "handout_tolerance": "допустимо ±{n}",
        "handout_partial": "частичный зачёт за каждый верный выбор",
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
        "glossary_search": "Find a term",
        "glossary_letters": "Index by letter",
        "glossary_found": "Terms found: {n}",
        "glossary_none": "Nothing found: try part of a word or another name.",
        "term_more": "Open in the glossary",
        "close": "Close",
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
        "review_state": "Review",
        "not_yet_reviewed": "Not yet reviewed: no clinical or legal review has been signed",
        "reviewed_modules": "Modules reviewed: {n} of {total}",
        "reviewers": "Reviewers",
        "reviewer_planned": "Reviewer (to be appointed)",
        "issued_by": "Issued by",
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
        "state_changed": ("The course has been updated and some quiz questions have changed. Your results are kept; "
                          "you can answer the changed quizzes again."),
        "progress": "Progress",
        "not_started": "Not started",
        "seen": "Viewed",
        "passed": "Quiz passed",
        "failed": "Quiz not passed",
        "quiz": "Check yourself",
        "quiz_intro": "{questions}. You need {score}% to pass.",
        "attempts_left": "Attempts left: {n}",
        "attempts_unlimited": "Unlimited attempts",
        "no_js": ("Turn on JavaScript to answer questions and keep your progress. The course text is readable without "
                  "it."),
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
        # The quiz and final flow (issue 13): answers open until submit, the confirmation, no dead end.
        "save_answer": "Save answer",
        "answer_saved": "Answer saved. You can change it until you finish the quiz.",
        "confirm_title": "Finish the quiz?",
        "confirm_unanswered": "Not answered: {questions}.",
        "confirm_all_answered": "You have answered every question.",
        "confirm_attempts": "Attempts left after this one: {n}.",
        "confirm_yes": "Yes, finish the quiz",
        "confirm_back": "Back to the questions",
        "none_answered": "You have not answered any question yet, so there is nothing to finish: no attempt is used.",
        "question_link": "Question {n}",
        "out_of_attempts": ("Your answers and best score are kept. To get another attempt, contact your trainer or "
                            "the course administrator. The modules stay open for review."),
        "review_course": "Back to the course material",
        "move_up_named": "Move “{item}” up",
        "move_down_named": "Move “{item}” down",
        "moved_to": "“{item}”: position {n} of {total}",
        "status_answered": "Answered",
        "status_unanswered": "Not answered",
        "prev_question": "Previous question",
        "to_overview": "To the list of questions",
        "overview_title": "All questions of the quiz",
        "questions_nav": "Quiz questions",
        "scenario_restart": "Play the scenario again",
        "practice": "Practice question (not graded)",
        "unit": "Unit",
        "storage_local": "Progress is kept in this browser only.",
        "storage_none": "Progress is not kept: the browser does not allow storage.",
        "storage_lms": "Progress is kept by the learning platform.",
        "commit_failed": "Progress could not be saved to the learning platform. Keep this page open: we will retry.",
        "commit_recovered": "Progress is being saved again.",
        "lms_refused": ("The learning platform did not open a record for this part of the course (code {code}): "
                        "answers are kept in this browser only and will not reach the platform. Close the course and "
                        "open this part again from the platform."),
        "completion_title": "Record of completion",
        "learner_name": "Full name",
        "make_record": "Create the record",
        "print": "Print or save as PDF",
        "date": "Date",
        "course_hash": "Content checksum",
        "module_score": "Quiz score",
        "completed": "Course completed",
        "not_completed": "Course not completed yet",
        # Print handouts (builder.targets.handout)
        "handout_learner": "Learner handout",
        "handout_worksheets": "Quiz worksheets (no answers)",
        "handout_guide": "Facilitator's guide",
        "handout_guide_note": "For facilitators only: contains the correct answers.",
        "handout_toc": "Contents",
        "handout_page": "Page {page} of {pages}",
        "handout_issued": "Content as of {date}",
        "handout_write_here": "Write your answer:",
        "handout_name_date": "Name: ____________________________   Date: ______________",
        "handout_letters": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "handout_fill_hint": "Write the answer",
        "handout_numeric_hint": "Write the number",
        "handout_tf_hint": "Tick True or False",
        "handout_match_hint": ("Next to each item on the left, write the letter of its match on the right (one is "
                               "extra if there are more)"),
        "handout_order_hint": "Number the items in the right order: 1 is the first",
        "handout_scenario_hint": ("Start at step 1. At each step, tick the specialist's reply and go to the step it "
                                  "names."),
        "handout_step": "Step {n}",
        "handout_go_to": "go to step {n}",
        "handout_go_end": "end of the scenario",
        "handout_final_bank": ("The final assessment draws its questions from the module quizzes: {draw} of {bank} "
                               "for each attempt. Use the module worksheets."),
        "handout_glossary_module": "Terms of this module",
        "handout_see_module": "see module {n}",
        "handout_model_answer": "Model answer",
        "handout_model_answers": "Reflection prompts and model answers",
        "handout_signoff": "Requires clinical sign-off",
        "handout_signoff_intro": ("Have a clinical or legal reviewer check and sign these statements before the "
                                  "session."),
        "handout_signoff_basis": "Basis",
        "handout_signoff_mark": "Signed off: ________________   Date: __________",
        "handout_signoff_none": "The course has no statements that need clinical sign-off.",
        "handout_discussion": "Discussion questions for the cases",
        "handout_discuss_1": "What matters most to the person in this situation? What can they rely on?",
        "handout_discuss_2": "Which words or actions of the specialist keep trust, and which could break it?",
        "handout_discuss_3": "Which risks need discussing, and which help should be offered first?",
        "handout_answer_key": "Answer key: {quiz}",
        "handout_objective": "Learning objective",
        "handout_feedback": "Feedback",
        "handout_feedback_correct": "After a correct answer",
        "handout_feedback_incorrect": "After a wrong answer",
        "handout_any_case": "case does not matter",
        "handout_best_path": "Best path",
        "handout_choice_points": "Points",
        "handout_own_questions": "Questions of the final assessment itself",
        "handout_correct": "Correct answer",
        "handout_correct_mark": "correct",
        "handout_sources": "Sources",
        "handout_tick_one": "Tick one answer",
        "handout_tick_many": "Tick every correct answer",
        "handout_end": "End",
        "handout_outcome": "Outcome",
        "handout_for": "Document",
        "handout_cases": "Cases",
        "handout_quiz_rules": "Pass mark: {score}%.",
        "handout_tolerance": "accepted ±{n}",
        "handout_partial": "partial credit for each right choice",
        "minutes": ["{n} minute", "{n} minutes"],
        "questions": ["{n} question", "{n} questions"],
        "modules_count": ["{n} module", "{n} modules"],
        "points": ["{n} point", "{n} points"],
        "terms": ["{n} term", "{n} terms"],
    },
}
"""Interface strings by language (the runtime gets them too); list values are plural forms in
`plural_index` order."""

CONTENT_STRINGS: dict[str, dict[str, str | list[str]]] = {
    "ru": {
        "callout_note": "Заметка",
        "callout_tip": "Совет",
        "callout_warning": "Внимание",
        "callout_important": "Важно",
        "dialogue_good": "Так можно сказать:",
        "dialogue_bad": "Так лучше не говорить:",
        "case": "Случай:",
        "reflect": "Подумайте",
        "model_answer": "Показать образец ответа",
        "table": "Таблица",
        "local_organisation": "организация, выдающая сертификат, — уточните в своей организации",
        "local_crisis_line": "телефон кризисной линии — уточните в своей организации",
        "local_suicide_protocol": ("местный протокол действий при риске суицида — уточните в своей организации, где "
                                   "он хранится и кто его выполняет"),
        "local_referral_contacts": "контакты для направления к смежным специалистам — уточните в своей организации",
    },
    "en": {
        "callout_note": "Note",
        "callout_tip": "Tip",
        "callout_warning": "Warning",
        "callout_important": "Important",
        "dialogue_good": "A good way to say it:",
        "dialogue_bad": "Better not to say it like this:",
        "case": "Case:",
        "reflect": "Reflect",
        "model_answer": "Show a model answer",
        "table": "Table",
        "local_organisation": "the issuing organisation: ask your organisation",
        "local_crisis_line": "the crisis line's number: ask your organisation",
        "local_suicide_protocol": ("the local protocol for suicide risk: ask your organisation where it is kept and "
                                   "who acts on it"),
        "local_referral_contacts": "the referral contacts: ask your organisation",
    },
}
"""Labels the renderer writes into the content (callouts, dialogues, cases, `{{local.key}}` left to
the learner's organisation); part of the catalogue, but not sent to the runtime, which never writes them."""

CATALOGUES = {language: {**strings, **CONTENT_STRINGS[language]} for language, strings in INTERFACE_STRINGS.items()}
"""The one catalogue of every string by language: interface strings and content labels."""

FALLBACK_LANGUAGE = "en"
"""The catalogue of a language we have none for (the schema admits only languages we have)."""


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
    """Every string of a language; the fallback language's for languages we have no catalogue for."""
    return CATALOGUES.get(language, CATALOGUES[FALLBACK_LANGUAGE])


def runtime_strings(language: str) -> dict[str, str | list[str]]:
    """The interface strings the runtime gets (the content labels are already in the pages)."""
    return INTERFACE_STRINGS.get(language, INTERFACE_STRINGS[FALLBACK_LANGUAGE])


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
