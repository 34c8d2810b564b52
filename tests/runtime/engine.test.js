/*
 * The course engine (templates/runtime/engine.js) under Node's own test runner: state, compaction,
 * scoring of every question kind, the seeded draw, interaction records, course status.
 * Run: node --test tests/runtime/ (tests/test_runtime.py runs it with the rest of the suite).
 */
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
// COURSE_ENGINE: the engine as shipped (tests/test_runtime.py runs these tests on both).
const Engine = require(process.env.COURSE_ENGINE || '../../templates/runtime/engine.js');
const { courseData, seeded } = require('./fixture.js');

/** An engine on fresh fixture data, with seeded seeds and the log kept. */
function engineFor(data = courseData()) {
  const logged = [];
  const engine = Engine.create(data, { random: seeded(7), log: (what) => logged.push(what) });
  return { engine, data, logged };
}

test('plural forms follow the language rule: 1 вопрос, 2 вопроса, 5 вопросов, 11 вопросов, 21 вопрос', () => {
  const forms = ['{n} вопрос', '{n} вопроса', '{n} вопросов'];
  assert.deepEqual([1, 2, 5, 11, 21, 22, 112].map((n) => Engine.plural(n, forms, 'ru')),
    ['1 вопрос', '2 вопроса', '5 вопросов', '11 вопросов', '21 вопрос', '22 вопроса', '112 вопросов']);
  assert.deepEqual([1, 2].map((n) => Engine.plural(n, ['{n} question', '{n} questions'], 'en')), ['1 question', '2 questions']);
});

test('every question kind has an interaction type, a score and a report', () => {
  for (const [name, kind] of Object.entries(Engine.KINDS)) {
    assert.equal(typeof kind.type, 'string', name);
    assert.equal(typeof kind.score, 'function', name);
    assert.equal(typeof kind.report, 'function', name);
  }
});

test('each kind scores right, wrong and partly right responses', () => {
  const q = courseData().questions;
  const score = (id, r) => Engine.scoreResponse(q[id], r);
  assert.deepEqual([score('q-single', 'a'), score('q-single', 'b')], [1, 0]);
  assert.deepEqual([score('q-multi', 'ab'), score('q-multi', 'a'), score('q-multi', 'abc')], [1, 0, 0]);
  q['q-multi'].pc = 1;
  assert.deepEqual([score('q-multi', 'a'), score('q-multi', 'abc'), score('q-multi', 'ac')], [0.5, 0.5, 0]);
  assert.deepEqual([score('q-tf', 'f'), score('q-tf', 't')], [1, 0]);
  assert.deepEqual([score('q-fill', '  открытый  вопрос! '), score('q-fill', 'закрытый')], [1, 0]);
  assert.deepEqual([score('q-num', '0,55'), score('q-num', '0.7'), score('q-num', 'abc')], [1, 0, 0]);
  assert.deepEqual([score('q-match', '0,1'), score('q-match', '1,0')], [1, 0]);
  assert.deepEqual([score('q-order', '0,1,2'), score('q-order', '2,1,0')], [1, 0]);
  assert.deepEqual([score('q-scen', '0.0'), score('q-scen', '1')], [1, 0]);
  assert.equal(Engine.scoreResponse({ t: 'no-such-kind', pts: 1, quiz: 'x' }, 'a'), 0);
});

test('a typed number is read as the course language writes it (finding of an audit: "1,500" was 1.5 in English)', () => {
  const read = (typed, lang) => Engine.numericValue(typed, lang);
  assert.deepEqual(['1 500', '1\u00a0500', '1500 чел.', '0,5', '0.5', '1.500,5', '1,500.5'].map((t) => read(t, 'ru')),
    [1500, 1500, 1500, 0.5, 0.5, 1500.5, 1500.5]);
  assert.equal(read('1,500', 'ru'), 1.5, 'Russian groups thousands with spaces: a comma is its decimal mark');
  assert.deepEqual(['1,500', '12,345,678', '1,5', '1,500.25', '1500'].map((t) => read(t, 'en')), [1500, 12345678, 1.5, 1500.25, 1500]);
  assert.deepEqual(['-2', '\u22122', '\u20132', '- 2'].map((t) => read(t, 'ru')), [-2, -2, -2, -2], 'a minus however it is typed');
  assert.ok(Number.isNaN(read('нет', 'ru')) && Number.isNaN(read(',', 'en')) && Number.isNaN(read('  ', 'ru')));
  assert.deepEqual(['1e3', '2.5e-3', '2,5e-3', '+3', '-0,5'].map((t) => read(t, 'ru')), [1000, 0.0025, 0.0025, 3, -0.5]);
  const q = { t: 'numeric', a: 1500, tol: 0, pts: 1, quiz: 'x' };
  assert.deepEqual([Engine.scoreResponse(q, '1,500', 'en'), Engine.scoreResponse(q, '1,500', 'ru')], [1, 0]);
  const below = { t: 'numeric', a: -2, tol: 0, pts: 1, quiz: 'x' };
  assert.equal(Engine.scoreResponse(below, '\u22122', 'ru'), 1);
  const { engine, data } = engineFor();
  data.lang = 'en';
  data.questions['q-num'] = { ...data.questions['q-num'], a: 1500 };
  assert.deepEqual(engine.interactionRecord('q-num', data.questions['q-num'], '1,500', 1, 5, '', '').learner, ['1500'],
    'the LMS is sent the number the learner meant');
});

