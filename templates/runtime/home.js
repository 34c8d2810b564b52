/*
 * Completion and the certificate, on top of the course runtime (course.js runs first; the build
 * ships this file inside course.js).
 *
 * - What is still missing for completion, named («Ещё не открыты модули: …»), wherever the
 *   completion rule is printed ([data-completion-missing]); a required quiz with no attempt left
 *   is said plainly, with the quiz's rule for what to do next, so the home page is no dead end;
 * - the record of completion: learner's name, course, study time, date in the course's language,
 *   issuing organisation, the result of the quizzes the rule requires, and a verification code
 *   that anyone holding the same course file can recompute ([data-verify]);
 * - «Начать сначала»: after a confirmation, back to the first lesson with reading marks and answers
 *   in progress cleared; quiz records (attempts used, best score, passed) are the learner's record
 *   and are never erased.
 */
(function plugIn() {
  'use strict';

  var Runtime = window.CourseRuntime;
  // the runtime waits for a copy of the learner's state this browser may keep (course.js start)
  if (Runtime && Runtime.starting) { Runtime.starting.push(plugIn); return; }
  if (!Runtime || !Runtime.ready || !Runtime.data) return;
  var DATA = Runtime.data;
  var S = DATA.strings;
  var QUIZ_IDS = Object.keys(DATA.quizzes);

  // ---- Utilities ----
  /** @param {string} sel @param {ParentNode=} root @returns {any[]} elements (any: the page's own markup) */
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  /** @param {string} sel @param {ParentNode=} root @returns {any} the first element, or null */
  function $(sel, root) { return (root || document).querySelector(sel); }
  /** Fill `{name}` placeholders of a catalogue string. */
  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (_, key) { return key in values ? values[key] : ''; });
  }
  /** Russian/English plural form from the catalogue's list of forms. */
  function plural(n, key) {
    var forms = S[key], i;
    var whole = Math.floor(n) === n;
    // «7,5 часа»: a fraction takes the genitive singular
    if (!whole) i = 1;
    else if (DATA.lang === 'ru') i = n % 10 === 1 && n % 100 !== 11 ? 0 : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);
    else i = n === 1 ? 0 : 1;
    var shown = DATA.lang === 'ru' ? String(n).replace('.', ',') : String(n);
    return fmt(forms[Math.min(i, forms.length - 1)], { n: shown });
  }
  /** An element with a class and text. */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  /** The saved record of a quiz, or null before its first attempt. */
  function quizRecord(quizId) { return Runtime.state().q[String(QUIZ_IDS.indexOf(quizId))] || null; }

  // ---- What is missing ----
  /** Modules not opened up to which each is named; past it, their number and the next one. */
  var MANY_MISSING = 3;
  /** The module pages of these module ids, in the course's order. @param {string[]} ids */
  function modulePages(ids) {
    return DATA.pages.filter(function (page) { return page.kind === 'module' && ids.indexOf(page.module) >= 0; });
  }
  /** Fill every [data-completion-missing] with what is left to do (empty once complete). */
  function showMissing(status) {
    // The engine's status names what is missing, so the page says what the LMS is told.
    var missing = status.missing || { modules: [], quizzes: [], read: [] };
    var modules = modulePages(missing.modules), unread = modulePages(missing.read), quizzes = missing.quizzes;
    $$('[data-completion-missing]').forEach(function (box) {
      box.textContent = '';
      if (status.completed || (!modules.length && !quizzes.length && !unread.length)) { box.hidden = true; return; }
      // On the home page, before any module is opened, a list of them all would repeat the module list
      // below it (and be a dozen links for the keyboard to pass): one sentence says it. (Only then: a rule
      // that names some modules lists the ones it still needs, whatever else was opened.)
      var everyModule = DATA.pages.filter(function (page) { return page.kind === 'module'; }).length;
      if (modules.length > 1 && modules.length === everyModule && box.closest('.home')) {
        box.appendChild(el('p', '', S.missing_all_modules));
      } else if (modules.length > MANY_MISSING) {
        // Under every quiz a list of the ten modules not opened read as a dozen links to pass: how many,
        // and the one to open next (the module list names the rest).
        var many = S.missing_modules_many.replace('{count}', String(modules.length));
        box.appendChild(missingLine(many, [moduleLink(nextAfter(modules, box))]));
      } else if (modules.length) {
        box.appendChild(missingLine(modules.length > 1 ? S.missing_modules : S.missing_module, modules.map(moduleLink)));
      }
      if (unread.length) box.appendChild(missingLine(unread.length > 1 ? S.missing_read : S.missing_read_one, unread.map(moduleLink)));
      if (quizzes.length) box.appendChild(missingLine(S.missing_quizzes, quizzes.map(quizLink)));
      quizzes.filter(Runtime.exhausted).forEach(function (quizId) {
        // A quiz's own result already states its rule; every other place (the home page) says it here.
        if (!box.closest('[data-quiz="' + quizId + '"]')) box.appendChild(outOfAttempts(quizId));
      });
      box.hidden = false;
    });
  }
  /** Of these module pages, the first after the page `box` is on (the first of all after the last).
   *  @param {Array<{id: string}>} pages @param {Element} box */
  function nextAfter(pages, box) {
    var section = box.closest('section.page');
    var here = DATA.pages.map(function (page) { return page.id; })
      .indexOf(section ? section.getAttribute('data-page') : DATA.page);
    return pages.filter(function (page) { return DATA.pages.indexOf(page) > here; })[0] || pages[0];
  }
  /** «Попытки в тесте «…» закончились.» and the quiz's rule for what to do next (the one its result shows). */
  function outOfAttempts(quizId) {
    var note = el('div', 'completion-rule__exhausted');
    note.setAttribute('data-exhausted', quizId);
    var parts = S.missing_exhausted.split('{quiz}');
    var line = el('p', '', parts[0]);
    line.appendChild(quizLink(quizId));
    line.appendChild(document.createTextNode(parts[1] || ''));
    note.appendChild(line);
    // The rule the quiz's own result gives: without an LMS nobody can open another attempt, and the
    // home page sent the learner to ask a trainer while the final's page said there was none.
    note.appendChild(el('p', '', Runtime.attemptsRule(DATA.quizzes[quizId])));
    return note;
  }
  /** One sentence with links in place of `{list}`. */
  function missingLine(template, links) {
    var line = el('p');
    var parts = template.split('{list}');
    line.appendChild(document.createTextNode(parts[0]));
    links.forEach(function (link, i) {
      if (i) line.appendChild(document.createTextNode(', '));
      line.appendChild(link);
    });
    line.appendChild(document.createTextNode(parts[1] || ''));
    return line;
  }
  /** A link to a page of the course (a file of the site, a section of one document); in a per-module
   *  package only its words: each page is an SCO of its own, which only the LMS opens (a link to the
   *  page's own file reloaded the SCO in the LMS frame, and its session ended). */
  function pageLink(pageId, text) {
    if (DATA.mode === 'sco') return el('span', '', text);
    var a = el('a', '', text);
    a.href = DATA.mode === 'onedoc' ? '#' + pageId : pageId + '.html';
    return a;
  }
  function moduleLink(page) { return pageLink(page.id, (DATA.pages.indexOf(page)) + '. ' + page.title); }
  function quizLink(quizId) {
    var page = DATA.pages.filter(function (p) { return p.quiz === quizId; })[0];
    return page ? pageLink(page.id, '«' + DATA.quizzes[quizId].title + '»') : el('span', '', DATA.quizzes[quizId].title);
  }
  /** Completed: the home page's completion section and a link to it from every result. */
  function showCompleted(status) {
    // The record is made where no LMS keeps one (the site, the one-file course, a package opened from disk).
    var local = Runtime.adapter.name === 'local';
    $$('[data-to-certificate]').forEach(function (node) { node.hidden = !status.completed || !local; });
    var section = $('[data-completion]');
    if (!section || !local) return;
    section.hidden = false;
    var note = $('[data-completion-state]', section);
    if (note) note.textContent = status.completed ? S.completed
      : (status.exhausted ? S.not_completed_exhausted : S.not_completed);
    var form = $('[data-completion-form]', section);
    if (form) form.hidden = !status.completed;
  }

  // ---- The certificate ----
  /** «5 декабря 2026 г.» (or "5 December 2026"): the date the way people write it. */
  function longDate(date) {
    var months = S.months.split(' ');
    var text = date.getDate() + ' ' + months[date.getMonth()] + ' ' + date.getFullYear();
    return S.year_suffix ? text + ' ' + S.year_suffix : text;
  }
  /** Study time from the course's minutes, in hours («9 часов», «7,5 часа»). */
  function studyTime() {
    if (!DATA.minutes) return '';
    return plural(Math.round(DATA.minutes / 30) / 2, 'hours_n');
  }
  /** The results the completion rule rests on (the final, not every module quiz). */
  function ruleResults() {
    var ids = DATA.completion.quizzes.length ? DATA.completion.quizzes : QUIZ_IDS;
    return ids.map(function (quizId) {
      var q = quizRecord(quizId);
      return { title: DATA.quizzes[quizId].title, score: q && q.n ? q.b : null };
    });
  }
  /**
   * A short code from the record's fields (cyrb53, a well-mixed 53-bit hash): the same fields give the
   * same code in any copy of this course, any other field gives another. It detects an edited printout;
   * it is no signature (anyone with the course can compute it).
   */
  function verificationCode(fields) {
    var text = fields.join('\u001f'), h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    var code = (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).toUpperCase();
    while (code.length < 11) code = '0' + code;
    return code.slice(0, 4) + '-' + code.slice(4, 8) + '-' + code.slice(8);
  }
  /** The fields a code is computed from, in order. */
  function codeFields(name, dateText, results) {
    return [name.trim().replace(/\s+/g, ' '), DATA.id, DATA.version, DATA.hash, dateText,
      results.map(function (r) { return r.score === null ? '-' : r.score; }).join(',')];
  }
  /** One "label: value" line of the certificate (a value with a class is one unbreakable piece). */
  function fact(cert, label, value, valueClass) {
    if (!value) return;
    var p = el('p', 'certificate__fact');
    p.appendChild(el('strong', '', label + ': '));
    p.appendChild(valueClass ? el('span', valueClass, value) : document.createTextNode(value));
    cert.appendChild(p);
  }
  /** Fill the certificate for `name` and show it. */
  function makeCertificate(cert, name) {
    var dateText = longDate(new Date());
    var results = ruleResults();
    cert.textContent = '';
    cert.appendChild(el('h3', '', S.completion_title));
    cert.appendChild(el('p', 'certificate__name', name));
    cert.appendChild(el('p', 'certificate__course', DATA.title));
    fact(cert, S.version, DATA.version);
    fact(cert, S.hours, studyTime());
    fact(cert, S.date, dateText);
    // Left to each clinic (`local.organisation: ask`): a line to write the organisation in by hand.
    fact(cert, S.issued_by, DATA.org || '______________________________');
    results.forEach(function (r) { fact(cert, r.title, r.score === null ? '—' : fmt(S.percent, { n: r.score })); });
    var code = verificationCode(codeFields(name, dateText, results));
    // read out and typed in as one code
    fact(cert, S.verification, code, 'certificate__code');
    cert.appendChild(el('p', 'certificate__note', S.verification_note));
    var print = el('button', 'button', S.print);
    print.type = 'button';
    print.addEventListener('click', function () { window.print(); });
    cert.appendChild(print);
    cert.hidden = false;
    document.body.classList.add('has-certificate');
    return code;
  }
  /** The form that makes the record once the course is complete. */
  function wireCertificate() {
    var form = $('[data-completion-form]');
    var cert = $('[data-certificate]');
    if (!form || !cert) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = form.elements.learner.value.trim();
      if (!name) { form.elements.learner.focus(); return; }
      var code = makeCertificate(cert, name);
      var heading = $('h3', cert);
      heading.setAttribute('tabindex', '-1');
      heading.focus();
      document.dispatchEvent(new CustomEvent('course:certificate', { detail: { name: name, code: code } }));
    });
  }
  /** The check of a printed record: the same name, date and results give the same code. */
  function wireVerify() {
    var form = $('[data-verify]');
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var results = form.elements.results.value.split(',').map(function (s) {
        s = s.replace('%', '').trim();
        return { score: /^\d+$/.test(s) ? +s : null };
      });
      var fields = codeFields(form.elements.name.value, form.elements.date.value.trim(), results);
      var given = form.elements.code.value.trim().toUpperCase();
      var out = $('[data-verify-result]', form);
      out.textContent = verificationCode(fields) === given ? S.verify_match : S.verify_mismatch;
    });
  }

  // ---- Starting over ----
  /** After a confirmation: reading marks and answers in progress go, quiz records stay; then the first page. */
  function restart() {
    if (!window.confirm(S.restart_confirm)) return false;
    var state = Runtime.state();
    state.s = '';
    // modules read to the end go with the pages seen (a completion stays: state.c)
    delete state.d;
    // another tab's marks, from before, are not joined back (engine mergeState)
    state.e = (state.e || 0) + 1;
    state.l = 0;
    delete state.n;
    Object.keys(state.q).forEach(function (k) {
      var q = state.q[k];
      if (typeof q === 'object' && !q.fin) q.r = {};
    });
    // lessons read and places go too
    if (Runtime.nav) Runtime.nav.reset();
    // what was saved goes: nothing of it is added back
    Runtime.persist(true);
    // Confirmed: the resume offer (course.js) closes; a cancelled restart leaves it, and the focus, as they were.
    document.dispatchEvent(new CustomEvent('course:restart', { detail: {} }));
    var first = DATA.pages.filter(function (p) { return p.kind === 'module'; })[0];
    if (DATA.mode === 'site') { location.href = first ? first.id + '.html' : 'index.html'; return true; }
    // One document, or one module per SCO: no reload (it would end an LMS session), a new place in the page.
    var target = DATA.mode === 'onedoc' && first ? '#' + first.id : '';
    if (target && location.hash !== target) { location.hash = target; return true; }
    try { history.replaceState(null, '', location.pathname + location.search + target); } catch (e) { /* sandboxed */ }
    if (Runtime.nav) Runtime.nav.route(true);
    return true;
  }
  function wireRestart() {
    document.addEventListener('click', function (/** @type {any} */ event) {
      var button = event.target.closest ? event.target.closest('[data-restart]') : null;
      if (!button) return;
      event.preventDefault();
      restart();
    });
  }

  function refresh(event) {
    var status = event && event.detail ? event.detail : { completed: false };
    showMissing(status);
    showCompleted(status);
  }

  function start() {
    wireCertificate();
    wireVerify();
    wireRestart();
    document.addEventListener('course:progress', refresh);
    refresh({ detail: Runtime.status ? Runtime.status() : { completed: false } });
    Runtime.home = { code: verificationCode, fields: codeFields, longDate: longDate, restart: restart };
  }

  try { start(); } catch (e) { try { console.warn('[course] home failed', e); } catch (x) { /* no console */ } }
}());
