<?php
// The texts the Moodle bed's question bank stores for each question with an ID number: question
// text, general feedback, and each answer's text and feedback in the order they were imported.
// check_bank.py compares them with the file imported: Moodle's XML reader once dropped spaces
// (a space after an escaped tag, or at a 4096-byte boundary of the file), which no grade shows.
//
//   source ../shared/moodle-bed/bed.env
//   php tests/moodle/stored_texts.php [--course=BED]
//
// Prints a JSON object: idnumber => {questiontext, generalfeedback, answers: [[answer, feedback], ...]}.

define('CLI_SCRIPT', true);

$moodle = getenv('BED_MOODLE') ?: '/opt/moodle-bed/moodle';
require($moodle . '/config.php');
require_once($CFG->libdir . '/clilib.php');

[$options, $unrecognized] = cli_get_params(['course' => getenv('BED_COURSE') ?: 'BED']);
if ($unrecognized) {
    fwrite(STDERR, "usage: php stored_texts.php [--course=SHORTNAME]\n");
    exit(2);
}
$course = $DB->get_record('course', ['shortname' => $options['course']], '*', MUST_EXIST);
$context = context_course::instance($course->id);
$rows = $DB->get_records_sql(
    'SELECT q.id, qbe.idnumber, q.questiontext, q.generalfeedback FROM {question} q
       JOIN {question_versions} qv ON qv.questionid = q.id
       JOIN {question_bank_entries} qbe ON qbe.id = qv.questionbankentryid
       JOIN {question_categories} qc ON qc.id = qbe.questioncategoryid
      WHERE qc.contextid = :ctx AND qbe.idnumber IS NOT NULL
   ORDER BY q.id', ['ctx' => $context->id]);
$texts = [];
foreach ($rows as $row) {
    $answers = $DB->get_records('question_answers', ['question' => $row->id], 'id', 'id, answer, feedback');
    $texts[$row->idnumber] = ['questiontext' => $row->questiontext, 'generalfeedback' => $row->generalfeedback,
        'answers' => array_map(fn($a) => [$a->answer, $a->feedback], array_values($answers))];
}
echo json_encode((object) $texts, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT), "\n";