test('a typed answer that ignores spaces and punctuation ignores = and / too, and any hyphen is a hyphen', () => {
  const q = { t: 'fill_in', a: ['U=U', 'PrEP/ДКП', 'ВИЧ-инфекция'], sp: 1, pts: 1, quiz: 'x' };
  assert.deepEqual(['U = U', 'PrEP / ДКП', 'ВИЧ\u2011инфекция', 'ВИЧ - инфекция', 'ВИЧ+'].map((r) => Engine.scoreResponse(q, r)),
    [1, 1, 1, 1, 0]);
  const exact = { t: 'fill_in', a: ['ВИЧ-инфекция'], pts: 1, quiz: 'x' };
  assert.equal(Engine.scoreResponse(exact, 'ВИЧ\u2011инфекция'), 1, 'a non-breaking hyphen (a phone, a copied text) is a hyphen');
});

test('interaction records carry the LMS type, both responses and prefixed ids', () => {
  const { engine, data } = engineFor();
  const record = (id, r, context = '') => engine.interactionRecord(id, data.questions[id], r, Engine.scoreResponse(data.questions[id], r), 5, context, context);
  assert.deepEqual(record('q-multi', 'ab').correct, [['a', 'b']]);
  assert.equal(record('q-multi', 'a').result, 'incorrect');
  assert.deepEqual(record('q-num', '47 чел.').learner, ['47']);
  assert.deepEqual(record('q-num', 'нет').learner, null);
  assert.deepEqual(record('q-match', '1,0').learner, [['0', '1'], ['1', '0']]);
  assert.deepEqual(record('q-order', '0,1,2').correct, [['0', '1', '2']]);
  assert.deepEqual(record('q-scen', '0.0').learner, [['s1', '0'], ['s2', '0']]);
  const final = record('q-match', '0,1', 'q-final.');
  assert.equal(final.id, 'q-final.q-match');
  assert.deepEqual(final.objectives, ['q-final.o3', 'q-final.o1']);
  assert.equal(final.type, 'matching');
});

test('the draw is the same for the same seed, stratified by quiz, and differs for another seed', () => {
  const { engine, data } = engineFor();
  const quiz = data.quizzes['q-final'];
  assert.deepEqual(engine.draw(quiz, 42), engine.draw(quiz, 42));
  assert.equal(engine.draw(quiz, 42).length, 4);
  assert.notDeepEqual([1, 2, 3, 4, 5].map((s) => engine.draw(quiz, s).join()), Array(5).fill(engine.draw(quiz, 1).join()));
  const all = engine.draw(data.quizzes['q-mod'], 3);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7], 'a quiz that shows its whole bank keeps its order');
});

test('a state the runtime saved today is read back with its answers', () => {
  const { engine } = engineFor();
  const saved = '{"v":2,"s":"3","l":1,"q":{"0":{"n":1,"b":80,"s":80,"ok":1,"sd":12345,"fin":0,"r":{"0":"a","4":"0,5","6":"2,0,1"},"h":"abcdef"},"1":"2.60.0.ghijkl"}}';
  const { state, changed } = engine.parseState(saved);
  assert.equal(changed, false);
  assert.deepEqual(state.q['0'].r, { 0: 'a', 4: '0,5', 6: '2,0,1' });
  assert.deepEqual({ n: state.q['1'].n, b: state.q['1'].b, fin: state.q['1'].fin }, { n: 2, b: 60, fin: 1 });
  assert.equal(engine.seen(state, 0) && engine.seen(state, 1) && !engine.seen(state, 2), true);
});

test('a republished quiz keeps the record and drops the answers; a malformed part restarts only its quiz', () => {
  const { engine, logged } = engineFor();
  const republished = engine.parseState('{"v":2,"s":"1","l":0,"q":{"0":{"n":2,"b":90,"s":50,"ok":1,"sd":1,"fin":0,"r":{"0":"a"},"h":"abczzz"},"1":{"n":"x"}}}');
  assert.equal(republished.changed, true);
  assert.deepEqual(republished.state.q['0'].r, {});
  assert.deepEqual([republished.state.q['0'].n, republished.state.q['0'].b, republished.state.q['0'].ok], [2, 90, 1]);
  assert.equal(republished.state.q['1'], undefined);
  assert.ok(logged.some((line) => line.includes('malformed')));
  const badForm = engine.parseState('{"v":2,"s":"","l":0,"q":{"0":{"n":0,"b":0,"s":0,"ok":0,"sd":1,"fin":0,"r":{"7":"0\\"]"},"h":"abcdef"}}}');
  assert.deepEqual(badForm.state.q['0'].r, {}, 'a scenario path that is not a path is never replayed');
  assert.equal(engine.parseState('not json'), null);
  assert.equal(engine.parseState('{"v":9}'), null);
});

