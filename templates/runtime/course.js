/*
 * Course runtime: quizzes, progress and navigation for every learner-facing output.
 *
 * The page carries the course data as JSON (#course-data), with what every page shares in
 * runtime/course-data.js when the course has one file per page; this script needs nothing else:
 * no network, no modules, works from file://. Storage goes through ONE adapter interface
 * (localStorage here; SCORM 1.2 and 2004 adapters live in scorm.js and register themselves
 * on CourseRuntime.adapters before this file runs), so no LMS detail leaks into the quiz engine.
 *
 * Adapter interface (ADAPTER_BASE below supplies a no-op for each; an adapter overrides what its
 * backend does, so the engine calls every method without asking whether an adapter has it):
 *   name                     'local' | 'scorm12' | 'scorm2004'
 *   start() -> {ok, state: string|null, resume: boolean, note: string-key}
 *   save(stateString) -> boolean          persist the learner state (false: failed, retry later)
 *   location(pageId)                      bookmark
 *   interaction(record)                   one answered question (see interactionRecord)
 *   quizResult(quizId, score, passed)     a finished quiz attempt (per-module SCO scoring)
 *   objectives({objectiveId: percent}, passingPercent)  learning objectives assessed by that attempt
 *   progress({completed, passed, score, failed})  course-level status
 *   commit() -> boolean                   flush to the LMS
 *   finish()                              end of the session (page hidden for good)
 *   limit                                 characters the state may take (SCORM 1.2: 4096)
 */
