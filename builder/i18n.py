"""Interface strings of the learner-facing outputs, in the course's language.

Templates read them through `t(key, **values)` and `plural(n, forms_key)`; the runtime gets the
same catalogue as JSON, so the page and the script never disagree on a word. Russian needs
three plural forms (1 вопрос, 2 вопроса, 5 вопросов), so plurals are stored as lists of forms
and chosen by `plural_index`, which follows the CLDR rules of each language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import datetime as dt

    from builder.model import Course

INTERFACE_STRINGS: dict[str, dict[str, str | list[str]]] = {
    "ru": {
        "skip": "Перейти к основному тексту",
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
        "duration_final": "итоговый тест — {minutes}",
        "version": "Версия",
        "authors": "Авторы",
        "licence": "Лицензия",
        "governance": "Актуальность содержания",
        "owner": "Владелец",
        "reviewer": "Рецензент",
        "last_review": "Последняя проверка",
        "review_by": "Следующая проверка",
        "review_state": "Рецензирование",
        "not_yet_reviewed": "Ещё не проверено: ни одна рецензия не подписана",
        "reviewed_modules": "Проверено модулей: {n} из {total}",
        "awaiting_roles": "ждут подписи: {roles}",
        "subject_awaits_roles": "{subject} ждёт подписи: {roles}",
        "subject_unsigned": "{subject} не подписан",
        "review_subject_glossary": "глоссарий",
        "review_subject_course": "итоговый тест",
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
        "continue": "Продолжить",
        "resume_prompt": "Вы уже начали этот курс. Следующий шаг: {title}.",
        "resume_finished": "Вы прошли этот курс. Последней была открыта страница «{title}».",
        "resume_exhausted": "В тесте «{title}» попыток больше нет: что делать дальше, сказано на его странице.",
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
        # Points, not answers: a question may be worth more than one, and partly right answers count in part.
        "quiz_intro": "{questions}. Для зачёта нужно набрать {score}\u00a0% баллов.",
        "quiz_checked_fixed": "Проверенный ответ изменить нельзя.",
        "attempts_left": "Осталось попыток: {n}",
        "attempts_unlimited": "Число попыток не ограничено",
        "best_kept": "Ваш лучший результат сохранён: {result}",
        "review_modules": ("Повторите модули, в вопросах по которым были ошибки, начиная с первого в списке "
                           "(в нём ошибок больше всего):"),
        "review_module": "Модуль {n}. {title}",
        "final_prepare": "Тест проверяет материал всех модулей: пройдите их до первой попытки.",
        "final_attempt_rule": "Попытка засчитывается, когда вы нажимаете «Завершить тест» и подтверждаете это.",
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
        "matched_wrong": "Сопоставлено неверно",
        "explanation": "Пояснение",
        "score": "Результат: {score}\u00a0% ({points} из {max} баллов)",
        "percent": "{n}\u00a0%",
        "result_passed": "Тест сдан",
        "result_failed": "Тест не сдан: нужно {score}\u00a0%",
        "no_attempts": "Попытки закончились",
        "choose_one": "Выберите один ответ",
        "choose_many": "Выберите все подходящие ответы",
        # (on a phone the options stand under each item, not on its right: no «слева», «справа»)
        "match_all": "Выберите подходящий вариант для каждого пункта",
        "type_answer": "Впишите ответ",
        "true": "Утверждение верно",
        "false": "Утверждение неверно",
        "your_answer": "Ваш ответ",
        "move_up": "Выше",
        "move_down": "Ниже",
        "order_hint": "Расставьте пункты в правильном порядке кнопками «Выше» и «Ниже»",
        "scenario_hint": "Выберите реплику специалиста",
        "scenario_end": "Конец сценария",
        # (offered once a scenario's verdict is shown: a wrong first reply ended the story before its main part)
        "scenario_replay": "Вернуться на шаг назад и выбрать другую реплику",
        "scenario_practice": "Для тренировки: в результат вопроса засчитан первый путь, этот выбор его не изменит.",
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
        "out_of_attempts_local": ("Ваши ответы и лучший результат сохранены в этом браузере. В этой копии курса, "
                                  "открытой без системы обучения, новых попыток нет. Материалы модулей остаются "
                                  "открытыми для повторения."),
        "out_of_attempts_unsaved": ("Браузер не сохраняет прогресс, поэтому после перезагрузки страницы тест начнётся "
                                    "заново. Материалы модулей остаются открытыми для повторения."),
        "out_of_attempts_refused": ("Эти попытки не попали в систему обучения: закройте курс и откройте его снова из "
                                    "системы обучения. Материалы модулей остаются открытыми для повторения."),
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
        "storage_failed": ("Прогресс не удалось сохранить в этом браузере: в его хранилище нет места или оно "
                           "закрыто. Мы повторим попытку, пока страница открыта."),
        "storage_lms": "Прогресс сохраняется в системе обучения.",
        "commit_failed": ("Прогресс пока не сохранён в системе обучения. Мы повторим попытку; если закрыть "
                          "страницу, он сохранится при следующем открытии курса на этом устройстве."),
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
        "not_completed_exhausted": "Курс ещё не пройден: попытки в тесте закончились",
        # Print handouts (builder.targets.handout)
        "handout_learner": "Материалы для слушателя",
        "handout_worksheets": "Рабочие листы: тесты без ответов",
        "handout_guide": "Руководство для ведущего",
        "handout_guide_note": "Только для ведущего: содержит правильные ответы.",
        "handout_toc": "Содержание",
        "handout_page": "Стр. {page} из {pages}",
        "handout_pocket_cut": "отрежьте по линии, чтобы носить с собой",
        "handout_pocket_fold": "разрежьте лист по линии и сложите карточку пополам по пунктиру: она войдёт в карман",
        "handout_issued": "Материалы подготовлены по состоянию на {date}",
        "handout_write_here": "Запишите свой ответ:",
        "handout_name_date": "Имя и фамилия: ____________________________   Дата: ______________",
        "handout_letters": "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ",
        "handout_fill_hint": "Впишите ответ",
        "handout_numeric_hint": "Впишите число",
        "handout_tf_hint": "Отметьте, верно ли утверждение",
        "handout_match_hint": "Впишите рядом с каждым пунктом слева букву подходящего варианта справа",
        "handout_match_extra": ["{n} вариант справа лишний", "{n} варианта справа лишние",
                                "{n} вариантов справа лишние"],
        "handout_order_hint": "Пронумеруйте пункты в правильном порядке: 1 — первый",
        "handout_scenario_hint": ("Начните с шага 1. На каждом шаге отметьте реплику специалиста и перейдите к "
                                  "указанному шагу."),
        "handout_step": "Шаг {n}",
        "handout_steps": "Шаги {list}",
        "handout_go_to": "перейдите к шагу\u00a0{n}",
        "handout_go_end": "конец сценария",
        "handout_scenario_path": "Сценарий окончен. Запишите свой путь — номера шагов по порядку:",
        "handout_final_bank": ("Итоговый тест составляется из вопросов тестов модулей: для каждой попытки выбирается "
                               "{draw} из {bank}. Используйте рабочие листы модулей."),
        "handout_final_own": ("Итоговый тест задаёт свои вопросы, они ниже: для каждой попытки выбирается "
                              "{draw} из {bank}."),
        "handout_final_mixed": ("Итоговый тест задаёт свои вопросы (они ниже) и вопросы тестов модулей (они в рабочих "
                                "листах модулей): для каждой попытки выбирается {draw} из {bank}."),
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
        "handout_plan": "План занятий",
        "handout_page_short": "с.",
        "handout_flashcards_hint": "Закройте правый столбец, назовите ответ, затем проверьте себя.",
        "handout_plan_intro": ("Время — оценка автора курса: сколько занимает модуль с его тестом при самостоятельном "
                               "изучении. На очном занятии добавьте время на обсуждение случаев и вопросов для "
                               "размышления."),
        "handout_plan_columns": ["Модуль", "Время", "Уроки", "Вопросы теста", "Случаи", "Размышления"],
        "handout_plan_total": "Всего",
        "handout_plan_final": "{title}: {questions} из {bank}, порог {score}\u00a0%",
        "handout_discuss_1": "Что в этой ситуации важно для самого человека? На что он может опираться?",
        "handout_discuss_2": ("Какие слова или действия специалиста помогут сохранить доверие, а какие могут его "
                              "разрушить?"),
        "handout_discuss_3": "Какие риски нужно обсудить и какую помощь предложить в первую очередь?",
        "handout_discuss_each": "Обсудите с группой каждый случай ниже по этим вопросам:",
        "handout_answer_key": "Ответы: {quiz}",
        "handout_objective": "Цель обучения",
        "handout_feedback": "Обратная связь",
        "handout_feedback_correct": "После верного ответа",
        "handout_feedback_incorrect": "После неверного ответа",
        "handout_any_case": "регистр букв не важен",
        "handout_best_path": "Лучший путь",
        "handout_path_score": "Путь, записанный на листе, получает сумму баллов своих реплик, из {best} возможных.",
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
        "handout_quiz_rules": "Для зачёта нужно {score}\u00a0%.",
        "handout_tolerance": "допустимо ±{n}",
        "handout_partial": "частичный зачёт за каждый верный выбор",
        # Lessons, outline, completion and certificate (ux13l)
        "module_of": "Модуль {n} из {total}",
        "lesson_of": "урок {n} из {total}",
        "about_minutes": "≈ {n} мин",
        "continue_to": "Далее: {title}",
        "back_to": "Назад: {title}",
        "lesson_done": "пройден",
        "outline_open": "Содержание",
        "module_steps": "Уроки модуля",
        "outline_close": "Закрыть содержание",
        "outline_progress": "Пройдено уроков: {n} из {total}",
        "module_lessons": "уроков: {n} из {total}",
        "references_show": "Показать источники модуля",
        "references_count": "{refs} на {docs}",
        "citation_n": "сноска {n}",
        "completion_rule": "Чтобы завершить курс: {rule}.",
        "rule_modules_all": "откройте все модули",
        "rule_modules_some": "откройте модули {list}",
        "rule_module_one": "откройте модуль {list}",
        "rule_read_all": "прочитайте до конца все уроки каждого модуля",
        "rule_read_some": "прочитайте до конца все уроки модулей {list}",
        "rule_read_one": "прочитайте до конца все уроки модуля {list}",
        "rule_quizzes": "сдайте {list} (нужно набрать {score}\u00a0% баллов)",
        "rule_and": " и ",
        "missing_modules": "Ещё не открыты модули: {list}.",
        "missing_modules_many": "Ещё не открыто модулей: {count}. Следующий: {list}.",
        "missing_all_modules": "Ни один модуль ещё не открыт: начните с первого.",
        "missing_module": "Ещё не открыт модуль: {list}.",
        "missing_read": "Ещё не дочитаны уроки модулей: {list}.",
        "missing_read_one": "Ещё не дочитаны уроки модуля: {list}.",
        "missing_quizzes": "Ещё не сдано: {list}.",
        "missing_exhausted": "Попытки в тесте {quiz} закончились.",
        "to_certificate": "Получить свидетельство",
        "restart": "Начать сначала",
        "restart_confirm": ("Начать курс сначала? Отметки о прочитанном и незавершённые ответы будут удалены, "
                            "результаты пройденных тестов сохранятся."),
        "hours": "Объём",
        "final_result": "Итоговый тест",
        "verification": "Код проверки",
        "verification_note": (
            "Код проверки — контрольная сумма имени, курса и его версии, даты и результата. Его можно пересчитать "
            "в этом курсе («Проверить свидетельство» на главной странице): совпадение показывает, что эти данные "
            "в свидетельстве не исправлены. Код не доказывает, кто проходил курс, и не заменяет запись в системе "
            "обучения или подпись организации."
        ),
        "months": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "year_suffix": "г.",
        "hours_n": ["{n} час", "{n} часа", "{n} часов"],
        "verify_title": "Проверить свидетельство",
        "verify_intro": "Введите данные так, как они напечатаны в свидетельстве: имя, дату, результат и код.",
        "verify_results": "Результат (в процентах; несколько — через запятую)",
        "verify_check": "Проверить код",
        "verify_match": "Код совпадает: имя, дата и результат в свидетельстве не изменены.",
        "verify_mismatch": "Код не совпадает: данные в свидетельстве изменены или введены не так, как напечатаны.",
        "refs_n": ["{n} ссылка", "{n} ссылки", "{n} ссылок"],
        "docs_n": ["{n} документ", "{n} документа", "{n} документов"],
        "minutes": ["{n} минута", "{n} минуты", "{n} минут"],
        "questions": ["{n} вопрос", "{n} вопроса", "{n} вопросов"],
        "modules_count": ["{n} модуль", "{n} модуля", "{n} модулей"],
        "points": ["{n} балл", "{n} балла", "{n} баллов"],
        "terms": ["{n} термин", "{n} термина", "{n} терминов"],
    },
    "en": {
        "skip": "Skip to main content",
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
        "duration_final": "final test: {minutes}",
        "version": "Version",
        "authors": "Authors",
        "licence": "Licence",
        "governance": "Content governance",
        "owner": "Owner",
        "reviewer": "Reviewer",
        "last_review": "Last review",
        "review_by": "Review by",
        "review_state": "Review",
        "not_yet_reviewed": "Not yet reviewed: no review has been signed",
        "reviewed_modules": "Modules reviewed: {n} of {total}",
        "awaiting_roles": "awaiting sign-off by: {roles}",
        "subject_awaits_roles": "{subject} awaits sign-off by: {roles}",
        "subject_unsigned": "{subject} is not signed off",
        "review_subject_glossary": "the glossary",
        "review_subject_course": "the final assessment",
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
        "continue": "Continue",
        "resume_prompt": "You have started this course. Next: {title}.",
        "resume_finished": "You have completed this course. The page open last: “{title}”.",
        "resume_exhausted": "No attempt of “{title}” is left: its page says what to do next.",
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
        "quiz_intro": "{questions}. You need {score}% of the points to pass.",
        "quiz_checked_fixed": "An answer, once checked, cannot be changed.",
        "attempts_left": "Attempts left: {n}",
        "attempts_unlimited": "Unlimited attempts",
        "best_kept": "Your best result is kept: {result}",
        "review_modules": ("Review the modules whose questions you got wrong, starting with the first listed "
                           "(the most missed):"),
        "review_module": "Module {n}. {title}",
        "final_prepare": "The test covers every module: work through them before your first attempt.",
        "final_attempt_rule": "An attempt counts when you press “Finish the quiz” and confirm.",
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
        "matched_wrong": "Matched wrongly",
        "explanation": "Explanation",
        "score": "Score: {score}% ({points} of {max} points)",
        "percent": "{n}%",
        "result_passed": "Passed",
        "result_failed": "Not passed: {score}% needed",
        "no_attempts": "No attempts left",
        "choose_one": "Choose one answer",
        "choose_many": "Choose all that apply",
        "match_all": "Choose the matching option for every item",
        "type_answer": "Type your answer",
        "true": "True",
        "false": "False",
        "your_answer": "Your answer",
        "move_up": "Up",
        "move_down": "Down",
        "order_hint": "Put the items in the right order with the Up and Down buttons",
        "scenario_hint": "Choose the specialist's reply",
        "scenario_end": "End of the scenario",
        "scenario_replay": "Go back a step and choose another reply",
        "scenario_practice": "Practice: the question's result counts your first path; this choice does not change it.",
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
        "out_of_attempts_local": ("Your answers and best score are kept in this browser. This copy of the course, "
                                  "opened without a learning platform, has no further attempts. The modules stay "
                                  "open for review."),
        "out_of_attempts_unsaved": ("This browser keeps no progress, so after a reload the quiz starts afresh. The "
                                    "modules stay open for review."),
        "out_of_attempts_refused": ("These attempts did not reach the learning platform: close the course and open it "
                                    "again from the platform. The modules stay open for review."),
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
        "storage_failed": ("Progress could not be saved in this browser: its storage is full or closed. "
                           "We will retry while this page is open."),
        "storage_lms": "Progress is kept by the learning platform.",
        "commit_failed": ("Progress is not saved to the learning platform yet. We will retry; if you close this page, "
                          "it will be saved the next time you open the course on this device."),
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
        "not_completed_exhausted": "Course not completed yet: no attempts left in a quiz",
        # Print handouts (builder.targets.handout)
        "handout_learner": "Learner handout",
        "handout_worksheets": "Quiz worksheets (no answers)",
        "handout_guide": "Facilitator's guide",
        "handout_guide_note": "For facilitators only: contains the correct answers.",
        "handout_toc": "Contents",
        "handout_page": "Page {page} of {pages}",
        "handout_pocket_cut": "cut along the line to keep it with you",
        "handout_pocket_fold": "cut the sheet along the line and fold the card at the dashed line: it fits a pocket",
        "handout_issued": "Content as of {date}",
        "handout_write_here": "Write your answer:",
        "handout_name_date": "Name: ____________________________   Date: ______________",
        "handout_letters": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "handout_fill_hint": "Write the answer",
        "handout_numeric_hint": "Write the number",
        "handout_tf_hint": "Tick True or False",
        "handout_match_hint": "Next to each item on the left, write the letter of its match on the right",
        "handout_match_extra": ["{n} item on the right matches nothing", "{n} items on the right match nothing"],
        "handout_order_hint": "Number the items in the right order: 1 is the first",
        "handout_scenario_hint": ("Start at step 1. At each step, tick the specialist's reply and go to the step it "
                                  "names."),
        "handout_step": "Step {n}",
        "handout_steps": "Steps {list}",
        "handout_go_to": "go to step\u00a0{n}",
        "handout_go_end": "end of the scenario",
        "handout_scenario_path": "The scenario ends here. Write down your path, the steps' numbers in order:",
        "handout_final_bank": ("The final assessment draws its questions from the module quizzes: {draw} of {bank} "
                               "for each attempt. Use the module worksheets."),
        "handout_final_own": ("The final assessment asks questions of its own, printed below: {draw} of {bank} "
                              "for each attempt."),
        "handout_final_mixed": ("The final assessment asks questions of its own (below) and questions of the module "
                                "quizzes (on the module worksheets): {draw} of {bank} for each attempt."),
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
        "handout_plan": "Session plan",
        "handout_page_short": "p.",
        "handout_flashcards_hint": "Cover the right-hand column, say the answer, then check it.",
        "handout_plan_intro": ("Times are the course author's estimate of a module with its quiz studied alone. In a "
                               "face-to-face session, add time to discuss the cases and the reflection prompts."),
        "handout_plan_columns": ["Module", "Time", "Lessons", "Quiz questions", "Cases", "Reflections"],
        "handout_plan_total": "Total",
        "handout_plan_final": "{title}: {questions} of {bank}, pass mark {score}%",
        "handout_discuss_1": "What matters most to the person in this situation? What can they rely on?",
        "handout_discuss_2": "Which words or actions of the specialist keep trust, and which could break it?",
        "handout_discuss_3": "Which risks need discussing, and which help should be offered first?",
        "handout_discuss_each": "Discuss each case below with the group, with these questions:",
        "handout_answer_key": "Answer key: {quiz}",
        "handout_objective": "Learning objective",
        "handout_feedback": "Feedback",
        "handout_feedback_correct": "After a correct answer",
        "handout_feedback_incorrect": "After a wrong answer",
        "handout_any_case": "case does not matter",
        "handout_best_path": "Best path",
        "handout_path_score": "A path written on the worksheet scores its replies' points added up, out of {best}.",
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
        # Lessons, outline, completion and certificate (ux13l)
        "module_of": "Module {n} of {total}",
        "lesson_of": "lesson {n} of {total}",
        "about_minutes": "≈ {n} min",
        "continue_to": "Next: {title}",
        "back_to": "Back: {title}",
        "lesson_done": "done",
        "outline_open": "Contents",
        "module_steps": "Lessons in this module",
        "outline_close": "Close contents",
        "outline_progress": "Lessons done: {n} of {total}",
        "module_lessons": "lessons: {n} of {total}",
        "references_show": "Show the module's sources",
        "references_count": "{refs} to {docs}",
        "citation_n": "note {n}",
        "completion_rule": "To complete the course: {rule}.",
        "rule_modules_all": "open every module",
        "rule_modules_some": "open modules {list}",
        "rule_module_one": "open module {list}",
        "rule_read_all": "read every lesson of every module to its end",
        "rule_read_some": "read every lesson of modules {list} to its end",
        "rule_read_one": "read every lesson of module {list} to its end",
        "rule_quizzes": "pass {list} (with {score}% of the points)",
        "rule_and": " and ",
        "missing_modules": "Modules not opened yet: {list}.",
        "missing_modules_many": "Modules not opened yet: {count}. Next: {list}.",
        "missing_all_modules": "No module opened yet: start with the first.",
        "missing_module": "Module not opened yet: {list}.",
        "missing_read": "Modules with lessons not read to the end yet: {list}.",
        "missing_read_one": "Module with lessons not read to the end yet: {list}.",
        "missing_quizzes": "Not passed yet: {list}.",
        "missing_exhausted": "No attempts left in {quiz}.",
        "to_certificate": "Get the record of completion",
        "restart": "Start over",
        "restart_confirm": ("Start the course over? Lessons read and unfinished answers are cleared; the results of "
                            "quizzes taken are kept."),
        "hours": "Study time",
        "final_result": "Final test",
        "verification": "Verification code",
        "verification_note": (
            "The verification code is a checksum of the name, the course and its version, the date and the result. "
            "It can be recomputed in this course ('Check a record of completion' on the home page): a match shows "
            "these details on the record were not altered. The code does not prove who took the course and does not "
            "replace the learning system's record or the organisation's signature."
        ),
        "months": "January February March April May June July August September October November December",
        "year_suffix": "",
        "hours_n": ["{n} hour", "{n} hours"],
        "verify_title": "Check a record of completion",
        "verify_intro": "Enter the details as printed on the record: name, date, result and code.",
        "verify_results": "Result (percent; several separated by commas)",
        "verify_check": "Check the code",
        "verify_match": "The code matches: the name, date and result on the record are unaltered.",
        "verify_mismatch": (
            "The code does not match: the record was altered, or the details were not entered as printed."
        ),
        "refs_n": ["{n} citation", "{n} citations"],
        "docs_n": ["{n} document", "{n} documents"],
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
        "footnote_back": "Вернуться к тексту",
        "footnote_ref": "Примечание",
        "callout_warning": "Внимание",
        "callout_important": "Важно",
        "dialogue_good": "Так можно сказать:",
        "dialogue_bad": "Так лучше не говорить:",
        "case": "Случай:",
        "reflect": "Подумайте",
        "model_answer": "Показать образец ответа",
        "table": "Таблица",
        "flashcards": "Карточки",
        "flashcards_hint": "Нажмите на карточку, чтобы увидеть значение.",
        "steps": "Шаги",
        "step_of": "Шаг {n} из {total}",
        "step_prev": "Назад",
        "step_next": "Далее",
        "local_organisation": "организация, выдающая сертификат, — уточните в своей организации",
        "local_crisis_line": "телефон кризисной линии — уточните в своей организации",
        "local_suicide_protocol": ("местный протокол действий при риске суицида — уточните в своей организации, где "
                                   "он хранится и кто его выполняет"),
        "local_referral_contacts": "контакты для направления к смежным специалистам — уточните в своей организации",
    },
    "en": {
        "callout_note": "Note",
        "callout_tip": "Tip",
        "footnote_back": "Back to the text",
        "footnote_ref": "Note",
        "callout_warning": "Warning",
        "callout_important": "Important",
        "dialogue_good": "A good way to say it:",
        "dialogue_bad": "Better not to say it like this:",
        "case": "Case:",
        "reflect": "Reflect",
        "model_answer": "Show a model answer",
        "table": "Table",
        "flashcards": "Flashcards",
        "flashcards_hint": "Press a card to see its meaning.",
        "steps": "Steps",
        "step_of": "Step {n} of {total}",
        "step_prev": "Back",
        "step_next": "Next",
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


def long_date(language: str, day: dt.date) -> str:
    """A date as a reader of the language writes it («23 мая 2027 г.»); machine-readable places
    (metadata, `<time datetime>`) keep ISO."""
    strings = catalogue(language)  # the same words the runtime's certificate writes its date in (home.js)
    month = str(strings["months"]).split(" ")[day.month - 1]
    return f"{day.day} {month} {day.year} {strings['year_suffix']}".strip()


def runtime_strings(language: str) -> dict[str, str | list[str]]:
    """The interface strings the runtime gets (the content labels are already in the pages)."""
    return INTERFACE_STRINGS.get(language, INTERFACE_STRINGS[FALLBACK_LANGUAGE])


def review_state(course: Course, t: Callable[..., str]) -> str:
    """The course's real review state, as the home page and the guide's cover say it: «Ещё не
    проверено» while nothing is signed, else the modules signed off; then the required roles some
    module still waits for, and what the glossary and the final's own questions still wait for
    (each of them counts for the LOM status, `Course.is_signed_off`)."""
    if not course.last_review:
        state = t("not_yet_reviewed")
    else:
        state = t("reviewed_modules", n=len(course.reviewed_modules()), total=len(course.modules))
    by_modules = {role for module in course.modules for role in course.unsigned_roles(module.id)}
    if roles := [role for role in course.required_roles if role in by_modules]:
        state += "; " + t("awaiting_roles", roles=", ".join(roles))
    others = [s for s in course.review_subjects() if s in ("glossary", "course")] if course.last_review else []
    for subject in others:
        label = t(f"review_subject_{subject}")
        if roles := [role for role in course.unsigned_roles(subject) if role not in by_modules]:
            state += "; " + t("subject_awaits_roles", subject=label, roles=", ".join(roles))
        elif not course.reviews_of(subject):
            state += "; " + t("subject_unsigned", subject=label)
    return state


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