test('a version 1 state keeps its records but not its answers', () => {
  const { engine } = engineFor();
  const { state, changed } = engine.parseState('{"v":1,"s":"1","l":0,"q":{"0":{"n":1,"b":70,"s":70,"ok":1,"sd":5,"fin":1,"r":{"0":"a"}}}}');
  assert.equal(changed, true);
  assert.deepEqual([state.q['0'].n, state.q['0'].b, state.q['0'].ok], [1, 70, 1]);
  assert.deepEqual(state.q['0'].r, {});
});

test('a state over the limit compacts finished quizzes, then every quiz but the one on screen', () => {
  const { engine } = engineFor();
  const state = engine.newState();
  const mod = engine.quizState(state, 'q-mod');
  const final = engine.quizState(state, 'q-final');
  Object.assign(mod, { n: 1, b: 80, s: 80, ok: 1, fin: 1, r: { 0: 'a', 1: 'ab' } });
  final.r = { 0: 'a', 3: 'открытый' };
  const whole = engine.serialise(state, 0);
  assert.equal(engine.serialise(state, whole.length), whole);
  const compact = JSON.parse(engine.serialise(state, whole.length - 1));
  assert.equal(compact.q['0'], `1.80.1.abcdef.${mod.sd}.`);
  assert.deepEqual(compact.q['1'].r, final.r);
  const tiny = JSON.parse(engine.serialise(state, 10, 'q-mod'));
  assert.deepEqual(tiny.q['1'].r, {}, 'the quiz not on screen loses its unfinished answers');
  assert.equal(tiny.k, 1, 'and the text says answers went');
  assert.equal(compact.k, undefined, 'finished quizzes shortened lose no answer of an open attempt');
  assert.equal(engine.parseState(JSON.stringify(tiny)).state.k, undefined, 'a mark of the text, not of the state');
  assert.equal(engine.parseState(JSON.stringify(tiny)).shortened, true, 'which reading it says');
  assert.equal(engine.parseState(JSON.stringify(compact)).shortened, false);
  assert.equal(engine.parseState(JSON.stringify(compact)).state.q['0'].fin, 1, 'a compacted quiz reads back as finished');
  const older = engine.parseState('{"v":2,"s":"","l":0,"q":{"0":"1.80.1.abcdef"}}').state.q['0'];
  assert.deepEqual([older.n, older.b, older.ok, older.fin], [1, 80, 1, 1], 'an older runtime\'s compacted quiz still reads');
});

test('a compacted finished quiz keeps the questions it showed: the retake still draws others', () => {
  const { engine, data } = engineFor();
  const quiz = data.quizzes['q-final'];
  const state = engine.newState();
  const qs = engine.quizState(state, 'q-final');
  engine.restartAttempt(qs, quiz);  // a second attempt, so the mask holds the first's questions
  const second = engine.draw(quiz, qs.sd, qs.x);
  Object.assign(qs, { n: 2, b: 40, s: 40, fin: 1, r: { [second[0]]: 'a' } });
  const saved = engine.serialise(state, 10);
  assert.equal(JSON.parse(saved).q['1'], `2.40.0.${quiz.h}.${qs.sd}.${qs.x}`);
  const back = engine.parseState(saved).state.q['1'];
  assert.deepEqual([back.sd, back.x, back.fin], [qs.sd, qs.x, 1]);
  // Every question shown by the two attempts (4 + 4 of 8): the third avoids the second's, as it would uncompacted.
  engine.restartAttempt(back, quiz);
  assert.deepEqual(engine.draw(quiz, back.sd, back.x).filter((i) => second.includes(i)), []);
  for (const seed of ['x7', '', '99999999999']) {
    const kept = engine.parseState('{"v":2,"s":"","l":0,"q":{"1":"2.40.0.' + quiz.h + '.' + seed + '.ff"}}').state.q['1'];
    assert.deepEqual([kept.n, kept.b, kept.fin, kept.x], [2, 40, 1, undefined], `a seed "${seed}" that is none goes alone, with its mask`);
  }
  const long = engine.parseState('{"v":2,"s":"","l":0,"q":{"1":"2.40.0.' + quiz.h + '.5.' + 'f'.repeat(5000) + '"}}').state.q['1'];
  assert.equal(long.x, 'ff', 'a mask longer than the bank (8 questions) is cut to it');
});

