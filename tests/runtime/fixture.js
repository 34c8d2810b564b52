/*
 * A small course's runtime data (the shape runtime_data.course_data builds): one question of
 * every kind in a module quiz, and a final that draws from it with three attempts.
 */
'use strict';

const questions = {
  'q-single': { t: 'single', pts: 1, obj: 'o1', quiz: 'q-mod', o: [{ id: 'a', c: 1 }, { id: 'b', c: 0 }] },
  'q-multi': { t: 'multiple', pts: 2, obj: 'o1', quiz: 'q-mod', o: [{ id: 'a', c: 1 }, { id: 'b', c: 1 }, { id: 'c', c: 0 }] },
  'q-tf': { t: 'true_false', pts: 1, obj: 'o2', quiz: 'q-mod', a: false },
  'q-fill': { t: 'fill_in', pts: 1, obj: 'o2', quiz: 'q-mod', a: ['Открытый вопрос', 'открытый'], cs: 0, sp: 1, yo: 1 },
  'q-num': { t: 'numeric', pts: 1, obj: 'o2', quiz: 'q-mod', a: 0.5, tol: 0.1 },
  'q-match': { t: 'matching', pts: 1, obj: 'o3', objs: ['o3', 'o1'], quiz: 'q-mod', n: 2, l: ['A', 'B'], r: ['a', 'b', 'x'] },
  'q-order': { t: 'ordering', pts: 1, obj: 'o3', quiz: 'q-mod', n: 3, i: ['1', '2', '3'] },
  'q-scen': {
    t: 'scenario', pts: 3, obj: 'o3', quiz: 'q-mod', start: 's1',
    steps: {
      s1: { h: 'start', end: 0, ch: [{ h: 'good', p: 2, n: 's2' }, { h: 'bad', p: 0, n: 's3' }] },
      s2: { h: 'next', end: 0, ch: [{ h: 'good', p: 1, n: 's3' }] },
      s3: { h: 'end', end: 1, ch: [] }
    }
  }
};

/** @returns {any} fresh data for one test (tests may change it) */
function courseData() {
  const bank = Object.keys(questions);
  return {
    sv: 2, lang: 'ru', ftl: 40,
    pages: [{ id: 'index', kind: 'home', title: 'Курс' }, { id: '01-mod', kind: 'module', module: 'mod', title: 'Модуль', quiz: 'q-mod' },
      { id: 'final', kind: 'final', title: 'Итоговый тест', quiz: 'q-final' }],
    quizzes: {
      'q-mod': { h: 'abcdef', title: 'Модуль', pass: 70, att: 0, fb: 'immediate', bank: bank, draw: bank.length, module: 'mod' },
      'q-final': { h: 'ghijkl', title: 'Итоговый тест', pass: 70, att: 3, fb: 'on_submit', bank: bank, draw: 4, module: null, shuffle: 1, by: 'quiz' }
    },
    questions: JSON.parse(JSON.stringify(questions)),
    completion: { modules: ['mod'], quizzes: ['q-final'] }
  };
}

/** A seeded random source, so every "new seed" in a test is known. @param {number} seed */
function seeded(seed) {
  let a = seed;
  return () => { a = (a * 16807) % 2147483647; return a / 2147483647; };
}

module.exports = { courseData, seeded };
