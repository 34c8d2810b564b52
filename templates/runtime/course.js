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
  var Runtime = window.CourseRuntime = window.CourseRuntime || /** @type {any} */ ({});
  Runtime.adapters = Runtime.adapters || {};
  Runtime.version = 1;
  /**
   * A percent-encoded address part as text; one that does not decode (`#%E0%A4%A`) as written, which
   * names nothing: a URIError there stopped the runtime with every page of one document shown.
   * @param {string} text
   */
  function decoded(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }
  Runtime.decoded = decoded;
  // engine.js, shipped first in the same file
  var Engine = Runtime.engine;

  // ---- Utilities ----
  /** @param {string} sel @param {ParentNode=} root @returns {any} the first match (typed loosely: DOM nodes of many kinds) */
  function $(sel, root) { return (root || document).querySelector(sel); }
  /** @param {string} sel @param {ParentNode=} root @returns {any[]} every match, as an array */
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  /** Fire a `course:<name>` event on the document (listeners: tests, the dev inspector). @param {string} name @param {any} detail */
  function emit(name, detail) {
    try { document.dispatchEvent(new CustomEvent('course:' + name, { detail: detail })); } catch (e) { /* old browsers */ }
  }
  /** Log without ever throwing into the page. @param {string} what @param {any=} error */
  function warn(what, error) { try { console.warn('[course] ' + what, error || ''); } catch (e) { /* no console */ } }
  /**
   * Read (one argument) or set a flag that lasts for this tab's session; null when storage is off.
   * @param {string} name @param {boolean=} value @returns {boolean|null}
   */
  function sessionFlag(name, value) {
    try {
      if (arguments.length < 2) return window.sessionStorage.getItem(name) === '1';
      if (value) window.sessionStorage.setItem(name, '1'); else window.sessionStorage.removeItem(name);
      return !!value;
    } catch (e) { return null; }
  }
  /**
   * Create an element with a class and optional HTML (HTML comes from the build, never from the learner).
   * @param {string} tag @param {string=} cls @param {string=} html @returns {any}
   */
  function el(tag, cls, html) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (html) node.innerHTML = html;
    return node;
  }
  /** An element holding plain text. @param {string} tag @param {string} cls @param {string} text @returns {any} */
  function textEl(tag, cls, text) { var node = el(tag, cls); node.textContent = text; return node; }
  var fmt = Engine.fmt;
  /** A catalogue string with its `{name}` placeholders filled. @param {string} key @param {Object<string, any>=} values */
  function say(key, values) { return Engine.fmt(S[key], values); }
  /** A count with its word in the interface language ("3 вопроса"). @param {number} n @param {string} key */
  function plural(n, key) { return Engine.plural(n, S[key], DATA.lang); }
  /**
   * Fraction of a question's points a response earns, a typed number read as the course's language writes it.
   * @param {any} q @param {string} response @returns {number}
   */
  function scoreOf(q, response) { return Engine.scoreResponse(q, response, DATA.lang); }
  /**
   * Move focus to a node that is not focusable by itself (feedback, a result, a heading). A screen
   * reader reads a focused box with no role whole (NVDA, JAWS, VoiceOver; Chromium names it by its
   * words), so what focus moves to is not said again through the live region: a verdict was heard
   * twice. Where focus is there already (Check pressed again where a tap does not focus the button,
   * as in Safari), no focus event comes: the live region says the box's new words.
   * @param {any} node
   */
  function focusOn(node) {
    if (!node) return;
    if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
    if (document.activeElement === node) announce(spokenText(node));
    node.focus();
    if (!node.getClientRects().length) return;  // (not displayed: nothing to bring into view)
    // Its start in sight, clear of the outline's sticky bar on a phone (course.css's scroll-padding-top,
    // which Chromium leaves out when focus centres a node): a verdict's first line is the verdict.
    var room = parseFloat(window.getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    var hidden = room - node.getBoundingClientRect().top;
    if (hidden > 0) window.scrollBy(0, -hidden);
  }
  /**
   * A box's words as a screen reader says them: block after block with a space between (its
   * textContent runs «…баллов)Осталось…» together). @param {any} node
   */
  function spokenText(node) { return node.innerText.replace(/\s+/g, ' ').trim(); }
  var liveRegion = null, pendingSpeech = '', speechTimer = 0;
  /**
   * Say something once to screen readers: the page has ONE polite live region, so a check or a
   * submit is announced in one short summary instead of every feedback box speaking at once.
   * What one action says in several steps (a scenario's last reply, then its verdict) is joined.
   * @param {string} text
   */
  function announce(text) {
    if (!liveRegion) {
      liveRegion = el('div', 'visually-hidden');
      liveRegion.id = 'course-live';
      liveRegion.setAttribute('role', 'status');
      liveRegion.setAttribute('aria-live', 'polite');
      document.body.appendChild(liveRegion);
    }
    pendingSpeech = (pendingSpeech + ' ' + text).trim();
    if (speechTimer) return;
    // Cleared first and filled a moment later, so the same words said twice in a row are still announced.
    liveRegion.textContent = '';
    speechTimer = setTimeout(function () { liveRegion.textContent = pendingSpeech; pendingSpeech = ''; speechTimer = 0; }, 50);
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
  // Keyed by ids from the address too: `#constructor` must find no page, not Object.prototype's.
  var PAGE_INDEX = Object.create(null);
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
    // A per-module SCO answers for its own module: opened without an LMS, its state is its own too
    // (another SCO's completion is not this one's).
    var key = 'course:' + DATA.id + (DATA.mode === 'sco' ? ':' + DATA.page : '');
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
      /** What is saved now: another tab of the course may have saved since this one read it. */
      stored: function () {
        try { return store ? store.getItem(key) : null; } catch (e) { return null; }
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
  // Compact and versioned (engine.js): {v, s: hex bitmask of pages seen, l: last page index, c: 1 once completed,
  // q: {quizIndex: {n: attempts used, b: best %, s: last %, ok: passed, sd: seed, fin: finished,
  //     r: {bankIndex: response}, h: the quiz's identity (runtime_data.quiz_identity)}}}.
  var engine = Engine.create(DATA, { log: warn });
  var state = engine.newState();
  var adapter = null;
  /** Whether the LMS refused the session (the browser keeps a copy meanwhile), or the browser storage. */
  var lmsRefused = false, storageNone = false;
  var saveFailed = false;
  /** A save that starts over is pending (persist's `replace`). */
  var replacing = false;
  /** A save of this session was not taken by the LMS. */
  var unsavedThisSession = false;
  /** The LMS's id of the learner ('' without an LMS): whose copy of an unsaved state this browser keeps. */
  var learner = '';
  var retryTimer = null;

  /** The quiz of the page on screen, whose answers compaction keeps longest. @returns {string|null} */
  function quizOnScreen() { return current && PAGES[PAGE_INDEX[current]] ? PAGES[PAGE_INDEX[current]].quiz || null : null; }
  /**
   * Save the state through the adapter; on failure warn the learner and retry until it works.
   * `replace`: the learner started over, the saved state goes (else what another tab saved stays).
   * @param {boolean=} replace
   */
  function persist(replace) {
    // Until a save that starts over has gone through, its retries start over too.
    if (replace) replacing = true;
    if (!replacing) keepOtherTabs();
    var text = engine.serialise(state, adapter.limit, quizOnScreen());
    if (adapter.limit && text.length > adapter.limit) {
      warn('state too large (' + text.length + ' > ' + adapter.limit + ')');
      emit('stateTooLarge', { size: text.length });
    }
    var ok = false;
    noteText(text);
    try { ok = adapter.save(text) !== false && adapter.commit() !== false; } catch (e) { warn('save failed', e); }
    if (ok) { replacing = false; saveTaken = true; }
    // After a save the LMS did not take, the copy follows every save of this session: an LMS that
    // commits by itself (Moodle's Auto-commit) may have collected offline what it then never sent.
    if (!ok) unsavedThisSession = true;
    if (unsavedThisSession) keepLocalCopy(); else if (copyKept) dropLocalCopy();
    setSaveFailed(!ok);
    emit('saved', { ok: ok, size: text.length });
    return ok;
  }
  /**
   * In the browser's own storage every tab of the course saves the whole state: a tab would save
   * what it read when it opened over what another tab saved since (a quiz passed there, pages read),
   * at the latest when it leaves its page. What is saved now is added to this tab's state first.
   */
  function keepOtherTabs() {
    var text = adapter.stored ? adapter.stored() : null;
    var saved = text ? engine.parseState(text) : null;
    if (saved) engine.mergeState(state, saved.state, liveQuizzes, true);
  }
  /** The quizzes this page wires (their attempts are this tab's: mergeState), by state key. */
  var liveQuizzes = /** @type {Object<string, boolean>} */ ({});
  /** Room for the warning where it stays on screen (course.css): the page's end, and a focused control, scroll clear of it. */
  function roomFor(box) {
    var over = !box.hidden && window.getComputedStyle(box).position === 'fixed';
    document.body.style.paddingBottom = over ? box.offsetHeight + 16 + 'px' : '';
    // A control the keyboard reaches is scrolled into view above it, not under it.
    document.documentElement.style.scrollPaddingBottom = document.body.style.paddingBottom;
  }
  /**
   * Hide the «saved again» notice at the learner's next tap or key, not after a time: a notice that
   * goes by itself may go unread (a magnified screen shows a part of the page at a time).
   * @param {any} box
   */
  function hideAtNextAction(box) {
    function hide() {
      document.removeEventListener('pointerdown', hide, true);
      document.removeEventListener('keydown', hide, true);
      if (!saveFailed) { box.hidden = true; roomFor(box); }
    }
    document.addEventListener('pointerdown', hide, true);
    document.addEventListener('keydown', hide, true);
  }
  /** Show or hide the "could not save" warning and schedule retries. @param {boolean} failed */
  function setSaveFailed(failed) {
    var box = document.getElementById('commit-warning');
    if (failed) {
      // (No LMS: the browser's own storage refused; there is no later launch to save it.)
      if (box) { box.textContent = adapter.name === 'local' ? S.storage_failed : S.commit_failed; box.hidden = false; roomFor(box); }
      if (!retryTimer) retryTimer = setInterval(function () { persist(); }, 5000);
      emit('commitError', {});
    } else if (saveFailed) {
      if (box) {
        box.textContent = S.commit_recovered;
        roomFor(box);
        hideAtNextAction(box);
      }
      clearInterval(retryTimer); retryTimer = null;
      emit('commitRecovered', {});
    }
    saveFailed = failed;
  }

  // ---- Progress ----
  /** Tell the adapter the course-level status and refresh the home page. */
  function reportProgress() {
    var status = engine.recordCompletion(state);
    adapter.progress(status);
    renderHome();
    emit('progress', status);
  }

  // ---- Navigation ----
  var current = null;
  /** The page the learner is on: from the document (site, sco) or the hash (one document). */
  function pageFromLocation() {
    if (DATA.mode !== 'onedoc') return DATA.page;
    var id = decoded((location.hash || '').slice(1));
    if (!id) return 'index';
    if (PAGE_INDEX[id] !== undefined) return id;
    var target = document.getElementById(id);
    var section = target && target.closest ? target.closest('section.page') : null;
    // An id outside every page (the skip link's #main) keeps the page shown.
    if (!section && target) return current || 'index';
    return section ? section.getAttribute('data-page') : 'index';
  }
  /** Show one page of a one-document course (the others are hidden, not removed). */
  function showPage(pageId, focusTarget) {
    // Within the page shown (a lesson, a citation and Back again) the place and focus stay as they are.
    if (DATA.mode === 'onedoc' && pageId !== current) {
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
    if (!engine.seen(state, index)) engine.markSeen(state, index);
    // The glossary is looked into, not gone through: a learner who last looked a term up was offered
    // «Следующий шаг: Глоссарий» instead of the module they were reading. (A course finished is offered
    // the page open last, which may be the glossary.)
    if (index > 0 && (PAGES[index].kind !== 'glossary' || continueAt() < 0)) state.l = index;
    if (bookmarkArmed) adapter.location(pageId);
    bookmarkArmed = true;
    reportProgress();
    persist();
    emit('page', { page: pageId });
  }
  /**
   * A module whose every lesson is read (nav.js): counted where the completion rule asks for it, and
   * saved with the status it makes. @param {string} pageId
   */
  function markRead(pageId) {
    var index = PAGE_INDEX[pageId], page = PAGES[index];
    if (!page || (DATA.completion.read || []).indexOf(page.module) < 0 || engine.read(state, index)) return;
    engine.markRead(state, index);
    reportProgress();
    persist();
  }
  /** One-document mode: route hash changes to pages. */
  function listenForHashChanges() {
    window.addEventListener('hashchange', function () {
      var id = decoded((location.hash || '').slice(1));
      showPage(pageFromLocation(), id);
    });
  }
  /** A link to a page of the course: its section in one document, its file on a site. @param {string} id */
  function pageHref(id) { return DATA.mode === 'onedoc' ? '#' + id : id + '.html'; }
  /**
   * A step of the course (a module, the final) finished: its quiz passed; a module without one read
   * to the end where the completion rule asks it, else opened. @param {number} index @returns {boolean}
   */
  function stepDone(index) {
    var page = PAGES[index];
    if (page.quiz) { var q = engine.savedQuiz(state, page.quiz); return !!(q && q.ok); }
    if ((DATA.completion.read || []).indexOf(page.module) >= 0) return engine.read(state, index);
    return engine.seen(state, index);
  }
  /** @param {number} index @returns {boolean} whether a page is a step of the course (a module, the final) */
  function isStep(index) { return PAGES[index].kind === 'module' || PAGES[index].kind === 'final'; }
  /**
   * Where «Продолжить» leads: the page last read, unless it is a step finished (a module whose quiz
   * is passed, the final passed: the offer kept pointing there); then the next step not finished, in
   * course order (from the start when none follows). -1: nothing read yet, every step finished
   * (the glossary read last included: the course has nowhere left to lead), or the course completed
   * by its rule (a module quiz it does not ask for, left untaken, is no step left to take).
   * `skipSpent`: a step whose quiz is out of attempts is passed over too (the home page's link).
   * @param {boolean=} skipSpent @returns {number}
   */
  function continueAt(skipSpent) {
    var last = state.l;
    if (!(last > 0) || !PAGES[last] || engine.courseStatus(state).completed) return -1;
    /** @param {number} index */
    function open(index) { return isStep(index) && !stepDone(index) && !(skipSpent && spent(PAGES[index])); }
    if (open(last)) return last;
    for (var i = 1; i < PAGES.length; i++) {
      var index = (last + i) % PAGES.length;
      if (open(index)) return isStep(last) ? index : last;
    }
    return -1;
  }
  /** Whether a quiz's every attempt is used without a pass (home.js says so too). @param {string} quizId */
  function exhausted(quizId) {
    var held = engine.savedQuiz(state, quizId), att = DATA.quizzes[quizId].att;
    return !!(held && !held.ok && att && held.n >= att);
  }
  /** @param {any} page @returns {boolean} whether it is a page of a quiz out of attempts */
  function spent(page) { return !!page.quiz && exhausted(page.quiz); }
  /** The home page's own way in, hidden while the offer to resume stands in for it. */
  var resumeOffered = false;
  /**
   * Offer to go on where the course continues (relaunch or reopened course); in a course whose every
   * step is finished, to go back to the page last open, or to start over (in an LMS, the only way to).
   */
  function offerResume(resumed) {
    var next = continueAt(), finished = next < 0;
    var last = PAGES[finished ? state.l : next];
    if (!resumed || !last || state.l === 0 || last.id === current) return;
    var banner = el('div', 'resume-banner');
    banner.setAttribute('role', 'region');
    banner.setAttribute('aria-label', S.continue);
    var text = el('p', '', '');
    // A quiz with no attempt left, not passed, is no next step to offer: its page says what to do.
    text.textContent = (finished ? S.resume_finished : spent(last) ? S.resume_exhausted : S.resume_prompt)
      .replace('{title}', last.title);
    var yes = el('a', 'button button--primary');
    yes.textContent = S.resume_yes;
    yes.href = pageHref(last.id);
    yes.setAttribute('data-resume-yes', '');
    var no = el('button', 'button');
    no.type = 'button';
    no.textContent = S.resume_no;
    // home.js asks, then starts over (and says so: course:restart)
    no.setAttribute('data-restart', '');
    /** Remove the offer; focus held in it goes to the page's heading, never to the body. */
    function close() {
      var focused = banner.contains(document.activeElement);
      banner.remove();
      resumeOffered = false;
      renderHome();
      window.removeEventListener('hashchange', closeThere);
      document.removeEventListener('course:restart', close);
      if (focused) focusOn(pageHeading());
    }
    // Reached another way (the home page's «Продолжить», the outline): the offer has been taken up.
    function closeThere() { if (pageFromLocation() === last.id) close(); }
    yes.addEventListener('click', close);
    // Starting over closes the offer once confirmed: cancelled, it stays, with the focus on its button.
    document.addEventListener('course:restart', close);
    window.addEventListener('hashchange', closeThere);
    banner.appendChild(text); banner.appendChild(yes); banner.appendChild(no);
    var main = document.getElementById('main');
    // inside the main landmark: the skip link leads to it
    main.insertBefore(banner, main.firstChild);
    resumeOffered = true;
    renderHome();
  }
  /** The heading of the page shown (one document: of its visible section), else the main landmark. @returns {any} */
  function pageHeading() {
    return $$('#main h1').filter(function (h) { return !h.closest('section.page[hidden]'); })[0] || document.getElementById('main');
  }

  /** Say once that the course was updated and some saved answers could not be kept (the next save forgets why). */
  function tellAnswersDropped() {
    var box = el('p', 'resume-banner state-note');
    box.setAttribute('role', 'status');
    box.setAttribute('data-state-changed', '');
    box.textContent = S.state_changed;
    var main = document.getElementById('main');
    // inside the main landmark, above the page's content
    main.insertBefore(box, main.firstChild);
    emit('stateChanged', {});
  }

  // ---- Home page ----
  /** Per-module progress, the "continue" link and the completion record on the home page. */
  function renderHome() {
    $$('[data-status]').forEach(function (node) {
      var page = PAGES[PAGE_INDEX[node.getAttribute('data-status')]];
      if (!page) return;
      var text = engine.seen(state, PAGE_INDEX[page.id]) ? S.seen : S.not_started;
      var q = page.quiz ? engine.savedQuiz(state, page.quiz) : null;
      if (q && q.n) text = (q.ok ? S.passed : S.failed) + ' (' + say('percent', { n: q.b }) + ')';
      node.textContent = text;
      node.setAttribute('data-state', q && q.ok ? 'passed' : (engine.seen(state, PAGE_INDEX[page.id]) ? 'seen' : 'new'));
    });
    // One way in: «Продолжить» once something was read (to the next step not finished and not out of
    // attempts; none when no such step is left: the completion section says what to do), else «Начать
    // курс»; neither while the offer to resume at the top of the page says the same.
    var resume = $('[data-resume]'), start = $('[data-start]'), next = PAGES[continueAt(true)];
    if (resume && next) {
      var link = $('[data-resume-link]', resume);
      link.href = pageHref(next.id);
      link.textContent = S.continue + ': ' + next.title;
    }
    if (resume) resume.hidden = !next || resumeOffered;
    if (start) start.hidden = state.l > 0 || resumeOffered;
    // The completion section and the certificate: home.js (listening to course:progress).
  }
  // ---- Answers: each kind's controls (the DOM half of engine.js's table of kinds) ----
  /** @param {any} node @returns {string} the values of the checked options, in letter order */
  function checkedValues(node) { return $$('input:checked', node).map(function (i) { return i.value; }).sort().join(''); }
  /** @param {any} node @param {string} response tick exactly the options a response names */
  function checkValues(node, response) { $$('input', node).forEach(function (i) { i.checked = response.indexOf(i.value) >= 0; }); }
  /** @param {any} node @returns {string} the typed text */
  function typedValue(node) { return $('input[type=text]', node).value.trim(); }
  /** @param {any} node @param {string} response */
  function typeValue(node, response) { $('input[type=text]', node).value = response; }
  /**
   * A matching question's picks, one per left-hand item ("2,0,1"), or '' until every row has one.
   * @param {any} node @returns {string}
   */
  function matchedValues(node) {
    var values = matchedSoFar(node);
    return values.some(function (v) { return v === ''; }) ? '' : values.join(',');
  }
  /** A matching question's picks so far, '' for a row without one. @param {any} node @returns {string[]} */
  function matchedSoFar(node) {
    return $$('.match', node).map(function (row) { var r = $('input:checked', row); return r ? r.value : ''; });
  }
  /**
   * What a question holds before it is an answer, to keep as a draft: a matching question's rows
   * matched so far ("2,,1"; it is no answer until every row is), else the response.
   * @param {any} node @param {any} q @returns {string}
   */
  function draftResponse(node, q) {
    if (q.t !== 'matching') return readResponse(node, q);
    var values = matchedSoFar(node);
    return values.some(function (v) { return v !== ''; }) ? values.join(',') : '';
  }
  /** @param {any} node @param {string} response */
  function matchValues(node, response) {
    var values = response.split(',');
    $$('.match', node).forEach(function (row, i) { $$('input', row).forEach(function (r) { r.checked = r.value === values[i]; }); });
  }
  /** @param {any} node @returns {string} the items' original positions in the order shown */
  function orderedValues(node) { return $$('.order-item', node).map(function (li) { return li.getAttribute('data-index'); }).join(','); }
  /** @param {any} node @param {string} response put the items in a saved order */
  function orderValues(node, response) {
    var list = $('[data-order]', node);
    response.split(',').forEach(function (index) {
      var item = $('.order-item[data-index="' + index + '"]', list);
      if (item) list.appendChild(item);
    });
  }
  /** @type {Array<Array<any>>} */ ([['single', checkedValues, checkValues], ['true_false', checkedValues, checkValues], ['multiple', checkedValues, checkValues],
    ['fill_in', typedValue, typeValue], ['numeric', typedValue, typeValue], ['matching', matchedValues, matchValues],
    ['ordering', orderedValues, orderValues],
    ['scenario', function (node) { return node.getAttribute('data-path') || ''; }, function (node, q, r) { replayScenario(node, q, r); }]
  ]).forEach(function (row) {
    var kind = Engine.KINDS[row[0]];
    kind.read = function (node) { return row[1](node); };
    kind.write = row[0] === 'scenario' ? row[2] : function (node, q, response) { row[2](node, response); };
  });
  /**
   * The learner's response to a question as a compact string, or '' when unanswered (also for a
   * kind this runtime has no controls for: its question reads as unanswered, the quiz still works).
   * @param {any} node @param {any} q
   */
  function readResponse(node, q) { var kind = Engine.KINDS[q.t]; return kind && kind.read ? kind.read(node, q) : ''; }
  /** Put a saved response back into a question's inputs. @param {any} node @param {any} q @param {string} response */
  function writeResponse(node, q, response) { var kind = Engine.KINDS[q.t]; if (kind && kind.write) kind.write(node, q, response); }

  // ---- Feedback ----
  /** A number as the interface language writes it ("0,5" in Russian). @param {number} value */
  function localNumber(value) { return String(value).replace('.', DATA.lang === 'ru' ? ',' : '.'); }
  /** Mark a right option with "Правильный ответ" (on its label: CSS reads the mark from there). @param {any} option */
  function markRight(option) {
    option.classList.add('option--correct');
    var label = $('label', option);
    if (label) label.setAttribute('data-mark', S.answer_was);
  }
  /** Per-option marks and feedback of a choice question. @param {any} node @param {any} q @param {string} response @param {any} box */
  function optionFeedback(node, q, response, box) {
    q.o.forEach(function (o) {
      var input = $('input[value="' + o.id + '"]', node);
      var option = input && input.closest('.option');
      if (!option) return;
      if (o.c) markRight(option);
      option.classList.toggle('option--wrong', !o.c && response.indexOf(o.id) >= 0);
      if (!o.f || response.indexOf(o.id) < 0) return;
      var said = el('div', 'feedback__option', o.f);
      // Of several options chosen, each feedback names its own: «Верно…» three times under «Неверно»
      // said nothing of which option each was about (phone audit).
      if (q.t === 'multiple') said.insertBefore(textEl('p', 'feedback__label', optionWords(option)), said.firstChild);
      box.appendChild(said);
    });
  }
  /** An option's words, without its citation markers. @param {any} option @returns {string} */
  function optionWords(option) {
    var label = $('label', option).cloneNode(true);
    $$('.cite, .cite-inline, .footnote-ref', label).forEach(function (/** @type {any} */ mark) { mark.remove(); });
    return label.textContent.replace(/\s+/g, ' ').trim();
  }
  /**
   * A matching answer's rows matched wrongly, marked on the page and named in the feedback: «Неверно»
   * over three rows said nothing of which two were right. @param {any} node @param {any} q
   * @param {string} response @param {any} box
   */
  function wrongPairs(node, q, response, box) {
    var picks = String(response).split(','), wrong = /** @type {string[]} */ ([]);
    $$('.match', node).forEach(function (row, i) {
      var bad = picks[i] !== String(i);
      row.classList.toggle('match--wrong', bad);
      if (bad) wrong.push(q.l[i]);
    });
    if (wrong.length) box.appendChild(textEl('p', 'feedback__answer', S.matched_wrong + ': ' + wrong.join('; ')));
  }
  /**
   * The right answer written out, for a question answered wrongly (a matching one with its wrong rows
   * first). @param {any} node @param {any} q @param {string} response @param {any} box
   */
  function rightAnswer(node, q, response, box) {
    if (q.t === 'fill_in' || q.t === 'numeric') {
      box.appendChild(textEl('p', 'feedback__answer', S.answer_was + ': ' + (q.t === 'fill_in' ? q.a[0] : localNumber(q.a))));
      return;
    }
    var items = q.t === 'matching' ? q.l.map(function (left, i) { return left + ' — ' + q.r[i]; }) : q.t === 'ordering' ? q.i : null;
    if (!items) return;
    if (q.t === 'matching') wrongPairs(node, q, response, box);
    box.appendChild(textEl('p', '', S.answer_was + ':'));
    var list = el(q.t === 'ordering' ? 'ol' : 'ul', 'feedback__answer');
    items.forEach(function (text) { list.appendChild(textEl('li', '', text)); });
    box.appendChild(list);
  }
  /** @param {number} fraction @returns {string} the verdict's word */
  function verdictText(fraction) { return fraction >= 1 ? S.correct : fraction > 0 ? S.partly : S.incorrect; }
  /**
   * Show what a response earned, with per-option feedback and the explanation as the policy allows.
   * @param {any} node @param {any} q @param {string} response @param {number} fraction @param {boolean} reveal
   * @param {boolean=} graded false for an inline practice question (nothing counts there)
   */
  function showFeedback(node, q, response, fraction, reveal, graded) {
    var box = $('[data-feedback]', node);
    box.innerHTML = '';
    var kind = fraction >= 1 ? 'correct' : fraction > 0 ? 'partly' : 'incorrect';
    box.appendChild(textEl('p', 'verdict verdict--' + kind, verdictText(fraction)));
    if (!reveal) return;
    if (q.t === 'scenario') {
      // In a quiz, the steps shown are the answer's: a practice played after its verdict goes (a submit
      // shows the verdict again, and the way back must start from the answer's ending).
      if (graded !== false) replayScenario(node, q, response);
      offerReplay(node, q, graded !== false);
    }
    if (q.o) optionFeedback(node, q, response, box);
    if (q.t === 'true_false') {
      // marked as a choice question's options are: the right one, and the learner's pick when wrong
      $$('input[type=radio]', node).forEach(function (input) {
        var option = input.closest('.option');
        if (input.value === (q.a ? 't' : 'f')) markRight(option);
        else option.classList.toggle('option--wrong', input.value === response);
      });
    }
    if (fraction < 1) rightAnswer(node, q, response, box);
    var general = fraction >= 1 ? q.fc : q.fi;
    if (general) box.appendChild(el('div', 'feedback__general', general));
    if (q.x) {
      var x = el('div', 'feedback__explanation');
      x.appendChild(textEl('p', 'feedback__label', S.explanation));
      x.insertAdjacentHTML('beforeend', q.x);
      box.appendChild(x);
    }
  }
  /** @param {any} q @returns {string} what to say when Check is pressed with nothing chosen */
  function missingText(q) {
    if (q.t === 'multiple') return S.choose_many;
    if (q.o || q.t === 'true_false') return S.choose_one;
    // «Ваш ответ?» under a half-matched list did not say what was missing.
    return q.t === 'matching' ? S.match_all : S.type_answer;
  }
  /** Enable or disable a question's inputs. @param {any} node @param {boolean} locked */
  function setLocked(node, locked) {
    $$('input, select, [data-move], .scenario__choice', node).forEach(function (input) { input.disabled = locked; });
    var check = $('[data-check-answer]', node);
    if (check) check.hidden = locked;
  }
  /** Clear a question's marks, feedback and inputs for a new attempt. @param {any} node @param {any} q */
  function clearQuestion(node, q) {
    $('[data-feedback]', node).innerHTML = '';
    node.classList.remove('question--answered');
    $$('.option', node).forEach(function (o) { o.classList.remove('option--correct', 'option--wrong'); });
    $$('.match', node).forEach(function (row) { row.classList.remove('match--wrong'); });
    $$('[data-mark]', node).forEach(function (l) { l.removeAttribute('data-mark'); });
    $$('input[type=radio], input[type=checkbox]', node).forEach(function (i) { i.checked = false; });
    $$('input[type=text]', node).forEach(function (i) { i.value = ''; });
    if (q.t === 'scenario') replayScenario(node, q, '');
  }
  /**
   * Enter in a typed answer presses the question's button (it is not a form: nothing else would
   * happen). @param {any} node
   */
  function submitOnEnter(node) {
    $$('input[type=text]', node).forEach(function (input) {
      input.onkeydown = function (/** @type {KeyboardEvent} */ event) {
        var check = $('[data-check-answer]', node);
        if (event.key !== 'Enter' || !check || check.hidden) return;
        event.preventDefault();
        check.click();
      };
    });
  }

  // ---- Scenarios ----
  /**
   * Append the step a choice led to, or the end of the scenario.
   * @param {any} node @param {any} q @param {string} stepId @param {function(any, number): void} onChoose
   */
  function appendStep(node, q, stepId, onChoose) {
    var list = $('[data-scenario]', node);
    var step = q.steps[stepId];
    var li = el('li', 'scenario__step');
    li.appendChild(el('div', 'scenario__text', step.h));
    if (!step.end && step.ch.length) {
      var ul = el('ul', 'scenario__choices');
      step.ch.forEach(function (/** @type {any} */ c, /** @type {number} */ i) {
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
      li.appendChild(textEl('p', 'scenario__end', S.scenario_end));
    }
    list.appendChild(li);
    return li;
  }
  /**
   * Make the choice buttons of a step answer the scenario. A property, not addEventListener: the
   * first step outlives attempts, and each retake must replace the handler, never add one more.
   * @param {any} stepNode @param {function(any, number): void} onChoose
   */
  function wireChoices(stepNode, onChoose) {
    $$('.scenario__choice', stepNode).forEach(function (button) {
      button.disabled = false;
      button.onclick = function () { onChoose(stepNode, +button.getAttribute('data-choice')); };
    });
  }
  /** Undo settleChoice on a step: no reply chosen, no feedback (nor a replay's note). @param {any} stepNode */
  function clearStep(stepNode) {
    $$('.scenario__choice', stepNode).forEach(function (b) { b.classList.remove('scenario__choice--chosen'); b.removeAttribute('aria-pressed'); });
    $$('.scenario__feedback, .scenario__practice', stepNode).forEach(function (f) { f.remove(); });
  }
  /** Mark the chosen reply, show its feedback, lock the step. @param {any} stepNode @param {number} choice @param {any} c */
  function settleChoice(stepNode, choice, c) {
    $$('.scenario__choice', stepNode).forEach(function (b, i) {
      b.disabled = true;
      if (i === choice) { b.classList.add('scenario__choice--chosen'); b.setAttribute('aria-pressed', 'true'); }
    });
    if (c.f) stepNode.appendChild(el('div', 'scenario__feedback', c.f));
  }
  /**
   * Rebuild a scenario from a saved path; the step it reaches.
   * @param {any} node @param {any} q @param {string} path @returns {string}
   */
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
    return stepId;
  }
  /**
   * Once a scenario's verdict is shown, its ending offers to go back a step and choose another reply:
   * a wrong first reply ended the story before its main part (the Ivan case of module 10), and the
   * quiz could only be retaken whole. What is chosen then is practice: shown with its comments, never
   * saved, scored or sent (the answer stays the path on the node's data-path); a reload shows the
   * answer again. `graded`: in a quiz, whose verdict the practice note says it leaves as it is.
   * @param {any} node @param {any} q @param {boolean} graded
   */
  function offerReplay(node, q, graded) {
    var path = (node.getAttribute('data-path') || '').split('.').filter(Boolean).map(Number);
    var list = $('[data-scenario]', node);
    /** @param {any} endNode */
    function addBack(endNode) {
      if (!path.length) return;
      var back = textEl('button', 'button scenario__replay', S.scenario_replay);
      back.type = 'button';
      back.onclick = goBack;
      endNode.appendChild(back);
    }
    function goBack() {
      var steps = $$('.scenario__step', list);
      steps.pop().remove();
      path.pop();
      var stepNode = steps[steps.length - 1];
      var stepId = path.reduce(function (at, choice) { return q.steps[at].ch[choice].n; }, q.start);
      clearStep(stepNode);
      wireChoices(stepNode, function (chosenIn, choice) { choose(chosenIn, stepId, choice); });
      var note = graded ? textEl('p', 'scenario__practice', S.scenario_practice) : null;
      if (note) stepNode.insertBefore(note, stepNode.firstChild);
      else $('[data-feedback]', node).innerHTML = '';  // (an inline question's verdict was the path's that goes)
      focusOn(note || stepNode);
    }
    /** @param {any} stepNode @param {string} stepId @param {number} choice */
    function choose(stepNode, stepId, choice) {
      path.push(choice);
      var reply = takeReply(node, q, stepNode, stepId, choice, function (chosenIn, i) { choose(chosenIn, reply.nextId, i); });
      if (reply.ended && !graded) {
        // (an inline practice question: the path played now is the one its verdict is about)
        practiceVerdict(node, q, path.join('.'));
        announce(reply.told);
        return;
      }
      if (reply.ended) addBack(reply.next);
      tellReply(reply);
    }
    $$('.scenario__replay', list).forEach(function (b) { b.remove(); });
    addBack($$('.scenario__step', list).pop());
  }
  /**
   * A reply chosen at a step: marked, its comment shown, the step it leads to appended (`onChoose`
   * answers that step's replies). What a screen reader is to hear of it: `situation`, the step it
   * led to (after the comment, where focus lands); `told`, both, where focus goes to a verdict.
   * @param {any} node @param {any} q @param {any} stepNode @param {string} stepId @param {number} choice
   * @param {function(any, number): void} onChoose
   */
  function takeReply(node, q, stepNode, stepId, choice, onChoose) {
    var c = q.steps[stepId].ch[choice], nextId = c.n, step = q.steps[nextId];
    settleChoice(stepNode, choice, c);
    var ended = step.end || !step.ch.length;
    var situation = [plainText(step.h), ended ? S.scenario_end : ''].join(' ').trim();
    return { nextId: nextId, ended: ended, next: appendStep(node, q, nextId, onChoose), situation: situation,
      comment: c.f ? $('.scenario__feedback', stepNode) : null, told: ((c.f ? plainText(c.f) : '') + ' ' + situation).trim() };
  }
  /** Focus on a reply's comment (without one: the step it led to), and say the situation after it. @param {any} reply */
  function tellReply(reply) {
    focusOn(reply.comment || reply.next);
    if (reply.comment) announce(reply.situation);
  }
  /** The plain text of build-made HTML (a choice's feedback), for the live summary. @param {string} html */
  function plainText(html) { var box = el('div', '', html); return box.textContent.trim(); }
  /**
   * Play a scenario: each choice appends its comment and the next step. A screen reader hears each
   * once, in story order: focus reads the comment, then the live region the situation it leads to
   * (a choice without a comment: focus reads the next step, its replies included). `done(path)` at an
   * end step; it returns true where it moved focus to a verdict, which is then said first and the
   * story's end after it.
   * `begun`: the choices made before, when the learner left the scenario half played (a reload):
   * they are shown again and the play goes on from the step they lead to. `progress(path)` after each
   * choice that does not end the scenario: it is saved, so that no choice is lost, or made again.
   * @param {any} node @param {any} q @param {function(string): boolean} done
   * @param {function(string): void} progress @param {string} begun (checked: `leadsOn`)
   */
  function playScenario(node, q, done, progress, begun) {
    var stepId = q.start;
    var path = /** @type {number[]} */ ([]);
    var stepNode = $('.scenario__step', node);
    if (begun) {
      stepId = replayScenario(node, q, begun);
      path = begun.split('.').map(Number);
      stepNode = $$('.scenario__step', node).pop();
    }
    /** @param {any} stepNode @param {number} choice */
    function choose(stepNode, choice) {
      path.push(choice);
      node.setAttribute('data-path', path.join('.'));
      var reply = takeReply(node, q, stepNode, stepId, choice, choose);
      stepId = reply.nextId;
      if (!reply.ended) progress(path.join('.'));
      if (reply.ended && done(path.join('.'))) announce(reply.told);
      else tellReply(reply);
    }
    wireChoices(stepNode, choose);
  }
  /**
   * Whether a saved path is `q`'s own and stops at a step with replies to choose from (a republished
   * scenario may have other steps). @param {any} q @param {string} path @returns {boolean}
   */
  function leadsOn(q, path) {
    var stepId = q.start;
    var valid = path.split('.').every(function (choice) {
      var step = q.steps[stepId], c = step && !step.end && step.ch[+choice];
      if (c) stepId = c.n;
      return !!c;
    });
    return valid && !!q.steps[stepId] && !q.steps[stepId].end && q.steps[stepId].ch.length > 0;
  }

  // ---- Ordering ----
  /** @param {any} item @returns {string} an ordering item's text, for button names and announcements */
  function itemText(item) { return $('.order-item__text', item).textContent.trim(); }
  /**
   * Up/down buttons (named after their item by the template) move an item; focus stays on the
   * pressed button, which moves with its item, and the new place is said. @param {any} node
   */
  function wireOrdering(node) {
    $$('[data-move]', node).forEach(function (button) {
      button.onclick = function () {
        // a property: wired again on every attempt, it must replace, not add
        var item = button.closest('.order-item');
        var list = item.parentNode;
        if (button.getAttribute('data-move') === '-1' && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
        else if (button.getAttribute('data-move') === '1' && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
        button.focus();
        // focus() does not scroll to an element that has it already: the button moved with its item
        button.scrollIntoView({ block: 'nearest' });
        var items = $$('.order-item', list);
        announce(say('moved_to', { item: itemText(item), n: items.indexOf(item) + 1, total: items.length }));
        node.dispatchEvent(new Event('change', { bubbles: true }));
      };
    });
  }
  // ---- Quiz controller ----
  /**
   * Wire one quiz section: draw, restore, check, submit, retry. A quiz with immediate feedback
   * locks each question when checked (its feedback shows the answer); any other (a final) keeps
   * every answer open until «Завершить тест», which asks first and names what is unanswered.
   * @param {any} section
   */
  function Quiz(section) {
    var quizId = section.getAttribute('data-quiz');
    var quiz = DATA.quizzes[quizId];
    if (!quiz) return;
    var qs = engine.quizState(state, quizId);
    liveQuizzes[String(engine.quizIds.indexOf(quizId))] = true;
    var nodes = /** @type {Object<string, any>} */ ({});
    $$('li.question', section).forEach(function (li) { nodes[li.getAttribute('data-q')] = li; });
    var drawn = /** @type {number[]} */ ([]);
    var shownAt = /** @type {Object<string, number>} */ ({}), answeredAt = /** @type {Object<string, number>} */ ({});
    var deferred = quiz.fb !== 'immediate';
    // The final (a quiz of no module) reports objectives under its own ids, so its results never
    // overwrite what the module quizzes recorded for the same learning objectives.
    var objectiveContext = quiz.module ? '' : quizId + '.';
    var page = section.closest ? section.closest('section.page') : null;
    var paged = quiz.ops ? PagedQuiz(section, function () { return drawn.map(nodeAt); }, statusOf) : null;
    // Latency counts from when the question is on screen: the quiz's page entered (every quiz of a
    // one-document course is wired at launch, long before the learner reaches it).
    document.addEventListener('course:page', function (event) {
      if (page && page.getAttribute('data-page') !== /** @type {CustomEvent} */ (event).detail.page) return;
      drawn.forEach(function (bankIndex) { var id = quiz.bank[bankIndex]; if (qs.r[String(bankIndex)] === undefined) shownAt[id] = Date.now(); });
    });

    /** @param {number} bankIndex @returns {any} */
    function nodeAt(bankIndex) { return nodes[quiz.bank[bankIndex]]; }
    /** @param {number} bankIndex @returns {any} */
    function questionAt(bankIndex) { return DATA.questions[quiz.bank[bankIndex]]; }
    /** @param {boolean} afterSubmit @returns {boolean} whether feedback may show the right answers now */
    function reveals(afterSubmit) {
      if (quiz.fb === 'never') return false;
      if (quiz.fb === 'immediate') return true;
      if (quiz.fb === 'on_submit') return afterSubmit;
      return afterSubmit && qs.s >= quiz.pass;
    }
    /** A question's state in a list of questions (one-per-screen overview). @param {number} position */
    function statusOf(position) {
      var bankIndex = drawn[position], response = qs.r[String(bankIndex)];
      if (response === undefined) return S.status_unanswered;
      if (!qs.fin || !reveals(true)) return S.status_answered;
      return verdictText(scoreOf(questionAt(bankIndex), response));
    }
    function layout() {
      drawn = engine.draw(quiz, qs.sd, qs.x);
      var list = $('.quiz__questions', section);
      quiz.bank.forEach(function (id) { nodes[id].hidden = true; });
      drawn.forEach(function (bankIndex, n) {
        var node = nodeAt(bankIndex);
        node.hidden = false;
        list.appendChild(node);
        $('[data-q-number]', node).textContent = say('question_n', { n: n + 1, total: drawn.length }) + '. ';
        if (quiz.shuffle) shuffleOptions(node, qs.sd + bankIndex);
      });
    }
    /** @param {any} node @param {number} seed */
    function shuffleOptions(node, seed) {
      var box = $('.q__options', node);
      if (!box) return;
      Engine.shuffled($$('.option', box), Engine.prng(seed)).forEach(function (o) { box.appendChild(o); });
    }
    /** Keep a response in the state ('' forgets it). @param {number} bankIndex @param {string} response */
    function keep(bankIndex, response) {
      if (response === '') { delete qs.r[String(bankIndex)]; return; }
      qs.r[String(bankIndex)] = engine.storedResponse(questionAt(bankIndex), response);
      answeredAt[quiz.bank[bankIndex]] = Date.now();
    }
    /** Send one answered question to the LMS. @param {number} bankIndex @param {string} response */
    function sendRecord(bankIndex, response) {
      var id = quiz.bank[bankIndex], q = questionAt(bankIndex);
      var context = q.quiz === quizId ? '' : quizId + '.';
      var latency = (answeredAt[id] || Date.now()) - (shownAt[id] || answeredAt[id] || Date.now());
      var entry = engine.interactionRecord(id, q, response, scoreOf(q, response), latency, context, objectiveContext);
      /** @type {any} */ (entry).final = !quiz.module;
      adapter.interaction(entry);
    }
    /** Immediate feedback: score, lock, show and say the verdict, record. @param {number} bankIndex @param {string} response */
    function answerNow(bankIndex, response) {
      var node = nodeAt(bankIndex), q = questionAt(bankIndex);
      var fraction = scoreOf(q, response);
      keep(bankIndex, response);
      forgetDraft(bankIndex);
      setLocked(node, true);
      node.classList.add('question--answered');
      showFeedback(node, q, response, fraction, reveals(false));
      sendRecord(bankIndex, response);
      persist();
      focusOn($('[data-feedback]', node));  // (which says the verdict: see focusOn)
      emit('answer', { quiz: quizId, question: quiz.bank[bankIndex], response: response, fraction: fraction });
      updateActions();
    }
    /**
     * Deferred feedback: keep the answer, leave it open to change until submit, and say it is kept.
     * `loud` (the button, not a change event) also moves focus there. `typed`: the change of a text
     * field, which comes when the learner taps elsewhere (the line is not written then).
     * @param {number} bankIndex @param {boolean} loud @param {boolean=} typed
     */
    function saveOpen(bankIndex, loud, typed) {
      var node = nodeAt(bankIndex), q = questionAt(bankIndex);
      var response = readResponse(node, q);
      keep(bankIndex, response);
      // (rows matched so far, no answer yet: kept in this tab, as a quiz checked at once keeps them;
      // the final's half-matched question was gone after a reload)
      if (response) forgetDraft(bankIndex); else keepDraft(bankIndex);
      node.classList.toggle('question--answered', response !== '');
      persist();
      emit('answer', { quiz: quizId, question: quiz.bank[bankIndex], response: response, fraction: null });
      var box = $('[data-feedback]', node);
      // A choice is kept as it is made, and the page says so (not a live region: focus stays on the
      // choice, and arrowing through a group's options says nothing each time). Not a text field's:
      // its change comes with the tap on «Завершить тест» below, which the line would push away.
      if (!loud) { if (!typed) box.textContent = response ? S.answer_saved : ''; return; }
      box.textContent = response ? S.answer_saved : missingText(q);
      focusOn(box);
    }
    /** @param {number} bankIndex */
    function wireQuestion(bankIndex) {
      var node = nodeAt(bankIndex), q = questionAt(bankIndex);
      shownAt[quiz.bank[bankIndex]] = Date.now();
      setLocked(node, false);
      if (q.t === 'ordering') wireOrdering(node);
      if (q.t === 'scenario') {
        var key = String(bankIndex), begun = qs.p && qs.p[key] || '';
        if (begun && !leadsOn(q, begun)) { forgetBegun(key); begun = ''; }
        playScenario(node, q, function (path) {
          forgetBegun(key);
          if (deferred) { scenarioDone(bankIndex, path); return false; }
          answerNow(bankIndex, path);
          return true;
        }, function (path) { (qs.p = qs.p || {})[key] = path; persist(); }, begun);
        return;
      }
      submitOnEnter(node);
      var check = $('[data-check-answer]', node);
      check.hidden = false;
      if (!deferred && q.t !== 'ordering') node.oninput = node.onchange = function () { keepDraft(bankIndex); };
      if (deferred) {
        check.textContent = S.save_answer;
        node.onchange = function (/** @type {Event} */ event) {
          var field = /** @type {HTMLInputElement} */ (event.target);
          saveOpen(bankIndex, false, field.tagName === 'TEXTAREA' || /^(text|number|search)$/.test(field.type));
        };
      }
      check.onclick = function () {
        if (deferred) { saveOpen(bankIndex, true); return; }
        var response = readResponse(node, q);
        if (!response) { var box = $('[data-feedback]', node); box.textContent = missingText(q); focusOn(box); return; }
        answerNow(bankIndex, response);
      };
    }
    // ---- Drafts: what a question of a checked-at-once quiz holds before «Проверить» ----
    // Kept in this tab (sessionStorage) and put back after a reload or a way back to the page: a learner
    // who had chosen an answer and matched four pairs lost them all (phone audit). Not the learner's
    // record: the LMS gets an answer once it is checked.
    /** @param {number} bankIndex @returns {string} */
    function draftKey(bankIndex) { return 'course:' + DATA.id + ':draft:' + quizId + ':' + quiz.bank[bankIndex]; }
    /** @param {number} bankIndex */
    function keepDraft(bankIndex) {
      try {
        var response = draftResponse(nodeAt(bankIndex), questionAt(bankIndex));
        if (response) window.sessionStorage.setItem(draftKey(bankIndex), response);
        else window.sessionStorage.removeItem(draftKey(bankIndex));
      } catch (e) { /* storage off: nothing kept */ }
    }
    /** @param {number} bankIndex */
    function forgetDraft(bankIndex) { try { window.sessionStorage.removeItem(draftKey(bankIndex)); } catch (e) { /* off */ } }
    /** @param {number} bankIndex */
    function restoreDraft(bankIndex) {
      try {
        var draft = window.sessionStorage.getItem(draftKey(bankIndex));
        if (draft) writeResponse(nodeAt(bankIndex), questionAt(bankIndex), draft);
      } catch (e) { forgetDraft(bankIndex); }  // (a question republished since may not take it)
    }
    /** Forget the choices kept of a scenario begun (it ended, or they lead nowhere now). @param {string} key */
    function forgetBegun(key) {
      if (!qs.p) return;
      delete qs.p[key];
      if (!Object.keys(qs.p).length) delete qs.p;
    }
    /** A scenario played to its end in a deferred quiz: kept (a path cannot be changed). @param {number} bankIndex @param {string} path */
    function scenarioDone(bankIndex, path) {
      keep(bankIndex, path);
      nodeAt(bankIndex).classList.add('question--answered');
      persist();
    }
    /**
     * The attempts line: always what is left now, never the count from when the page was drawn; and,
     * between attempts (a retry, or a quiz republished since), the best result kept, which the page
     * showed nowhere else: a learner who had passed saw a blank quiz and took it again.
     */
    function renderAttempts() {
      var line = $('[data-attempts]', section);
      if (!line) return;
      line.textContent = quiz.att ? say('attempts_left', { n: engine.attemptsLeft(quiz, qs) }) : S.attempts_unlimited;
      // (a best of 0 % is no news)
      if (qs.n && !qs.fin && qs.b > 0) line.textContent += '. ' + bestKept();
    }
    /**
     * The final failed: the modules whose objectives its wrong or missing answers assess, to read
     * again before the next attempt (the final shows no right answers until it is passed: a retake
     * draws unshown questions first, but a third may meet some again). Links where the pages are one
     * course; names in a per-module SCO.
     */
    function modulesToReview() {
      var wrong = {}, modules = PAGES.filter(function (p) { return p.kind === 'module'; });
      drawn.forEach(function (bankIndex) {
        var q = questionAt(bankIndex), response = qs.r[String(bankIndex)];
        if (response === undefined || scoreOf(q, response) < 1) {
          Engine.objectivesOf(q).forEach(function (id) { wrong[id] = (wrong[id] || 0) + 1; });
        }
      });
      // The modules most missed first (a near pass listed eight of twelve in course order: where to start?)
      var missed = modules.map(function (page, i) {
        return { page: page, n: i + 1, misses: (page.objs || []).reduce(function (sum, id) { return sum + (wrong[id] || 0); }, 0) };
      }).filter(function (m) { return m.misses; }).sort(function (a, b) { return b.misses - a.misses || a.n - b.n; });
      var box = el('div', 'result__review'), list = el('ul', '');
      box.appendChild(textEl('p', '', S.review_modules));
      missed.forEach(function (m) {
        var page = m.page, name = say('review_module', { n: m.n, title: page.title }), item = el('li', '');
        if (DATA.mode === 'sco') item.textContent = name;
        else { var link = textEl('a', '', name); link.href = pageHref(page.id); item.appendChild(link); }
        list.appendChild(item);
      });
      box.appendChild(list);
      return list.children.length ? box : null;
    }
    /** «Ваш лучший результат сохранён: Тест сдан (100%)». */
    function bestKept() { return say('best_kept', { result: (qs.ok ? S.passed : S.failed) + ' (' + say('percent', { n: qs.b }) + ')' }); }
    function updateActions() {
      $('[data-submit]', section).hidden = !!qs.fin || engine.attemptsLeft(quiz, qs) === 0;
      $('[data-retry]', section).hidden = !qs.fin || engine.attemptsLeft(quiz, qs) === 0;
      var next = $('[data-quiz-next]', section);
      if (next) next.hidden = !qs.ok;
      renderAttempts();
      placeResult();
    }
    /**
     * The final's result, and what can be done next, come before its questions once an attempt is
     * closed: a learner who came back to the page met 20 answered questions and found the result at
     * the foot of a 24,000-pixel page (phone audit). Under the questions again for a new attempt,
     * where «Завершить тест» ends it. A module's quiz keeps them under its questions (its step's end).
     */
    function placeResult() {
      if (quiz.module || paged) return;  // (one question a screen: the pager and overview keep their places)
      var list = $('.quiz__questions', section), result = $('[data-result]', section), actions = $('.quiz__actions', section);
      if (!list || !result || !actions) return;
      // (compared as elements: the whitespace between them made every call move them again)
      var placed = qs.fin ? result.nextElementSibling === actions && actions.nextElementSibling === list
        : list.nextElementSibling === result && result.nextElementSibling === actions;
      if (placed) return;
      var parent = list.parentNode, after = qs.fin ? list : list.nextSibling;
      parent.insertBefore(result, after);
      parent.insertBefore(actions, after);
    }
    /** In a deferred quiz, what the controls hold now is the answer (a learner need not press Save). */
    function captureOpenAnswers() {
      if (!deferred || qs.fin) return;
      // A scenario is kept when played to its end, an ordering when moved (untouched, it would
      // read as an answer the learner never gave): both through their own events.
      drawn.forEach(function (bankIndex) {
        var t = questionAt(bankIndex).t;
        if (t !== 'scenario' && t !== 'ordering') keep(bankIndex, readResponse(nodeAt(bankIndex), questionAt(bankIndex)));
      });
    }
    /** «Завершить тест»: finish at once only when nothing is at stake; otherwise ask first. */
    function requestSubmit() {
      captureOpenAnswers();
      var missing = engine.unanswered(drawn, qs.r);
      if (!missing.length && !quiz.att) { finish(); return; }
      askToSubmit(section, {
        missing: missing.map(function (position) { return { position: position, node: nodeAt(drawn[position]) }; }),
        total: drawn.length,
        left: quiz.att ? engine.attemptsLeft(quiz, qs) - 1 : null,
        rule: attemptsRule(quiz),
        show: paged ? paged.show : function () {},
        confirm: finish
      });
    }
    function finish() {
      closeConfirm(section);
      captureOpenAnswers();
      var result = engine.attemptScore(quiz, drawn, qs.r);
      engine.closeAttempt(quiz, qs, result.score);
      drawn.forEach(function (bankIndex) { settleAfterSubmit(bankIndex, true); });
      adapter.quizResult(quizId, result.score, result.score >= quiz.pass);
      adapter.objectives(engine.objectiveScores(quiz, drawn, qs.r, objectiveContext), quiz.pass, !quiz.module);
      var box = showResult(result);
      reportProgress();
      persist();
      if (paged) paged.overview();
      focusOn(box);
      emit('quizResult', { quiz: quizId, score: result.score, passed: result.score >= quiz.pass });
    }
    /**
     * Record an answer of a copy the LMS did not have: its attempt (the seed draws it) was not in the
     * LMS's state, or not this answer, or (recorded at submit) not submitted. An attempt the LMS
     * holds finished had every answer recorded by then, whatever its text kept of them; one whose
     * answers a shortened text lost (engine serialise) may have had them recorded: neither is sent
     * again (a row missing rather than one twice). Its time is now's, its latency unknown (0).
     * @param {number} bankIndex @param {any} held the LMS's state of the quiz
     */
    function recordUnlessHeld(bankIndex, held) {
      var i = String(bankIndex), response = qs.r[i];
      if (response === undefined) return;
      var sameAttempt = !!held && held.sd === qs.sd;
      if (sameAttempt && (held.fin || held.shortened && !deferred && !Object.keys(held.r).length)) return;
      if (sameAttempt && held.r[i] === response && !deferred) return;
      sendRecord(bankIndex, response);
    }
    /** A question of a closed attempt: locked, recorded if deferred (on submit, not on restore), feedback shown.
     * @param {number} bankIndex @param {boolean=} submitted */
    function settleAfterSubmit(bankIndex, submitted) {
      var node = nodeAt(bankIndex), q = questionAt(bankIndex), response = qs.r[String(bankIndex)];
      setLocked(node, true);
      if (response === undefined) { $('[data-feedback]', node).textContent = S.status_unanswered; return; }
      if (deferred && submitted) sendRecord(bankIndex, response);
      showFeedback(node, q, response, scoreOf(q, response), reveals(true));
    }
    /**
     * The score, and what next: another attempt, or (none left) the course's rule and a way back
     * to the material, never a dead end. @param {{points: number, max: number, score: number}} result
     */
    function showResult(result) {
      var box = $('[data-result]', section);
      box.innerHTML = '';
      var passed = qs.s >= quiz.pass;
      box.appendChild(textEl('p', 'result ' + (passed ? 'result--passed' : 'result--failed'),
        (passed ? S.result_passed : say('result_failed', { score: quiz.pass })) + '. ' +
        say('score', { score: qs.s, points: localNumber(result.points),
          max: localNumber(result.max) })));
      // A retake that went worse than an earlier attempt loses nothing: say so beside its result.
      if (qs.b > qs.s) box.appendChild(textEl('p', 'result__best', bestKept()));
      if (quiz.att && !passed) box.appendChild(textEl('p', 'result__attempts', say('attempts_left', { n: engine.attemptsLeft(quiz, qs) })));
      if (quiz.att && engine.attemptsLeft(quiz, qs) === 0 && !qs.ok) box.appendChild(outOfAttempts());
      var review = !quiz.module && !passed ? modulesToReview() : null;
      if (review) box.appendChild(review);
      updateActions();
      return box;
    }
    /** What happens when no attempt is left: the course's rule, and the way back to the material. */
    function outOfAttempts() {
      var note = el('div', 'result__next');
      note.setAttribute('data-out-of-attempts', '');
      note.appendChild(textEl('p', 'result__rule', S.no_attempts + '. ' + attemptsRule(quiz)));
      // A per-module SCO holds no other page: back to its own first lesson (the final's SCO has none).
      var first = $('.module__body > .lesson');
      var href = DATA.mode === 'onedoc' ? '#index' : DATA.mode !== 'sco' ? 'index.html' : first ? '#' + first.id : '';
      if (href) {
        var back = textEl('a', 'button', S.review_course);
        back.href = href;
        note.appendChild(back);
      }
      return note;
    }
    /** @param {number} bankIndex put a saved answer back on the page */
    function restoreAnswer(bankIndex) {
      var node = nodeAt(bankIndex), q = questionAt(bankIndex), saved = qs.r[String(bankIndex)];
      if (saved === undefined) {
        if (qs.fin) { settleAfterSubmit(bankIndex); return; }
        wireQuestion(bankIndex);
        restoreDraft(bankIndex);
        return;
      }
      writeResponse(node, q, saved);
      node.classList.add('question--answered');
      if (qs.fin) { settleAfterSubmit(bankIndex); return; }
      if (deferred && q.t !== 'scenario') {
        wireQuestion(bankIndex);
        $('[data-feedback]', node).textContent = S.answer_saved;  // after a reload too, as when it was chosen
        return;
      }
      setLocked(node, true);
      // A finished scenario of a deferred quiz says only that it is kept: the verdict waits for submit.
      if (deferred) $('[data-feedback]', node).textContent = S.answer_saved;
      else showFeedback(node, q, saved, scoreOf(q, saved), reveals(false));
    }
    /** @param {boolean} fresh a new attempt (new draw, no answers) rather than the saved one */
    function startAttempt(fresh) {
      if (fresh) {
        engine.restartAttempt(qs, quiz);
        quiz.bank.forEach(function (id, bankIndex) { clearQuestion(nodes[id], DATA.questions[id]); forgetDraft(bankIndex); });
        $('[data-result]', section).innerHTML = '';
      }
      layout();
      drawn.forEach(restoreAnswer);
      if (qs.fin) showResult(engine.attemptScore(quiz, drawn, qs.r));
      updateActions();
      if (paged) { if (qs.fin) paged.overview(); else paged.show(0); }
      if (fresh) persist();
    }
    $('[data-submit]', section).addEventListener('click', requestSubmit);
    $('[data-retry]', section).addEventListener('click', function () {
      startAttempt(true);
      focusOn($('li.question:not([hidden])', section));
    });
    try { startAttempt(false); } catch (e) {
      // Saved answers that pass the checks yet cannot be shown: this quiz starts afresh, the others keep theirs.
      warn('saved answers of quiz ' + quizId + ' could not be restored; it starts afresh', e);
      startAttempt(true);
    }
    // A copy this browser kept (answers the LMS never got) was added at launch: what the LMS would
    // have recorded with them goes now. Each answer its state did not hold, as an interaction (where
    // answers are recorded at submit, once its attempt is submitted); a finished attempt's results
    // per objective (the LMS keeps the best).
    var key = String(engine.quizIds.indexOf(quizId));
    if (quizzesFromCopy[key]) {
      if (qs.fin || !deferred) drawn.forEach(function (bankIndex) { recordUnlessHeld(bankIndex, heldByLms[key]); });
      if (qs.fin && qs.n > 0 && Object.keys(qs.r).length) {
        adapter.objectives(engine.objectiveScores(quiz, drawn, qs.r, objectiveContext), quiz.pass, !quiz.module);
      }
    }
  }

  /**
   * What a learner can do once no attempt is left: the quiz's own words, else ask whoever runs the
   * course, where an LMS keeps the record. A copy without one (the site, the single file, a package
   * opened from disk) has nobody who could open another attempt, and says so; where the LMS refused
   * the session, the attempts never reached it; where the browser keeps nothing, a reload starts over.
   * @param {any} quiz
   */
  function attemptsRule(quiz) {
    if (quiz.ooa) return quiz.ooa;
    if (lmsRefused) return S.out_of_attempts_refused;
    if (adapter.name !== 'local') return S.out_of_attempts;
    return storageNone ? S.out_of_attempts_unsaved : S.out_of_attempts_local;
  }

  // ---- Submitting: the confirmation ----
  /** Remove a quiz's confirmation panel, if open. @param {any} section */
  function closeConfirm(section) { var open = $('[data-confirm]', section); if (open) open.remove(); }
  /** The first control of a question that takes input, else the question itself. @param {any} node */
  function firstControl(node) { return $('input:not([disabled]), button:not([disabled]):not([hidden])', node) || node; }
  /**
   * Ask before an attempt is used: which questions have no answer (links that take the learner
   * there), and how many attempts will be left. With nothing answered there is nothing to submit:
   * the panel only leads back to the questions, so taps on «Завершить тест» never use attempts up.
   * @param {any} section
   * `ask.rule`: what happens when no attempt is left, said before the last one is used.
   * @param {{missing: {position: number, node: any}[], total: number, left: number|null, rule: string,
   *   show: function(number): void, confirm: function(): void}} ask
   */
  function askToSubmit(section, ask) {
    closeConfirm(section);
    var panel = el('div', 'quiz__confirm');
    panel.setAttribute('data-confirm', '');
    panel.setAttribute('role', 'group');
    var title = textEl('p', 'quiz__confirm-title', S.confirm_title);
    title.id = section.id + '-confirm';
    panel.setAttribute('aria-labelledby', title.id);
    panel.appendChild(title);
    // Only an attempt-limited quiz refuses an empty attempt: elsewhere nothing is at stake.
    var nothing = ask.missing.length === ask.total && ask.left !== null;
    panel.appendChild(textEl('p', '', nothing ? S.none_answered : ask.missing.length
      ? say('confirm_unanswered', { questions: plural(ask.missing.length, 'questions') }) : S.confirm_all_answered));
    if (ask.missing.length) panel.appendChild(unansweredLinks(section, ask));
    if (ask.left !== null && !nothing) panel.appendChild(textEl('p', '', say('confirm_attempts', { n: ask.left })));
    if (ask.left === 0 && !nothing) panel.appendChild(textEl('p', 'quiz__confirm-rule', ask.rule));
    panel.appendChild(confirmButtons(section, ask, nothing));
    // Escape within it is «Вернуться к вопросам», as Escape closes the contents and a term's box.
    panel.addEventListener('keydown', function (/** @type {KeyboardEvent} */ event) {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      /** @type {any} */ ($('[data-confirm-cancel]', panel)).click();
    });
    $('.quiz__actions', section).insertAdjacentElement('afterend', panel);
    focusOn(title);
    // (the title says itself where focus lands)
    announce($$('p', panel).filter(function (p) { return p !== title; }).map(function (p) { return p.textContent; }).join(' '));
  }
  /** Links to the unanswered questions; following one closes the panel and focuses the question. @param {any} section @param {any} ask */
  function unansweredLinks(section, ask) {
    var list = el('ul', 'quiz__unanswered');
    ask.missing.forEach(function (/** @type {{position: number, node: any}} */ m) {
      var link = textEl('a', '', say('question_link', { n: m.position + 1 }));
      link.href = '#' + m.node.id;
      link.setAttribute('data-unanswered', String(m.position));
      link.onclick = function (/** @type {Event} */ event) {
        // the one-document course routes hashes to pages
        event.preventDefault();
        closeConfirm(section);
        ask.show(m.position);
        m.node.scrollIntoView({ block: 'start' });
        firstControl(m.node).focus();
      };
      var item = el('li'); item.appendChild(link); list.appendChild(item);
    });
    return list;
  }
  /** «Да, завершить тест» (unless nothing is answered) and «Вернуться к вопросам». @param {any} section @param {any} ask @param {boolean} nothing */
  function confirmButtons(section, ask, nothing) {
    var row = el('div', 'quiz__confirm-actions');
    if (!nothing) {
      var yes = textEl('button', 'button button--primary', S.confirm_yes);
      yes.type = 'button';
      yes.setAttribute('data-confirm-submit', '');
      yes.onclick = ask.confirm;
      row.appendChild(yes);
    }
    var back = textEl('button', 'button', S.confirm_back);
    back.type = 'button';
    back.setAttribute('data-confirm-cancel', '');
    back.onclick = function () {
      closeConfirm(section);
      var target = ask.missing.length ? ask.missing[0] : null;
      if (target) { ask.show(target.position); firstControl(target.node).focus(); } else focusOn($('[data-submit]', section));
    };
    row.appendChild(back);
    return row;
  }

  // ---- One question per screen ----
  /**
   * A quiz shown one question at a time (`one_per_screen` in its YAML): Back and Next, and after the
   * last question an overview that lists every question with its state and jumps to it; after
   * submit the same list is the results page. Every question stays in the page (and in print).
   * @param {any} section @param {function(): any[]} shownNodes @param {function(number): string} statusOf
   */
  function PagedQuiz(section, shownNodes, statusOf) {
    section.classList.add('quiz--paged');
    var bar = el('nav', 'quiz__pager');
    bar.setAttribute('aria-label', S.questions_nav);
    var prev = textEl('button', 'button', S.prev_question); prev.type = 'button'; prev.setAttribute('data-prev', '');
    var where = textEl('span', 'quiz__where', '');
    var next = textEl('button', 'button', S.next_question); next.type = 'button'; next.setAttribute('data-next', '');
    bar.appendChild(prev); bar.appendChild(where); bar.appendChild(next);
    var overviewBox = el('div', 'quiz__overview');
    overviewBox.setAttribute('data-overview', '');
    // Under the quiz's own heading, or under the page's where the page is the quiz (the final); a
    // heading inside a question's text is not the quiz's.
    var overviewLevel = section.querySelector(':scope > h2') ? 'h3' : 'h2';
    $('.quiz__questions', section).insertAdjacentElement('afterend', bar);
    // After the score: on the results page the score comes first, then every question.
    $('[data-result]', section).insertAdjacentElement('afterend', overviewBox);
    var at = 0;
    /** Show the question at a position (the count shows the overview). @param {number} position */
    function show(position) {
      var shown = shownNodes();
      at = Math.max(0, Math.min(position, shown.length));
      shown.forEach(function (node, i) { node.toggleAttribute('data-current', i === at); });
      overviewBox.hidden = at < shown.length;
      if (at === shown.length) renderOverview(shown);
      where.textContent = at < shown.length ? say('question_n', { n: at + 1, total: shown.length }) : S.overview_title;
      prev.disabled = at === 0;
      // the list is the last screen
      next.hidden = at === shown.length;
      next.textContent = at === shown.length - 1 ? S.to_overview : S.next_question;
    }
    /** @param {any[]} shown */
    function renderOverview(shown) {
      overviewBox.innerHTML = '';
      var heading = textEl(overviewLevel, 'quiz__overview-title', S.overview_title);
      overviewBox.appendChild(heading);
      var list = el('ol', 'quiz__overview-list');
      shown.forEach(function (node, i) {
        var link = textEl('a', '', say('question_n', { n: i + 1, total: shown.length }) + ' — ' + statusOf(i).toLowerCase());
        link.href = '#' + node.id;
        link.onclick = function (/** @type {Event} */ event) { event.preventDefault(); show(i); focusOn(node); };
        var item = el('li'); item.appendChild(link); list.appendChild(item);
      });
      overviewBox.appendChild(list);
    }
    /** @param {number} step */
    function move(step) {
      show(at + step);
      var shown = shownNodes();
      focusOn(at < shown.length ? shown[at] : $('.quiz__overview-title', overviewBox));
    }
    prev.onclick = function () { move(-1); };
    next.onclick = function () { move(1); };
    return { show: show, overview: function () { show(shownNodes().length); } };
  }

  /** An inline scenario's verdict on the path played (its own, counted nowhere), focus on it. @param {any} node @param {any} q @param {string} path */
  function practiceVerdict(node, q, path) {
    node.setAttribute('data-path', path);
    showFeedback(node, q, path, scoreOf(q, path), true, false);
    focusOn($('[data-feedback]', node));
  }
  /** An inline practice question (::: check): immediate feedback, never stored or graded. @param {any} node */
  function Practice(node) {
    var id = node.getAttribute('data-q');
    var q = DATA.questions[id];
    if (!q) return;
    setLocked(node, false);
    if (q.t === 'ordering') wireOrdering(node);
    if (q.t === 'scenario') {
      // (a practice question keeps nothing: a reload starts it afresh)
      playScenario(node, q, function (path) { practiceVerdict(node, q, path); return true; }, function () {}, '');
      return;
    }
    submitOnEnter(node);
    var check = $('[data-check-answer]', node);
    check.hidden = false;
    check.addEventListener('click', function () {
      var response = readResponse(node, q);
      var box = $('[data-feedback]', node);
      if (!response) { box.textContent = missingText(q); focusOn(box); return; }
      var fraction = scoreOf(q, response);
      showFeedback(node, q, response, fraction, true);
      focusOn(box);
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
    // A SCORM page always has its backend named, unless its course-data.js is a stale copy from
    // before the backend moved there: it then uses the LMS it finds rather than the browser alone.
    var wanted = DATA.backend || (Runtime.scormFound && Runtime.scormFound()) || 'local';
    var factory = Runtime.adapters[wanted];
    var candidate = factory ? factory(DATA) : null;
    var started = candidate ? candidate.start() : { ok: false };
    if (!started.ok) {
      var refused = !!started.refused, code = started.code;
      if (wanted !== 'local') emit(refused ? 'lmsRefused' : 'lmsNotFound', { code: code });
      candidate = LocalStorageAdapter();
      started = candidate.start();
      if (wanted !== 'local') started.note = 'storage_local';
      lmsRefused = refused;
      if (refused) {
        var box = document.getElementById('commit-warning');
        if (box) { box.textContent = fmt(S.lms_refused, { code: code }); box.hidden = false; roomFor(box); }
      }
    }
    adapter = candidate;
    storageNone = started.note === 'storage_none';
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

  // ---- A save the LMS did not take ----
  // While the LMS cannot be reached (a phone between two rooms), every Commit fails and the learner
  // is told; closed before it recovers, the course kept no record of what was done meanwhile. The
  // state is then kept in this browser too, for this learner (the LMS's learner id: a shared
  // computer's next learner never gets it), and the next launch adds it to what the LMS holds and
  // saves it there (engine mergeState); once the LMS has taken a save, the copy goes.
  // It is kept twice: in localStorage, read at once, and in IndexedDB, which outlives Moodle's own
  // scripts: every Moodle 4.5 page clears the site's localStorage after a new login
  // (core/storage_validation), so a copy there alone is gone by the next day's launch.
  var copyKept = false;
  /** The quizzes (state keys) a copy added at launch changed: their results go to the LMS then. */
  var quizzesFromCopy = /** @type {Object<string, boolean>} */ ({});
  /** What the LMS's own state held of those quizzes, before the copy was added (by state key). */
  var heldByLms = /** @type {Object<string, any>} */ ({});
  var COPY_DAYS = 30;
  /**
   * Digests of the state texts this page read from the LMS or handed to it, latest last. A copy keeps
   * them: whether a Commit arrived the page cannot know (Moodle answers true for a request it will
   * send again by beacon, and its 1.2 player leaves out of the next Commit what a failed one held),
   * but the LMS holds one of these, or a text of another device's (a copy kept on a phone on
   * Monday, the course continued on a laptop on Tuesday), and the copy is then the older.
   */
  var seenTexts = /** @type {string[]} */ ([]);
  /** Whether the LMS took a save of this page (as far as it can tell), and launched it with nothing. */
  var saveTaken = false, launchedEmpty = false;
  /** @param {string} text a state text read from the LMS or handed to it */
  function noteText(text) {
    var seen = digest(text);
    if (seenTexts[seenTexts.length - 1] === seen) return;
    seenTexts.push(seen);
    // the launch's text stays: the LMS may hold it still after a long session offline
    if (seenTexts.length > 400) seenTexts.splice(1, 1);
  }
  /**
   * Whether a kept copy is to go: older than COPY_DAYS (a shared computer keeps no learner's copy for
   * long), or not a copy at all. The same rule for localStorage's copies and IndexedDB's.
   * @param {any} copy @param {number} now @returns {boolean}
   */
  function tooOld(copy, now) {
    return !copy || typeof copy.at !== 'number' || now - copy.at > COPY_DAYS * 86400000;
  }
  /** A short digest of a text (FNV-1a, 32 bits). @param {string} text @returns {string} */
  function digest(text) {
    var hash = 2166136261;
    for (var i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
    return hash.toString(36);
  }
  /** Where the copy is kept: per course and learner, and per SCO of a per-module package. */
  function copyKey() {
    // The package's folder names the LMS activity (Moodle: /pluginfile.php/<context>/mod_scorm/content/<n>/):
    // the same course in another activity, or its other SCORM version, is another record.
    var folder = location.pathname.replace(/[^\/]*$/, '');
    return sameActivity('course:' + DATA.id + ':unsaved:' + encodeURIComponent(learner) + ':' + folder +
      (DATA.mode === 'sco' ? ':' + DATA.page : ''));
  }
  /**
   * A key with the package's revision left out: Moodle serves each revision of an activity's package
   * from a folder of its own (content/<n>/), and a copy kept before the administrator replaced the
   * package is this activity's record all the same (an earlier runtime's key named the revision).
   * @param {string} key @returns {string}
   */
  function sameActivity(key) {
    return key.replace(/(\/mod_scorm\/content\/)\d+\//, '$1*/');
  }
  /** The keys of this learner's copies here, under this runtime's key or an earlier one's. */
  function copyKeys() {
    var keys = [], here = copyKey(), store = window.localStorage;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && sameActivity(key) === here) keys.push(key);
    }
    return keys;
  }
  /** A copy of the state in this browser when the LMS did not take the last save. */
  function keepLocalCopy() {
    // the browser's storage is the record itself
    if (adapter.name === 'local' || !learner) return;
    // `fresh`: the LMS may hold nothing of this attempt (launched with nothing, no save taken), and
    // will then launch it anew, not resume it.
    var copy = { learner: learner, state: JSON.stringify(state), at: Date.now(), seen: seenTexts.slice(),
      fresh: launchedEmpty && !saveTaken }, key = copyKey();
    copyKept = true;
    try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* storage off */ }
    withCopies(function (store) { store.put(copy, key); });
  }
  /** The LMS has taken a save: the copy is no longer needed. */
  function dropLocalCopy() {
    copyKept = false;
    try {
      copyKeys().forEach(function (key) { window.localStorage.removeItem(key); });
    } catch (e) { /* storage off */ }
    var here = copyKey();
    withCopies(function (store) {
      eachCopy(store, function (cursor) { if (sameActivity(String(cursor.key)) === here) cursor['delete'](); });
    });
  }
  // ---- The copy in IndexedDB ----
  var COPIES_DB = 'course-unsaved';
  /** @type {IDBDatabase|null} */
  var copiesDb = null;
  /**
   * Run `job` on the copies' store, in a transaction of its own, once the database is open (the
   * first call opens it); `done` gets false where the browser has no IndexedDB for the page.
   * @param {function(IDBObjectStore): void} job @param {function(boolean): void=} done
   */
  function withCopies(job, done) {
    var finish = done || function () {};
    /** @param {IDBDatabase} db */
    function run(db) {
      var tx = db.transaction('copies', 'readwrite');
      tx.oncomplete = function () { finish(true); };
      tx.onerror = tx.onabort = function () { finish(false); };
      job(tx.objectStore('copies'));
    }
    try {
      if (copiesDb) { run(copiesDb); return; }
      var request = window.indexedDB.open(COPIES_DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore('copies'); };
      request.onsuccess = function () {
        var db = copiesDb = request.result;
        // Another page upgrading it (a later runtime) or the browser closing it: opened again next time.
        db.onversionchange = function () { db.close(); copiesDb = null; };
        db.onclose = function () { copiesDb = null; };
        run(db);
      };
      request.onerror = request.onblocked = function () { finish(false); };
    } catch (e) { finish(false); }
  }
  /** Call `each` with a cursor on every copy of the store. @param {IDBObjectStore} store @param {function(IDBCursorWithValue): void} each */
  function eachCopy(store, each) {
    var request = store.openCursor();
    request.onsuccess = function () {
      var cursor = request.result;
      if (cursor) { each(cursor); cursor['continue'](); }
    };
  }
  /**
   * The latest copy IndexedDB holds for this learner here (null: none; undefined: no answer within a
   * second), to `then`, once; copies older than COPY_DAYS go on the way.
   * @param {function(any): void} then
   */
  function readKeptCopy(then) {
    /** @type {any} */
    var found = null;
    var here = copyKey(), now = Date.now(), answered = false;
    /** @param {any} copy */
    function answer(copy) { if (!answered) { answered = true; then(copy); } }
    // A browser that never answers (a broken IndexedDB, a phone's cold start) does not hold the course
    // back: `undefined`, not known, so no copy of it is removed at this launch.
    setTimeout(function () { answer(undefined); }, 1000);
    withCopies(function (store) {
      eachCopy(store, function (cursor) {
        var copy = cursor.value;
        if (tooOld(copy, now)) cursor['delete']();
        else if (sameActivity(String(cursor.key)) === here && (!found || copy.at > found.at)) found = copy;
      });
    }, function () { answer(found); });
  }
  /**
   * This learner's copy of a state the LMS did not take, with what the LMS holds added to it (or the
   * LMS's alone when there is none); saved at the first save. Only when the LMS resumes the attempt,
   * or launches anew one of which it holds nothing (every save of it failed): a new attempt starts
   * afresh, and the copies of the attempt it ends go.
   * `kept`: the copy IndexedDB holds, if any; `held`: the state text the LMS handed over;
   * `shortened`: that text lost open attempts' answers to fit (engine serialise).
   * @param {any} fromLms @param {boolean} resumed @param {any} kept @param {string} held @param {boolean} shortened
   * @returns {any} (states: engine.js)
   */
  function withLocalCopy(fromLms, resumed, kept, held, shortened) {
    forgetOldCopies();
    if (!copyMayBeKept()) return fromLms;
    var copy = latestCopy(kept);
    if (!copy || !resumed && !(copy.fresh === true && held === '')) {
      // (IndexedDB did not answer: what it holds is not known, and stays)
      if (kept !== undefined) dropLocalCopy();
      return fromLms;
    }
    var parsed = engine.parseState(copy.state);
    if (!parsed) return fromLms;
    copyKept = true;
    warn('a state the LMS did not take was kept in this browser: it is saved now');
    var ours = parsed.state;
    Object.keys(ours.q).forEach(function (key) {
      if (fromLms && JSON.stringify(ours.q[key]) === JSON.stringify(fromLms.q[key])) return;
      quizzesFromCopy[key] = true;
      heldByLms[key] = fromLms && fromLms.q[key] ? JSON.parse(JSON.stringify(fromLms.q[key])) : null;
      if (heldByLms[key]) heldByLms[key].shortened = shortened;
    });
    if (!fromLms) return ours;
    // The copy is the later of the two when the LMS holds a text of its page (a copy an earlier
    // runtime kept names none): its place and answers stay, and what the LMS holds is added to it.
    // Otherwise another device saved since: its place and answers stay, and the copy's are added.
    if (!Array.isArray(copy.seen) || copy.seen.indexOf(digest(held)) >= 0) { engine.mergeState(ours, fromLms); return ours; }
    engine.mergeState(fromLms, ours);
    return fromLms;
  }
  /**
   * This learner's latest copy here, of localStorage's and IndexedDB's (`kept`), or null.
   * @param {any} kept @returns {any}
   */
  function latestCopy(kept) {
    var copy = kept;
    try {
      // the latest, where a copy was kept in two revisions of the package
      var keys = copyKeys();
      for (var i = 0; i < keys.length; i++) {
        var one = JSON.parse(window.localStorage.getItem(keys[i]) || 'null');
        if (one && (!copy || one.at > copy.at)) copy = one;
      }
    } catch (e) { /* localStorage off: the IndexedDB copy alone */ }
    return copy && copy.learner === learner && typeof copy.state === 'string' ? copy : null;
  }
  /** Whether this launch may find a copy: an LMS, and a learner it names. */
  function copyMayBeKept() {
    return adapter.name !== 'local' && !!learner;
  }
  /**
   * A shared computer keeps no learner's copy for long: copies of this course older than COPY_DAYS
   * (and the ones an earlier runtime kept under `course:<id>:unsaved`, never read) are removed at launch.
   */
  function forgetOldCopies() {
    try {
      var prefix = 'course:' + DATA.id + ':unsaved', now = Date.now(), store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (!key || key.indexOf(prefix) !== 0) continue;
        var copy = null;
        try { copy = JSON.parse(store.getItem(key) || 'null'); } catch (e) { /* not a copy: removed */ }
        if (tooOld(copy, now)) store.removeItem(key);
      }
    } catch (e) { /* storage off */ }
  }
  /** Save when the page is hidden (visibilitychange fires where unload does not); end the session on pagehide. */
  function wireLifecycle() {
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && !sessionEnded) persist();
    });
    // Back online after a save that could not arrive: save now, not at the next retry.
    window.addEventListener('online', function () { if (saveFailed && !sessionEnded) persist(); });
    window.addEventListener('pagehide', endSession);
  }

  function start() {
    // the live region exists before anything is said in it
    announce('');
    var started = startAdapter();
    learner = started.learner || '';
    if (!copyMayBeKept()) { show(started, null); return; }
    // nav.js and home.js wait for it (Runtime.starting)
    Runtime.starting = [];
    readKeptCopy(function (kept) {
      try { show(started, kept); } catch (e) { warn('runtime failed to start', e); emit('runtimeError', { error: String(e) }); }
      var waiting = Runtime.starting || [];
      Runtime.starting = null;
      waiting.forEach(function (/** @type {function(): void} */ plugIn) { plugIn(); });
    });
  }
  /**
   * The learner's state (the LMS's, with a copy this browser kept added) on the page.
   * @param {any} started the adapter's start @param {any} kept the copy IndexedDB holds, if any
   */
  function show(started, kept) {
    // The page was parsed showing only what comes first (boot.js); from here the runtime shows what it shows.
    document.documentElement.classList.remove('booting');
    document.documentElement.classList.add('js');
    var held = typeof started.state === 'string' ? started.state : '';
    noteText(held);
    launchedEmpty = held === '';
    var saved = engine.parseState(started.state);
    var restored = withLocalCopy(saved ? saved.state : null, !!started.resumed, kept, held, !!saved && saved.shortened);
    if (restored) state = restored;
    // The page to go back to is the one the saved state names, committed with every save; the LMS's own
    // bookmark (lesson_location / cmi.location) only when the state names none. Moodle keeps a bookmark
    // set back to its value at launch unchanged (scorm_13.js CollectData skips a value equal to the
    // launch's), so after launch at the final, a visit elsewhere and a return, it named the elsewhere.
    if (started.location && PAGE_INDEX[started.location] > 0 && !(restored && state.l > 0)) state.l = PAGE_INDEX[started.location];
    Runtime.state = function () { return state; };
    Runtime.persist = persist;
    Runtime.attemptsRule = attemptsRule;  // (the home page says the same when a quiz is out of attempts)
    Runtime.exhausted = exhausted;
    Runtime.status = function () { return engine.courseStatus(state); };
    Runtime.markRead = markRead;
    Runtime.data = DATA;
    $$('section.quiz[data-quiz]').forEach(function (section) { try { Quiz(section); } catch (e) { warn('quiz failed', e); } });
    $$('[data-practice]').forEach(function (node) { try { Practice(node); } catch (e) { warn('practice failed', e); } });
    wireLifecycle();
    var first = pageFromLocation();
    if (DATA.mode === 'onedoc') listenForHashChanges();
    showPage(first, DATA.mode === 'onedoc' ? decoded((location.hash || '').slice(1)) : '');
    offerResume(started.resume && (!!saved || !!started.location) || !saved && !!restored);
    if (saved && saved.changed) tellAnswersDropped();
    emit('ready', { adapter: adapter.name });
    Runtime.ready = true;
  }

  try { start(); } catch (e) { warn('runtime failed to start', e); emit('runtimeError', { error: String(e) }); }
}());