test('a quiz whose saved answers no longer fit keeps its attempts and the questions it showed', () => {
  const { engine, data } = engineFor();
  const h = data.quizzes['q-final'].h;
  const part = (r, hash) => `{"v":2,"s":"","l":0,"q":{"1":{"n":1,"b":20,"s":20,"ok":0,"sd":3,"fin":1,"r":${r},"h":"${hash}","x":"0f"}}}`;
  const unfit = engine.parseState(part('{"99":"a"}', h)).state.q['1'];
  assert.deepEqual([unfit.n, unfit.b, unfit.r, unfit.x], [1, 20, {}, '0f'], 'the same questions: the mask still holds');
  const republished = engine.parseState(part('{}', h.slice(0, 3) + 'zzz')).state.q['1'];
  assert.deepEqual([republished.n, republished.b, republished.x], [1, 20, undefined], 'other questions: a mask would mislead');
});

test('a long typed answer is kept as the accepted answer it matched, or cut and marked', () => {
  const data = courseData();
  data.questions['q-fill'].a.push('x'.repeat(60));
  const { engine } = engineFor(data);
  const q = data.questions['q-fill'];
  assert.equal(engine.storedLimit(q), 60);
  assert.equal(engine.storedResponse(q, 'X'.repeat(60) + '!!'), 'x'.repeat(60), 'a right answer too long to keep is kept as the answer it matched');
  const wrong = engine.storedResponse(q, 'y'.repeat(80));
  assert.equal(wrong.length, 60);
  assert.ok(wrong.endsWith('…'));
  assert.equal(Engine.scoreResponse(q, wrong), 0, 'a cut wrong answer stays wrong');
  assert.equal(engine.storedResponse(data.questions['q-num'], '1'.repeat(50)).length, 40);
});

test('an attempt is scored over the drawn questions; attempts left and unanswered are exact', () => {
  const { engine, data } = engineFor();
  const quiz = data.quizzes['q-final'];
  const qs = engine.quizState(engine.newState(), 'q-final');
  const drawn = [0, 2, 4, 7];
  qs.r = { 0: 'a', 2: 't' };
  assert.deepEqual(engine.unanswered(drawn, qs.r), [2, 3]);
  const result = engine.attemptScore(quiz, drawn, qs.r);
  assert.deepEqual(result, { points: 1, max: 6, score: 16 }, '16.7 % is 16 %: rounded down');
  assert.equal(engine.attemptsLeft(quiz, qs), 3);
  engine.closeAttempt(quiz, qs, result.score);
  assert.deepEqual([qs.n, qs.b, qs.ok, qs.fin, engine.attemptsLeft(quiz, qs)], [1, 16, 0, 1, 2]);
  engine.closeAttempt(quiz, qs, 80);
  engine.closeAttempt(quiz, qs, 10);
  assert.deepEqual([qs.b, qs.s, qs.ok, engine.attemptsLeft(quiz, qs)], [80, 10, 1, 0]);
  assert.equal(engine.attemptsLeft(data.quizzes['q-mod'], qs), Infinity);
  assert.deepEqual(engine.objectiveScores(quiz, drawn, { 0: 'a', 2: 't' }, 'q-final.'), { 'q-final.o1': 100, 'q-final.o2': 0, 'q-final.o3': 0 });
});

test('a score is rounded down, so that 69.6 % neither shows as 70 % nor passes a 70 % mark', () => {
  const { engine, data } = engineFor();
  const scored = (right, wrong) => {
    data.questions.right = Object.assign({}, data.questions['q-single'], { pts: right });
    data.questions.wrong = Object.assign({}, data.questions['q-single'], { pts: wrong });
    const quiz = { pass: 70, att: 0, bank: ['right', 'wrong'] };
    const qs = engine.quizState(engine.newState(), 'q-mod');
    const score = engine.attemptScore(quiz, [0, 1], { 0: 'a', 1: 'b' }).score;
    engine.closeAttempt(quiz, qs, score);
    return [score, qs.ok];
  };
  assert.deepEqual(scored(696, 304), [69, 0]);
  assert.deepEqual(scored(70, 30), [70, 1]);
  assert.deepEqual(scored(57, 43), [57, 0], 'not 56: 0.57 * 100 is 56.99999999999999');
  assert.deepEqual(scored(2, 1), [66, 0]);
  // the points beside the score are rounded down to a tenth like it: «69 % (6,9 из 10)», not «(7 из 10)»
  data.questions.right = Object.assign({}, data.questions['q-single'], { pts: 6.958 });
  data.questions.wrong = Object.assign({}, data.questions['q-single'], { pts: 3.042 });
  const quiz = { pass: 70, att: 0, bank: ['right', 'wrong'] };
  assert.deepEqual(engine.attemptScore(quiz, [0, 1], { 0: 'a', 1: 'b' }), { points: 6.9, max: 10, score: 69 });
});

