/*
 * Course engine: the learner's state, its compaction, scoring, the seeded draw and the records an
 * LMS receives. Pure: no DOM, no storage, no clock it does not get from its caller, so Node's test
 * runner runs it as it is (tests/runtime/) and the page's UI (course.js) is the only part that
 * touches the page. The build ships both as one file, runtime/course.js (engine first).
 *
 * Question kinds live in ONE table, KINDS: per kind its interaction type, the form a stored
 * response must have, how a response is scored, how it is reported to the LMS, and the right
 * answer as text. The UI adds each kind's `read` and `write` (from and into the page's controls)
 * to the same entries, so adding a kind means one entry here and its two DOM functions there.
 */
(function (root, factory) {
  var engine = factory();
  if (typeof module === 'object' && module.exports) module.exports = engine;
  else (root.CourseRuntime = root.CourseRuntime || /** @type {any} */ ({})).engine = engine;
}(this, function () {
  'use strict';

  /**
   * @typedef {{id: string, c: number, f?: string}} Option
   * @typedef {{h: string, f?: string, p: number, n: string}} Choice
   * @typedef {{h: string, end: number, ch: Choice[]}} Step
   * @typedef {{t: string, pts: number, obj?: string, objs?: string[], quiz: string, o?: Option[],
   *   a?: any, tol?: number, cs?: number, sp?: number, yo?: number, pc?: number, n?: number,
   *   l?: string[], r?: string[], i?: string[], start?: string, steps?: Object<string, Step>,
   *   x?: string, fc?: string, fi?: string}} Question
   * @typedef {{h: string, title: string, pass: number, att: number, fb: string, bank: string[],
   *   draw: number, module: string|null, shuffle?: number, by?: string, ooa?: string, ops?: number}} Quiz
   * @typedef {{id: string, kind: string, title: string, module?: string, quiz?: string|null, lessons?: string[],
   *   layout?: string}} Page
   * @typedef {{n: number, b: number, s: number, ok: number, sd: number, fin: number,
   *   r: Object<string, string>, h: string, x?: string, p?: Object<string, string>}} QuizState
   * @typedef {{v: number, s: string, l: number, q: Object<string, QuizState|string>, n?: string, c?: number,
   *   d?: string, e?: number}} State
   * @typedef {{sv: number, lang: string, pages: Page[], quizzes: Object<string, Quiz>,
   *   questions: Object<string, Question>, completion: {modules: string[], quizzes: string[], read?: string[]},
   *   ftl?: number, mode?: string, page?: string}} CourseData
   * @typedef {{id: string, type: string, learner: any, correct: any[], fraction: number,
   *   result: string|number, weight: number, latency: number, objectives: string[], quiz: string}} InteractionRecord
   * @typedef {{type: string, form?: RegExp, score: function(Question, string, string=): number,
   *   report: function(Question, string, string=): {learner: any, correct: any[]},
   *   read?: function(Element, Question): string, write?: function(Element, Question, string): void}} Kind
   */

  // runtime_data.FREE_TEXT_LIMIT; the build sends its value as `ftl`
  var FREE_TEXT_LIMIT = 40;

  // ---- Small pure helpers ----
  /**
   * A seeded PRNG (mulberry32), so a reload shows the same draw and order.
   * @param {number} seed @returns {function(): number}
   */
  function prng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /**
   * Fisher-Yates shuffle of a copy, driven by `rand`.
   * @template T @param {T[]} list @param {function(): number} rand @returns {T[]}
   */
  function shuffled(list, rand) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var tmp = copy[i]; copy[i] = copy[j]; copy[j] = tmp;
    }
    return copy;
  }
  /**
   * Fill `{name}` placeholders of a catalogue string.
   * @param {string} text @param {Object<string, any>=} values @returns {string}
   */
  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? values[key] : ''; });
  }
  var PLURAL_ORDER = ['one', 'two', 'few', 'many', 'other'];
  /**
   * The plural form of `n` from a catalogue's list of forms (ru: one, few, many; en: one, other),
   * chosen by the language's own rule (Intl.PluralRules), never a rule typed in here.
   * @param {number} n @param {string[]} forms @param {string} lang @returns {string}
   */
  function plural(n, forms, lang) {
    var rules = new Intl.PluralRules(lang);
    var categories = rules.resolvedOptions().pluralCategories;
    var ordered = PLURAL_ORDER.filter(function (c) { return categories.indexOf(/** @type {any} */ (c)) >= 0; });
    var index = ordered.indexOf(rules.select(n));
    return fmt(forms[Math.min(Math.max(index, 0), forms.length - 1)], { n: n });
  }
  /**
   * Whether a value is a whole number from 0 to `max`.
   * @param {any} value @param {number} max @returns {boolean}
   */
  function isCount(value, max) { return typeof value === 'number' && value >= 0 && value <= max && Math.floor(value) === value; }
  /**
   * Whether a value is a plain object (not null, not an array).
   * @param {any} value @returns {boolean}
   */
  function isObject(value) { return !!value && typeof value === 'object' && !Array.isArray(value); }
  /**
   * `0,1,…,n-1` as strings.
   * @param {number} n @returns {string[]}
   */
  function positions(n) { var out = []; for (var i = 0; i < n; i++) out.push(String(i)); return out; }

  // ---- Answers: normalising and numbers ----
  /**
   * Normalise typed text as the question's options say (case, spaces and punctuation, ё/е).
   * @param {string} text @param {Question} q @returns {string}
   */
  function normalise(text, q) {
    // A phone's keyboard or a copied text may give a hyphen another code point (non-breaking: U+2011).
    var out = String(text).replace(/[\u2010\u2011]/g, '-');
    if (!q.cs) out = out.toLowerCase();
    if (q.yo) out = out.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
    if (q.sp) out = out.replace(/[\s.,;:!?«»"'()\-\u2012–—=\/]+/g, ' ').trim();
    return out;
  }
  /**
   * The number in a typed numeric answer, read as the course's language writes numbers: "47 чел."
   * -> 47, "0,5" -> 0.5, "1 500" -> 1500, "−2" or "–2" -> -2; where a comma and a point are both
   * written, the last is the decimal mark ("1.500,5", "1,500.5"); a lone comma is one too, but in
   * English, where it groups thousands before three digits ("1,500" -> 1500). NaN when there is none.
   * @param {string} response @param {string=} lang @returns {number}
   */
  function numericValue(response, lang) {
    var typed = String(response).replace(/\s/g, '').replace(/^[\u2212\u2012\u2013\u2014]/, '-');
    var parts = typed.match(/^([-+]?[\d.,]*\d)([eE][-+]?\d+)?/) || ['', ''];  // (an exponent too: 2.5e-3)
    var number = parts[1];
    var comma = number.lastIndexOf(','), point = number.lastIndexOf('.');
    if (comma >= 0 && point >= 0) number = comma > point ? number.replace(/\./g, '').replace(',', '.') : number.replace(/,/g, '');
    else if (lang === 'en' && /^[-+]?\d{1,3}(,\d{3})+$/.test(number)) number = number.replace(/,/g, '');
    else number = number.replace(',', '.');
    return parseFloat(number + (parts[2] || ''));
  }
  /**
   * Points collected along a scenario path ("0.1.0": choice index at each step).
   * @param {Question} q @param {string} path @returns {number}
   */
  function scenarioPoints(q, path) {
    var steps = q.steps || {};
    var step = steps[q.start || ''], points = 0;
    (path ? path.split('.') : []).forEach(function (choice) {
      var c = step && step.ch[+choice];
      if (!c) return;
      points += c.p;
      step = steps[c.n];
    });
    return points;
  }
  /**
   * Fraction of a multiple-choice question's points a response earns (partial credit if asked).
   * @param {Question} q @param {string} response @returns {number}
   */
  function scoreMultiple(q, response) {
    var options = q.o || [];
    var right = options.filter(function (o) { return o.c; }).length;
    var hits = 0, misses = 0;
    options.forEach(function (o) {
      var chosen = response.indexOf(o.id) >= 0;
      if (chosen && o.c) hits++;
      if (chosen && !o.c) misses++;
    });
    if (q.pc) return Math.max(0, (hits - misses) / right);
    return hits === right && misses === 0 ? 1 : 0;
  }
  /**
   * The (step, choice) pairs of a scenario path, as the LMS reports a performance.
   * @param {Question} q @param {string} response @returns {string[][]}
   */
  function scenarioPairs(q, response) {
    var steps = q.steps || {};
    var step = q.start || '', pairs = [];
    response.split('.').forEach(function (choice) {
      if (choice === '' || !steps[step]) return;
      pairs.push([step, choice]);
      step = steps[step].ch[+choice].n;
    });
    return pairs;
  }
  /**
   * Ids of the right options of a choice question.
   * @param {Question} q @returns {string[]}
   */
  function rightOptions(q) { return (q.o || []).filter(function (o) { return o.c; }).map(function (o) { return o.id; }); }

  // ---- The table of question kinds ----
  /** @type {Object<string, Kind>} */
  var KINDS = {
    single: {
      type: 'choice',
      score: function (q, r) { return (q.o || []).some(function (o) { return o.id === r && o.c; }) ? 1 : 0; },
      report: function (q, r) { return { learner: r.split(''), correct: [rightOptions(q)] }; }
    },
    multiple: {
      type: 'choice',
      score: scoreMultiple,
      report: function (q, r) { return { learner: r.split(''), correct: [rightOptions(q)] }; }
    },
    true_false: {
      type: 'true-false',
      score: function (q, r) { return (r === 't') === q.a ? 1 : 0; },
      report: function (q, r) { return { learner: [r === 't' ? 'true' : 'false'], correct: [[q.a ? 'true' : 'false']] }; }
    },
    fill_in: {
      type: 'fill-in',
      score: function (q, r) {
        var given = normalise(r, q);
        return q.a.some(function (/** @type {string} */ a) { return normalise(a, q) === given; }) ? 1 : 0;
      },
      // Every accepted answer is a correct pattern (the LMS's report shows them all).
      report: function (q, r) { return { learner: [r], correct: q.a.map(function (/** @type {string} */ a) { return [a]; }) }; }
    },
    numeric: {
      type: 'numeric',
      score: function (q, r, lang) {
        var value = numericValue(r, lang);
        return !isNaN(value) && Math.abs(value - q.a) <= (q.tol || 0) + 1e-9 ? 1 : 0;
      },
      // The LMS takes a number ("47 чел." is scored as 47 and reported as 47); none: no response.
      report: function (q, r, lang) {
        var value = numericValue(r, lang);
        return { learner: isNaN(value) ? null : [String(value)], correct: [[String(q.a - (q.tol || 0)), String(q.a + (q.tol || 0))]] };
      }
    },
    matching: {
      type: 'matching',
      form: /^\d+(,\d+)*$/,
      score: function (q, r) { return r === positions(q.n || 0).join(',') ? 1 : 0; },
      report: function (q, r) {
        return { learner: r.split(',').map(function (x, i) { return [String(i), x]; }),
          correct: [positions(q.n || 0).map(function (i) { return [i, i]; })] };
      }
    },
    ordering: {
      type: 'sequencing',
      form: /^\d+(,\d+)*$/,
      score: function (q, r) { return r === positions(q.n || 0).join(',') ? 1 : 0; },
      report: function (q, r) { return { learner: r.split(','), correct: [positions(q.n || 0)] }; }
    },
    scenario: {
      type: 'performance',
      form: /^(\d+(\.\d+)*)?$/,
      score: function (q, r) { return q.pts ? scenarioPoints(q, r) / q.pts : 1; },
      report: function (q, r) { return { learner: scenarioPairs(q, r), correct: [] }; }
    }
  };

  /**
   * Fraction of the question's points a response earns (0..1); 0 for a kind this runtime lacks.
   * `lang`: the course's language, which says how a typed number is written.
   * @param {Question} q @param {string} response @param {string=} lang @returns {number}
   */
  function scoreResponse(q, response, lang) { return KINDS[q.t] ? KINDS[q.t].score(q, response, lang) : 0; }
  /**
   * The learning objectives a question assesses (one id, or a list in banks that tag several).
   * @param {Question} q @returns {string[]}
   */
  function objectivesOf(q) { return [].concat(/** @type {any} */ (q.objs || q.obj || [])); }

  /**
   * The course's layout as the learner record keeps it: per module its key and a character per
   * lesson (runtime_data.module_layout), joined by '-'.
   * @param {CourseData} data @returns {string}
   */
  function layoutOf(data) {
    // A per-module SCO keeps its own module's record: its layout is that module's alone (suspend_data
    // of 1.2 holds 4096 characters, and a course of hundreds of modules has a layout longer).
    return data.pages.filter(function (p) { return p.kind === 'module' && (data.mode !== 'sco' || p.id === data.page); })
      .map(function (p) { return p.layout || ''; }).join('-');
  }
  /**
   * For a record written against `oldLayout` (a version of the course before a republish): this
   * build's index of each old page, -1 for a module that is gone. Home first, the modules matched
   * by their keys, the pages after them (the final, the glossary) in order.
   * A per-module SCO's layout names its own module: the page the record was on (`oldPage`) is this one.
   * @param {CourseData} data @param {string} oldLayout @param {number=} oldPage @returns {number[]}
   */
  function pageMapping(data, oldLayout, oldPage) {
    var modules = [], taken = {}, map = [0];
    data.pages.forEach(function (p, i) { if (p.kind === 'module') modules.push(i); });
    if (data.mode === 'sco') {
      var own = modules.filter(function (i) { return data.pages[i].id === data.page; })[0];
      if (oldPage && own !== undefined) map[oldPage] = (data.pages[own].layout || '').slice(0, 2) === oldLayout.slice(0, 2) ? own : -1;
      return map;
    }
    (oldLayout ? oldLayout.split('-') : []).forEach(function (part) {
      var found = -1;
      for (var x = 0; x < modules.length && found < 0; x++) {
        if (!taken[x] && (data.pages[modules[x]].layout || '').slice(0, 2) === part.slice(0, 2)) found = x;
      }
      if (found >= 0) taken[found] = true;
      map.push(found >= 0 ? modules[found] : -1);
    });
    for (var p = 1 + modules.length; p < data.pages.length; p++) map.push(p);
    return map;
  }

  /**
   * An engine bound to one course's data.
   * @param {CourseData} data
   * @param {{random?: function(): number, log?: function(string, any=): void}=} options
   *   `random` makes new seeds (tests pass a seeded one); `log` hears why a saved part was dropped.
   */
  function create(data, options) {
    var random = options && options.random || Math.random;
    var log = options && options.log || function () {};
    var quizIds = Object.keys(data.quizzes);
    var pageIndex = /** @type {Object<string, number>} */ ({});
    data.pages.forEach(function (p, i) { pageIndex[p.id] = i; });
    var textLimit = data.ftl || FREE_TEXT_LIMIT;

    /** A fresh seed for a quiz attempt's draw and order. @returns {number} */
    function newSeed() { return Math.floor(random() * 2147483647); }
    /** @param {string} quizId @returns {string} the key of a quiz in the state (its position) */
    function keyOf(quizId) { return String(quizIds.indexOf(quizId)); }
    /** An empty learner state. @returns {State} */
    function newState() { return { v: data.sv, s: '', l: 0, q: {} }; }
    /**
     * A quiz's record kept, its answers dropped (a republished quiz, answers that do not fit). The
     * questions shown stay while they are the same questions (same identity): a mask of another
     * bank's positions would mean other questions.
     * @param {QuizState} q @param {Quiz} quiz @returns {QuizState}
     */
    function recordOnly(q, quiz) {
      var kept = { n: q.n, b: q.b, s: q.b, ok: q.ok, sd: newSeed(), fin: 0, r: {}, h: quiz.h };
      if (q.x && q.h === quiz.h) kept.x = q.x;
      return kept;
    }

    // ---- State: reading, migrating, compacting ----
    /**
     * Undo serialise's compaction of a finished quiz ("attempts.best.passed.identity.seed.shown"; an
     * older runtime wrote the first four alone); null when malformed. The seed names the questions
     * the finished attempt showed, which the next attempt's draw avoids with those of `shown`.
     * @param {string} text @returns {QuizState|null}
     */
    function expandQuizState(text) {
      var parts = text.split('.');
      if (parts.length !== 4 && parts.length !== 6) return null;
      if (!parts.slice(0, 3).every(function (p) { return /^\d+$/.test(p); })) return null;
      var q = { n: +parts[0], b: +parts[1], s: +parts[1], ok: +parts[2], sd: newSeed(), fin: 1, r: {}, h: parts[3] };
      // Seed and mask only guide the next draw: one that is not a seed goes alone, with the mask it
      // belongs to, never the attempts and best score with it.
      if (parts.length === 4) return q;
      if (!/^\d{1,10}$/.test(parts[4]) || +parts[4] > 4294967295) {
        log('the draw of a saved quiz part was malformed and dropped');
        return q;
      }
      q.sd = +parts[4];
      // checkedQuizState drops it alone if it is not a mask
      if (parts[5]) q.x = parts[5];
      return q;
    }
    /**
     * A saved quiz part with every field of the right type (finished quizzes may be "n.b.ok.h.sd.x"), else null.
     * @param {any} q @returns {QuizState|null}
     */
    function checkedQuizState(q) {
      if (typeof q === 'string') q = expandQuizState(q);
      if (!isObject(q)) return null;
      if (!isCount(q.n, 1e6) || !isCount(q.b, 100) || !isCount(q.s, 100) || !isCount(q.ok, 1) || !isCount(q.fin, 1)) return null;
      if (!isCount(q.sd, 4294967295) || typeof q.h !== 'string' || !/^[0-9a-z~]{6}$/.test(q.h)) return null;
      if (!isObject(q.r)) return null;
      var ok = Object.keys(q.r).every(function (k) { return /^\d+$/.test(k) && typeof q.r[k] === 'string'; });
      if (!ok) return null;
      var checked = { n: q.n, b: q.b, s: q.s, ok: q.ok, sd: q.sd, fin: q.fin, r: q.r, h: q.h };
      // Which questions were shown is only a hint for the next draw: a mask that is not one is dropped
      // alone, never the attempts and best score with it.
      if (typeof q.x === 'string' && /^[0-9a-f]+$/.test(q.x)) checked.x = q.x;
      else if (q.x !== undefined) log('the questions shown of a saved quiz part were malformed and dropped');
      // The scenarios begun and not ended (`p`: position → the choices made so far) go alone too.
      var paths = isObject(q.p) && Object.keys(q.p).every(function (k) { return /^\d+$/.test(k) && isPath(q.p[k]); });
      if (paths) checked.p = q.p;
      else if (q.p !== undefined) log('the scenarios begun of a saved quiz part were malformed and dropped');
      return checked;
    }
    /**
     * Whether every saved response belongs to a position of the bank and has its question's form.
     * A site page carries only its own questions: other quizzes' forms are checked on their pages.
     * @param {QuizState} q @param {Quiz} quiz @returns {boolean}
     */
    function responsesFit(q, quiz) {
      return Object.keys(q.r).every(function (k) {
        var question = data.questions[quiz.bank[+k]];
        var form = question && KINDS[question.t] && KINDS[question.t].form;
        return +k < quiz.bank.length && (!form || form.test(q.r[k]));
      });
    }
    /** @param {any} path @returns {boolean} whether it is a scenario's choices, "0.2.1" */
    function isPath(path) { return typeof path === 'string' && /^\d+(\.\d+)*$/.test(path); }
    /**
     * A quiz part without the scenarios begun that are no scenario of this bank or were answered
     * since (a path that leads nowhere is dropped where it is replayed, course.js playScenario).
     * @param {QuizState} q @param {Quiz} quiz @returns {QuizState}
     */
    function withPathsThatFit(q, quiz) {
      if (!q.p) return q;
      var paths = /** @type {Object<string, string>} */ (q.p);
      Object.keys(paths).forEach(function (k) {
        var question = data.questions[quiz.bank[+k]];
        if (!question || question.t !== 'scenario' || q.r[k] !== undefined) delete paths[k];
      });
      if (!Object.keys(paths).length) delete q.p;
      return q;
    }
    /**
     * A version 1 state (quizzes by position, no identities): records stay, answers cannot be trusted.
     * @param {any} parsed @returns {any}
     */
    function fromVersion1(parsed) {
      var q = isObject(parsed.q) ? parsed.q : {};
      Object.keys(q).forEach(function (k) {
        var quizId = quizIds[+k];
        var part = typeof q[k] === 'string' ? expandQuizState(q[k] + '.~~~~~~') : q[k];
        // The quiz at that position keeps its record; "~~~" never matches a content hash.
        if (quizId && isObject(part)) part.h = data.quizzes[quizId].h.slice(0, 3) + '~~~';
        q[k] = part;
      });
      parsed.v = data.sv;
      return parsed;
    }
    /**
     * One saved quiz part matched to this build's quizzes: [key, part] to keep, 'changed' when
     * answers were lost to a republish, or null when there is nothing to keep.
     * @param {any} saved @param {string} key @param {Object<string, string>} indexByIdentity
     * @param {State} clean @returns {Array<any>|string|null}
     */
    function matchQuizPart(saved, key, indexByIdentity, clean) {
      var q = checkedQuizState(saved);
      if (!q) { log('saved state of quiz ' + key + ' is malformed; that quiz starts afresh'); return null; }
      var index = indexByIdentity[q.h.slice(0, 3)];
      if (index === undefined || clean.q[index]) return q.n > 0 || hasAnswers(q) ? 'changed' : null;
      var quiz = data.quizzes[quizIds[+index]];
      // The quiz was republished with other questions, order or draw: its answers would land on
      // other questions. Keep the learner's record (attempts, best score, passed), drop the rest.
      if (q.h !== quiz.h) return [index, recordOnly(q, quiz), hasAnswers(q)];
      // A mask longer than the bank (written by hand, or foreign) would stay for good: cut to a bit per question.
      if (q.x && q.x.length > Math.ceil(quiz.bank.length / 4)) q.x = q.x.slice(0, Math.ceil(quiz.bank.length / 4));
      if (responsesFit(q, quiz)) return [index, withPathsThatFit(q, quiz), false];
      log('saved answers of quiz ' + key + ' do not fit its questions; that attempt starts afresh');
      return [index, recordOnly(q, quiz), false];
    }
    /**
     * Read a saved state string: check it, migrate an older version, match its quizzes to this
     * build's. Returns {state, changed, shortened} (changed: answers of a republished quiz were
     * dropped; shortened: serialise dropped open attempts' answers to fit its limit), or null when
     * unreadable. A quiz whose saved part is malformed starts afresh; the others keep theirs.
     * @param {string|null|undefined} text @returns {{state: State, changed: boolean, shortened: boolean}|null}
     */
    function parseState(text) {
      if (!text) return null;
      var parsed;
      try { parsed = JSON.parse(text); } catch (e) { log('saved state unreadable', e); return null; }
      if (!isObject(parsed)) return null;
      if (parsed.v === 1) parsed = fromVersion1(parsed);
      if (parsed.v !== data.sv) { log('unknown saved-state version ' + parsed.v + '; starting afresh'); return null; }
      var clean = { v: data.sv, s: typeof parsed.s === 'string' && /^[0-9a-f]*$/.test(parsed.s) ? parsed.s : '',
        l: isCount(parsed.l, 1e4) ? parsed.l : 0, q: {} };
      // `n`: where the learner is within the pages (lesson, scroll, lessons read), kept and read by nav.js.
      if (typeof parsed.n === 'string' && /^[0-9a-z.-]{0,4000}$/.test(parsed.n)) clean.n = parsed.n;
      // `c`: the completion rule was met once (recordCompletion): it stays met.
      if (parsed.c === 1) clean.c = 1;
      // `d`: module pages whose every lesson was read to its end (a bit per page, as `s`), kept while
      // the rule asks for it (the build counts it in the state's size only then).
      if (data.completion.read && typeof parsed.d === 'string' && /^[0-9a-f]+$/.test(parsed.d)) clean.d = parsed.d;
      // `e`: how many times the learner started over; marks of an earlier start are not joined (mergeState).
      if (isCount(parsed.e, 1e6) && parsed.e > 0) clean.e = parsed.e;
      // Pages are marked by position too: written against another layout (a module inserted or
      // removed since), the marks and the last page move with their modules. The record then names
      // this layout, and the old one after it for nav.js to move its own marks: read again before
      // nav.js has written its record (a save at launch), the pages are not moved twice.
      var nav = clean.n ? clean.n.split('.') : [];
      if (nav.length === 7 && nav[6] !== layoutOf(data)) {
        movePages(clean, pageMapping(data, nav[6], +nav[1]));
        clean.n = nav.slice(0, 6).concat([layoutOf(data), nav[6]]).join('.');
      }
      if (clean.l > data.pages.length - 1) clean.l = 0;
      var changed = false;
      var saved = isObject(parsed.q) ? parsed.q : {};
      var indexByIdentity = /** @type {Object<string, string>} */ ({});
      quizIds.forEach(function (quizId, i) { indexByIdentity[data.quizzes[quizId].h.slice(0, 3)] = String(i); });
      Object.keys(saved).forEach(function (key) {
        var match = matchQuizPart(saved[key], key, indexByIdentity, clean);
        if (match === 'changed') changed = true;
        if (!match || typeof match === 'string') return;
        clean.q[match[0]] = match[1];
        changed = changed || match[2];
      });
      return { state: clean, changed: changed, shortened: parsed.k === 1 };
    }
    /**
     * What another tab saved since this one read the state, kept in `ours` (the learner's own
     * browser holds one state for every tab of the course, and each tab saves all of it): pages seen,
     * lessons read and a completion are added; of a quiz the further attempt is kept (more attempts
     * used, the same one finished, or a new one started; of the same one as far on, theirs when
     * `theirsLater`), with the best score and a pass of either;
     * of a quiz this tab shows (`live`, by key) the attempt stays this tab's, whose controller holds it,
     * with the attempts used, best score and pass of either. The place (last page, lesson, scroll)
     * stays this tab's. Marks of an earlier start (`e`: starting over in one tab) are not joined: the
     * later start's stand. `theirs` is parseState's.
     * @param {State} ours @param {State} theirs @param {Object<string, boolean>=} live
     * @param {boolean=} theirsLater
     */
    function mergeState(ours, theirs, live, theirsLater) {
      var ourStart = ours.e || 0, theirStart = theirs.e || 0;
      if (theirStart > ourStart) {
        ours.e = theirStart;
        ours.s = theirs.s;
        if (theirs.d === undefined) delete ours.d; else ours.d = theirs.d;
        if (theirs.n === undefined) delete ours.n; else ours.n = theirs.n;
      } else if (theirStart === ourStart) {
        ours.s = orMask(ours.s, theirs.s);
        if (theirs.d) ours.d = orMask(ours.d || '', theirs.d);
        ours.n = mergeNav(ours.n, theirs.n);
        if (ours.n === undefined) delete ours.n;
      }
      if (theirs.c === 1) ours.c = 1;
      Object.keys(theirs.q).forEach(function (key) {
        if (!ours.q[key]) { ours.q[key] = theirs.q[key]; return; }
        if (!isObject(ours.q[key]) || !isObject(theirs.q[key])) return;
        var mine = /** @type {QuizState} */ (ours.q[key]), other = /** @type {QuizState} */ (theirs.q[key]);
        if (live && live[key]) {
          mine.n = Math.max(mine.n, other.n);
          mine.b = Math.max(mine.b, other.b);
          mine.ok = Math.max(mine.ok, other.ok);
          return;
        }
        // Attempts used count at the end of an attempt; a new one keeps the count and draws a new
        // seed: of two parts with as many attempts, the same attempt (seed) is further finished, and
        // of two different ones the one in progress was started after the other was finished. Of
        // the same attempt as far on, `theirs` when it was saved later: a tab that does not show the
        // quiz holds what it read, and the answers given since in another tab are in the saved one.
        var same = other.n === mine.n && other.sd === mine.sd;
        var further = other.n > mine.n || other.n === mine.n && (same ? other.fin > mine.fin
          || theirsLater === true && other.fin === mine.fin : other.fin < mine.fin);
        var best = Math.max(mine.b, other.b), ok = Math.max(mine.ok, other.ok);
        // In place: the tab's quiz holds this object.
        if (further) {
          Object.keys(mine).forEach(function (k) { delete mine[k]; });
          Object.keys(other).forEach(function (k) { mine[k] = other[k]; });
        }
        mine.b = best;
        mine.ok = ok;
      });
    }
    /** Two hex masks' union. @param {string} a @param {string} b @returns {string} */
    function orMask(a, b) {
      var out = '';
      for (var i = 0; i < Math.max(a.length, b.length); i++) {
        out += (parseInt(a.charAt(i) || '0', 16) | parseInt(b.charAt(i) || '0', 16)).toString(16);
      }
      return out;
    }
    /**
     * nav.js's record (`n`: version.page.step.scroll.last.done.layout): this tab's, with the lessons
     * read in either when both are written against the same layout; the other's when this tab has none.
     * @param {string|undefined} mine @param {string|undefined} theirs @returns {string|undefined}
     */
    function mergeNav(mine, theirs) {
      if (!mine || !theirs) return mine || theirs;
      var a = mine.split('.'), b = theirs.split('.');
      if (a.length !== 7 || b.length !== 7 || a[0] !== b[0] || a[6] !== b[6]) return mine;
      a[5] = orMask(a[5], b[5]);
      return a.join('.');
    }
    /**
     * The pages seen and the last page of `state`, from old page positions to this build's.
     * @param {State} state @param {number[]} map
     */
    function movePages(state, map) {
      var old = state.s, oldRead = state.d || '';
      state.s = '';
      if (state.d) state.d = '';
      map.forEach(function (now, before) {
        if (now >= 0 && hasPosition(old, before)) markSeen(state, now);
        if (now >= 0 && hasPosition(oldRead, before)) markRead(state, now);
      });
      state.l = map[state.l] > 0 ? map[state.l] : 0;
    }
    /** @param {QuizState} q @returns {boolean} whether a saved quiz part holds answers of an attempt */
    function hasAnswers(q) { return Object.keys(q.r).length > 0; }
    /**
     * The state as saved. Within `limit` (SCORM 1.2: 4096 characters) it is whole; above it,
     * finished quizzes keep only "attempts.best.passed.identity.seed.shown" and then quizzes other than
     * `hereQuizId` lose their unfinished answers, so scores, attempts and the current quiz always
     * survive; the text then says so (`k: 1`, which parseState leaves out: a copy kept in the browser
     * tells by it that an empty attempt there may have had answers, recorded as interactions).
     * runtime_data.worst_case_suspend_size (Python) models exactly this.
     * @param {State} state @param {number=} limit @param {string|null=} hereQuizId @returns {string}
     */
    function serialise(state, limit, hereQuizId) {
      var text = JSON.stringify(state);
      if (!limit || text.length <= limit) return text;
      var copy = JSON.parse(text);
      Object.keys(copy.q).forEach(function (k) {
        var q = copy.q[k];
        if (q.fin) copy.q[k] = [q.n, q.b, q.ok, q.h, q.sd, q.x || ''].join('.');
      });
      text = JSON.stringify(copy);
      if (text.length <= limit) return text;
      var here = hereQuizId ? keyOf(hereQuizId) : '';
      Object.keys(copy.q).forEach(function (k) {
        if (typeof copy.q[k] === 'object' && k !== here) { copy.q[k].r = {}; delete copy.q[k].p; }
      });
      copy.k = 1;
      return JSON.stringify(copy);
    }
    /** @param {State} state @param {number} index @returns {boolean} whether a page index is marked seen */
    function seen(state, index) { return hasPosition(state.s, index); }
    /** Mark a page index seen in the hex bitmask. @param {State} state @param {number} index */
    function markSeen(state, index) { state.s = markPosition(state.s, index); }
    /** @param {State} state @param {number} index @returns {boolean} whether a module page's every lesson was read */
    function read(state, index) { return hasPosition(state.d || '', index); }
    /** Mark a module page read to the end (nav.js, once its last unread lesson is). @param {State} state @param {number} index */
    function markRead(state, index) { state.d = markPosition(state.d || '', index); }
    /** A hex mask (a bit per position, four to a digit) with one more position set.
     * @param {string} mask @param {number} index @returns {string} */
    function markPosition(mask, index) {
      while (mask.length <= index >> 2) mask += '0';
      var digit = parseInt(mask.charAt(index >> 2), 16) | (1 << (index & 3));
      return mask.slice(0, index >> 2) + digit.toString(16) + mask.slice((index >> 2) + 1);
    }
    /** Whether a hex mask has a position set. @param {string} mask @param {number} index @returns {boolean} */
    function hasPosition(mask, index) { return !!(parseInt(mask.charAt(index >> 2) || '0', 16) & (1 << (index & 3))); }
    /**
     * The saved state of a quiz (created on first use with a fresh seed).
     * @param {State} state @param {string} quizId @returns {QuizState}
     */
    function quizState(state, quizId) {
      var key = keyOf(quizId);
      if (!state.q[key]) state.q[key] = { n: 0, b: 0, s: 0, ok: 0, sd: newSeed(), fin: 0, r: {}, h: data.quizzes[quizId].h };
      return /** @type {QuizState} */ (state.q[key]);
    }
    /**
     * A quiz's saved part when it has one.
     * @param {State} state @param {string} quizId @returns {QuizState|undefined}
     */
    function savedQuiz(state, quizId) { return /** @type {QuizState|undefined} */ (state.q[keyOf(quizId)]); }
    /**
     * Start a new attempt of a quiz: a fresh draw, no answers. A quiz that draws part of its bank
     * remembers the questions shown so far (`x`, a hex mask of bank positions), so that the next
     * attempts draw the others first; once every question has been shown, only the attempt just
     * ended is avoided.
     * @param {QuizState} qs @param {Quiz} quiz
     */
    function restartAttempt(qs, quiz) {
      if (quiz.draw < quiz.bank.length) {
        var shown = draw(quiz, qs.sd, qs.x);
        var all = shown.reduce(markPosition, qs.x || '');
        qs.x = quiz.bank.every(function (_, i) { return hasPosition(all, i); }) ? shown.reduce(markPosition, '') : all;
      }
      qs.sd = newSeed(); qs.r = {}; qs.fin = 0;
      delete qs.p;
    }


    // ---- Answers: what the state keeps ----
    /**
     * Characters of a typed answer the state keeps: `ftl`, or the longest accepted answer
     * (runtime_data.stored_text_limit).
     * @param {Question} q @returns {number}
     */
    function storedLimit(q) {
      var accepted = q.t === 'fill_in' && q.a && q.a.map ? q.a : [];
      return accepted.reduce(function (/** @type {number} */ longest, /** @type {string} */ a) {
        return Math.max(longest, String(a).length);
      }, textLimit);
    }
    /**
     * The response as the state keeps it. A typed answer longer than the state keeps is kept as the
     * accepted answer it matched, or cut and marked with "…" when wrong, so scoring the kept copy
     * again on submit or resume gives the same result.
     * @param {Question} q @param {string} response @returns {string}
     */
    function storedResponse(q, response) {
      var limit = storedLimit(q);
      if (response.length <= limit) return response;
      if (q.t === 'fill_in' && scoreResponse(q, response, data.lang) >= 1) {
        var match = q.a.filter(function (/** @type {string} */ a) { return normalise(a, q) === normalise(response, q); })[0];
        if (match !== undefined) return match;
      }
      return q.t === 'numeric' ? response.slice(0, limit) : response.slice(0, limit - 1) + '…';
    }

    // ---- The draw ----
    /**
     * Bank positions of a stratified draw: groups (by quiz or objective) in a seeded order, one
     * question of each group per round until `quiz.draw` are chosen; questions not yet shown
     * (outside `shown`) in every group before any shown one.
     * @param {Quiz} quiz @param {number[]} indexes @param {function(): number} rand @param {string} shown
     * @returns {number[]}
     */
    function stratifiedDraw(quiz, indexes, rand, shown) {
      var groups = /** @type {Object<string, number[]>} */ ({}), order = /** @type {string[]} */ ([]);
      shuffled(indexes, rand).forEach(function (i) {
        var q = data.questions[quiz.bank[i]];
        var key = String(quiz.by === 'quiz' ? q.quiz : q.obj);
        if (!groups[key]) { groups[key] = []; order.push(key); }
        groups[key].push(i);
      });
      order.sort();
      order = shuffled(order, rand);
      var lists = order.map(function (key) { return unshownFirst(groups[key], shown); });
      var chosen = /** @type {number[]} */ ([]);
      for (var round = 0; chosen.length < quiz.draw; round++) {
        // One question of each group per round, as ever; the groups whose next one is unshown first.
        var next = lists.filter(function (list) { return list[round] !== undefined; });
        unshownFirst(next.map(function (list) { return list[round]; }), shown).forEach(function (i) {
          if (chosen.length < quiz.draw) chosen.push(i);
        });
      }
      return chosen;
    }
    /** Positions in the same order, those outside `shown` first. @param {number[]} positions @param {string} shown */
    function unshownFirst(positions, shown) {
      return positions.filter(function (i) { return !hasPosition(shown, i); })
        .concat(positions.filter(function (i) { return hasPosition(shown, i); }));
    }
    /**
     * The bank positions one attempt shows: a seeded draw, stratified by quiz or objective if asked,
     * of questions outside `shown` (earlier attempts', see restartAttempt) first.
     * @param {Quiz} quiz @param {number} seed @param {string=} shown @returns {number[]}
     */
    function draw(quiz, seed, shown) {
      var rand = prng(seed), mask = shown || '';
      var indexes = quiz.bank.map(function (_, i) { return i; });
      var chosen;
      if (quiz.draw >= indexes.length) chosen = indexes;
      else if (quiz.by) chosen = stratifiedDraw(quiz, indexes, rand, mask);
      else chosen = unshownFirst(shuffled(indexes, rand), mask).slice(0, quiz.draw);
      chosen.sort(function (a, b) { return a - b; });
      return quiz.shuffle ? shuffled(chosen, rand) : chosen;
    }

    // ---- Scoring an attempt ----
    /**
     * Points of the drawn questions (to a tenth), the maximum, and the percentage (both rounded down).
     * @param {Quiz} quiz @param {number[]} drawn @param {Object<string, string>} responses
     * @returns {{points: number, max: number, score: number}}
     */
    function attemptScore(quiz, drawn, responses) {
      var points = 0, max = 0;
      drawn.forEach(function (bankIndex) {
        var q = data.questions[quiz.bank[bankIndex]];
        var response = responses[String(bankIndex)];
        max += q.pts;
        if (response !== undefined) points += scoreResponse(q, response, data.lang) * q.pts;
      });
      // (the points as shown beside the score, rounded down to a tenth like it: never «69 % (7 из 10)»)
      return { points: Math.floor(points * 10 + 1e-9) / 10, max: max, score: percentDown(points, max) };
    }
    /**
     * A whole percentage, rounded down: a score shown never passes where the points did not (69.6 %
     * was shown as 70 % and passed a 70 % mark). (The tiny margin: 0.57 * 100 is 56.99999999999999.)
     * @param {number} points @param {number} max @returns {number}
     */
    function percentDown(points, max) { return max ? Math.floor(points / max * 100 + 1e-9) : 100; }
    /**
     * Close an attempt: count it, keep the best score and whether the quiz was ever passed.
     * @param {Quiz} quiz @param {QuizState} qs @param {number} score
     */
    function closeAttempt(quiz, qs, score) {
      qs.n += 1; qs.s = score; qs.b = Math.max(qs.b, score); qs.ok = qs.ok || (score >= quiz.pass ? 1 : 0); qs.fin = 1;
    }
    /**
     * Score per learning objective over an attempt's questions: {prefix + objectiveId: percent}.
     * @param {Quiz} quiz @param {number[]} drawn @param {Object<string, string>} responses @param {string} prefix
     * @returns {Object<string, number>}
     */
    function objectiveScores(quiz, drawn, responses, prefix) {
      var sums = /** @type {Object<string, {points: number, max: number}>} */ ({});
      drawn.forEach(function (bankIndex) {
        var q = data.questions[quiz.bank[bankIndex]];
        var response = responses[String(bankIndex)];
        objectivesOf(q).forEach(function (objective) {
          var sum = sums[prefix + objective] || (sums[prefix + objective] = { points: 0, max: 0 });
          sum.max += q.pts;
          if (response !== undefined) sum.points += scoreResponse(q, response, data.lang) * q.pts;
        });
      });
      var scores = /** @type {Object<string, number>} */ ({});
      Object.keys(sums).forEach(function (id) { scores[id] = percentDown(sums[id].points, sums[id].max); });
      return scores;
    }
    /**
     * Attempts a learner has left (Infinity when the quiz has no limit).
     * @param {Quiz} quiz @param {QuizState} qs @returns {number}
     */
    function attemptsLeft(quiz, qs) { return quiz.att ? Math.max(0, quiz.att - qs.n) : Infinity; }
    /**
     * Positions (0-based, in the order shown) of the drawn questions without a response.
     * @param {number[]} drawn @param {Object<string, string>} responses @returns {number[]}
     */
    function unanswered(drawn, responses) {
      var out = /** @type {number[]} */ ([]);
      drawn.forEach(function (bankIndex, position) { if (responses[String(bankIndex)] === undefined) out.push(position); });
      return out;
    }

    // ---- Records for the LMS ----
    /**
     * SCORM-neutral record of an answered question; adapters format it for their data model.
     * `context` prefixes the id ('' in the question's own quiz, "q-final." in a quiz that draws it
     * from elsewhere), so reports tell a final's answers from the module quiz's; `objectiveContext`
     * prefixes objective ids the same way for a quiz that is not a module's.
     * @param {string} questionId @param {Question} q @param {string} response @param {number} fraction
     * @param {number} latency @param {string} context @param {string} objectiveContext @returns {InteractionRecord}
     */
    function interactionRecord(questionId, q, response, fraction, latency, context, objectiveContext) {
      var kind = KINDS[q.t];
      var reported = kind.report(q, response, data.lang);
      var result = fraction >= 1 ? 'correct' : (fraction > 0 && q.t !== 'single' ? fraction : 'incorrect');
      return { id: context + questionId, type: kind.type, learner: reported.learner, correct: reported.correct,
        fraction: fraction, result: result, weight: q.pts, latency: latency,
        objectives: objectivesOf(q).map(function (id) { return objectiveContext + id; }), quiz: q.quiz };
    }

    // ---- Course status ----
    /** @param {string} moduleId @returns {Page|undefined} the module's page */
    function modulePage(moduleId) { return data.pages.filter(function (p) { return p.module === moduleId; })[0]; }
    /** @param {State} state @param {string} moduleId @returns {boolean} whether a module's page was seen */
    function moduleSeen(state, moduleId) {
      var page = modulePage(moduleId);
      return !!page && seen(state, pageIndex[page.id]);
    }
    /** @param {State} state @param {string} moduleId @returns {boolean} whether a module's every lesson was read */
    function moduleRead(state, moduleId) {
      var page = modulePage(moduleId);
      if (!page) return false;
      // A module of no lessons has nothing to read to its end: opened, it is read.
      return read(state, pageIndex[page.id]) || !(page.lessons || []).length && seen(state, pageIndex[page.id]);
    }
    /**
     * Course-level status from the completion rule: modules seen and quizzes passed. `failed`: a
     * required quiz was attempted and not passed (yet); `exhausted`: and no attempts are left.
     * `missing`: what the rule still asks for, as the learner is told it: module ids not opened (to
     * open, or to read when the rule asks for that: `completion.read`), quiz ids not passed, and ids
     * of modules opened whose lessons are not all read.
     * Once met the course stays completed (`state.c`, recordCompletion): starting over clears the
     * pages seen, and a republish may require a module more, but neither takes back a completion the
     * LMS has recorded (it would be told `incomplete`, and Moodle keeps the last status it is told).
     * @param {State} state
     */
    function courseStatus(state) {
      var toRead = data.completion.read || [];
      var toOpen = data.completion.modules.concat(toRead.filter(function (id) { return data.completion.modules.indexOf(id) < 0; }));
      var modulesLeft = toOpen.filter(function (id) { return !moduleSeen(state, id); });
      var unread = toRead.filter(function (id) { return moduleSeen(state, id) && !moduleRead(state, id); });
      var failed = false, exhausted = false;
      var quizzesLeft = data.completion.quizzes.filter(function (quizId) {
        var q = savedQuiz(state, quizId), quiz = data.quizzes[quizId];
        if (q && q.n && !q.ok) { failed = true; if (quiz.att && q.n >= quiz.att) exhausted = true; }
        return !(q && q.ok);
      });
      var scored = data.completion.quizzes.length ? data.completion.quizzes : quizIds;
      var total = 0, count = 0;
      scored.forEach(function (quizId) { var q = savedQuiz(state, quizId); if (q && q.n) { total += q.b; count++; } });
      var graded = data.completion.quizzes.length > 0, score = count ? Math.round(total / count) : null;
      var met = !modulesLeft.length && !quizzesLeft.length && !unread.length;
      if (state.c === 1 && !met) {
        return { completed: true, passed: true, failed: false, exhausted: false, graded: graded, score: score,
          missing: { modules: [], quizzes: [], read: [] } };
      }
      return { completed: met, passed: !quizzesLeft.length, failed: failed, exhausted: exhausted, graded: graded,
        score: score, missing: { modules: modulesLeft, quizzes: quizzesLeft, read: unread } };
    }
    /**
     * The course status, the rule's being met kept in the state for good (`c`): what the runtime
     * reports to the LMS and saves. @param {State} state
     */
    function recordCompletion(state) {
      var status = courseStatus(state);
      if (status.completed) state.c = 1;
      return status;
    }

    return {
      quizIds: quizIds, pageIndex: pageIndex,
      newState: newState, parseState: parseState, mergeState: mergeState, serialise: serialise, seen: seen,
      markSeen: markSeen, read: read, markRead: markRead,
      quizState: quizState, savedQuiz: savedQuiz, restartAttempt: restartAttempt,
      storedLimit: storedLimit, storedResponse: storedResponse,
      draw: draw, attemptScore: attemptScore, closeAttempt: closeAttempt, objectiveScores: objectiveScores,
      attemptsLeft: attemptsLeft, unanswered: unanswered, interactionRecord: interactionRecord, courseStatus: courseStatus,
      recordCompletion: recordCompletion
    };
  }

  return {
    KINDS: KINDS, create: create, prng: prng, shuffled: shuffled, fmt: fmt, plural: plural,
    layoutOf: layoutOf, pageMapping: pageMapping,
    normalise: normalise, numericValue: numericValue, scoreResponse: scoreResponse, objectivesOf: objectivesOf
  };
}));
