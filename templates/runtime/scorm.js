/*
 * SCORM 1.2 and SCORM 2004 adapters for the course runtime (course.js), shipped only in packages.
 *
 * Each adapter implements the interface documented at the top of course.js and keeps every
 * difference between the two data models inside itself. Rules both follow, learned from what
 * goes wrong in real LMSs:
 *  - find the API as the specs describe (parents, then the opener's parents); none -> localStorage;
 *  - Initialize once, tolerating "already initialized"; never depend on cmi.mode being set;
 *  - score before status; exit = suspend until the course is done, so the next launch resumes;
 *  - commit on changes and when the page is hidden, never rely on a Commit during unload;
 *    Finish/Terminate exactly once, from pagehide;
 *  - never read write-only elements; never throw into the page.
 */
(function () {
  'use strict';
  var Runtime = window.CourseRuntime = window.CourseRuntime || {};
  Runtime.adapters = Runtime.adapters || {};

  // ---- API discovery ----
  /** Look for `name` on `win` and up to 10 of its parents (the SCORM discovery algorithm). */
  function searchChain(win, name) {
    for (var tries = 0; win && tries <= 10; tries++) {
      try { if (win[name]) return win[name]; } catch (e) { return null; /* cross-origin frame */ }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }
  /** The LMS API object, or null. */
  function findApi(name) {
    var api = searchChain(window, name);
    if (!api) { try { if (window.opener) api = searchChain(window.opener, name); } catch (e) { api = null; } }
    return api;
  }

  // ---- Formatting helpers ----
  /** Two-digit padding. */
  function pad(n, width) { n = String(n); while (n.length < (width || 2)) n = '0' + n; return n; }
  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS. */
  function timespan12(ms) {
    var s = Math.max(0, ms) / 1000;
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    return pad(h, 4) + ':' + pad(m) + ':' + (sec < 10 ? '0' : '') + sec.toFixed(2);
  }
  /** SCORM 2004 timeinterval (ISO 8601 duration): PT#H#M#S. */
  function duration2004(ms) {
    var s = Math.max(0, ms) / 1000;
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = Math.round(s % 60 * 100) / 100;
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + sec + 'S';
  }
  /** SCORM 1.2 CMITime: HH:MM:SS. */
  function clock12(date) { return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()); }
  /** SCORM 2004 time (second precision, local time without zone). */
  function timestamp2004(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + clock12(date);
  }
  /** Index -> single character 0-9 then a-z (SCORM 1.2 responses allow only one character per item). */
  function char12(index) { return '0123456789abcdefghijklmnopqrstuvwxyz'.charAt(+index) || 'z'; }

  // ---- Shared adapter core ----
  /**
   * Build an adapter from a table of the version's element names and formatters.
   * @param {object} v version description (see scorm12 and scorm2004 below)
   * @param {object} data the course data (DATA of course.js)
   */
  function makeAdapter(v, data) {
    var api = null, started = false, finished = false, began = Date.now(), nextInteraction = 0;
    var lastStatus = null, objectiveIndex = {}, nextObjective = 0;
    var log = Runtime.lmsLog = [];

    /** Call an API function, never throwing; record the call for the dev inspector. */
    function call(fn, a, b) {
      var result = 'false', code = '0';
      try {
        result = b === undefined ? api[fn](a) : api[fn](a, b);
        code = String(api[v.lastError]());
      } catch (e) { code = 'exception'; }
      log.push({ fn: fn, args: b === undefined ? [a] : [a, b], result: String(result), code: code });
      return { value: String(result), code: code };
    }
    function get(element) { var r = call(v.get, element); return r.code === '0' ? r.value : ''; }
    function set(element, value) { return call(v.set, element, String(value)).value === 'true'; }

    return {
      name: v.name,
      limit: v.suspendLimit,
      start: function () {
        api = findApi(v.apiName);
        if (!api) return { ok: false };
        var init = call(v.init, '');
        if (init.value !== 'true' && v.alreadyInitialized.indexOf(init.code) < 0) return { ok: false };
        started = true;
        var entry = get(v.entry);
        var status = get(v.completion);
        if (status === 'not attempted' || status === 'unknown' || status === '') set(v.completion, 'incomplete');
        var count = parseInt(get(v.interactionCount), 10);
        nextInteraction = isNaN(count) ? 0 : count;
        // 2004 answers 403 for suspend_data never written: read it only when resuming.
        var objectives = parseInt(get('cmi.objectives._count'), 10) || 0;
        for (var i = 0; i < objectives; i++) objectiveIndex[get('cmi.objectives.' + i + '.id')] = i;
        nextObjective = objectives;
        var saved = !v.suspendOnlyOnResume || entry === 'resume' ? get(v.suspend) : '';
        set(v.exit, 'suspend');
        return { ok: true, state: saved || null, resume: entry === 'resume' || !!saved, note: 'storage_lms' };
      },
      save: function (text) { return started && !finished && set(v.suspend, text); },
      location: function (pageId) { if (started && !finished) set(v.location, pageId); },
      interaction: function (record) {
        if (!started || finished) return;
        var n = 'cmi.interactions.' + (nextInteraction++) + '.';
        set(n + 'id', record.id);
        set(n + 'type', record.type);
        (record.objectives || []).forEach(function (id, i) { set(n + 'objectives.' + i + '.id', id); });
        if (v.timestampElement) set(n + v.timestampElement, v.stamp(new Date()));
        if (record.correct) set(n + 'correct_responses.0.pattern', v.pattern(record, record.correct, true));
        set(n + 'weighting', record.weight);
        set(n + v.responseElement, v.pattern(record, record.learner, false));
        set(n + 'result', v.result(record));
        set(n + 'latency', v.span(record.latency));
        if (v.descriptionLimit && record.text) set(n + 'description', record.text.slice(0, v.descriptionLimit));
      },
      progress: function (status) {
        if (!started || finished) return;
        var key = JSON.stringify(status);
        if (key === lastStatus) return;
        lastStatus = key;
        v.writeStatus(set, status);
        set(v.exit, status.completed || status.exhausted ? v.exitDone : 'suspend');
      },
      objectives: function (scores, passing) {
        if (!started || finished) return;
        Object.keys(scores).forEach(function (id) {
          if (!(id in objectiveIndex)) {
            objectiveIndex[id] = nextObjective++;
            set('cmi.objectives.' + objectiveIndex[id] + '.id', id);
          }
          v.writeObjective(set, 'cmi.objectives.' + objectiveIndex[id] + '.', scores[id], scores[id] >= passing);
        });
      },
      commit: function () { return started && !finished ? call(v.commit, '').value === 'true' : true; },
      finish: function () {
        if (!started || finished) return;
        set(v.sessionTime, v.span(Date.now() - began));
        call(v.finish, '');
        finished = true;
      }
    };
  }

  // ---- SCORM 1.2 ----
  var scorm12 = {
    name: 'scorm12', apiName: 'API', suspendLimit: 4096,
    init: 'LMSInitialize', finish: 'LMSFinish', commit: 'LMSCommit', get: 'LMSGetValue', set: 'LMSSetValue', lastError: 'LMSGetLastError',
    alreadyInitialized: ['101'],
    entry: 'cmi.core.entry', completion: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location',
    suspend: 'cmi.suspend_data', exit: 'cmi.core.exit', exitDone: '', sessionTime: 'cmi.core.session_time',
    interactionCount: 'cmi.interactions._count', responseElement: 'student_response', timestampElement: 'time',
    descriptionLimit: 0,
    stamp: clock12, span: timespan12,
    pattern: function (record, items, isCorrect) {
      switch (record.type) {
        case 'choice': return items.join(',');
        case 'true-false': return items[0] === 'true' ? 't' : 'f';
        case 'matching': return items.map(function (p) { return char12(p[0]) + '.' + char12(p[1]); }).join(',');
        case 'sequencing': return items.map(char12).join(',');
        case 'numeric': return isCorrect ? String((+items[0] + +items[1]) / 2) : items[0];
        case 'performance': return items.map(function (p) { return p[0] + '.' + p[1]; }).join(',').slice(0, 255);
        default: return String(items[0]).slice(0, 255);
      }
    },
    result: function (record) { return record.result === 'correct' ? 'correct' : record.result === 'incorrect' ? 'wrong' : String(Math.round(record.fraction * 100) / 100); },
    writeObjective: function (set, prefix, score, passed) {
      set(prefix + 'score.min', 0);
      set(prefix + 'score.max', 100);
      set(prefix + 'score.raw', score);
      set(prefix + 'status', passed ? 'passed' : 'failed');
    },
    writeStatus: function (set, status) {
      if (status.score !== null) {
        set('cmi.core.score.min', 0);
        set('cmi.core.score.max', 100);
        set('cmi.core.score.raw', status.score);
      }
      // passed/failed follow the passing score (the manifest's masteryscore is the same figure).
      set('cmi.core.lesson_status', status.completed ? (status.graded ? 'passed' : 'completed') : status.failed ? 'failed' : 'incomplete');
    }
  };

  // ---- SCORM 2004 ----
  var scorm2004 = {
    name: 'scorm2004', apiName: 'API_1484_11', suspendLimit: 64000,
    init: 'Initialize', finish: 'Terminate', commit: 'Commit', get: 'GetValue', set: 'SetValue', lastError: 'GetLastError',
    alreadyInitialized: ['103'],
    entry: 'cmi.entry', completion: 'cmi.completion_status', location: 'cmi.location',
    suspend: 'cmi.suspend_data', exit: 'cmi.exit', exitDone: 'normal', sessionTime: 'cmi.session_time',
    interactionCount: 'cmi.interactions._count', responseElement: 'learner_response', timestampElement: 'timestamp',
    descriptionLimit: 250, suspendOnlyOnResume: true,
    stamp: timestamp2004, span: duration2004,
    pattern: function (record, items, isCorrect) {
      switch (record.type) {
        case 'choice': return items.join('[,]');
        case 'true-false': return items[0];
        case 'matching': return items.map(function (p) { return 'l' + p[0] + '[.]r' + p[1]; }).join('[,]');
        case 'sequencing': return items.map(function (i) { return 'i' + i; }).join('[,]');
        case 'numeric': return isCorrect ? items[0] + '[:]' + items[1] : items[0];
        case 'performance': return items.map(function (p) { return p[0] + '[.]' + p[1]; }).join('[,]');
        default: return String(items[0]).replace(/\[/g, '(').slice(0, 250);
      }
    },
    result: function (record) { return record.result === 'correct' || record.result === 'incorrect' ? record.result : String(Math.round(record.fraction * 100) / 100); },
    writeObjective: function (set, prefix, score, passed) {
      set(prefix + 'score.min', 0);
      set(prefix + 'score.max', 100);
      set(prefix + 'score.raw', score);
      set(prefix + 'score.scaled', score / 100);
      set(prefix + 'success_status', passed ? 'passed' : 'failed');
      set(prefix + 'completion_status', 'completed');
    },
    writeStatus: function (set, status) {
      if (status.score !== null) {
        set('cmi.score.min', 0);
        set('cmi.score.max', 100);
        set('cmi.score.raw', status.score);
        set('cmi.score.scaled', status.score / 100);
      }
      set('cmi.success_status', status.graded && status.passed ? 'passed' : status.failed ? 'failed' : 'unknown');
      set('cmi.completion_status', status.completed ? 'completed' : 'incomplete');
    }
  };

  Runtime.adapters.scorm12 = function (data) { return makeAdapter(scorm12, data); };
  Runtime.adapters.scorm2004 = function (data) { return makeAdapter(scorm2004, data); };
  Runtime.scormFormat = { timespan12: timespan12, duration2004: duration2004 };
}());