(function () {
  'use strict';

  // ---- Public API ----
  var Runtime = window.CourseRuntime = window.CourseRuntime || {};
  Runtime.adapters = Runtime.adapters || {};
  Runtime.version = 1;

  // ---- Utilities ----
  /** @param {string} sel @param {ParentNode=} root @returns {Element|null} */
  function $(sel, root) { return (root || document).querySelector(sel); }
  /** @param {string} sel @param {ParentNode=} root @returns {Element[]} */
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  /** Fire a `course:<name>` event on the document (listeners: tests, the dev inspector). */
  function emit(name, detail) {
    try { document.dispatchEvent(new CustomEvent('course:' + name, { detail: detail })); } catch (e) { /* old browsers */ }
  }
  /** Log without ever throwing into the page. */
  function warn(what, error) { try { console.warn('[course] ' + what, error || ''); } catch (e) { /* no console */ } }
  /** Read (one argument) or set a flag that lasts for this tab's session; null when storage is off. */
  function sessionFlag(name, value) {
    try {
      if (arguments.length < 2) return window.sessionStorage.getItem(name) === '1';
      if (value) window.sessionStorage.setItem(name, '1'); else window.sessionStorage.removeItem(name);
      return !!value;
    } catch (e) { return null; }
  }
  /** A seeded PRNG (mulberry32), so a reload shows the same draw and order. */
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
  /** Fisher-Yates shuffle of a copy, driven by `rand`. */
  function shuffled(list, rand) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var tmp = copy[i]; copy[i] = copy[j]; copy[j] = tmp;
    }
    return copy;
  }
  /** Fill `{name}` placeholders of a catalogue string. */
  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? values[key] : ''; });
  }
  /** Russian/English plural form from the catalogue's list of forms. */
  function plural(n, key) {
    var forms = S[key], i;
    if (DATA.lang === 'ru') {
      i = n % 10 === 1 && n % 100 !== 11 ? 0 : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);
    } else { i = n === 1 ? 0 : 1; }
    return fmt(forms[Math.min(i, forms.length - 1)], { n: n });
  }
  /** Create an element with a class and optional HTML (HTML comes from the build, never from the learner). */
  function el(tag, cls, html) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (html) node.innerHTML = html;
    return node;
  }

  // ---- Configuration ----
  var dataNode = document.getElementById('course-data');
  if (!dataNode) return;
  var DATA = JSON.parse(dataNode.textContent);
  // Pages of a site or per-module package keep what they share in runtime/course-data.js.
  if (DATA.dv && !DATA.pages) {
    var shared = window.COURSE_DATA;
    if (!shared) { warn('runtime/course-data.js did not load: the page stays readable, quizzes are off'); return; }
    if (shared.dv !== DATA.dv && sessionFlag('course-data-reloaded') === false) {
      // A republished course, with the browser's cached data file from the version before:
      // one reload revalidates it (a second mismatch, or no session storage to remember the
      // first, is left alone rather than looping).
      sessionFlag('course-data-reloaded', true);
      location.reload();
      return;
    }
    if (shared.dv !== DATA.dv) warn('runtime/course-data.js belongs to another version of the course');
    sessionFlag('course-data-reloaded', false);
    var own = DATA;
    DATA = {};
    Object.keys(shared).forEach(function (k) { DATA[k] = shared[k]; });
    Object.keys(own).forEach(function (k) { DATA[k] = own[k]; });
  }
  var S = DATA.strings;
  var PAGES = DATA.pages;
  var PAGE_INDEX = {};
  PAGES.forEach(function (p, i) { PAGE_INDEX[p.id] = i; });
  var QUIZ_IDS = Object.keys(DATA.quizzes);

  // ---- Storage: the adapter base ----
  /** Every method of the adapter interface, doing nothing and reporting success (a backend without that duty). */
  var ADAPTER_BASE = {
    name: 'none', limit: 0,
    start: function () { return { ok: false }; },
    save: function () { return true; },
    location: function () {}, interaction: function () {}, quizResult: function () {},
    objectives: function () {}, progress: function () {},
    commit: function () { return true; },
    finish: function () { return true; }
  };
  /** An adapter: the base's methods, with those in `own` (what its backend does) in their place. */
  function extendAdapter(own) {
    var made = {};
    Object.keys(ADAPTER_BASE).forEach(function (key) { made[key] = ADAPTER_BASE[key]; });
    Object.keys(own).forEach(function (key) { made[key] = own[key]; });
    return made;
  }
  Runtime.extendAdapter = extendAdapter;

  // ---- Storage: localStorage adapter ----
  /** The default adapter: the learner's own browser. Survives reloads; says so on the page. */
  function LocalStorageAdapter() {
    var key = 'course:' + DATA.id;
    var store = null;
    return extendAdapter({
      name: 'local',
      start: function () {
        try {
          store = window.localStorage;
          store.setItem(key + ':probe', '1');
          store.removeItem(key + ':probe');
        } catch (e) {
          store = null;
          return { ok: true, state: null, resume: false, note: 'storage_none' };
        }
        var saved = store.getItem(key);
        return { ok: true, state: saved, resume: !!saved, note: 'storage_local' };
      },
      save: function (text) {
        if (!store) return true;
        try { store.setItem(key, text); return true; } catch (e) {
          emit('storageError', { error: String(e) });
          warn('could not save progress', e);
          return false;
        }
      }
    });
  }
  Runtime.adapters.local = LocalStorageAdapter;

  // ---- State ----
  // Compact and versioned: {v, s: hex bitmask of pages seen, l: last page index,
  // q: {quizIndex: {n: attempts used, b: best %, s: last %, ok: passed, sd: seed, fin: finished,
  //     r: {bankIndex: response}, h: the quiz's identity (runtime_data.quiz_identity)}}}.
  var state = { v: DATA.sv, s: '', l: 0, q: {} };
  var adapter = null;
  var saveFailed = false;
  var retryTimer = null;
  /** Responses that go into a selector or a path must have their form; the others are plain text. */
  var RESPONSE_FORMS = { ordering: /^\d+(,\d+)*$/, scenario: /^(\d+(\.\d+)*)?$/ };

  /** A fresh seed for a quiz attempt's draw and order. */
  function newSeed() { return Math.floor(Math.random() * 2147483647); }
  /** Whether a value is a whole number from 0 to `max`. */
  function isCount(value, max) { return typeof value === 'number' && value >= 0 && value <= max && Math.floor(value) === value; }

  /**
   * Read a saved state string: check it, migrate an older version, match its quizzes to this
   * build's. Returns {state, changed} (changed: answers of a republished quiz were dropped), or
   * null when unreadable. A quiz whose saved part is malformed starts afresh; the others keep theirs.
   */
  function parseState(text) {
    if (!text) return null;
    var parsed;
    try { parsed = JSON.parse(text); } catch (e) { warn('saved state unreadable', e); return null; }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    if (parsed.v === 1) parsed = fromVersion1(parsed);
    if (parsed.v !== DATA.sv) { warn('unknown saved-state version ' + parsed.v + '; starting afresh'); return null; }
    var clean = { v: DATA.sv, s: typeof parsed.s === 'string' && /^[0-9a-f]*$/.test(parsed.s) ? parsed.s : '',
      l: isCount(parsed.l, PAGES.length - 1) ? parsed.l : 0, q: {} };
    var changed = false;
    var saved = parsed.q && typeof parsed.q === 'object' && !Array.isArray(parsed.q) ? parsed.q : {};
    var indexByIdentity = {};
    QUIZ_IDS.forEach(function (quizId, i) { indexByIdentity[DATA.quizzes[quizId].h.slice(0, 3)] = String(i); });
    Object.keys(saved).forEach(function (key) {
      var q = checkedQuizState(saved[key]);
      if (!q) { warn('saved state of quiz ' + key + ' is malformed; that quiz starts afresh'); return; }
      var index = indexByIdentity[q.h.slice(0, 3)];
      if (index === undefined || clean.q[index]) { changed = changed || q.n > 0 || hasAnswers(q); return; }
      var quiz = DATA.quizzes[QUIZ_IDS[+index]];
      if (q.h !== quiz.h) {
        // The quiz was republished with other questions, order or draw: its answers would land on
        // other questions. Keep the learner's record (attempts, best score, passed), drop the rest.
        changed = changed || hasAnswers(q);
        q = { n: q.n, b: q.b, s: q.b, ok: q.ok, sd: newSeed(), fin: 0, r: {}, h: quiz.h };
      } else if (!responsesFit(q, quiz)) {
        warn('saved answers of quiz ' + key + ' do not fit its questions; that attempt starts afresh');
        q = { n: q.n, b: q.b, s: q.b, ok: q.ok, sd: newSeed(), fin: 0, r: {}, h: quiz.h };
      }
      clean.q[index] = q;
    });
    return { state: clean, changed: changed };
  }
  /** A saved quiz part with every field of the right type (finished quizzes may be "n.b.ok.h"), else null. */
  function checkedQuizState(q) {
    if (typeof q === 'string') q = expandQuizState(q);
    if (!q || typeof q !== 'object' || Array.isArray(q)) return null;
    if (!isCount(q.n, 1e6) || !isCount(q.b, 100) || !isCount(q.s, 100) || !isCount(q.ok, 1) || !isCount(q.fin, 1)) return null;
    if (!isCount(q.sd, 4294967295) || typeof q.h !== 'string' || !/^[0-9a-z~]{6}$/.test(q.h)) return null;
    if (!q.r || typeof q.r !== 'object' || Array.isArray(q.r)) return null;
    var ok = Object.keys(q.r).every(function (k) { return /^\d+$/.test(k) && typeof q.r[k] === 'string'; });
    return ok ? { n: q.n, b: q.b, s: q.s, ok: q.ok, sd: q.sd, fin: q.fin, r: q.r, h: q.h } : null;
  }
  /**
   * Whether every saved response belongs to a position of the bank and has its question's form.
   * A site page carries only its own questions: other quizzes' forms are checked on their pages.
   */
  function responsesFit(q, quiz) {
    return Object.keys(q.r).every(function (k) {
      var question = DATA.questions[quiz.bank[+k]];
      var form = question && RESPONSE_FORMS[question.t];
      return +k < quiz.bank.length && (!form || form.test(q.r[k]));
    });
  }
  /** Whether a saved quiz part holds answers of an attempt. */
  function hasAnswers(q) { return Object.keys(q.r).length > 0; }
  /** A version 1 state (quizzes by position, no identities): records stay, answers cannot be trusted. */
  function fromVersion1(parsed) {
    var q = parsed.q && typeof parsed.q === 'object' ? parsed.q : {};
    Object.keys(q).forEach(function (k) {
      var quizId = QUIZ_IDS[+k];
      var part = typeof q[k] === 'string' ? expandQuizState(q[k] + '.~~~~~~') : q[k];
      // The quiz at that position keeps its record; "~~~" never matches a content hash.
      if (quizId && part && typeof part === 'object') part.h = DATA.quizzes[quizId].h.slice(0, 3) + '~~~';
      q[k] = part;
    });
    parsed.v = DATA.sv;
    return parsed;
  }
  /** Whether a page index is marked seen. */
  function seen(index) {
    var digit = parseInt(state.s.charAt(index >> 2) || '0', 16);
    return !!(digit & (1 << (index & 3)));
  }
  /** Mark a page index seen in the hex bitmask. */
  function markSeen(index) {
    while (state.s.length <= index >> 2) state.s += '0';
    var pos = index >> 2;
    var digit = parseInt(state.s.charAt(pos), 16) | (1 << (index & 3));
    state.s = state.s.slice(0, pos) + digit.toString(16) + state.s.slice(pos + 1);
  }
  /** The saved state of a quiz (created on first use with a fresh seed). */
  function quizState(quizId) {
    var index = String(QUIZ_IDS.indexOf(quizId));
    if (!state.q[index]) state.q[index] = { n: 0, b: 0, s: 0, ok: 0, sd: newSeed(), fin: 0, r: {}, h: DATA.quizzes[quizId].h };
    return state.q[index];
  }
  /**
   * The state as saved. Within the adapter's limit (SCORM 1.2: 4096 characters) it is whole; above
   * it, finished quizzes keep only "attempts.best.passed.identity" and then quizzes not on this page lose
   * their unfinished answers, so scores, attempts and the current quiz always survive.
   * runtime_data.worst_case_suspend_size (Python) models exactly this.
   */
  function serialise() {
    var text = JSON.stringify(state);
    if (!adapter.limit || text.length <= adapter.limit) return text;
    var copy = JSON.parse(text);
    Object.keys(copy.q).forEach(function (k) { var q = copy.q[k]; if (q.fin) copy.q[k] = q.n + '.' + q.b + '.' + q.ok + '.' + q.h; });
    text = JSON.stringify(copy);
    if (text.length <= adapter.limit) return text;
    var here = current && PAGES[PAGE_INDEX[current]] ? String(QUIZ_IDS.indexOf(PAGES[PAGE_INDEX[current]].quiz)) : '';
    Object.keys(copy.q).forEach(function (k) { if (typeof copy.q[k] === 'object' && k !== here) copy.q[k].r = {}; });
    return JSON.stringify(copy);
  }
  /** Undo serialise's compaction of a finished quiz ("attempts.best.passed.identity"); null when malformed. */
  function expandQuizState(text) {
    var parts = text.split('.');
    if (parts.length !== 4 || !parts.slice(0, 3).every(function (p) { return /^\d+$/.test(p); })) return null;
    return { n: +parts[0], b: +parts[1], s: +parts[1], ok: +parts[2], sd: newSeed(), fin: 1, r: {}, h: parts[3] };
  }
  /** Save the state through the adapter; on failure warn the learner and retry until it works. */
  function persist() {
    var text = serialise();
    if (adapter.limit && text.length > adapter.limit) {
      warn('state too large (' + text.length + ' > ' + adapter.limit + ')');
      emit('stateTooLarge', { size: text.length });
    }
    var ok = false;
    try { ok = adapter.save(text) !== false && adapter.commit() !== false; } catch (e) { warn('save failed', e); }
    setSaveFailed(!ok);
    emit('saved', { ok: ok, size: text.length });
    return ok;
  }
  /** Show or hide the "could not save" warning and schedule retries. */
  function setSaveFailed(failed) {
    var box = document.getElementById('commit-warning');
    if (failed) {
      if (box) { box.textContent = S.commit_failed; box.hidden = false; }
      if (!retryTimer) retryTimer = setInterval(function () { persist(); }, 5000);
      emit('commitError', {});
    } else if (saveFailed) {
      if (box) { box.textContent = S.commit_recovered; setTimeout(function () { if (!saveFailed) box.hidden = true; }, 4000); }
      clearInterval(retryTimer); retryTimer = null;
      emit('commitRecovered', {});
    }
    saveFailed = failed;
  }

  // ---- Progress ----
  /** Course-level status from the completion rule: modules seen and quizzes passed. */
  function courseStatus() {
    var modulesDone = DATA.completion.modules.every(function (moduleId) {
      var page = PAGES.filter(function (p) { return p.module === moduleId; })[0];
      return page && seen(PAGE_INDEX[page.id]);
    });
    // failed: a required quiz was attempted and not passed (yet); exhausted: and no attempts are left.
    var failed = false, exhausted = false;
    var quizzesDone = DATA.completion.quizzes.filter(function (quizId) {
      var q = state.q[String(QUIZ_IDS.indexOf(quizId))];
      var quiz = DATA.quizzes[quizId];
      if (q && q.n && !q.ok) { failed = true; if (quiz.att && q.n >= quiz.att) exhausted = true; }
      return q && q.ok;
    }).length === DATA.completion.quizzes.length;
    var scored = DATA.completion.quizzes.length ? DATA.completion.quizzes : QUIZ_IDS;
    var total = 0, count = 0;
    scored.forEach(function (quizId) {
      var q = state.q[String(QUIZ_IDS.indexOf(quizId))];
      if (q && q.n) { total += q.b; count++; }
    });
    return { completed: modulesDone && quizzesDone, passed: quizzesDone, failed: failed, exhausted: exhausted,
      graded: DATA.completion.quizzes.length > 0, score: count ? Math.round(total / count) : null };
  }
  /** Tell the adapter the course-level status and refresh the home page. */
  function reportProgress() {
    var status = courseStatus();
    adapter.progress(status);
    renderHome(status);
    emit('progress', status);
  }

  // ---- Navigation ----
  var current = null;
  /** The page the learner is on: from the document (site, sco) or the hash (one document). */
  function pageFromLocation() {
    if (DATA.mode !== 'onedoc') return DATA.page;
    var id = decodeURIComponent((location.hash || '').slice(1));
    if (!id) return 'index';
    if (PAGE_INDEX[id] !== undefined) return id;
    var target = document.getElementById(id);
    var section = target && target.closest ? target.closest('section.page') : null;
    return section ? section.getAttribute('data-page') : 'index';
  }
  /** Show one page of a one-document course (the others are hidden, not removed). */
  function showPage(pageId, focusTarget) {
    if (DATA.mode === 'onedoc') {
      $$('section.page').forEach(function (section) { section.hidden = section.getAttribute('data-page') !== pageId; });
      var target = focusTarget && document.getElementById(focusTarget);
      var heading = $('section.page[data-page="' + pageId + '"] h1');
      if (target && target !== heading) { target.scrollIntoView(); } else { window.scrollTo(0, 0); }
      if (heading && current !== null) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: !!target }); }
      document.title = (pageId === 'index' ? '' : PAGES[PAGE_INDEX[pageId]].title + ' — ') + DATA.title;
    }
    $$('[data-page-link]').forEach(function (a) {
      if (a.getAttribute('data-page-link') === pageId) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    enterPage(pageId);
  }
  var bookmarkArmed = false;
  /**
   * Record a visit: seen bit, status, bookmark, then save (which commits), so the LMS never holds
   * a status older than the state. The page shown at launch is not written as the bookmark: the
   * LMS's bookmark stays as the learner left it until they move.
   */
  function enterPage(pageId) {
    current = pageId;
    var index = PAGE_INDEX[pageId];
    if (index === undefined) return;
    if (!seen(index)) markSeen(index);
    if (index > 0) state.l = index;
    if (bookmarkArmed) adapter.location(pageId);
    bookmarkArmed = true;
    reportProgress();
    persist();
    emit('page', { page: pageId });
  }
  /** One-document mode: route hash changes to pages. */
  function listenForHashChanges() {
    window.addEventListener('hashchange', function () {
      var id = decodeURIComponent((location.hash || '').slice(1));
      showPage(pageFromLocation(), id);
    });
  }
  /** Offer to go back to the last page (relaunch or reopened course). */
  function offerResume(resumed) {
    var last = PAGES[state.l];
    if (!resumed || !last || last.id === current || state.l === 0) return;
    var banner = el('div', 'resume-banner');
    banner.setAttribute('role', 'region');
    banner.setAttribute('aria-label', S.continue);
    var text = el('p', '', '');
    text.textContent = S.resume_prompt + ' (' + last.title + ')';
    var yes = el('a', 'button button--primary');
    yes.textContent = S.resume_yes;
    yes.href = DATA.mode === 'onedoc' ? '#' + last.id : last.id + '.html';
    yes.setAttribute('data-resume-yes', '');
    var no = el('button', 'button');
    no.type = 'button';
    no.textContent = S.resume_no;
    function close() { banner.remove(); }
    yes.addEventListener('click', close);
    no.addEventListener('click', close);
    banner.appendChild(text); banner.appendChild(yes); banner.appendChild(no);
    var main = document.getElementById('main');
    main.parentNode.insertBefore(banner, main);
  }

  /** Say once that the course was updated and some saved answers could not be kept (the next save forgets why). */
  function tellAnswersDropped() {
    var box = el('p', 'resume-banner state-note');
    box.setAttribute('role', 'status');
    box.setAttribute('data-state-changed', '');
    box.textContent = S.state_changed;
    var main = document.getElementById('main');
    main.insertBefore(box, main.firstChild);  // inside the main landmark, above the page's content
    emit('stateChanged', {});
  }

  // ---- Home page ----
  /** Per-module progress, the "continue" link and the completion record on the home page. */
  function renderHome(status) {
    $$('[data-status]').forEach(function (node) {
      var page = PAGES[PAGE_INDEX[node.getAttribute('data-status')]];
      if (!page) return;
      var text = seen(PAGE_INDEX[page.id]) ? S.seen : S.not_started;
      var q = page.quiz ? state.q[String(QUIZ_IDS.indexOf(page.quiz))] : null;
      if (q && q.n) text = (q.ok ? S.passed : S.failed) + ' (' + q.b + '%)';
      node.textContent = text;
      node.setAttribute('data-state', q && q.ok ? 'passed' : (seen(PAGE_INDEX[page.id]) ? 'seen' : 'new'));
    });
    var resume = $('[data-resume]');
    if (resume && state.l > 0 && PAGES[state.l]) {
      var link = $('[data-resume-link]', resume);
      link.href = DATA.mode === 'onedoc' ? '#' + PAGES[state.l].id : PAGES[state.l].id + '.html';
      link.textContent = S.continue + ': ' + PAGES[state.l].title;
      resume.hidden = false;
    }
    var completion = $('[data-completion]');
    if (completion && adapter.name === 'local') {
      completion.hidden = false;
      $('[data-completion-state]', completion).textContent = status.completed ? S.completed : S.not_completed;
      $('[data-completion-form]', completion).hidden = !status.completed;
    }
  }
  /** The printable completion record: learner name, date, per-module scores, course id, version, hash. */
  function wireCompletionRecord() {
    var form = $('[data-completion-form]');
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = form.elements.learner.value.trim();
      if (!name) { form.elements.learner.focus(); return; }
      var cert = $('[data-certificate]');
      cert.innerHTML = '';
      var h = el('h3'); h.textContent = S.completion_title; cert.appendChild(h);
      var who = el('p', 'certificate__name'); who.textContent = name; cert.appendChild(who);
      var what = el('p'); what.textContent = DATA.title + ' · ' + S.version + ' ' + DATA.version + ' · ' + DATA.id; cert.appendChild(what);
      var when = el('p'); when.textContent = S.date + ': ' + new Date().toISOString().slice(0, 10); cert.appendChild(when);
      if (DATA.org) { var org = el('p'); org.textContent = S.issued_by + ': ' + DATA.org; cert.appendChild(org); }
      var table = el('table', 'certificate__scores');
      QUIZ_IDS.forEach(function (quizId) {
        var q = state.q[String(QUIZ_IDS.indexOf(quizId))];
        var row = el('tr');
        var th = el('th'); th.scope = 'row'; th.textContent = DATA.quizzes[quizId].title;
        var td = el('td'); td.textContent = q && q.n ? q.b + '%' : '—';
        row.appendChild(th); row.appendChild(td); table.appendChild(row);
      });
      cert.appendChild(table);
      var hash = el('p', 'certificate__hash'); hash.textContent = S.course_hash + ': ' + DATA.hash; cert.appendChild(hash);
      var print = el('button', 'button'); print.type = 'button'; print.textContent = S.print;
      print.addEventListener('click', function () { window.print(); });
      cert.appendChild(print);
      cert.hidden = false;
      document.body.classList.add('has-certificate');
      emit('certificate', { name: name });
    });
  }

  // ---- Answers: reading, scoring, restoring ----
  /** Normalise typed text as the question's options say (case, spaces and punctuation, ё/е). */
  function normalise(text, q) {
    var out = String(text);
    if (!q.cs) out = out.toLowerCase();
    if (q.yo) out = out.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
    if (q.sp) out = out.replace(/[\s.,;:!?«»"'()\-–—]+/g, ' ').trim();
    return out;
  }
  /** Characters of a typed answer the state keeps: 40, or the longest accepted answer (runtime_data.stored_text_limit). */
  function storedLimit(q) {
    return (q.a && q.a.map ? q.a : []).reduce(function (longest, a) { return Math.max(longest, String(a).length); }, 40);
  }
  /** The learner's response to a question as a compact string, or '' when unanswered. */
  function readResponse(node, q) {
    switch (q.t) {
      case 'single': case 'true_false': case 'multiple':
        return $$('input:checked', node).map(function (i) { return i.value; }).sort().join('');
      case 'fill_in': case 'numeric':
        return $('input[type=text]', node).value.trim();
      case 'matching':
        var values = $$('select', node).map(function (s) { return s.value; });
        return values.some(function (v) { return v === ''; }) ? '' : values.join(',');
      case 'ordering':
        return $$('.order-item', node).map(function (li) { return li.getAttribute('data-index'); }).join(',');
      case 'scenario':
        return node.getAttribute('data-path') || '';
    }
    return '';
  }
  /** Put a saved response back into a question's inputs. */
  function writeResponse(node, q, response) {
    switch (q.t) {
      case 'single': case 'true_false': case 'multiple':
        $$('input', node).forEach(function (i) { i.checked = response.indexOf(i.value) >= 0; });
        break;
      case 'fill_in': case 'numeric':
        $('input[type=text]', node).value = response;
        break;
      case 'matching':
        var values = response.split(',');
        $$('select', node).forEach(function (s, i) { s.value = values[i] || ''; });
        break;
      case 'ordering':
        var list = $('[data-order]', node);
        response.split(',').forEach(function (index) {
          var item = $('.order-item[data-index="' + index + '"]', list);
          if (item) list.appendChild(item);
        });
        break;
      case 'scenario':
        replayScenario(node, q, response);
        break;
    }
  }
  /** Fraction of the question's points a response earns (0..1). */
  function scoreResponse(q, response) {
    switch (q.t) {
      case 'single':
        return q.o.some(function (o) { return o.id === response && o.c; }) ? 1 : 0;
      case 'true_false':
        return (response === 't') === q.a ? 1 : 0;
      case 'multiple':
        var right = q.o.filter(function (o) { return o.c; }).length;
        var hits = 0, misses = 0;
        q.o.forEach(function (o) {
          var chosen = response.indexOf(o.id) >= 0;
          if (chosen && o.c) hits++;
          if (chosen !== !!o.c && !o.c) misses++;
        });
        if (q.pc) return Math.max(0, (hits - misses) / right);
        return hits === right && misses === 0 ? 1 : 0;
      case 'fill_in':
        var given = normalise(response, q);
        return q.a.some(function (a) { return normalise(a, q) === given; }) ? 1 : 0;
      case 'numeric':
        var value = numericValue(response);
        return !isNaN(value) && Math.abs(value - q.a) <= q.tol + 1e-9 ? 1 : 0;
      case 'matching':
        var chosen = response.split(',');
        var good = 0;
        for (var i = 0; i < q.n; i++) if (chosen[i] === String(i)) good++;
        return good === q.n ? 1 : 0;
      case 'ordering':
        return response === Array.apply(null, Array(q.n)).map(function (_, i) { return i; }).join(',') ? 1 : 0;
      case 'scenario':
        return q.pts ? scenarioPoints(q, response) / q.pts : 1;
    }
    return 0;
  }
  /** Points collected along a scenario path ("0.1.0": choice index at each step). */
  function scenarioPoints(q, path) {
    var step = q.steps[q.start], points = 0;
    (path ? path.split('.') : []).forEach(function (choice) {
      var c = step && step.ch[+choice];
      if (!c) return;
      points += c.p;
      step = q.steps[c.n];
    });
    return points;
  }

  // ---- Feedback ----
  /** Show what a response earned, with per-option feedback and the explanation as the policy allows. */
  function showFeedback(node, q, response, fraction, reveal) {
    var box = $('[data-feedback]', node);
    box.innerHTML = '';
    var verdict = el('p', 'verdict ' + (fraction >= 1 ? 'verdict--correct' : fraction > 0 ? 'verdict--partly' : 'verdict--incorrect'));
    verdict.textContent = fraction >= 1 ? S.correct : fraction > 0 ? S.partly : S.incorrect;
    box.appendChild(verdict);
    if (!reveal) return;
    if (q.o) {
      q.o.forEach(function (o) {
        var input = $('input[value="' + o.id + '"]', node);
        var option = input && input.closest('.option');
        if (!option) return;
        option.classList.toggle('option--correct', !!o.c);
        option.classList.toggle('option--wrong', !o.c && response.indexOf(o.id) >= 0);
        if (o.c) option.setAttribute('data-mark', S.answer_was);
        if (o.f && response.indexOf(o.id) >= 0) box.appendChild(el('div', 'feedback__option', o.f));
      });
    }
    if (q.t === 'true_false') {
      var right = $('input[value="' + (q.a ? 't' : 'f') + '"]', node);
      if (right) { right.closest('.option').classList.add('option--correct'); right.closest('.option').setAttribute('data-mark', S.answer_was); }
    }
    if (fraction < 1 && (q.t === 'fill_in' || q.t === 'numeric')) {
      var answer = el('p', 'feedback__answer');
      answer.textContent = S.answer_was + ': ' + (q.t === 'fill_in' ? q.a[0] : String(q.a).replace('.', DATA.lang === 'ru' ? ',' : '.'));
      box.appendChild(answer);
    }
    if (fraction < 1 && q.t === 'matching') {
      var list = el('ul', 'feedback__answer');
      q.l.forEach(function (left, i) { var li = el('li'); li.textContent = left + ' — ' + q.r[i]; list.appendChild(li); });
      box.appendChild(el('p', '', '')).textContent = S.answer_was + ':';
      box.appendChild(list);
    }
    if (fraction < 1 && q.t === 'ordering') {
      var ol = el('ol', 'feedback__answer');
      q.i.forEach(function (item) { var li = el('li'); li.textContent = item; ol.appendChild(li); });
      box.appendChild(el('p', '', '')).textContent = S.answer_was + ':';
      box.appendChild(ol);
    }
    var general = fraction >= 1 ? q.fc : q.fi;
    if (general) box.appendChild(el('div', 'feedback__general', general));
    if (q.x) {
      var x = el('div', 'feedback__explanation');
      var label = el('p', 'feedback__label'); label.textContent = S.explanation;
      x.appendChild(label);
      x.insertAdjacentHTML('beforeend', q.x);
      box.appendChild(x);
    }
  }
  /** Enable or disable a question's inputs. */
  function setLocked(node, locked) {
    $$('input, select, [data-move], .scenario__choice', node).forEach(function (input) { input.disabled = locked; });
    var check = $('[data-check-answer]', node);
    if (check) check.hidden = locked;
  }

  // ---- Scenarios ----
  /** Append the step a choice led to, or the end of the scenario. */
  function appendStep(node, q, stepId, onChoose) {
    var list = $('[data-scenario]', node);
    var step = q.steps[stepId];
    var li = el('li', 'scenario__step');
    li.appendChild(el('div', 'scenario__text', step.h));
    if (!step.end && step.ch.length) {
      var ul = el('ul', 'scenario__choices');
      step.ch.forEach(function (c, i) {
        var item = el('li');
        var button = el('button', 'button scenario__choice', c.h);
        button.type = 'button';
        button.setAttribute('data-choice', String(i));
        item.appendChild(button);
        ul.appendChild(item);
      });
      li.appendChild(ul);
      wireChoices(li, onChoose);
    } else {
      var end = el('p', 'scenario__end'); end.textContent = S.scenario_end; li.appendChild(end);
    }
    list.appendChild(li);
    return li;
  }
  /**
   * Make the choice buttons of a step answer the scenario. A property, not addEventListener: the
   * first step outlives attempts, and each retake must replace the handler, never add one more.
   */
  function wireChoices(stepNode, onChoose) {
    $$('.scenario__choice', stepNode).forEach(function (button) {
      button.disabled = false;
      button.onclick = function () { onChoose(stepNode, +button.getAttribute('data-choice')); };
    });
  }
  /** Undo settleChoice on a step: no reply chosen, no feedback. */
  function clearStep(stepNode) {
    $$('.scenario__choice', stepNode).forEach(function (b) { b.classList.remove('scenario__choice--chosen'); b.removeAttribute('aria-pressed'); });
    $$('.scenario__feedback', stepNode).forEach(function (f) { f.remove(); });
  }
  /** Mark the chosen reply, show its feedback, lock the step. */
  function settleChoice(stepNode, choice, c) {
    $$('.scenario__choice', stepNode).forEach(function (b, i) {
      b.disabled = true;
      if (i === choice) { b.classList.add('scenario__choice--chosen'); b.setAttribute('aria-pressed', 'true'); }
    });
    if (c.f) stepNode.appendChild(el('div', 'scenario__feedback', c.f));
  }
  /** Rebuild a scenario from a saved path. */
  function replayScenario(node, q, path) {
    var list = $('[data-scenario]', node);
    var steps = $$('.scenario__step', list);
    steps.slice(1).forEach(function (s) { s.remove(); });
    clearStep(steps[0]);
    var stepNode = steps[0], stepId = q.start;
    (path ? path.split('.') : []).forEach(function (choice) {
      var c = q.steps[stepId].ch[+choice];
      if (!c) return;
      settleChoice(stepNode, +choice, c);
      stepId = c.n;
      stepNode = appendStep(node, q, stepId, function () {});
    });
    node.setAttribute('data-path', path);
  }
  /** Play a scenario: each choice appends feedback and the next step; `done(path)` at an end step. */
  function playScenario(node, q, done) {
    var stepId = q.start;
    var path = [];
    function choose(stepNode, choice) {
      var c = q.steps[stepId].ch[choice];
      settleChoice(stepNode, choice, c);
      path.push(choice);
      node.setAttribute('data-path', path.join('.'));
      stepId = c.n;
      var next = appendStep(node, q, stepId, choose);
      next.setAttribute('tabindex', '-1');
      next.focus();
      if (q.steps[stepId].end || !q.steps[stepId].ch.length) done(path.join('.'));
    }
    wireChoices($('.scenario__step', node), choose);
  }

  // ---- Ordering ----
  /** Up/down buttons move an item; focus follows the moved item so keyboard users keep their place. */
  function wireOrdering(node) {
    $$('[data-move]', node).forEach(function (button) {
      button.onclick = function () {  // a property: wired again on every attempt, it must replace, not add
        var item = button.closest('.order-item');
        var list = item.parentNode;
        if (button.getAttribute('data-move') === '-1' && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
        else if (button.getAttribute('data-move') === '1' && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
        button.focus();
      };
    });
  }

  // ---- Quiz controller ----
  /** The bank indexes one attempt shows: a seeded draw, stratified by quiz or objective if asked. */
  function drawQuestions(quiz, seed) {
    var rand = prng(seed);
    var indexes = quiz.bank.map(function (_, i) { return i; });
    var chosen;
    if (quiz.draw >= indexes.length) {
      chosen = indexes;
    } else if (quiz.by) {
      var groups = {}, order = [];
      shuffled(indexes, rand).forEach(function (i) {
        var q = DATA.questions[quiz.bank[i]];
        var key = quiz.by === 'quiz' ? q.quiz : q.obj;
        if (!groups[key]) { groups[key] = []; order.push(key); }
        groups[key].push(i);
      });
      order.sort();
      order = shuffled(order, rand);
      chosen = [];
      for (var round = 0; chosen.length < quiz.draw; round++) {
        order.forEach(function (key) { if (chosen.length < quiz.draw && groups[key][round] !== undefined) chosen.push(groups[key][round]); });
      }
    } else {
      chosen = shuffled(indexes, rand).slice(0, quiz.draw);
    }
    if (quiz.shuffle) return shuffled(chosen.sort(function (a, b) { return a - b; }), rand);
    return chosen.sort(function (a, b) { return a - b; });
  }
  /**
   * SCORM-neutral record of an answered question; adapters format it for their data model.
   * `context` prefixes the id ('' in the question's own quiz, "q-final." in a quiz that draws it
   * from elsewhere), so reports tell a final's answers from the module quiz's; `objectiveContext`
   * prefixes objective ids the same way for a quiz that is not a module's (see Quiz).
   */
  function interactionRecord(questionId, q, response, fraction, latency, context, objectiveContext) {
    var type = { single: 'choice', multiple: 'choice', true_false: 'true-false', fill_in: 'fill-in', matching: 'matching', ordering: 'sequencing', numeric: 'numeric', scenario: 'performance' }[q.t];
    var learner, correct;
    switch (q.t) {
      case 'single': case 'multiple':
        learner = response.split('');
        correct = [q.o.filter(function (o) { return o.c; }).map(function (o) { return o.id; })];
        break;
      case 'true_false':
        learner = [response === 't' ? 'true' : 'false']; correct = [[q.a ? 'true' : 'false']]; break;
      case 'fill_in':
        // Every accepted answer is a correct pattern (the LMS's report shows them all).
        learner = [response]; correct = q.a.map(function (a) { return [a]; }); break;
      case 'numeric':
        // The LMS takes a number ("47 чел." is scored as 47 and reported as 47); none: no response.
        var value = numericValue(response);
        learner = isNaN(value) ? null : [String(value)]; correct = [[String(q.a - q.tol), String(q.a + q.tol)]]; break;
      case 'matching':
        learner = response.split(',').map(function (r, i) { return [String(i), r]; });
        correct = [Array.apply(null, Array(q.n)).map(function (_, i) { return [String(i), String(i)]; })];
        break;
      case 'ordering':
        learner = response.split(','); correct = [Array.apply(null, Array(q.n)).map(function (_, i) { return String(i); })]; break;
      case 'scenario':
        var step = q.start, pairs = [];
        response.split('.').forEach(function (choice) {
          if (choice === '' || !q.steps[step]) return;
          pairs.push([step, choice]);
          step = q.steps[step].ch[+choice].n;
        });
        learner = pairs; correct = []; break;
    }
    return { id: context + questionId, type: type, learner: learner, correct: correct, fraction: fraction, result: fraction >= 1 ? 'correct' : (fraction > 0 && q.t !== 'single' ? fraction : 'incorrect'),
      weight: q.pts, latency: latency, objectives: objectivesOf(q).map(function (id) { return objectiveContext + id; }), quiz: q.quiz };
  }
  /** The learning objectives a question assesses (one id, or a list in banks that tag several). */
  function objectivesOf(q) { return [].concat(q.objs || q.obj || []); }
  /** The number in a typed numeric answer ("47 чел." -> 47, "0,5" -> 0.5); NaN when there is none. */
  function numericValue(response) { return parseFloat(String(response).replace(',', '.').replace(/\s/g, '')); }

  /** Wire one quiz section: draw, restore, check, submit, retry. */
  function Quiz(section) {
    var quizId = section.getAttribute('data-quiz');
    var quiz = DATA.quizzes[quizId];
    if (!quiz) return;
    var qs = quizState(quizId);
    var nodes = {};
    $$('li.question', section).forEach(function (li) { nodes[li.getAttribute('data-q')] = li; });
    var drawn = [];
    var shownAt = {};
    // The final (a quiz of no module) reports objectives under its own ids, so its results never
    // overwrite what the module quizzes recorded for the same learning objectives.
    var objectiveContext = quiz.module ? '' : quizId + '.';
    var page = section.closest ? section.closest('section.page') : null;
    // Latency counts from when the question is on screen: the quiz's page entered (every quiz of a
    // one-document course is wired at launch, long before the learner reaches it).
    document.addEventListener('course:page', function (event) {
      if (page && page.getAttribute('data-page') !== event.detail.page) return;
      drawn.forEach(function (bankIndex) { var id = quiz.bank[bankIndex]; if (qs.r[String(bankIndex)] === undefined) shownAt[id] = Date.now(); });
    });

    function reveals(afterSubmit) {
      if (quiz.fb === 'never') return false;
      if (quiz.fb === 'immediate') return true;
      if (quiz.fb === 'on_submit') return afterSubmit;
      return afterSubmit && qs.s >= quiz.pass;
    }
    function attemptsLeft() { return quiz.att ? Math.max(0, quiz.att - qs.n) : Infinity; }
    function layout() {
      drawn = drawQuestions(quiz, qs.sd);
      var list = $('.quiz__questions', section);
      quiz.bank.forEach(function (id) { nodes[id].hidden = true; });
      drawn.forEach(function (bankIndex, n) {
        var id = quiz.bank[bankIndex];
        var node = nodes[id];
        node.hidden = false;
        list.appendChild(node);
        $('[data-q-number]', node).textContent = fmt(S.question_n, { n: n + 1, total: drawn.length }) + '. ';
        if (quiz.shuffle) shuffleOptions(node, qs.sd + bankIndex);
      });
      var attempts = $('[data-attempts]', section);
      if (attempts) attempts.textContent = quiz.att ? fmt(S.attempts_left, { n: attemptsLeft() }) : S.attempts_unlimited;
    }
    function shuffleOptions(node, seed) {
      var box = $('.q__options', node);
      if (!box) return;
      shuffled($$('.option', box), prng(seed)).forEach(function (o) { box.appendChild(o); });
    }
    /**
     * Keep a response in the state. A typed answer longer than the state keeps (FREE_TEXT_LIMIT in
     * runtime_data.py) is kept as the accepted answer it matched, or cut and marked with "…" when
     * wrong, so scoring the kept copy again on submit or resume gives the same result.
     */
    function record(bankIndex, q, response, fraction) {
      var limit = storedLimit(q);
      if (response.length > limit) {
        var match = fraction >= 1 && q.t === 'fill_in' ? q.a.filter(function (a) { return normalise(a, q) === normalise(response, q); })[0] : null;
        response = match !== undefined && match !== null ? match : (q.t === 'numeric' ? response.slice(0, limit) : response.slice(0, limit - 1) + '…');
      }
      qs.r[String(bankIndex)] = response;
    }
    function answerQuestion(bankIndex, response) {
      var id = quiz.bank[bankIndex];
      var q = DATA.questions[id];
      var node = nodes[id];
      var fraction = scoreResponse(q, response);
      record(bankIndex, q, response, fraction);
      setLocked(node, true);
      node.classList.add('question--answered');
      showFeedback(node, q, response, fraction, reveals(false));
      if (quiz.fb !== 'immediate') $('[data-feedback]', node).firstChild.textContent = S.your_answer + ' ✓';
      var context = q.quiz === quizId ? '' : quizId + '.';
      var entry = interactionRecord(id, q, response, fraction, Date.now() - (shownAt[id] || Date.now()), context, objectiveContext);
      entry.final = !quiz.module;
      adapter.interaction(entry);
      persist();
      emit('answer', { quiz: quizId, question: id, response: response, fraction: fraction });
      updateActions();
    }
    function wireQuestion(bankIndex) {
      var id = quiz.bank[bankIndex];
      var q = DATA.questions[id];
      var node = nodes[id];
      shownAt[id] = Date.now();
      setLocked(node, false);
      if (q.t === 'ordering') wireOrdering(node);
      if (q.t === 'scenario') {
        playScenario(node, q, function (path) { answerQuestion(bankIndex, path); });
        return;
      }
      var check = $('[data-check-answer]', node);
      check.hidden = false;
      check.onclick = function () {
        var response = readResponse(node, q);
        var box = $('[data-feedback]', node);
        if (!response) { box.textContent = q.t === 'multiple' ? S.choose_many : (q.o || q.t === 'true_false' ? S.choose_one : S.your_answer + '?'); return; }
        answerQuestion(bankIndex, response);
      };
    }
    function updateActions() {
      var submit = $('[data-submit]', section);
      var retry = $('[data-retry]', section);
      submit.hidden = !!qs.fin || attemptsLeft() === 0 && !qs.fin && qs.n >= (quiz.att || Infinity);
      retry.hidden = !qs.fin || attemptsLeft() === 0;
    }
    function finish() {
      var points = 0, max = 0;
      drawn.forEach(function (bankIndex) {
        var q = DATA.questions[quiz.bank[bankIndex]];
        var response = qs.r[String(bankIndex)];
        max += q.pts;
        if (response !== undefined) points += scoreResponse(q, response) * q.pts;
      });
      var score = max ? Math.round(points / max * 100) : 100;
      qs.n += 1; qs.s = score; qs.b = Math.max(qs.b, score); qs.ok = qs.ok || (score >= quiz.pass ? 1 : 0); qs.fin = 1;
      drawn.forEach(function (bankIndex) {
        var id = quiz.bank[bankIndex];
        setLocked(nodes[id], true);
        var response = qs.r[String(bankIndex)];
        if (response !== undefined && reveals(true)) showFeedback(nodes[id], DATA.questions[id], response, scoreResponse(DATA.questions[id], response), true);
      });
      adapter.quizResult(quizId, score, score >= quiz.pass);
      adapter.objectives(objectiveScores(drawn), quiz.pass, !quiz.module);
      showResult(points, max);
      reportProgress();
      persist();
      emit('quizResult', { quiz: quizId, score: score, passed: score >= quiz.pass });
    }
    /** Score per learning objective over this attempt's questions: {objectiveId: percent}. */
    function objectiveScores(bankIndexes) {
      var sums = {};
      bankIndexes.forEach(function (bankIndex) {
        var q = DATA.questions[quiz.bank[bankIndex]];
        var response = qs.r[String(bankIndex)];
        objectivesOf(q).forEach(function (objective) {
          var sum = sums[objectiveContext + objective] || (sums[objectiveContext + objective] = { points: 0, max: 0 });
          sum.max += q.pts;
          if (response !== undefined) sum.points += scoreResponse(q, response) * q.pts;
        });
      });
      var scores = {};
      Object.keys(sums).forEach(function (id) { scores[id] = sums[id].max ? Math.round(sums[id].points / sums[id].max * 100) : 100; });
      return scores;
    }
    function showResult(points, max) {
      var box = $('[data-result]', section);
      box.innerHTML = '';
      var p = el('p', 'result ' + (qs.s >= quiz.pass ? 'result--passed' : 'result--failed'));
      p.textContent = (qs.s >= quiz.pass ? S.result_passed : fmt(S.result_failed, { score: quiz.pass })) + '. ' +
        fmt(S.score, { score: qs.s, points: Math.round(points * 10) / 10, max: max });
      box.appendChild(p);
      if (quiz.att && attemptsLeft() === 0 && !qs.ok) { var none = el('p'); none.textContent = S.no_attempts; box.appendChild(none); }
      updateActions();
    }
    function resetUi() {
      quiz.bank.forEach(function (id) {
        var node = nodes[id];
        $('[data-feedback]', node).innerHTML = '';
        node.classList.remove('question--answered');
        $$('.option', node).forEach(function (o) { o.classList.remove('option--correct', 'option--wrong'); o.removeAttribute('data-mark'); });
        $$('input[type=radio], input[type=checkbox]', node).forEach(function (i) { i.checked = false; });
        $$('input[type=text]', node).forEach(function (i) { i.value = ''; });
        $$('select', node).forEach(function (s) { s.value = ''; });
        if (DATA.questions[id].t === 'scenario') replayScenario(node, DATA.questions[id], '');
      });
      $('[data-result]', section).innerHTML = '';
    }
    function startAttempt(fresh) {
      if (fresh) { qs.sd = Math.floor(Math.random() * 2147483647); qs.r = {}; qs.fin = 0; resetUi(); }
      layout();
      drawn.forEach(function (bankIndex) {
        var id = quiz.bank[bankIndex];
        var q = DATA.questions[id];
        var saved = qs.r[String(bankIndex)];
        if (saved === undefined) { if (!qs.fin) wireQuestion(bankIndex); else setLocked(nodes[id], true); return; }
        writeResponse(nodes[id], q, saved);
        setLocked(nodes[id], true);
        nodes[id].classList.add('question--answered');
        showFeedback(nodes[id], q, saved, scoreResponse(q, saved), reveals(!!qs.fin));
      });
      if (qs.fin) {
        var points = 0, max = 0;
        drawn.forEach(function (bankIndex) {
          var q = DATA.questions[quiz.bank[bankIndex]]; var r = qs.r[String(bankIndex)];
          max += q.pts; if (r !== undefined) points += scoreResponse(q, r) * q.pts;
        });
        showResult(points, max);
      }
      updateActions();
      if (fresh) persist();
    }
    $('[data-submit]', section).addEventListener('click', finish);
    $('[data-retry]', section).addEventListener('click', function () {
      startAttempt(true);
      var first = $('li.question:not([hidden])', section);
      if (first) { first.setAttribute('tabindex', '-1'); first.focus(); }
    });
    try { startAttempt(false); } catch (e) {
      // Saved answers that pass the checks yet cannot be shown: this quiz starts afresh, the others keep theirs.
      warn('saved answers of quiz ' + quizId + ' could not be restored; it starts afresh', e);
      startAttempt(true);
    }
  }

  /** An inline practice question (::: check): immediate feedback, never stored or graded. */
  function Practice(node) {
    var id = node.getAttribute('data-q');
    var q = DATA.questions[id];
    if (!q) return;
    setLocked(node, false);
    if (q.t === 'ordering') wireOrdering(node);
    if (q.t === 'scenario') {
      playScenario(node, q, function (path) { showFeedback(node, q, path, scoreResponse(q, path), true); });
      return;
    }
    var check = $('[data-check-answer]', node);
    check.hidden = false;
    check.addEventListener('click', function () {
      var response = readResponse(node, q);
      if (!response) return;
      showFeedback(node, q, response, scoreResponse(q, response), true);
    });
  }

  // ---- Start ----
  /**
   * Choose the adapter the build asked for. Without an LMS (a package opened from disk) the
   * learner's browser keeps the progress, and the page says so. An LMS that is there but refuses
   * the session (Initialize false) is never papered over: the learner is told plainly that this
   * visit is not recorded and what to do, and the browser keeps a copy meanwhile.
   */
  function startAdapter() {
    var wanted = DATA.backend || 'local';
    var factory = Runtime.adapters[wanted];
    var candidate = factory ? factory(DATA) : null;
    var started = candidate ? candidate.start() : { ok: false };
    if (!started.ok) {
      var refused = !!started.refused, code = started.code;
      if (wanted !== 'local') emit(refused ? 'lmsRefused' : 'lmsNotFound', { code: code });
      candidate = LocalStorageAdapter();
      started = candidate.start();
      if (wanted !== 'local') started.note = 'storage_local';
      if (refused) {
        var box = document.getElementById('commit-warning');
        if (box) { box.textContent = fmt(S.lms_refused, { code: code }); box.hidden = false; }
      }
    }
    adapter = candidate;
    Runtime.adapter = adapter;
    var note = document.getElementById('storage-note');
    if (note) note.textContent = S[started.note] || '';
    document.documentElement.setAttribute('data-storage', adapter.name);
    return started;
  }
  var sessionEnded = false;
  /**
   * End the LMS session in the one safe order: status, state and Commit first, then Finish/Terminate.
   * Chromium fires pagehide before visibilitychange when a frame goes away, so pagehide cannot
   * count on an earlier save. A refused Finish (Moodle's beacon over its limit, a dead network)
   * leaves a copy of the state in the browser; everything but the session time was committed.
   */
  function endSession() {
    if (sessionEnded) return;
    try {
      reportProgress();
      persist();
      sessionEnded = true;
      clearInterval(retryTimer);
      var ok = adapter.finish();
      emit('finished', { ok: ok !== false });
      if (ok === false) keepLocalCopy();
    } catch (e) { warn('finish failed', e); }
  }
  /** A copy of the state in this browser when the LMS did not take the last save. */
  function keepLocalCopy() {
    try { window.localStorage.setItem('course:' + DATA.id + ':unsaved', JSON.stringify(state)); } catch (e) { /* storage off */ }
  }
  /** Save when the page is hidden (visibilitychange fires where unload does not); end the session on pagehide. */
  function wireLifecycle() {
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && !sessionEnded) persist();
    });
    window.addEventListener('pagehide', endSession);
  }

  function start() {
    document.documentElement.classList.add('js');
    var started = startAdapter();
    var saved = parseState(started.state);
    if (saved) state = saved.state;
    // The LMS's own bookmark (lesson_location / cmi.location) names the page to go back to.
    if (started.location && PAGE_INDEX[started.location] > 0) state.l = PAGE_INDEX[started.location];
    Runtime.state = function () { return state; };
    Runtime.data = DATA;
    $$('section.quiz[data-quiz]').forEach(function (section) { try { Quiz(section); } catch (e) { warn('quiz failed', e); } });
    $$('[data-practice]').forEach(function (node) { try { Practice(node); } catch (e) { warn('practice failed', e); } });
    wireCompletionRecord();
    wireLifecycle();
    var first = pageFromLocation();
    if (DATA.mode === 'onedoc') listenForHashChanges();
    showPage(first, DATA.mode === 'onedoc' ? decodeURIComponent((location.hash || '').slice(1)) : '');
    offerResume(started.resume && (!!saved || !!started.location));
    if (saved && saved.changed) tellAnswersDropped();
    emit('ready', { adapter: adapter.name });
    Runtime.ready = true;
  }

  try { start(); } catch (e) { warn('runtime failed to start', e); emit('runtimeError', { error: String(e) }); }
}());