test('a new attempt gets a new seed and no answers', () => {
  const { engine } = engineFor();
  const qs = engine.quizState(engine.newState(), 'q-mod');
  const seed = qs.sd;
  Object.assign(qs, { fin: 1, r: { 0: 'a' } });
  engine.restartAttempt(qs, engineFor().data.quizzes['q-mod']);
  assert.notEqual(qs.sd, seed);
  assert.deepEqual([qs.fin, qs.r, qs.x], [0, {}, undefined], 'a quiz that shows its whole bank keeps no mask');
});

test('a retake draws the questions earlier attempts did not show first', () => {
  const { engine, data } = engineFor();
  // (By objective, three groups and a draw of four: a round takes one of each group, so a group whose
  // questions were all shown gives one again; the next test holds that case.)
  for (const by of ['quiz', undefined]) {
    const quiz = { ...data.quizzes['q-final'], by };
    const qs = engine.quizState(engine.newState(), 'q-final');
    const first = engine.draw(quiz, qs.sd, qs.x);
    engine.restartAttempt(qs, quiz);
    const second = engine.draw(quiz, qs.sd, qs.x);
    assert.deepEqual(second.filter((i) => first.includes(i)), [], `${by}: the second attempt shows none of the first's`);
    assert.equal(new Set([...first, ...second]).size, 8, `${by}: two attempts of 4 show the whole bank of 8`);
    // Every question shown once: the third attempt avoids the one just ended (the mask starts again from it).
    engine.restartAttempt(qs, quiz);
    const third = engine.draw(quiz, qs.sd, qs.x);
    assert.deepEqual(third.filter((i) => second.includes(i)), [], `${by}: the third shows none of the second's`);
    assert.equal(third.length, 4);
    // The state keeps the mask and reads it back; a mask that is not hex restarts only that quiz.
    const state = engine.newState();
    state.q['1'] = qs;
    assert.equal(engine.parseState(engine.serialise(state)).state.q['1'].x, qs.x);
  }
  // The mask is a hint: one that is not hex is dropped alone, never the attempts and best score.
  const bad = engine.parseState('{"v":2,"s":"","l":0,"q":{"1":{"n":2,"b":65,"s":0,"ok":0,"sd":1,"fin":0,"r":{},"h":"ghijkl","x":"zz"}}}');
  assert.deepEqual([bad.state.q['1'].n, bad.state.q['1'].b, bad.state.q['1'].x], [2, 65, undefined]);
});

test('every attempt of a draw stratified by objective takes one question of each group per round', () => {
  const { engine, data } = engineFor();
  const quiz = { ...data.quizzes['q-final'], by: 'objective' };  // groups o1 (2), o2 (3), o3 (3); draws 4
  const objectives = (drawn) => new Set(drawn.map((i) => data.questions[quiz.bank[i]].obj)).size;
  for (let learner = 0; learner < 50; learner++) {
    const qs = engine.quizState(engine.newState(), 'q-final');
    for (let attempt = 1; attempt <= 4; attempt++) {
      assert.equal(objectives(engine.draw(quiz, qs.sd, qs.x)), 3, `learner ${learner}, attempt ${attempt}`);
      engine.restartAttempt(qs, quiz);
    }
  }
});

test('a saved part without the mask draws exactly what the runtime drew before the mask', () => {
  // Expected values: the draws of the engine of f87203a (before the mask), for the same seeds.
  const { engine, data } = engineFor();
  const before = {
    quiz: [[1, 7, 2, 6], [7, 0, 4, 3], [4, 3, 7, 1], [1, 0, 7, 2]],
    objective: [[4, 1, 2, 6], [1, 7, 4, 0], [3, 7, 1, 4], [2, 7, 0, 1]],
    none: [[1, 7, 2, 6], [7, 0, 4, 3], [4, 3, 7, 1], [1, 0, 7, 2]],
  };
  for (const [by, draws] of Object.entries(before)) {
    const quiz = { ...data.quizzes['q-final'], by: by === 'none' ? undefined : by };
    assert.deepEqual([1, 2, 3, 42].map((seed) => engine.draw(quiz, seed)), draws, by);
  }
});

test('course status names what the completion rule still asks for', () => {
  const { engine, data } = engineFor();
  const state = engine.newState();
  let status = engine.courseStatus(state);
  assert.deepEqual(status.missing, { modules: ['mod'], quizzes: ['q-final'], read: [] });
  assert.equal(status.completed, false);
  engine.markSeen(state, data.pages.findIndex((p) => p.id === '01-mod'));
  Object.assign(engine.quizState(state, 'q-final'), { n: 3, b: 40, ok: 0 });
  status = engine.courseStatus(state);
  assert.deepEqual([status.failed, status.exhausted, status.missing.modules.length], [true, true, 0]);
  Object.assign(engine.quizState(state, 'q-final'), { ok: 1, b: 90 });
  status = engine.courseStatus(state);
  assert.deepEqual([status.completed, status.passed, status.score], [true, true, 90]);
});

