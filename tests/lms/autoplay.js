/*
 * Plays the course in a launched SCO document as a learner would, for a real LMS (the Moodle bed's
 * play.py: `js` action with this file's text and the call appended). Answers through the page's own
 * controls: ticks options, types answers, picks matches, orders items, follows scenario choices.
 *   autoplay({modules: true|false|'skip', final: true|false|'skip', pages: [ids] | null, questions: N})
 * `modules`/`final`: answer right (true), wrong (false) or leave the quiz alone ('skip');
 * `pages`: the page ids to visit (default: every page in order); `questions`: answer only the
 * first N questions of each quiz and do not submit (a learner who leaves half-way).
 */
window.autoplay = async function (plan) {
  var D = CourseRuntime.data;
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function bestPath(q) {
    function best(id) {
      var step = q.steps[id];
      if (step.end || !step.ch.length) return [0, []];
      var options = step.ch.map(function (c, i) { var b = best(c.n); return [c.p + b[0], [i].concat(b[1])]; });
      return options.sort(function (a, b) { return b[0] - a[0]; })[0];
    }
    return best(q.start)[1];
  }
  async function answer(li, q, right) {
    var t = q.t;
    if (t === 'single' || t === 'multiple') {
      var ids = q.o.filter(function (o) { return !!o.c === right; }).map(function (o) { return o.id; });
      if (!ids.length) ids = [q.o[0].id];
      (t === 'multiple' ? ids : ids.slice(0, 1)).forEach(function (id) { li.querySelector('input[value="' + id + '"]').click(); });
    } else if (t === 'true_false') {
      li.querySelector('input[value="' + ((q.a === right) ? 't' : 'f') + '"]').click();
    } else if (t === 'fill_in' || t === 'numeric') {
      li.querySelector('input[type=text]').value = right ? String(t === 'fill_in' ? q.a[0] : q.a) : '999';
    } else if (t === 'matching') {
      li.querySelectorAll('.match').forEach(function (row, i) { row.querySelector('input[value="' + (right ? i : (i + 1) % q.n) + '"]').click(); });
    } else if (t === 'ordering') {
      var list = li.querySelector('[data-order]');
      for (var i = 0; i < q.n; i++) list.appendChild(li.querySelector('.order-item[data-index="' + (right ? i : q.n - 1 - i) + '"]'));
    }
    if (t === 'scenario') {
      var path = right ? bestPath(q) : null;
      for (var k = 0; li.querySelector('.scenario__choice:not([disabled])'); k++) {
        var choices = li.querySelectorAll('.scenario__step')[k].querySelectorAll('.scenario__choice');
        choices[right ? path[k] : choices.length - 1].click();
        await sleep(20);
      }
      return;
    }
    li.querySelector('[data-check-answer]').click();
    await sleep(20);
  }
  var visited = [];
  // One document holds every page; a per-module SCO only its own.
  var pages = D.mode !== 'onedoc' ? [D.page] : plan.pages || D.pages.map(function (p) { return p.id; });
  for (var n = 0; n < pages.length; n++) {
    var page = D.pages.filter(function (p) { return p.id === pages[n]; })[0];
    if (D.mode === 'onedoc') { location.hash = page.id; await sleep(100); }
    visited.push(page.id);
    var how = page.kind === 'final' ? plan.final : plan.modules;
    if (!page.quiz || how === 'skip' || how === undefined) continue;
    var section = document.querySelector('section.quiz[data-quiz="' + page.quiz + '"]');
    var shown = Array.prototype.slice.call(section.querySelectorAll('li.question:not([hidden])'));
    if (plan.questions) shown = shown.slice(0, plan.questions);
    for (var j = 0; j < shown.length; j++) await answer(shown[j], D.questions[shown[j].getAttribute('data-q')], how === true);
    if (!plan.questions) {
      section.querySelector('[data-submit]').click();
      var confirm = section.querySelector('[data-confirm-submit]');  // the quiz asks first when attempts are at stake
      if (confirm) confirm.click();
      await sleep(50);
    }
  }
  var warning = document.getElementById('commit-warning');
  return { visited: visited, state: JSON.stringify(CourseRuntime.state()).length, skipped: CourseRuntime.recordsSkipped || 0,
    storage: document.documentElement.getAttribute('data-storage'), warning: warning && !warning.hidden ? warning.textContent : '' };
};
