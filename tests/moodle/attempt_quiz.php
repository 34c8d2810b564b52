<?php
// Build a Moodle quiz from a question-bank category (one random question per question of the
// category, so every question is drawn once per attempt) and let learner1 attempt it: each attempt
// answers every drawn question as the plan says, is submitted and graded by Moodle (mod_quiz's own
// attempt API: quiz_start_new_attempt, the question engine, process_finish, the gradebook).
//
//   source ../shared/moodle-bed/bed.env
//   php tests/moodle/attempt_quiz.php --plan=plan.json [--course=BED] [--learner=learner1]
//   php tests/moodle/attempt_quiz.php --delete=PREFIX     (delete the course's quizzes named PREFIX...,
//       so that import_questions.php --purge can delete the questions they used instead of hiding them)
//
// plan.json: {"quizzes": [{"name": "qbank16 ...", "category": "category name",
//              "attempts": [{"label": "right", "responses": {"<idnumber>": {response}, ...}}, ...]}]}
// with responses as responses.php describes them. A quiz of the same name in the course is deleted
// first (with its attempts). Prints a JSON list, per quiz: cmid, slots, and per attempt every slot's
// idnumber, qtype, fraction, mark and state, the attempt's marks, the quiz grade and the gradebook's.

define('CLI_SCRIPT', true);