test('a rule that asks for every lesson read completes only once the module is marked read', () => {
  const data = courseData();
  data.completion.read = ['mod'];
  data.completion.modules = [];
  data.pages.find((p) => p.id === '01-mod').lessons = ['mod--lesson-1', 'mod--lesson-2'];
  const { engine } = engineFor(data);
  const state = engine.newState();
  const page = data.pages.findIndex((p) => p.id === '01-mod');
  Object.assign(engine.quizState(state, 'q-final'), { n: 1, b: 90, ok: 1, fin: 1 });
  let status = engine.courseStatus(state);
  assert.deepEqual(status.missing, { modules: ['mod'], quizzes: [], read: [] }, 'not opened: a module to open');
  engine.markSeen(state, page);
  status = engine.courseStatus(state);
  assert.deepEqual([status.completed, status.passed, status.missing.read], [false, true, ['mod']]);
  assert.deepEqual(status.missing.modules, [], 'opened, it is no longer named as one to open');
  engine.markRead(state, page);
  assert.equal(engine.read(state, page), true);
  status = engine.courseStatus(state);
  assert.deepEqual([status.completed, status.missing.read], [true, []]);
  // Kept through a reload, joined with another tab's, moved with its module by a republish.
  assert.equal(engine.parseState(JSON.stringify(state)).state.d, state.d);
  const other = engine.newState();
  engine.mergeState(other, engine.parseState(JSON.stringify(state)).state);
  assert.equal(engine.read(other, page), true);
  assert.equal(engine.parseState(JSON.stringify({ ...state, d: 'zz' })).state.d, undefined);
  // A module of no lessons has nothing to read to its end: opened, it counts.
  delete data.pages[page].lessons;
  const bare = engine.newState();
  engine.markSeen(bare, page);
  Object.assign(engine.quizState(bare, 'q-final'), { n: 1, b: 90, ok: 1, fin: 1 });
  assert.equal(engine.courseStatus(bare).completed, true);
});

test('a course once completed stays completed: starting over, a republish that requires more, a reload', () => {
  const { engine, data } = engineFor();
  const state = engine.newState();
  engine.markSeen(state, data.pages.findIndex((p) => p.id === '01-mod'));
  Object.assign(engine.quizState(state, 'q-final'), { n: 1, b: 90, ok: 1 });
  assert.equal(engine.courseStatus(state).completed, true);
  assert.equal(state.c, undefined, 'a status read is not recorded');
  assert.equal(engine.recordCompletion(state).completed, true);
  assert.equal(state.c, 1);
  // «Начать сначала» clears the pages seen: the rule is no longer met, the completion stays.
  state.s = '';
  const kept = engine.parseState(JSON.stringify(state)).state;
  assert.equal(kept.c, 1);
  assert.deepEqual(engine.courseStatus(kept), { completed: true, passed: true, failed: false, exhausted: false,
    graded: true, score: 90, missing: { modules: [], quizzes: [], read: [] } });
  // Never completed: nothing to keep, and a `c` that is not the runtime's own is not read.
  const fresh = engine.newState();
  assert.equal(engine.recordCompletion(fresh).completed, false);
  assert.equal(fresh.c, undefined);
  for (const c of [true, '1', 2]) {
    assert.equal(engine.parseState(JSON.stringify({ ...fresh, c })).state.c, undefined, String(c));
  }
});

