/*
 * A test LMS for the browser tests: the LMS side is scorm-again (Scorm12API / Scorm2004API),
 * exposed on this window as an LMS exposes it, with the package framed below (as Moodle does).
 * Every call the package makes goes through a wrapper that logs name, arguments, return value
 * and error code, and that can make Commit fail on demand (tests of an LMS that refuses commits).
 *
 * Profiles reproduce the documented behaviour of LMSs our users run, as data plus a few hooks
 * (manifest rules live beside them in tests/browser/test_lms.py, PROFILE_MANIFEST_RULES):
 *  - strict: scorm-again as configured here;
 *  - moodle45: Moodle 4.5.6's players (../shared/moodle-bed/README.md): 2004 resends every element
 *    on Commit/Terminate, at page exit as beacons that share a 64 KiB quota; the next launch of a
 *    2004 attempt left with exit other than suspend starts ab-initio with an empty data model;
 *    one 2004 API object per player page, refusing Initialize after Terminate (scorm-again does);
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
    moodle45: { resends: true, beaconQuota: 65536, abInitioAfterNormal: true, finishClosedAtExit12: false, suspendLimit12: 0, idLimit: 0 },
    lms2: { resends: false, beaconQuota: 0, abInitioAfterNormal: false, finishClosedAtExit12: true, suspendLimit12: 4096, idLimit: 255 }
  };
  window.lmsLog = [];
  window.failCommits = false;
  window.unloading = false;
  window.stored = null;
  window.beaconBytes = [];

  /** Every leaf element of a CMI JSON as [name, value], the way an LMS that resends everything sends it. */
  function leaves(node, prefix, out) {
    Object.keys(node || {}).forEach(function (key) {
      var value = node[key], name = prefix + '.' + key;
      if (value && typeof value === 'object') leaves(value, name, out);
      else if (value !== '' && value !== null && value !== undefined) out.push([name, String(value)]);
    });
    return out;
  }
  /** Bytes of the multipart body Moodle's player sends by beacon (87 bytes around each field). */
  function resendBytes(cmi) {
    return leaves(cmi, 'cmi', []).reduce(function (sum, p) {
      return sum + 87 + new TextEncoder().encode(p[0].replace(/\./g, '__')).length + new TextEncoder().encode(p[1]).length;
    }, 0);
  }
  /** Whether a save at page exit goes through (a beacon within the quota left), for profiles with one. */
  function beaconAccepts(profile, api) {
    if (!profile.beaconQuota || !window.unloading) return true;
    var bytes = profile.resends ? resendBytes(JSON.parse(JSON.stringify(api.cmi))) : 2000;
    var inFlight = window.beaconBytes.reduce(function (a, b) { return a + b; }, 0);
    if (inFlight + bytes > profile.beaconQuota) return false;
    window.beaconBytes.push(bytes);
    return true;
  }

  /** Launch the package: `cfg = {version: '12'|'2004', href, cmi: saved CMI JSON or null}`. */
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
    window.unloading = false;
    window.beaconBytes = [];
    window.stored = cmi;
    var commitName = names[4], lastErrorName = names[5];
    var wrapperError = null;
    var wrapper = {};
    names.forEach(function (name) {
      wrapper[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        var result, code;
        if (name === lastErrorName && wrapperError) {
          result = wrapperError;
        } else if (name === commitName && window.failCommits) {
          result = 'false';
          wrapperError = cfg.version === '12' ? '101' : '391';
        } else if ((name === commitName || name === names[1]) && !beaconAccepts(profile, api)) {
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
        if ((name === commitName || name === names[1]) && String(result) === 'true') window.stored = JSON.parse(JSON.stringify(api.cmi));
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
