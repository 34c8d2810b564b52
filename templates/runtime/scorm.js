/*
 * SCORM 1.2 and SCORM 2004 adapters for the course runtime (course.js), shipped only in packages.
 *
 * Each adapter overrides the no-op base of course.js (the interface documented there) and keeps every
 * difference between the two data models inside itself. Rules both follow, learned from what
 * goes wrong in real LMSs:
 *  - find the API as the specs describe (parents, then the opener's parents); none -> localStorage;
 *  - Initialize once, tolerating "already initialized"; never depend on cmi.mode being set;
 *  - score before status, then Commit at once; exit = suspend always (after completion too), so a
 *    reopened course resumes instead of starting afresh over the LMS's record;
 *  - commit while the page is visible (1.2 batches page moves), never rely on one during unload;
 *    Finish/Terminate once, from pagehide, after the last save;
 *  - keep a record an LMS resends whole within what its server reads;
 *  - never read write-only elements; never throw into the page.
 */
(function () {
  'use strict';
  var Runtime = window.CourseRuntime = window.CourseRuntime || /** @type {any} */ ({});
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
  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (rounded to hundredths first, so never ":60.00"). */
  function timespan12(ms) {
    var cs = Math.round(Math.max(0, ms) / 10);
    var h = Math.floor(cs / 360000), m = Math.floor(cs % 360000 / 6000), hundredths = cs % 6000;
    return pad(h, 4) + ':' + pad(m) + ':' + pad(Math.floor(hundredths / 100)) + '.' + pad(hundredths % 100);
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

  // ---- An LMS that resends the whole record at every Commit (Moodle 4.5's 2004 player) ----
  // PHP reads its first 5000 fields, status and state come last: answers are recorded while the
  // record fits FIELD_LIMIT (builder/limits.py says why), and committed while the page is visible.
  var FIELD_LIMIT = 4990;
  var SCALAR_FIELDS = 12;
  var ROUTINE_GAP = 10000;
  // Its Terminate goes as one beacon, which Chromium refuses above 64 KiB (some 50 answers), and a
  // bookmark waiting for the next Commit with it: a page move is committed once the page is drawn
  // (a synchronous Commit of the whole record first held the new page back).
  var MOVE_GAP = 250;

  /** Fields one answer of question `q` takes: id, type, weighting, response, result, latency, objectives, patterns. */
  function interactionFields(q) {
    var patterns = q.t === 'scenario' ? 0 : q.t === 'fill_in' ? q.a.length : 1;
    return 6 + [].concat(q.objs || q.obj || []).length + patterns;
  }
  /** Fields kept for what matters more than module answers: one attempt of the final, module objectives. */
  function reservedFields(data) {
    var own = data.mode !== 'sco' ? Object.keys(data.quizzes)
      : data.pages.filter(function (p) { return p.id === data.page; }).map(function (p) { return p.quiz; });
    var finals = 0, objectives = {};
    own.filter(function (id) { return data.quizzes[id]; }).forEach(function (id) {
      var quiz = data.quizzes[id];
      var sizes = quiz.bank.map(function (qid) { return interactionFields(data.questions[qid]); });
      if (!quiz.module) { finals += quiz.draw * Math.max.apply(null, sizes.concat(0)); return; }
      quiz.bank.forEach(function (qid) {
        var q = data.questions[qid];
        [].concat(q.objs || q.obj || []).forEach(function (o) { objectives[o] = 1; });
      });
    });
    return { finals: finals, objectives: Object.keys(objectives).length * 3 };
  }

  // ---- Shared adapter core ----
  /**
   * Build an adapter from a table of the version's element names and formatters.
   * @param {object} v version description (see scorm12 and scorm2004 below)
   * @param {object} data the course data (DATA of course.js)
   */
  function makeAdapter(v, data) {
    var api = null, started = false, finished = false, began = Date.now(), nextInteraction = 0;
    var lastStatus = null, objectiveIndex = {}, nextObjective = 0;
    var sent = {}, fields = 0, skipped = 0, preloadedObjectives = 0, moduleRoomGone = false;
    var dirty = false, urgent = false, moved = false, lastCommit = -Infinity, lastOk = true, timer = null, due = 0;
    var reserve = v.resends ? reservedFields(data) : { finals: 0, objectives: 0 };
    var routine = {};
    [v.location, v.suspend, v.sessionTime].forEach(function (element) { routine[element] = true; });
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
    /** Write one element; anything but the bookmark, state or time makes the next Commit urgent. */
    function set(element, value) {
      value = String(value);
      // status is reported on every page move, mostly unchanged
      if (sent[element] === value) return true;
      var ok = call(v.set, element, value).value === 'true';
      if (!ok) return false;
      if (sent[element] === undefined) fields++;
      sent[element] = value;
      dirty = true;
      if (!routine[element]) urgent = true;
      if (element === v.location && v.resends) moved = true;
      return true;
    }
    /** Count a record that did not fit (tests read it). */
    function skip() { skipped++; Runtime.recordsSkipped = skipped; return false; }
    /** Whether these elements keep a resent record within FIELD_LIMIT, `keep` fields left over. */
    function fits(pairs, keep) {
      if (!v.resends) return true;
      var added = pairs.filter(function (p) { return sent[p[0]] === undefined; }).length;
      return fields + added + SCALAR_FIELDS + Math.max(0, keep) <= FIELD_LIMIT || skip();
    }
    /** Write element/value pairs in order (the spec's order: id and type first). */
    function setAll(pairs) { pairs.forEach(function (p) { set(p[0], p[1]); }); }
    /** Initialize, once more if the first call fails for a reason other than "already initialized". */
    function initialize() {
      var init = call(v.init, '');
      if (init.value === 'true' || v.alreadyInitialized.indexOf(init.code) >= 0) return init;
      init = call(v.init, '');
      return init.value === 'true' || v.alreadyInitialized.indexOf(init.code) >= 0 ? init : { value: 'false', code: init.code };
    }
    /**
     * Commit now, retried once; nothing changed, no request (beacons at page exit share one quota).
     * Offline, no Commit: Moodle's player would answer true for a request it sends again by beacon
     * (mod/scorm/request.js) and that never arrives, and its 1.2 player sends each element only when
     * it differs from what it collected at the Commit before (scorm_12.js CollectData): committed
     * offline, those values would be lost for the session. Uncommitted, they all go with the first
     * Commit once the connection is back.
     */
    function commitNow() {
      clearTimeout(timer);
      timer = null;
      if (!started || finished || !dirty) return true;
      if (navigator.onLine === false) { lastOk = false; return false; }
      lastOk = call(v.commit, '').value === 'true' || call(v.commit, '').value === 'true';
      lastCommit = Date.now();
      if (lastOk) { dirty = false; urgent = false; moved = false; }
      return lastOk;
    }
    /**
     * Commit answers, results, status, a retry or when hidden at once; page moves every ROUTINE_GAP at
     * most, or MOVE_GAP after the move where the record is resent.
     */
    function commit() {
      if (!started || finished || !dirty) return true;
      var wait = moved ? MOVE_GAP : lastCommit + ROUTINE_GAP - Date.now();
      if (urgent || !lastOk || wait <= 0 || document.visibilityState === 'hidden') return commitNow();
      // (the earlier of two waits: a move's, or the routine one already running)
      if (!timer || Date.now() + wait < due) { clearTimeout(timer); timer = setTimeout(commitNow, wait); due = Date.now() + wait; }
      return true;
    }
    /** Fields of the interactions earlier sessions recorded (preloaded and resent too). */
    function preloadedInteractionFields(count) {
      var total = 0;
      for (var i = 0; v.resends && i < count; i++) {
        var n = 'cmi.interactions.' + i + '.';
        total += 6 + (parseInt(get(n + 'objectives._count'), 10) || 0);
        total += parseInt(get(n + 'correct_responses._count'), 10) || 0;
      }
      return total;
    }
    /** Index the objectives earlier sessions recorded and count their fields. */
    function loadObjectives() {
      var count = parseInt(get('cmi.objectives._count'), 10) || 0;
      for (var i = 0; i < count; i++) objectiveIndex[get('cmi.objectives.' + i + '.id')] = i;
      nextObjective = count;
      preloadedObjectives = count * (1 + v.objectiveFields.length);
      fields += preloadedObjectives;
    }

    // course.js's no-op base supplies the rest.
    return Runtime.extendAdapter({
      name: v.name,
      limit: v.suspendLimit,
      start: function () {
        api = findApi(v.apiName);
        if (!api) return { ok: false };
        var init = initialize();
        // An API that refuses (Moodle 2004: SCOs after the first of a visit): the caller tells the learner.
        if (init.value !== 'true' && v.alreadyInitialized.indexOf(init.code) < 0) return { ok: false, refused: true, code: init.code };
        started = true;
        var entry = get(v.entry);
        var status = get(v.completion);
        if (status === 'not attempted' || status === 'unknown' || status === '') set(v.completion, 'incomplete');
        var count = parseInt(get(v.interactionCount), 10);
        nextInteraction = isNaN(count) ? 0 : count;
        fields += preloadedInteractionFields(nextInteraction);
        loadObjectives();
        // 2004 answers 403 for suspend_data never written: read it only when resuming.
        var resuming = entry === 'resume';
        var saved = !v.suspendOnlyOnResume || resuming ? get(v.suspend) : '';
        var bookmark = saved || resuming ? get(v.location) : '';
        // suspend after completion too: exit=normal makes the next launch start afresh (Moodle wipes the record).
        set(v.exit, 'suspend');
        // Reaching for the LMS's own buttons blurs the frame while the page is visible: commit then.
        window.addEventListener('blur', commitNow);
        return { ok: true, state: saved || null, resume: resuming || !!saved, location: bookmark, note: 'storage_lms',
          learner: get(v.learner) || '', resumed: resuming };
      },
      save: function (text) { return started && !finished && set(v.suspend, text); },
      location: function (pageId) { if (started && !finished) set(v.location, pageId); },
      interaction: function (record) {
        if (!started || finished) return;
        var n = 'cmi.interactions.' + nextInteraction + '.';
        var pairs = [[n + 'id', record.id], [n + 'type', record.type]];
        (record.objectives || []).forEach(function (id, i) { pairs.push([n + 'objectives.' + i + '.id', id]); });
        if (!v.resends) pairs.push([n + v.timestampElement, v.stamp(new Date())]);
        (record.correct || []).forEach(function (pattern, i) { pairs.push([n + 'correct_responses.' + i + '.pattern', v.pattern(record, pattern, true)]); });
        pairs.push([n + 'weighting', record.weight]);
        var response = record.learner === null ? null : v.pattern(record, record.learner, false);
        if (response !== null) pairs.push([n + v.responseElement, response]);
        pairs.push([n + 'result', v.result(record)]);
        pairs.push([n + 'latency', v.span(record.latency)]);
        // Module answers only while room for the final's and the objectives stays; once one did
        // not fit, none later is: the report holds the first answers in order.
        if (!record.final && moduleRoomGone) { skip(); return; }
        if (!fits(pairs, record.final ? 0 : reserve.finals + reserve.objectives - preloadedObjectives)) {
          if (!record.final) moduleRoomGone = true;
          return;
        }
        nextInteraction++;
        setAll(pairs);
      },
      progress: function (status) {
        if (!started || finished) return;
        var key = JSON.stringify(status);
        if (key === lastStatus) return;
        lastStatus = key;
        v.writeStatus(set, status);
      },
      objectives: function (scores, passing, final) {
        // A final's results per objective are its own ids ("q-final.o1") where the LMS has room;
        // with every element resent, only the module quizzes' ones.
        if (!started || finished || final && v.resends) return;
        Object.keys(scores).forEach(function (id) {
          var known = id in objectiveIndex;
          if (!known) {
            var pairs = [['cmi.objectives.' + nextObjective + '.id', id]].concat(v.objectiveFields);
            if (!fits(pairs, reserve.finals)) return;
            objectiveIndex[id] = nextObjective++;
            set('cmi.objectives.' + objectiveIndex[id] + '.id', id);
          }
          // The best result stays, as the quiz's own best score does: a worse retake showed 0 in
          // Moodle's Objectives report for a learner who had passed.
          // (A score is read only where one was written: an unset element is an error in 2004.)
          var prefix = 'cmi.objectives.' + objectiveIndex[id] + '.', before = known ? parseFloat(get(prefix + 'score.raw')) : NaN;
          if (!isNaN(before) && before > scores[id]) return;
          v.writeObjective(set, prefix, scores[id], scores[id] >= passing);
        });
      },
      commit: commit,
      /** End the session (the caller has saved); false if the LMS refused. */
      finish: function () {
        if (!started || finished) return true;
        clearTimeout(timer);
        window.removeEventListener('blur', commitNow);
        set(v.sessionTime, v.span(Date.now() - began));
        // Some 1.2 players close the session before LMSFinish at page exit: Commit first. (A resending
        // LMS's Terminate carries everything; a Commit beside it would share the beacon quota.)
        if (!v.resends) commitNow();
        var ok = call(v.finish, '').value === 'true';
        // Refused (a beacon too large, the network): once more; all but the session time is committed.
        if (!ok) ok = call(v.finish, '').value === 'true';
        finished = true;
        return ok;
      }
    });
  }

  // ---- SCORM 1.2 ----
  var scorm12 = {
    name: 'scorm12', apiName: 'API', suspendLimit: 4096,
    init: 'LMSInitialize', finish: 'LMSFinish', commit: 'LMSCommit', get: 'LMSGetValue', set: 'LMSSetValue', lastError: 'LMSGetLastError',
    alreadyInitialized: ['101'],
    entry: 'cmi.core.entry', learner: 'cmi.core.student_id', completion: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location',
    suspend: 'cmi.suspend_data', exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time',
    interactionCount: 'cmi.interactions._count', responseElement: 'student_response', timestampElement: 'time',
    resends: false, objectiveFields: [],
    stamp: clock12, span: timespan12,
    pattern: function (record, items, isCorrect) {
      switch (record.type) {
        case 'choice': return items.join(',');
        case 'true-false': return items[0] === 'true' ? 't' : 'f';
        case 'matching': return items.map(function (p) { return char12(p[0]) + '.' + char12(p[1]); }).join(',');
        case 'sequencing': return items.map(char12).join(',');
        case 'numeric': return isCorrect ? String((+items[0] + +items[1]) / 2) : items[0];
        case 'performance': return items.map(function (p) { return p[0] + '.' + p[1]; }).join(',').slice(0, 255);
        case 'fill-in': return String(items[0]).slice(0, 255);
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
      // passed only when the course's completion rule holds: the manifest has no masteryscore,
      // so the LMS cannot turn a high score into "passed" for a learner who skipped modules.
      // failed only once a required quiz has no attempt left: 1.2 has one status, and an LMS reads
      // "failed" as the attempt's end (Moodle 4.5 then opens the course in review mode and offers a
      // new attempt, which starts it afresh) while the learner may still retake the quiz.
      set('cmi.core.lesson_status', status.completed ? (status.graded ? 'passed' : 'completed') : status.exhausted ? 'failed' : 'incomplete');
    }
  };

  // ---- SCORM 2004 ----
  var scorm2004 = {
    name: 'scorm2004', apiName: 'API_1484_11', suspendLimit: 64000,
    init: 'Initialize', finish: 'Terminate', commit: 'Commit', get: 'GetValue', set: 'SetValue', lastError: 'GetLastError',
    alreadyInitialized: ['103'],
    entry: 'cmi.entry', learner: 'cmi.learner_id', completion: 'cmi.completion_status', location: 'cmi.location',
    suspend: 'cmi.suspend_data', exit: 'cmi.exit', sessionTime: 'cmi.session_time',
    interactionCount: 'cmi.interactions._count', responseElement: 'learner_response', timestampElement: 'timestamp',
    suspendOnlyOnResume: true,
    // An LMS that resends everything (see FIELD_LIMIT); the timestamp, optional, is left out then.
    resends: true,
    // Moodle's objectives report reads the raw score and the status: no scaled score, to save room.
    objectiveFields: [['cmi.objectives.99.score.raw', '100'], ['cmi.objectives.99.success_status', 'passed']],
    stamp: timestamp2004, span: duration2004,
    pattern: function (record, items, isCorrect) {
      switch (record.type) {
        case 'choice': return items.join('[,]');
        case 'true-false': return items[0];
        case 'matching': return items.map(function (p) { return 'l' + p[0] + '[.]r' + p[1]; }).join('[,]');
        case 'sequencing': return items.map(function (i) { return 'i' + i; }).join('[,]');
        case 'numeric': return isCorrect ? items[0] + '[:]' + items[1] : items[0];
        case 'fill-in': return String(items[0]).replace(/\[/g, '(').slice(0, 250);
        case 'performance': return items.map(function (p) { return p[0] + '[.]' + p[1]; }).join('[,]');
        default: return String(items[0]).replace(/\[/g, '(').slice(0, 250);
      }
    },
    result: function (record) { return record.result === 'correct' || record.result === 'incorrect' ? record.result : String(Math.round(record.fraction * 100) / 100); },
    writeObjective: function (set, prefix, score, passed) {
      set(prefix + 'score.raw', score);
      set(prefix + 'success_status', passed ? 'passed' : 'failed');
    },
    writeStatus: function (set, status) {
      if (status.score !== null) {
        set('cmi.score.min', 0);
        set('cmi.score.max', 100);
        set('cmi.score.raw', status.score);
        set('cmi.score.scaled', status.score / 100);
      }
      // passed only with the course's rule met (an LMS completing the activity on "passed" must not
      // complete it for a learner who passed the final but skipped modules).
      // A module without a quiz is satisfied once completed, or a prerequisite on it never opens.
      set('cmi.success_status', status.completed ? 'passed' : status.failed ? 'failed' : 'unknown');
      set('cmi.completion_status', status.completed ? 'completed' : 'incomplete');
    }
  };

  Runtime.adapters.scorm12 = function (data) { return makeAdapter(scorm12, data); };
  Runtime.adapters.scorm2004 = function (data) { return makeAdapter(scorm2004, data); };
  Runtime.scormFormat = { timespan12: timespan12, duration2004: duration2004 };
  /** The SCORM version of the LMS around the page ('scorm2004', 'scorm12') or null: for a page whose
   *  shared data does not name its backend (a browser's stale copy of an older course-data.js). */
  Runtime.scormFound = function () { return findApi('API_1484_11') ? 'scorm2004' : findApi('API') ? 'scorm12' : null; };
}());
