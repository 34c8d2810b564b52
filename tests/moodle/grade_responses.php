<?php
// Grade responses to questions of the Moodle bed's question bank with Moodle's own question engine,
// as learner1 answering them in a quiz would (deferred feedback: answer, submit, graded).
//
//   source ../shared/moodle-bed/bed.env
//   php tests/moodle/grade_responses.php --cases=cases.json [--course=BED] [--learner=learner1]
//
// cases.json: [{"idnumber": "q1", "label": "right", "response": {...}}, ...], responses as
// responses.php describes them.
// Prints a JSON list: idnumber, label, qtype, category, fraction, mark, maxmark, state.
// Nothing is saved: the usage lives in memory only.

define('CLI_SCRIPT', true);

$moodle = getenv('BED_MOODLE') ?: '/opt/moodle-bed/moodle';
require($moodle . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/questionlib.php');
require_once(__DIR__ . '/responses.php');

[$options, $unrecognized] = cli_get_params(['cases' => '', 'course' => getenv('BED_COURSE') ?: 'BED',
    'learner' => getenv('BED_LEARNER') ?: 'learner1']);
if ($unrecognized || $options['cases'] === '') {
    fwrite(STDERR, "usage: php grade_responses.php --cases=FILE [--course=SHORTNAME] [--learner=USERNAME]\n");
    exit(2);
}

$course = $DB->get_record('course', ['shortname' => $options['course']], '*', MUST_EXIST);
$context = context_course::instance($course->id);
\core\session\manager::set_user($DB->get_record('user', ['username' => $options['learner']], '*', MUST_EXIST));
mt_srand(16);  // the shuffles of options, pairs and items repeat from run to run

$results = [];
foreach (json_decode(file_get_contents($options['cases']), true) as $case) {
    [$questionid, $category] = bed_find_question($case['idnumber'], $context);
    $quba = question_engine::make_questions_usage_by_activity('core_question_preview', $context);
    $quba->set_preferred_behaviour('deferredfeedback');
    $question = question_bank::load_question($questionid);
    $slot = $quba->add_question($question, $question->defaultmark);
    $quba->start_question($slot);
    $quba->process_action($slot, bed_response_data($quba->get_question_attempt($slot), $case['response']));
    $quba->finish_question($slot);
    $results[] = [
        'idnumber' => $case['idnumber'],
        'label' => $case['label'],
        'qtype' => $question->get_type_name(),
        'category' => $category,
        'fraction' => $quba->get_question_fraction($slot),
        'mark' => $quba->get_question_mark($slot),
        'maxmark' => $quba->get_question_max_mark($slot),
        'state' => (string) $quba->get_question_state($slot),
        'summary' => $quba->get_response_summary($slot),
    ];
}
echo json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION), "\n";
