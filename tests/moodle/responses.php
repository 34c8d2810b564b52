<?php
// Shared by grade_responses.php and attempt_quiz.php: find a question of the bed's course by its
// idnumber, and turn a response described by texts into the data Moodle's question engine takes.
//
// A response names what the learner picks by its text (Moodle shuffles, so positions mean nothing):
//   {"chosen": [answer HTML, ...]}            multichoice (one for single, any for multiple)
//   {"value": true|false}                      truefalse
//   {"text": "typed answer"}                   shortanswer, numerical
//   {"pairs": {"left HTML": "right text"}}     match
//   {"order": [item HTML, ...]}                ordering

defined('MOODLE_INTERNAL') || die();

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