$moodle = getenv('BED_MOODLE') ?: '/opt/moodle-bed/moodle';
require($moodle . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/questionlib.php');
require_once($CFG->libdir . '/gradelib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/mod/quiz/locallib.php');
require_once(__DIR__ . '/responses.php');

use core_question\local\bank\condition;
use mod_quiz\quiz_attempt;
use mod_quiz\quiz_settings;

[$options, $unrecognized] = cli_get_params(['plan' => '', 'delete' => '', 'course' => getenv('BED_COURSE') ?: 'BED',
    'learner' => getenv('BED_LEARNER') ?: 'learner1']);
if ($unrecognized || ($options['plan'] === '') === ($options['delete'] === '')) {
    fwrite(STDERR, "usage: php attempt_quiz.php --plan=FILE | --delete=PREFIX [--course=SHORTNAME] [--learner=USERNAME]\n");
    exit(2);
}

$course = $DB->get_record('course', ['shortname' => $options['course']], '*', MUST_EXIST);
$context = context_course::instance($course->id);
$learner = $DB->get_record('user', ['username' => $options['learner']], '*', MUST_EXIST);
mt_srand(16);  // the same draws and shuffles from run to run

/** Delete the course's quizzes whose name starts with $prefix (attempts too); their names. */
function bed_delete_quizzes(stdClass $course, string $prefix): array {
    global $DB;
    $deleted = [];
    foreach ($DB->get_records('quiz', ['course' => $course->id]) as $old) {
        if (str_starts_with($old->name, $prefix)) {
            course_delete_module(get_coursemodule_from_instance('quiz', $old->id, $course->id, false, MUST_EXIST)->id);
            $deleted[] = $old->name;
        }
    }
    return $deleted;
}

/** A new quiz named $name in the course (an older one of that name deleted), with the generator's defaults. */
function bed_new_quiz(stdClass $course, string $name): stdClass {
    global $DB;
    bed_delete_quizzes($course, $name);
    $settings = ['modulename' => 'quiz', 'course' => $course->id, 'section' => 1, 'visible' => 1, 'name' => $name,
        'introeditor' => ['text' => 'Built by tests/moodle/attempt_quiz.php', 'format' => FORMAT_HTML, 'itemid' => 0],
        'cmidnumber' => '', 'groupmode' => 0, 'quizpassword' => '', 'preferredbehaviour' => 'deferredfeedback',
        'attempts' => 0, 'attemptonlast' => 0, 'grademethod' => QUIZ_GRADEHIGHEST, 'decimalpoints' => 2,
        'questiondecimalpoints' => -1, 'questionsperpage' => 0, 'shuffleanswers' => 1, 'sumgrades' => 0,
        'grade' => 100, 'timeopen' => 0, 'timeclose' => 0, 'timelimit' => 0, 'overduehandling' => 'autosubmit',
        'graceperiod' => 86400, 'subnet' => '', 'browsersecurity' => '', 'delay1' => 0, 'delay2' => 0,
        'showuserpicture' => 0, 'showblocks' => 0, 'navmethod' => QUIZ_NAVMETHOD_FREE];
    foreach (['attempt', 'correctness', 'maxmarks', 'marks', 'specificfeedback', 'generalfeedback', 'rightanswer',
            'overallfeedback'] as $item) {
        foreach (['during', 'immediately', 'open', 'closed'] as $when) {
            $settings[$item . $when] = 1;
        }
    }
    $info = create_module((object) $settings);
    return $DB->get_record('quiz', ['id' => $info->instance], '*', MUST_EXIST);
}

/** Add one random question per question of the category (so an attempt draws each once). */
function bed_fill_from_category(stdClass $quiz, context $context, string $categoryname): int {
    global $DB;
    $category = $DB->get_record('question_categories', ['contextid' => $context->id, 'name' => $categoryname], '*', MUST_EXIST);
    $count = $DB->count_records_sql("SELECT COUNT(DISTINCT qbe.id) FROM {question_bank_entries} qbe
        JOIN {question_versions} qv ON qv.questionbankentryid = qbe.id
        WHERE qbe.questioncategoryid = :cat AND qv.status = 'ready'", ['cat' => $category->id]);
    $filter = ['filter' => ['category' => ['jointype' => condition::JOINTYPE_DEFAULT, 'values' => [$category->id],
        'filteroptions' => ['includesubcategories' => false]]]];
    $quizobj = quiz_settings::create($quiz->id);
    $quizobj->get_structure()->add_random_questions(1, $count, $filter);
    $quizobj->get_grade_calculator()->recompute_quiz_sumgrades();
    return $count;
}

/** learner1 starts an attempt, answers every drawn question as $responses says, submits; what Moodle graded. */
function bed_attempt(stdClass $quiz, stdClass $learner, array $responses): array {
    global $DB;
    $quizobj = quiz_settings::create($quiz->id, $learner->id);
    $number = $DB->count_records('quiz_attempts', ['quiz' => $quiz->id, 'userid' => $learner->id]) + 1;
    $quba = question_engine::make_questions_usage_by_activity('mod_quiz', $quizobj->get_context());
    $quba->set_preferred_behaviour($quizobj->get_quiz()->preferredbehaviour);
    $now = time();
    $attempt = quiz_create_attempt($quizobj, $number, false, $now, false, $learner->id);
    quiz_start_new_attempt($quizobj, $quba, $attempt, $number, $now);
    quiz_attempt_save_started($quizobj, $quba, $attempt);
    $slots = [];
    foreach ($quba->get_slots() as $slot) {
        $qa = $quba->get_question_attempt($slot);
        $idnumber = $qa->get_question()->idnumber;
        if (isset($responses[$idnumber])) {
            $quba->process_action($slot, bed_response_data($qa, $responses[$idnumber]), $now);
        }
        $slots[$slot] = $idnumber;
    }
    question_engine::save_questions_usage_by_activity($quba);
    $attemptobj = quiz_attempt::create($attempt->id);
    $attemptobj->process_finish($now, false);
    $attemptobj = quiz_attempt::create($attempt->id);
    $graded = [];
    foreach ($slots as $slot => $idnumber) {
        $qa = $attemptobj->get_question_attempt($slot);
        $graded[] = ['slot' => $slot, 'idnumber' => $idnumber, 'qtype' => $qa->get_question()->get_type_name(),
            'fraction' => $qa->get_fraction(), 'mark' => $qa->get_mark(), 'maxmark' => $qa->get_max_mark(),
            'state' => (string) $qa->get_state(), 'answered' => isset($responses[$idnumber])];
    }
    return ['attempt' => $number, 'state' => $attemptobj->get_state(), 'sumgrades' => $attemptobj->get_sum_marks(),
        'maxsumgrades' => (float) $quiz->sumgrades, 'grade' => quiz_rescale_grade($attemptobj->get_sum_marks(), $quiz, false),
        'slots' => $graded];
}

if ($options['delete'] !== '') {
    \core\cron::setup_user();
    echo json_encode(['deleted' => bed_delete_quizzes($course, $options['delete'])], JSON_UNESCAPED_UNICODE), "\n";
    exit(0);
}

$results = [];
foreach (json_decode(file_get_contents($options['plan']), true)['quizzes'] as $plan) {
    \core\cron::setup_user();  // a teacher builds the quiz (the site admin here)
    $quiz = bed_new_quiz($course, $plan['name']);
    $count = bed_fill_from_category($quiz, $context, $plan['category']);
    $quiz = $DB->get_record('quiz', ['id' => $quiz->id], '*', MUST_EXIST);
    \core\session\manager::set_user($learner);
    $attempts = [];
    foreach ($plan['attempts'] as $attemptplan) {
        $attempts[] = ['label' => $attemptplan['label']] + bed_attempt($quiz, $learner, $attemptplan['responses']);
    }
    $gradebook = grade_get_grades($course->id, 'mod', 'quiz', $quiz->id, $learner->id);
    $cm = get_coursemodule_from_instance('quiz', $quiz->id, $course->id, false, MUST_EXIST);
    $results[] = ['name' => $plan['name'], 'cmid' => (int) $cm->id, 'category' => $plan['category'], 'slots' => $count,
        'attempts' => $attempts, 'gradebook' => $gradebook->items[0]->grades[$learner->id]->str_grade ?? null];
}
echo json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION), "\n";
