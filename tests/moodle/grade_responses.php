<?php
// Grade responses to questions of the Moodle bed's question bank with Moodle's own question engine,
// as learner1 answering them in a quiz would (deferred feedback: answer, submit, graded).
//
//   source ../shared/moodle-bed/bed.env
//   php tests/moodle/grade_responses.php --cases=cases.json [--course=BED] [--learner=learner1]
//
// cases.json: [{"idnumber": "q1", "label": "right", "response": {...}}, ...] where the response
// names what the learner picks by its text (Moodle shuffles, so positions mean nothing):
//   {"chosen": [answer HTML, ...]}            multichoice (one for single, any for multiple)
//   {"value": true|false}                      truefalse
//   {"text": "typed answer"}                   shortanswer, numerical
//   {"pairs": {"left HTML": "right text"}}     match
//   {"order": [item HTML, ...]}                ordering
// Prints a JSON list: idnumber, label, qtype, category, fraction, mark, maxmark, state.
// Nothing is saved: the usage lives in memory only.

define('CLI_SCRIPT', true);

$moodle = getenv('BED_MOODLE') ?: '/opt/moodle-bed/moodle';
require($moodle . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/questionlib.php');

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

/** The newest version of the question with this idnumber in the course's bank, and its category name. */
function bed_find_question(string $idnumber, context $context): array {
    global $DB;
    $rows = $DB->get_records_sql(
        'SELECT q.id, qc.name AS category FROM {question} q
           JOIN {question_versions} qv ON qv.questionid = q.id
           JOIN {question_bank_entries} qbe ON qbe.id = qv.questionbankentryid
           JOIN {question_categories} qc ON qc.id = qbe.questioncategoryid
          WHERE qc.contextid = :ctx AND qbe.idnumber = :idnumber
       ORDER BY qv.version DESC', ['ctx' => $context->id, 'idnumber' => $idnumber], 0, 1);
    if (!$rows) {
        throw new moodle_exception('noquestion', 'error', '', null, "no question with idnumber $idnumber");
    }
    $row = reset($rows);
    return [$row->id, $row->category];
}

/** The key of the entry of $texts (id => text) equal to $text (both trimmed). */
function bed_key_of(array $texts, string $text, string $what) {
    foreach ($texts as $key => $candidate) {
        if (trim((string) $candidate) === trim($text)) {
            return $key;
        }
    }
    throw new coding_exception("no $what reads '$text'");
}

/** Moodle's submitted data for a response described by texts. */
function bed_response_data(question_attempt $qa, array $response): array {
    $question = $qa->get_question();
    $qtype = $question->get_type_name();
    if ($qtype === 'multichoice') {
        $order = $question->get_order($qa);
        $texts = array_map(fn($id) => $question->answers[$id]->answer, $order);
        $positions = array_map(fn($text) => bed_key_of($texts, $text, 'answer'), $response['chosen']);
        if ($question instanceof qtype_multichoice_single_question) {
            return $positions ? ['answer' => $positions[0]] : [];
        }
        $data = [];
        foreach ($positions as $position) {
            $data['choice' . $position] = 1;
        }
        return $data;
    }
    if ($qtype === 'truefalse') {
        return ['answer' => $response['value'] ? 1 : 0];
    }
    if ($qtype === 'shortanswer' || $qtype === 'numerical') {
        return ['answer' => $response['text']];
    }
    if ($qtype === 'match') {
        $data = [];
        $choices = [];
        foreach ($question->get_choice_order() as $key => $choiceid) {
            $choices[$key] = $question->choices[$choiceid];
        }
        foreach ($question->get_stem_order() as $key => $stemid) {
            $right = $response['pairs'][trim($question->stems[$stemid])];
            $data['sub' . $key] = bed_key_of($choices, $right, 'choice');
        }
        return $data;
    }
    if ($qtype === 'ordering') {
        $texts = [];
        foreach ($question->answers as $answer) {
            $texts[$answer->md5key] = $answer->answer;
        }
        $keys = array_map(fn($text) => bed_key_of($texts, $text, 'item'), $response['order']);
        return [$question->get_response_fieldname() => implode(',', $keys)];
    }
    throw new coding_exception("qtype $qtype is not graded here");
}

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