test('what another tab saved is kept: pages, lessons, completion, the further attempt and the best result', () => {
  const data = courseData();
  data.pages.find((p) => p.id === '01-mod').layout = 'mdab';  // the module's key, then a character per lesson
  const { engine } = engineFor(data);
  const read = (state) => engine.parseState(JSON.stringify(state)).state;
  const mod = String(Object.keys(data.quizzes).indexOf('q-mod'));
  const fin = String(Object.keys(data.quizzes).indexOf('q-final'));
  const h = (id) => data.quizzes[id].h;
  const part = (id, fields) => ({ n: 0, b: 0, s: 0, ok: 0, sd: 5, fin: 0, r: {}, h: h(id), ...fields });
  // This tab: on the module page, lesson 1 read, the module quiz's second attempt in progress.
  const ours = read({ v: 2, s: '3', l: 1, q: { [mod]: part('q-mod', { n: 1, b: 40, s: 40, sd: 9, r: { 0: 'a' } }) },
    n: '2.1.0.250.0.1.mdab' });
  const held = ours.q[mod];
  // The other tab: the final opened and passed, lesson 2 read, the module quiz as this tab found it.
  const theirs = read({ v: 2, s: '5', l: 2, c: 1, q: { [mod]: part('q-mod', { n: 1, b: 40, s: 40, sd: 5, fin: 1 }),
    [fin]: part('q-final', { n: 1, b: 80, s: 80, ok: 1, fin: 1 }) }, n: '2.2.0.0.0.2.mdab' });
  engine.mergeState(ours, theirs);
  assert.equal(ours.s, '7');
  assert.equal(ours.l, 1, 'the place stays this tab\'s');
  assert.equal(ours.c, 1);
  assert.equal(ours.n, '2.1.0.250.0.3.mdab', 'lessons read in either tab, this tab\'s place');
  assert.equal(ours.q[mod], held, 'merged in place: the quiz on the page holds this object');
  assert.deepEqual([held.sd, held.fin, held.r], [9, 0, { 0: 'a' }], 'the attempt begun after the other finished stays');
  assert.deepEqual([ours.q[fin].n, ours.q[fin].ok], [1, 1]);

  // The other way round, the further attempt is the other tab's: more attempts, or the same one finished.
  const behind = read({ v: 2, s: '1', l: 0, q: { [mod]: part('q-mod', { n: 0, sd: 5, r: { 0: 'b' } }) } });
  const kept = behind.q[mod];
  engine.mergeState(behind, read({ v: 2, s: '1', l: 0, q: { [mod]: part('q-mod', { n: 1, b: 100, s: 100, ok: 1, sd: 5, fin: 1, r: { 0: 'a' } }) } }));
  assert.equal(behind.q[mod], kept);
  assert.deepEqual([kept.n, kept.fin, kept.ok, kept.b, kept.r], [1, 1, 1, 100, { 0: 'a' }]);
  // A pass and a best score are never lost to a later, worse attempt of the other tab.
  engine.mergeState(behind, read({ v: 2, s: '1', l: 0, q: { [mod]: part('q-mod', { n: 2, b: 30, s: 30, sd: 6, fin: 1 }) } }));
  assert.deepEqual([kept.n, kept.s, kept.b, kept.ok], [2, 30, 100, 1]);
  // Lessons read against another layout are not mixed; a tab with no record takes the other's.
  const other = read({ v: 2, s: '1', l: 0, q: {}, n: '2.1.0.0.0.f.zzab' });
  const mine = read({ v: 2, s: '1', l: 0, q: {}, n: '2.1.0.0.0.1.mdab' });
  engine.mergeState(mine, other);
  assert.equal(mine.n, '2.1.0.0.0.1.mdab');
  const none = read({ v: 2, s: '1', l: 0, q: {} });
  engine.mergeState(none, mine);
  assert.equal(none.n, '2.1.0.0.0.1.mdab');
});

test('a quiz this tab shows keeps its own attempt when another tab finished one: both count', () => {
  const data = courseData();
  const { engine } = engineFor(data);
  const key = String(Object.keys(data.quizzes).indexOf('q-final'));
  const h = data.quizzes['q-final'].h;
  // The same attempt open in two tabs: the other submitted it (25 %), this one is still answering.
  const ours = engine.parseState(JSON.stringify({ v: 2, s: '1', l: 0,
    q: { [key]: { n: 0, b: 0, s: 0, ok: 0, sd: 5, fin: 0, r: { 0: 'a', 1: 'b' }, h } } })).state;
  const held = ours.q[key];
  const theirs = engine.parseState(JSON.stringify({ v: 2, s: '1', l: 0,
    q: { [key]: { n: 1, b: 25, s: 25, ok: 0, sd: 5, fin: 1, r: { 0: 'c' }, h } } })).state;
  engine.mergeState(ours, theirs, { [key]: true });
  assert.equal(ours.q[key], held);
  assert.deepEqual([held.n, held.b, held.fin, held.sd, held.r], [1, 25, 0, 5, { 0: 'a', 1: 'b' }],
    'this tab\'s answers stay; the other\'s attempt is counted');
  // Not shown in this tab, the further attempt is taken.
  const quiet = engine.parseState(JSON.stringify({ v: 2, s: '1', l: 0,
    q: { [key]: { n: 0, b: 0, s: 0, ok: 0, sd: 5, fin: 0, r: { 0: 'a' }, h } } })).state;
  engine.mergeState(quiet, theirs, {});
  assert.deepEqual([quiet.q[key].n, quiet.q[key].fin, quiet.q[key].r], [1, 1, { 0: 'c' }]);
});

test('the same attempt, as far on, is taken from the later save when this tab does not show it', () => {
  const data = courseData();
  const { engine } = engineFor(data);
  const key = String(Object.keys(data.quizzes).indexOf('q-final'));
  const h = data.quizzes['q-final'].h;
  const open = (r) => engine.parseState(JSON.stringify({ v: 2, s: '1', l: 0,
    q: { [key]: { n: 0, b: 0, s: 0, ok: 0, sd: 5, fin: 0, r, h } } })).state;
  // The home page read one answer; the final's tab has given three since and saved them.
  const home = open({ 0: 'a' });
  engine.mergeState(home, open({ 0: 'a', 1: 'b', 2: 'c' }), {}, true);
  assert.deepEqual(home.q[key].r, { 0: 'a', 1: 'b', 2: 'c' });
  // A copy kept in the browser is the later one: the LMS's text (maybe shortened) does not replace it.
  const copy = open({ 0: 'a', 1: 'b' });
  engine.mergeState(copy, open({}));
  assert.deepEqual(copy.q[key].r, { 0: 'a', 1: 'b' });
});

