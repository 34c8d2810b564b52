/*
 * A test LMS for the browser tests: the LMS side is scorm-again (Scorm12API / Scorm2004API),
 * exposed on this window as an LMS exposes it, with the package framed below (as Moodle does).
 * Every call the package makes goes through a wrapper that logs name, arguments, return value
 * and error code, and that can make Commit fail on demand (tests of an LMS that refuses commits).
 *
 * Profiles reproduce the documented behaviour of LMSs our users run, as data plus a few hooks
 * (manifest rules live beside them in tests/browser/test_lms.py, PROFILE_MANIFEST_RULES):
 *  - strict: scorm-again as configured here;
 *  - moodle45: Moodle 4.5.6's players (../shared/moodle-bed/README.md): 2004 posts on every
 *    Commit/Terminate every interaction and objective field and every element changed since launch,
 *    in the player's order (interactions first, status and suspend_data last); while the page is
 *    visible by synchronous XHR, of which PHP reads the first max_input_vars (5000) fields and drops
 *    the rest; at page exit as beacons that share a 64 KiB quota (refused: nothing stored); rows
 *    are upserted one by one. The next launch of a 2004 attempt left with exit other than suspend
 *    starts ab-initio with an empty data model. SCOs switched in one player page (launch again
 *    without reloading the page): 2004 has one API object, refusing Initialize after a Terminate
 *    (104); 1.2 re-initialises, but throws in LMSInitialize for a SCO that committed interactions
 *    or objectives earlier in that page (scorm_12.js initdatamodel);
 *  - lms2: the second LMS of the findings: its 1.2 session is closed when LMSFinish comes at page
 *    exit (101, nothing of that call stored); 1.2 suspend_data cut at 4096; ids over 255 refused.
 * Every profile stores only what a successful Commit/Finish sent (window.stored), and computes
 * cmi.entry itself from the stored exit.
 */
