/*
 * Lessons and the course outline, on top of the course runtime (course.js runs first and exposes
 * CourseRuntime.state/persist/data; the build ships both as one file).
 *
 * A module page holds its lessons (section.lesson) and its quiz; with this script one step is shown
 * at a time, and a hash naming anything inside a step (a lesson, a heading, a practice question)
 * shows that step. Without it, and in print, the whole module reads top to bottom.
 *
 * What it keeps in the runtime's state, in one field, `n` (a string, so course.js stores it as is):
 *   "1.<page index>.<step>.<scroll permille>.<last step per module, base 36>.<lessons done, hex mask>"
 * The leading 1 is this record's version: a record of another version is ignored, never misread.
 */
(function plugIn() {
  'use strict';

  var Runtime = window.CourseRuntime;
  // the runtime waits for a copy of the learner's state this browser may keep (course.js start)
  if (Runtime && Runtime.starting) { Runtime.starting.push(plugIn); return; }
  if (!Runtime || !Runtime.ready || !Runtime.data) return;
  var DATA = Runtime.data;
  var S = DATA.strings;
  var NAV_VERSION = '2';
  /**
   * This build's layout, which the record is written against: per module its two-character key and a
   * character per lesson (runtime_data.module_layout), modules joined by '-'.
   */
  var LAYOUT = Runtime.engine.layoutOf(DATA);
  var WIDE = '(min-width: 64rem)';

  // ---- Utilities ----
  /** @param {string} sel @param {ParentNode=} root @returns {any[]} elements (any: the page's own markup) */
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  /** @param {string} sel @param {ParentNode=} root @returns {any} the first element, or null */
  function $(sel, root) { return (root || document).querySelector(sel); }
  /** Fill `{name}` placeholders of a catalogue string. */
  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (_, key) { return key in values ? values[key] : ''; });
  }
  /** The element a hash names, or null. @returns {any} */
  function hashTarget() {
    var id = Runtime.decoded((location.hash || '').slice(1));
    return id ? document.getElementById(id) : null;
  }

  // ---- The stored record ----
  /** Whether the record was written against another layout (it is written again at once, in this one). */
  var relaid = false;
  var record = readRecord(Runtime.state().n);
  /**
   * The nav record from the saved state string (a fresh one when absent or of another version),
   * carried over to this build's lessons when it was written against another layout.
   */
  function readRecord(text) {
    var parts = typeof text === 'string' ? text.split('.') : [];
    var fresh = { page: -1, step: 0, y: 0, last: '', done: '' };
    // Version 1 kept no layout: its positions are read as this build's, as they always were.
    if (parts.length === 6 && parts[0] === '1') parts = ['2'].concat(parts.slice(1), [LAYOUT]);
    // The engine, having moved the pages seen, names this layout and then the one written against.
    var written = parts.length === 8 ? parts[7] : parts[6];
    if (parts.length < 7 || parts.length > 8 || parts[0] !== NAV_VERSION) return fresh;
    var ok = /^\d+$/.test(parts[1]) && /^\d+$/.test(parts[2]) && /^\d+$/.test(parts[3]) &&
      /^[0-9a-z]*$/.test(parts[4]) && /^[0-9a-f]*$/.test(parts[5]) && /^[0-9a-z-]*$/.test(written);
    if (!ok) return fresh;
    var read = { page: +parts[1], step: +parts[2], y: Math.min(+parts[3], 1000), last: parts[4], done: parts[5] };
    if (written === LAYOUT) return read;
    relaid = true;
    return remapRecord(read, written);
  }
  /** Put the record into the runtime's state (saved with the next save of the runtime). */
  function writeRecord() {
    Runtime.state().n = [NAV_VERSION, record.page, record.step, record.y, record.last, record.done, LAYOUT].join('.');
  }

  // ---- A record written against another version of the course ----
  /** A layout's modules: key, lesson characters, and the course-wide index of the first lesson. */
  function layoutModules(layout) {
    var first = 0;
    return (layout ? layout.split('-') : []).map(function (part) {
      var module = { key: part.slice(0, 2), lessons: part.slice(2), first: first };
      first += module.lessons.length;
      return module;
    });
  }
  /**
   * Old lesson position -> new, for the lessons two versions of a module share: a longest common
   * subsequence of their keys, as a diff aligns lines; between two aligned lessons, a run of the
   * same length on both sides is the same lessons retitled.
   * @param {string} before @param {string} after @returns {Object<number, number>}
   */
  function alignLessons(before, after) {
    var n = before.length, m = after.length, i, j, fromI = 0, fromJ = 0;
    /** @type {number[][]} */ var table = [];
    /** @type {Object<number, number>} */ var map = {};
    for (i = 0; i <= n; i++) { table.push([]); for (j = 0; j <= m; j++) table[i].push(0); }
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        table[i][j] = before[i] === after[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    function pairRun(toI, toJ) { if (toI - fromI === toJ - fromJ) for (var k = fromI; k < toI; k++) map[k] = fromJ + k - fromI; }
    for (i = 0, j = 0; i < n && j < m;) {
      if (before[i] === after[j]) { pairRun(i, j); map[i] = j; fromI = ++i; fromJ = ++j; }
      else if (table[i + 1][j] >= table[i][j + 1]) i++;
      else j++;
    }
    pairRun(n, m);
    return map;
  }
  /** The step of the new module for a step of the old: the same lesson, the one after the last kept, or the quiz. */
  function stepAfter(step, old, now, map) {
    if (step >= old.lessons.length) return now.lessons.length;
    for (var s = step; s >= 0; s--) if (map[s] !== undefined) return Math.min(map[s] + (s < step ? 1 : 0), now.lessons.length);
    return 0;
  }
  /**
   * A record written against `oldLayout` (before a republish that inserted, removed or moved lessons
   * or modules), carried over: the lessons read, each module's last step and the place stay with
   * the same lessons; those of a module or lesson that is gone go with it.
   */
  function remapRecord(read, oldLayout) {
    var before = layoutModules(oldLayout), after = layoutModules(LAYOUT), last = [], modules = [];
    var pages = Runtime.engine.pageMapping(DATA, oldLayout, read.page), sco = DATA.mode === 'sco';
    DATA.pages.forEach(function (p, i) { if (p.kind === 'module') modules.push(i); });
    var carried = { page: read.page < pages.length ? pages[read.page] : -1, step: 0, y: 0, last: '', done: '' };
    before.forEach(function (old, o) {
      // (A per-module SCO's layout holds its own module, the one on the page the record names.)
      var page = sco ? read.page : o + 1, k = modules.indexOf(pages[page]);
      // a module that is gone takes its marks with it
      if (k < 0) return;
      var now = sco ? after[0] : after[k], map = alignLessons(old.lessons, now.lessons);
      Object.keys(map).forEach(function (i) {
        if (bit(read.done, old.first + +i)) carried.done = withBit(carried.done, now.first + map[+i]);
      });
      last[k] = Math.min(stepAfter(parseInt(read.last.charAt(page - 1) || '0', 36), old, now, map), 35).toString(36);
      if (read.page !== page) return;
      carried.step = stepAfter(read.step, old, now, map);
      // The place within the step holds only if it is the same lesson (or the quiz).
      var same = read.step >= old.lessons.length || map[read.step] !== undefined;
      carried.y = same ? read.y : 0;
    });
    for (var m = 0; m < modules.length; m++) carried.last += last[m] || '0';
    return carried;
  }
  /** Whether bit `index` of a hex mask is set. */
  function bit(mask, index) { return !!(parseInt(mask.charAt(index >> 2) || '0', 16) & (1 << (index & 3))); }
  /** The hex mask with bit `index` set. */
  function withBit(mask, index) {
    while (mask.length <= index >> 2) mask += '0';
    var pos = index >> 2;
    return mask.slice(0, pos) + (parseInt(mask.charAt(pos), 16) | (1 << (index & 3))).toString(16) + mask.slice(pos + 1);
  }

  // ---- Modules as steps ----
  // Every lesson of the course in reading order, from the course data: its place is its bit in
  // `record.done` (a site page's outline lists only its own module's lessons). A per-module SCO,
  // without an outline, keeps its own module's (its record's layout is that module's alone).
  var LESSON_IDS = [];
  DATA.pages.forEach(function (p) {
    if ($('[data-outline]') || DATA.mode === 'sco' && p.id === DATA.page) LESSON_IDS = LESSON_IDS.concat(p.lessons || []);
  });
  // (no inherited names: ids come from the address too)
  var LESSON_INDEX = Object.create(null);
  LESSON_IDS.forEach(function (id, i) { LESSON_INDEX[id] = i; });
  var PAGE_INDEX = Object.create(null);
  DATA.pages.forEach(function (p, i) { PAGE_INDEX[p.id] = i; });

  /** A module page's steps: its lessons, then its quiz. */
  function stepsOf(article) {
    return $$('.module__body > .lesson, .quiz', article);
  }
  /** The page id an article belongs to. */
  function pageOf(article) {
    var section = article.closest('section.page');
    return section ? section.getAttribute('data-page') : DATA.page;
  }
  /** The step of a module holding `node`, or -1 (the references and the pager belong to every step). */
  function stepHolding(article, node) {
    var steps = stepsOf(article);
    for (var i = 0; i < steps.length; i++) if (steps[i] === node || steps[i].contains(node)) return i;
    return -1;
  }
  /** The step to open when a module page is entered without naming a place in it. */
  function savedStep(article) {
    var module = moduleNumber(article);
    var step = parseInt(record.last.charAt(module) || '0', 36);
    return Math.min(step, stepsOf(article).length - 1);
  }
  /** 0-based position of the module in the course (its slot in `record.last`). */
  function moduleNumber(article) {
    var modules = DATA.pages.filter(function (p) { return p.kind === 'module'; });
    for (var i = 0; i < modules.length; i++) if (modules[i].id === pageOf(article)) return i;
    return 0;
  }

  /** Show one step of a module, hide the others; say where the learner is. */
  function showStep(article, index) {
    var steps = stepsOf(article);
    steps.forEach(function (step, i) { step.classList.toggle('is-current', i === index); });
    levelHeadings(steps[index]);
    titleStep(article, steps[index]);
    article.setAttribute('data-step', String(index));
    article.classList.toggle('is-first-step', index === 0);
    article.classList.toggle('is-last-step', index === steps.length - 1);
    var module = moduleNumber(article);
    while (record.last.length <= module) record.last += '0';
    record.last = record.last.slice(0, module) + Math.min(index, 35).toString(36) + record.last.slice(module + 1);
    // The place read to belongs to one step of one page: another starts at its top (a page opened for
    // the first time was scrolled to where the learner had read to on the page before).
    var here = record.page === PAGE_INDEX[pageOf(article)];
    if (!here || record.step !== index) record.y = 0;
    // Moving on to the next step («Продолжить», at the lesson's end) finishes the lesson left; a jump
    // from the outline past lessons, or a lesson a republish inserted before the learner's place,
    // leaves them to be read (a lesson read to its end is marked by watchLessonEnds).
    if (here && index === record.step + 1 && steps[record.step]) markDone(steps[record.step]);
    record.page = PAGE_INDEX[pageOf(article)];
    record.step = index;
    markOutline(pageOf(article), steps[index]);
    markModuleSteps(article, steps[index]);
    writeRecord();
    noteModuleRead(pageOf(article));
  }
  /**
   * The window's title names the lesson shown, then its module and the course (WCAG 2.4.2): a module
   * page shows one lesson at a time, and a tab or history entry titled only by the module says little.
   */
  function titleStep(article, step) {
    var heading = $('h2, h3, h4', step), page = DATA.pages[PAGE_INDEX[pageOf(article)]];
    var lesson = heading ? heading.textContent.trim() : '', module = page ? page.title : '';
    // A first lesson is often titled as its module: the title says it once.
    document.title = [lesson === module ? '' : lesson, module, DATA.title].filter(Boolean).join(' — ');
  }
  /** A per-module SCO's list of its lessons: the one shown is the current one. */
  function markModuleSteps(article, step) {
    $$('[data-step-link]', article).forEach(function (a) {
      if (a.getAttribute('data-step-link') === step.id) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    });
  }
  /**
   * Shown alone, a lesson whose top heading is below h2 (a lesson's `##` title is an h2, but the text
   * before a module's first `##` may hold a `###`) would follow the page's h1 with an h3: its headings
   * are announced up to it, so the outline of what is on screen has no gap.
   * @param {any} step
   */
  function levelHeadings(step) {
    var headings = $$('h2, h3, h4, h5, h6', step);
    var top = Math.min.apply(null, headings.map(function (h) { return +h.tagName.charAt(1); }).concat([6]));
    headings.forEach(function (h) {
      if (top > 2) h.setAttribute('aria-level', String(+h.tagName.charAt(1) - (top - 2)));
      else h.removeAttribute('aria-level');
    });
  }
  /** Count a lesson as done (its progress mark in the outline). */
  function markDone(step) {
    var index = step && step.id ? LESSON_INDEX[step.id] : undefined;
    if (index === undefined) return;
    record.done = withBit(record.done, index);
  }
  /** Every lesson of a module done: the runtime counts the module read (course.js markRead: where the rule asks). */
  function noteModuleRead(pageId) {
    var page = DATA.pages[PAGE_INDEX[pageId]];
    if (!page || page.kind !== 'module' || !Runtime.markRead) return;
    var lessons = page.lessons || [];
    if (lessons.every(function (id) { return LESSON_INDEX[id] !== undefined && bit(record.done, LESSON_INDEX[id]); })) Runtime.markRead(pageId);
  }
  /** A lesson is done once its end has been on screen (read to the end, or nearly). */
  function watchLessonEnds() {
    if (!window.IntersectionObserver) return;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var lesson = entry.target.closest('.lesson');
        if (!entry.isIntersecting || !lesson || !lesson.classList.contains('is-current')) return;
        markDone(lesson);
        markOutline(pageOf(lesson.closest('article.module')), lesson);
        writeRecord();
        noteModuleRead(pageOf(lesson.closest('article.module')));
      });
    });
    $$('.module__body > .lesson').forEach(function (lesson) {
      var end = lesson.lastElementChild;
      if (end) observer.observe(end);
    });
  }
  /**
   * Move focus to the start of a step (its first heading, else the step), scrolled to its top
   * unless it should `stay` where it is. @param {Element} step @param {boolean=} stay
   */
  function focusStep(step, stay) {
    var target = $('h2, h3, h4', step) || step;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    if (!stay) step.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }

  // ---- Routing ----
  var restoreY = null;
  /** The citation marker last followed to the sources, and the one to focus again on coming Back from them. */
  var citedFrom = null, backTo = null;
  /** Whether the learner just followed «Продолжить» (or the resume banner's Yes) to a page of one document. */
  var resuming = false;
  /** The module article shown now (one per site page; the visible page's in one document). */
  function currentArticle() {
    return $$('article.module').filter(function (a) { return !a.closest('section.page[hidden]'); })[0] || null;
  }
  /** The page shown now (the visible section of one document, or this file's page). */
  function currentPageId() {
    var section = $$('section.page').filter(function (p) { return !p.hidden; })[0];
    return section ? section.getAttribute('data-page') : DATA.page || '';
  }
  /** Show the step the hash names, or the saved one; `moved` says the learner navigated (focus the step). */
  function route(moved) {
    var article = currentArticle();
    var target = hashTarget(), resume = resuming;
    resuming = false;
    if (!article) {
      markOutline(currentPageId(), null);
      // The final, begun: back at the question to answer next (it opened at its top, the learner's
      // place some twenty questions down).
      if ((resume || !target && !moved) && restoreY === null) toNextQuestion(currentSection());
      if (restoreY !== null) { window.scrollTo(0, restoreY); restoreY = null; }
      return;
    }
    var steps = stepsOf(article), before = article.getAttribute('data-step');
    var step = target ? stepHolding(article, target) : -1;
    var named = step >= 0;
    if (!named) step = target && article.contains(target) && target.closest('.references, .pager') ? currentStep(article) : savedStep(article);
    showStep(article, step);
    var revealed = target ? openBlocksHolding(target) : false;
    if (restoreY !== null) {
      window.scrollTo(0, restoreY);
      restoreY = null;
      // Back to another lesson: the focus was in the one now hidden (it fell to the page's body).
      if (before !== null && +before !== step) focusStep(steps[step], true);
      return;
    }
    var opened = !moved && target === steps[step];  // a lesson's own address opened or reloaded
    if (moved && named && target === steps[step]) focusStep(target);
    else if (named && target && !opened) {
      target.scrollIntoView({ block: 'start' });
      // (the tab opened for it took the focus: the place followed to has it, as a link's target would)
      if (revealed && moved) focusOn(target);
    }
    // Back to the place in the lesson where the learner stopped: on opening the page, or through the
    // resume link of one document (a link to the module's section, which would scroll to its top).
    else if ((resume || !target && !moved || opened) && record.page === PAGE_INDEX[pageOf(article)]) restoreScroll(steps[step]);
  }
  /**
   * The lesson shown, when the address names none (a bare page address, one document's page): the
   * address of the history entry a link leaves names it (nameStepLeft), so that Back from the
   * next lesson shows this one again (the bare address meant «the lesson saved», by then the next).
   */
  function stepNamedNowhere() {
    var article = currentArticle(), target = hashTarget();
    if (!article || target && article.contains(target)) return null;
    return stepsOf(article)[currentStep(article)] || null;
  }
  /**
   * Open what hides a place a link names: the tab not selected or the closed accordion item holding
   * it (a link to a heading in another tab, or to a case in a closed item, went nowhere). @returns {boolean}
   */
  function openBlocksHolding(target) {
    var opened = false;
    for (var node = target; node && node !== document.body; node = node.parentElement) {
      if (!node.hidden) continue;
      var opener = node.id ? $('[aria-controls~="' + node.id.replace(/["\\]/g, '\\$&') + '"]') : null;
      var shut = opener && opener.getAttribute('aria-expanded') !== 'true' && opener.getAttribute('aria-selected') !== 'true';
      // (a tab or an item opens by its button; a step of a `::: steps` block when asked: blocks.js)
      if (shut) opener.click(); else node.dispatchEvent(new CustomEvent('course:reveal'));
      opened = opened || !node.hidden;
    }
    return opened;
  }
  /** Focus a place that may not take the focus by itself, without scrolling. */
  function focusOn(node) {
    if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
    node.focus({ preventScroll: true });
  }
  /** The step a module shows now (0 before any). */
  function currentStep(article) { return +(article.getAttribute('data-step') || savedStep(article)); }
  /** Scroll to the saved position within a step (a permille of its height: the same place at any width). */
  function restoreScroll(step) {
    if (!record.y || !step) return;
    // In a quiz begun, the place is the question to answer next: the step is taller or shorter once
    // the answers come back with their feedback, and a share of its height opened a learner on a
    // phone at an earlier question's feedback.
    if (toNextQuestion(step)) return;
    var top = step.getBoundingClientRect().top + window.pageYOffset;
    window.scrollTo(0, top + step.offsetHeight * record.y / 1000);
  }
  /**
   * In a quiz begun, the question to answer next: scrolled to, and focused, so that the keyboard goes
   * on from there (from the body, Tab went to the skip link at the page's top). @returns {boolean}
   */
  function toNextQuestion(scope) {
    var next = scope && scope.querySelector('li.question--answered') &&
      scope.querySelector('li.question:not([hidden]):not(.question--answered)');
    // (a finished attempt's blank is not a question to answer next: its result is what to see)
    var result = next && next.closest('[data-quiz]') && next.closest('[data-quiz]').querySelector('[data-result]');
    if (!next || result && result.childElementCount) return false;
    if (!next.hasAttribute('tabindex')) next.setAttribute('tabindex', '-1');
    next.scrollIntoView({ block: 'start' });
    next.focus({ preventScroll: true });
    return true;
  }
  /** The page section shown now in one document; the document on a site's page. */
  function currentSection() {
    return $$('section.page').filter(function (p) { return !p.hidden; })[0] || document;
  }
  /** Remember how far into the current step the learner has read (saved with the runtime's next save). */
  function trackScroll() {
    var timer = null;
    window.addEventListener('scroll', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var article = currentArticle();
        var step = article && stepsOf(article)[currentStep(article)];
        if (!step) { rememberPosition(); return; }  // (the browser does not restore it: start)
        var into = window.pageYOffset - (step.getBoundingClientRect().top + window.pageYOffset);
        record.y = Math.max(0, Math.min(1000, Math.round(1000 * into / Math.max(1, step.offsetHeight))));
        writeRecord();
        rememberPosition();
      }, 150);
    }, { passive: true });
  }
  /** The scroll position in this history entry, for Back (a citation or glossary link and back again). */
  function rememberPosition() {
    try { history.replaceState({ navY: window.pageYOffset }, ''); } catch (e) { /* sandboxed frame */ }
  }
  /**
   * Leaving by a link, the history entry's address names the lesson shown (not while the page loads:
   * the browser would then scroll to the place named). @param {any} link
   */
  function nameStepLeft(link) {
    var step = stepNamedNowhere();
    if (!step || !step.id) return;
    // (a link to the lesson shown: named first, the address would not change, no hashchange would
    // come to move the focus there)
    if (link.pathname === location.pathname && Runtime.decoded(link.hash.slice(1)) === step.id) return;
    try { history.replaceState(history.state, '', '#' + step.id); } catch (e) { /* sandboxed frame */ }
  }
  /** Route on every hash change (after course.js has shown the page), and restore positions on Back. */
  function listen() {
    document.addEventListener('click', function (/** @type {any} */ event) {
      var link = event.target.closest ? event.target.closest('a[href]') : null;
      if (link) rememberPosition();
      if (link && link.matches('[data-resume-link], [data-resume-yes]')) resuming = true;
      if (link) citedFrom = link.closest('.cite') ? link : null;
    }, true);
    // (after the page's own handlers: a link they keep from leaving, a glossary term's, leaves nothing)
    window.addEventListener('click', function (/** @type {any} */ event) {
      var link = event.target.closest ? event.target.closest('a[href]') : null;
      if (!link || event.defaultPrevented) return;
      // A link to a hidden place the address names already (followed again after closing the item it
      // opened, or the page opened at it): no hashchange would come to open and show it again. (A
      // place in view is the browser's to go to: the skip link pressed twice.)
      var here = link.hash && link.pathname === location.pathname && Runtime.decoded(link.hash) === Runtime.decoded(location.hash);
      var hidden = here && hashTarget() && hashTarget().closest('[hidden]');
      if (hidden && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
        event.preventDefault();
        route(true);
        return;
      }
      nameStepLeft(link);
    });
    window.addEventListener('popstate', function (event) {
      restoreY = event.state && typeof event.state.navY === 'number' ? event.state.navY : null;
      // (A link followed in the page fires popstate too, with no state: only Back restores, and refocuses.)
      if (restoreY !== null) { backTo = citedFrom; citedFrom = null; }
    });
    window.addEventListener('hashchange', function () {
      var saved = restoreY !== null, back = saved ? backTo : null;
      backTo = null;
      route(!saved);
      openReferencesOnTarget(!saved);
      // Back from the sources: the focus returns to the marker followed there (route restored the place).
      if (back && document.body.contains(back)) back.focus({ preventScroll: true });
      if (Runtime.persist) Runtime.persist();
    });
  }

  // ---- The outline ----
  var outline = $('[data-outline]');
  /** Mark the current module and lesson, the lessons done, and the overall progress. */
  function markOutline(pageId, step) {
    if (!outline) return;
    $$('[data-outline-module]', outline).forEach(function (li) {
      li.classList.toggle('is-current', li.getAttribute('data-outline-module') === pageId);
    });
    var done = LESSON_IDS.filter(function (id, i) { return bit(record.done, i); }).length;
    $$('[data-lesson-link]', outline).forEach(function (a) {
      var isDone = bit(record.done, LESSON_INDEX[a.getAttribute('data-lesson-link')]);
      a.classList.toggle('is-done', isDone);
      var mark = a.querySelector('.outline__done');
      if (isDone && !mark) {
        mark = document.createElement('span');
        mark.className = 'outline__done';
        mark.textContent = ' (' + S.lesson_done + ')';
        a.appendChild(mark);
      }
      if (step && a.getAttribute('data-lesson-link') === step.id) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    });
    showProgress(done, LESSON_IDS.length);
    showModuleLessons();
  }
  /** «уроков: 3 из 8» on each module's card of the home page, from the same record as the outline. */
  function showModuleLessons() {
    DATA.pages.forEach(function (page) {
      var slug = page.id, lessons = LESSON_IDS.length ? page.lessons || [] : [];
      var meta = $('[data-module-card="' + slug + '"] .module-card__meta');
      if (!meta || !lessons.length) return;
      var done = lessons.filter(function (id) { return bit(record.done, LESSON_INDEX[id]); }).length;
      var span = $('[data-module-lessons]', meta);
      if (!span) {
        meta.appendChild(document.createTextNode(' · '));
        span = document.createElement('span');
        span.setAttribute('data-module-lessons', slug);
        meta.appendChild(span);
      }
      span.textContent = fmt(S.module_lessons, { n: done, total: lessons.length });
    });
  }
  /** «Пройдено уроков: 12 из 96» with a bar. */
  function showProgress(done, total) {
    var box = $('[data-outline-progress]', outline);
    if (!box || !total) return;
    box.hidden = false;
    box.textContent = fmt(S.outline_progress, { n: done, total: total });
    var bar = document.createElement('progress');
    bar.max = total;
    bar.value = done;
    // the sentence above says it
    bar.setAttribute('aria-hidden', 'true');
    box.appendChild(bar);
  }
  /** A sidebar on wide screens (always open), a drawer on phones (opens over the page). */
  function wireOutline() {
    if (!outline) return;
    var summary = $('summary', outline);
    /** @type {any} */
    var wide = window.matchMedia ? window.matchMedia(WIDE) : { matches: false, addListener: function () {} };
    function layout() {
      document.body.classList.toggle('has-sidebar', wide.matches);
      outline.open = wide.matches;
    }
    layout();
    if (wide.addEventListener) wide.addEventListener('change', layout); else wide.addListener(layout);
    var panel = $('.outline__panel', outline);
    // The drawer opens below the bar, wherever the bar is: at the top of a site page the header is
    // above it, and a drawer from a fixed height would cover its own close button. It follows the bar
    // when the page scrolls under it (at 320 px the bar went to the top, the drawer stayed, and the
    // page showed between them).
    function underTheBar() {
      if (!wide.matches && panel) panel.style.top = Math.max(0, summary.getBoundingClientRect().bottom) + 'px';
    }
    summary.addEventListener('click', underTheBar);
    window.addEventListener('scroll', function () { if (outline.open) underTheBar(); }, { passive: true });
    outline.addEventListener('toggle', function () {
      summary.textContent = outline.open && !wide.matches ? S.outline_close : S.outline_open;
      if (wide.matches || !outline.open) return;
      var here = $('[aria-current="location"]', outline) || $('[aria-current]', outline) ||
        $('a', outline);
      if (here) here.focus();
    });
    outline.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || wide.matches || !outline.open) return;
      outline.open = false;
      summary.focus();
    });
    outline.addEventListener('click', function (event) {
      var link = !wide.matches && event.target.closest ? event.target.closest('a') : null;
      if (!link) return;
      outline.open = false;
      leaveForHere(link, event);
    });
    outline.addEventListener('focusout', function (event) {
      if (!wide.matches && outline.open && event.relatedTarget && !outline.contains(event.relatedTarget)) outline.open = false;
    });
  }

  /**
   * A link chosen in a list that closed as it was chosen, to the step the address already names: no
   * hashchange would come to move the focus there, and the link it was on is hidden now (focus would
   * fall to the page's body). @param {any} link @param {MouseEvent} event
   */
  function leaveForHere(link, event) {
    // (A link to a page without a step, or to be opened elsewhere, goes its way.)
    if (!link.hash || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.pathname !== location.pathname || Runtime.decoded(link.hash) !== Runtime.decoded(location.hash)) return;
    event.preventDefault();
    route(true);
  }

  /** The list closes once a lesson is chosen from it (on a phone it would push the lesson down), and
   * on Escape, as the outline's drawer does. */
  function wireModuleSteps() {
    $$('.module-steps__details').forEach(function (details) {
      var summary = $('summary', details);
      details.addEventListener('click', function (/** @type {any} */ event) {
        var link = event.target.closest ? event.target.closest('a') : null;
        if (!link) return;
        details.open = false;
        leaveForHere(link, event);
      });
      details.addEventListener('keydown', function (/** @type {any} */ event) {
        if (event.key !== 'Escape' || !details.open) return;
        details.open = false;
        summary.focus();
      });
    });
  }

  // ---- Print: the whole module, sources open ----
  /** Open every references list for printing and close those the learner had closed afterwards. */
  function wirePrint() {
    var opened = [];
    window.addEventListener('beforeprint', function () {
      opened = $$('details[data-references]:not([open])');
      opened.forEach(function (d) { d.open = true; });
    });
    window.addEventListener('afterprint', function () { opened.forEach(function (d) { d.open = false; }); });
  }
  /** A citation marker opens the references list it points into; followed (`moved`), the focus goes to its entry. @param {boolean} moved */
  function openReferencesOnTarget(moved) {
    var target = hashTarget();
    var details = target && target.closest ? target.closest('details[data-references]') : null;
    if (!details) return;
    details.open = true;
    if (!moved) return;
    // The marker's anchor may be an empty span: its range ("строки 3–4 [1, 2]") is what is read out.
    var entry = target.closest('.references__range') || target;
    if (!entry.hasAttribute('tabindex')) entry.setAttribute('tabindex', '-1');
    entry.focus();
  }

  /** Forget every lesson read and place kept (starting over): modules open at their first lesson. */
  function reset() {
    record = readRecord('');
    $$('article.module').forEach(function (article) { article.removeAttribute('data-step'); });
    delete Runtime.state().n;
  }

  function start() {
    document.documentElement.classList.add('lessons-on');
    if (history.state && typeof history.state.navY === 'number') restoreY = history.state.navY;
    // The runtime puts the learner in place itself (the place kept in history, the lesson's, the
    // question to answer next): the browser's own restoring came after it and undid it.
    try { history.scrollRestoration = 'manual'; } catch (e) { /* sandboxed frame */ }
    wireOutline();
    wireModuleSteps();
    wirePrint();
    listen();
    if (relaid) writeRecord();
    // Lessons read before the rule asked for it, or in another tab, count.
    DATA.pages.forEach(function (p) { if (p.kind === 'module') noteModuleRead(p.id); });
    openReferencesOnTarget(false);
    route(false);
    trackScroll();
    watchLessonEnds();
    // the home page shows no module, so no lesson marks the outline there
    showModuleLessons();
    Runtime.nav = { route: route, reset: reset, record: function () { return record; } };
  }

  try { start(); } catch (e) { try { console.warn('[course] lessons failed', e); } catch (x) { /* no console */ } }
}());