test('marks from before starting over are not joined back by a tab opened before it', () => {
  const data = courseData();
  data.completion.read = ['mod'];
  const { engine } = engineFor(data);
  const read = (state) => engine.parseState(JSON.stringify(state)).state;
  const restarted = read({ v: 2, s: '1', l: 0, e: 1, q: {} });
  const older = read({ v: 2, s: '7', d: '2', l: 2, q: {}, n: '2.1.1.0.1.3.' });
  engine.mergeState(older, restarted);
  assert.deepEqual([older.s, older.d, older.n, older.e], ['1', undefined, undefined, 1], 'the older tab takes the new start');
  const again = read({ v: 2, s: '1', l: 0, e: 1, q: {} });
  engine.mergeState(again, read({ v: 2, s: '7', d: '2', l: 2, q: {} }));
  assert.deepEqual([again.s, again.d], ['1', undefined], 'the new start keeps its marks');
  // Without a rule that asks for reading, modules read are not kept (the build does not count them).
  assert.equal(engineFor().engine.parseState(JSON.stringify({ v: 2, s: '1', d: '2', l: 0, q: {} })).state.d, undefined);
});

test('a state written against another layout keeps pages seen and the last page with their modules', () => {
  // A republish inserted module "new" before "mod" and removed module "old": the record's page marks
  // were by position, so the new module took "mod"'s mark and the final "old"'s.
  const data = courseData();
  data.pages.splice(1, 0, { id: '00-new', kind: 'module', module: 'new', title: 'Новый', layout: 'nwa' });
  data.pages.find((p) => p.id === '01-mod').layout = 'mdab';
  data.completion.read = ['mod'];  // (modules read to the end are kept where the rule asks for them)
  const { engine } = engineFor(data);
  // Written by the old version: home (0), "mod" (1), "old" (2), the final (3); seen: home, mod, old, final.
  const old = { v: data.sv, s: 'f', d: '6', l: 1, q: {}, n: '2.1.1.0.1.1.mdab-olx' };  // read to the end: mod, old
  const read = engine.parseState(JSON.stringify(old)).state;
  const now = (id) => data.pages.findIndex((p) => p.id === id);
  assert.deepEqual([0, 1, 2, 3].filter((i) => engine.seen(read, i)), [now('index'), now('01-mod'), now('final')]);
  assert.deepEqual([0, 1, 2, 3].filter((i) => engine.read(read, i)), [now('01-mod')]);
  assert.equal(read.l, now('01-mod'));
  // Saved before nav.js writes its record (a save at launch) and read again: the pages move once.
  assert.equal(read.n, `2.1.1.0.1.1.${Engine.layoutOf(data)}.mdab-olx`);
  const again = engine.parseState(JSON.stringify(read)).state;
  assert.deepEqual([again.s, again.d, again.l, again.n], [read.s, read.d, read.l, read.n]);
  assert.deepEqual(Engine.pageMapping(data, 'mdab-olx'), [0, now('01-mod'), -1, ...data.pages.slice(3).map((p, i) => 3 + i)]);
});

test('a scenario begun keeps its choices so far; a malformed, foreign or answered one goes alone', () => {
  const { engine, data, logged } = engineFor();
  const saved = (p, r = {}) => JSON.stringify({ v: 2, s: '', l: 0, q: { 0: { n: 0, b: 0, s: 0, ok: 0, sd: 5, fin: 0, r, h: 'abcdef', p } } });
  assert.deepEqual(engine.parseState(saved({ 7: '0' })).state.q['0'].p, { 7: '0' }, 'q-scen, its first reply chosen');
  const malformed = engine.parseState(saved({ 7: 3 })).state.q['0'];
  assert.deepEqual([malformed.p, malformed.sd], [undefined, 5], 'the path goes, the attempt stays');
  assert.ok(logged.some((line) => /scenarios begun/.test(line)), logged);
  assert.equal(engine.parseState(saved({ 0: '0' })).state.q['0'].p, undefined, 'position 0 is no scenario');
  assert.equal(engine.parseState(saved({ 7: '0' }, { 7: '0.0' })).state.q['0'].p, undefined, 'answered since');
  const { state } = engine.parseState(saved({ 7: '0' }));
  const tiny = JSON.parse(engine.serialise(state, 10, 'q-final'));
  assert.deepEqual([tiny.q['0'].r, tiny.q['0'].p], [{}, undefined], 'the last step drops it with the answers');
  engine.restartAttempt(state.q['0'], data.quizzes['q-mod']);
  assert.equal(state.q['0'].p, undefined, 'a new attempt starts every scenario afresh');
});