(function () {
  'use strict';
  var FUNCTIONS = {
    '12': ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
    '2004': ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic']
  };
  var PROFILES = {
    strict: { resends: false, beaconQuota: 0, abInitioAfterNormal: false, finishClosedAtExit12: false, suspendLimit12: 0, idLimit: 0 },
    moodle45: { resends: true, beaconQuota: 65536, maxInputVars: 5000, abInitioAfterNormal: true,
                finishClosedAtExit12: false, suspendLimit12: 0, idLimit: 0, onePlayerApi: true, beaconFallback: true },
    lms2: { resends: false, beaconQuota: 0, abInitioAfterNormal: false, finishClosedAtExit12: true, suspendLimit12: 4096, idLimit: 255 }
  };
  window.lmsLog = [];
  window.failCommits = false;
  window.lmsUnreachable = false;  // nothing arrives: Commit fails (moodle45: answers true), Finish answers true
  window.unloading = false;
  window.stored = null;
  window.beaconBytes = [];
  window.bodies = [];
  // SCOs launched in this page (Moodle: one player page, its TOC and next/previous switching SCOs):
  // href -> whether it committed interactions or objectives; and whether a 2004 SCO terminated.
  window.playerScos = {};
  window.terminated2004 = false;

  /** Every leaf of a CMI JSON as [dotted name, value], empty values left out. */
  function leaves(node, prefix, out) {
    Object.keys(node || {}).forEach(function (key) {
      var value = node[key], name = prefix + '.' + key;
      if (value && typeof value === 'object') leaves(value, name, out);
      else if (value !== '' && value !== null && value !== undefined) out.push([name, String(value)]);
    });
    return out;
  }
  /** A flat {dotted name: value} map back into the nested CMI JSON scorm-again loads. */
  function nest(flat) {
    var root = {};
    Object.keys(flat).forEach(function (name) {
      var parts = name.split('.').slice(1), node = root;
      parts.slice(0, -1).forEach(function (part) { node = node[part] = node[part] || {}; });
      node[parts[parts.length - 1]] = flat[name];
    });
    return root;
  }
  // Moodle 4.5.6's 2004 player (mod/scorm/datamodels/scorm_13.js): its cmi object holds, in this
  // order, interactions, learner_preference, objectives and score, then the scalar elements in the
  // data model's order; CollectData walks it and posts every writable element whose value differs
  // from its launch value (the stored one), and every interaction field, which has no launch value.
  // The request parameters come first (datamodelurlparams, then total_time on Terminate).
  var SCALARS_2004 = ['completion_status', 'exit', 'location', 'progress_measure', 'session_time', 'success_status',
    'suspend_data'];
  var DEFAULTS_2004 = { 'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown',
    'cmi.session_time': 'PT0H0M0S' };
  /** The fields of one Commit/Terminate body of Moodle's 2004 player, in order: [name, value]. */
  function moodleFields(cmi, launched, terminate) {
    var fields = [['id', '9999'], ['a', '9999'], ['sesskey', 'xxxxxxxxxx'], ['attempt', '1'], ['scoid', '9999']];
    if (terminate) fields.push(['cmi.total_time', 'PT9999H59M59.99S']);
    var changed = function (p) {
      return (launched[p[0]] !== undefined ? launched[p[0]] : DEFAULTS_2004[p[0]] || '') !== p[1];
    };
    var known = function (p) { return p[1] !== 'unknown'; };
    fields = fields.concat(leaves(cmi.interactions, 'cmi.interactions', []));
    fields = fields.concat(leaves(cmi.objectives, 'cmi.objectives', []).filter(known));
    fields = fields.concat(leaves(cmi.score, 'cmi.score', []).filter(changed));
    SCALARS_2004.forEach(function (key) {
      if (cmi[key] !== '' && changed(['cmi.' + key, cmi[key]])) fields.push(['cmi.' + key, cmi[key]]);
    });
    return fields;
  }
  /** Bytes of the multipart body Moodle's player sends by beacon: 87 around each field, names with "__", "N<i>". */
  function multipartBytes(fields) {
    return fields.concat([['unloading', '1']]).reduce(function (sum, p) {
      var name = p[0].replace(/\.(\d+)\./g, '.N$1.').replace(/\./g, '__');
      return sum + 87 + new TextEncoder().encode(name).length + new TextEncoder().encode(p[1]).length;
    }, 0);
  }
  /** Whether a save at page exit goes through (a beacon within the quota left), for profiles with one. */
  function beaconAccepts(profile, bytes) {
    if (!profile.beaconQuota || !window.unloading) return true;
    var inFlight = window.beaconBytes.reduce(function (a, b) { return a + b; }, 0);
    if (inFlight + bytes > profile.beaconQuota) return false;
    window.beaconBytes.push(bytes);
    return true;
  }
  /**
   * A resending LMS's store (Moodle: one row per element, upserted): what PHP reads of the body,
   * its first max_input_vars fields, is written over the rows; the rest is dropped without a word.
   */
  function storeFields(profile, store, fields) {
    var read = fields.slice(0, profile.maxInputVars || fields.length);
    read.forEach(function (p) { if (p[0].indexOf('cmi.') === 0 && p[0] !== 'cmi.total_time') store[p[0]] = p[1]; });
    return fields.length - read.length;
  }

  /** Launch the package: `cfg = {version: '12'|'2004', href, cmi: saved CMI JSON or null, learner: id or absent}`. */
  window.launch = function (cfg) {
    var names = FUNCTIONS[cfg.version];
    var profile = PROFILES[cfg.profile || 'strict'];
    var settings = { autocommit: false, logLevel: 4, mastery_override: false };
    var api = cfg.version === '12' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    var cmi = cfg.cmi ? JSON.parse(JSON.stringify(cfg.cmi)) : null;
    var exit = cmi ? (cfg.version === '12' ? cmi.core.exit : cmi.exit) : '';
    if (cmi && cfg.version === '2004' && profile.abInitioAfterNormal && exit !== 'suspend') cmi = null;
    if (cmi) {
      // cmi.entry is the LMS's: resume after a suspended session, else ab-initio.
      if (cfg.version === '12') cmi.core.entry = exit === 'suspend' ? 'resume' : ''; else cmi.entry = exit === 'suspend' ? 'resume' : 'ab-initio';
      api.loadFromJSON(cmi, '');
    }
    // The LMS's id of the learner launching (cmi.core.student_id, cmi.learner_id), when the test names one.
    if (cfg.learner) { if (cfg.version === '12') api.cmi.core.student_id = cfg.learner; else api.cmi.learner_id = cfg.learner; }
    window.unloading = false;
    window.beaconBytes = [];
    window.bodies = [];
    window.stored = cmi;
    var resends = profile.resends && cfg.version === '2004';
    // A resending LMS's rows, and the launch values it compares against (the stored ones).
    var rows = {};
    leaves(cmi || {}, 'cmi', []).forEach(function (p) { if (p[0] !== 'cmi.entry') rows[p[0]] = p[1]; });
    var launched = JSON.parse(JSON.stringify(rows));
    var commitName = names[4], lastErrorName = names[5];
    var wrapperError = null;
    var wrapper = {};
    names.forEach(function (name) {
      wrapper[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        var result, code, fields = null, bytes = 2000;
        if (resends && (name === commitName || name === names[1])) {
          fields = moodleFields(JSON.parse(JSON.stringify(api.cmi)), launched, name === names[1]);
          bytes = multipartBytes(fields);
        }
        if (name === names[0] && profile.onePlayerApi && window.playerScos[cfg.href] && cfg.version === '12') {
          // Moodle's 1.2 player re-runs initdatamodel, which evals the per-element keys its CollectData
          // added ("cmi.interactions_0.id = ...") and throws: that SCO cannot be reopened in this page.
          window.lmsLog.push({ fn: name, args: args, result: 'exception', code: 'exception' });
          throw new TypeError("Cannot set properties of undefined (setting 'id')");
        }
        if (name === lastErrorName && wrapperError) {
          result = wrapperError;
        } else if (name === names[0] && profile.onePlayerApi && cfg.version === '2004' && window.terminated2004) {
          result = 'false';  // one API_1484_11 per player page, Terminated for good after the first SCO
          wrapperError = '104';
        } else if (name === commitName && (window.failCommits || window.lmsUnreachable && !profile.beaconFallback)) {
          result = 'false';
          wrapperError = cfg.version === '12' ? '101' : '391';
        } else if ((name === commitName || name === names[1]) && window.lmsUnreachable) {
          // Moodle's player: a request that fails is sent again by beacon, and the call answers true once
          // the beacon is queued (mod/scorm/request.js DoRequest); it never arrives.
          result = 'true';
          wrapperError = null;
        } else if ((name === commitName || name === names[1]) && !beaconAccepts(profile, bytes)) {
          result = 'false';  // the beacon was refused: nothing of this save is stored
          wrapperError = '101';
        } else if (name === names[1] && cfg.version === '12' && profile.finishClosedAtExit12 && window.unloading) {
          result = 'false';  // the player closed the session before LMSFinish arrived
          wrapperError = '101';
        } else if (name === names[3] && profile.idLimit && /\.id$/.test(args[0]) && String(args[1]).length > profile.idLimit) {
          result = 'false';
          wrapperError = cfg.version === '12' ? '405' : '406';
        } else {
          if (name === names[3] && profile.suspendLimit12 && cfg.version === '12' && args[0] === 'cmi.suspend_data') args[1] = String(args[1]).slice(0, profile.suspendLimit12);
          if (name !== lastErrorName) wrapperError = null;
          result = api[name].apply(api, args);
        }
        code = wrapperError || String(api[lastErrorName]());
        if (name === names[1] && cfg.version === '2004') window.terminated2004 = true;
        if ((name === commitName || name === names[1]) && String(result) === 'true' && cfg.version === '12') {
          var now = JSON.parse(JSON.stringify(api.cmi));
          var records = Object.keys(now.interactions || {}).length + Object.keys(now.objectives || {}).length;
          if (records) window.playerScos[cfg.href] = true;
        }
        var ok = String(result) === 'true';
        if (fields) window.bodies.push({ fn: name, fields: fields.length, bytes: bytes, unloading: window.unloading,
          ok: ok });
        var arrived = String(result) === 'true' && !window.lmsUnreachable;
        if (fields && arrived) {
          window.bodies[window.bodies.length - 1].dropped = storeFields(profile, rows, fields);
          window.stored = nest(rows);
        } else if ((name === commitName || name === names[1]) && arrived) {
          window.stored = JSON.parse(JSON.stringify(api.cmi));
        }
        if (name !== lastErrorName && name !== names[6] && name !== names[7]) {
          window.lmsLog.push({ fn: name, args: args, result: String(result), code: code });
        }
        return result;
      };
    });
    window[cfg.version === '12' ? 'API' : 'API_1484_11'] = wrapper;
    window.lmsApi = api;
    var frame = document.createElement('iframe');
    frame.title = 'Course';
    frame.name = 'scorm_object';
    frame.src = cfg.href;
    document.body.appendChild(frame);
  };
  /** What the LMS stored: the CMI as of the last successful Commit or Finish. */
  window.cmiJSON = function () { return JSON.parse(JSON.stringify(window.stored || {})); };
}());
