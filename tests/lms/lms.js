/*
 * A test LMS for the browser tests: the LMS side is scorm-again (Scorm12API / Scorm2004API),
 * exposed on this window as an LMS exposes it, with the package framed below (as Moodle does).
 * Every call the package makes goes through a wrapper that logs name, arguments, return value
 * and error code, and that can make Commit fail on demand (tests of an LMS that refuses commits).
 */
(function () {
  'use strict';
  var FUNCTIONS = {
    '12': ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
    '2004': ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic']
  };
  window.lmsLog = [];
  window.failCommits = false;

  /** Launch the package: `cfg = {version: '12'|'2004', href, cmi: saved CMI JSON or null}`. */
  window.launch = function (cfg) {
    var names = FUNCTIONS[cfg.version];
    var settings = { autocommit: false, logLevel: 4, mastery_override: false };
    var api = cfg.version === '12' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    if (cfg.cmi) api.loadFromJSON(cfg.cmi, '');
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
        } else {
          if (name !== lastErrorName) wrapperError = null;
          result = api[name].apply(api, args);
        }
        code = wrapperError || String(api[lastErrorName]());
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
  /** The LMS-side CMI data as plain JSON (what the LMS would store). */
  window.cmiJSON = function () { return JSON.parse(JSON.stringify(window.lmsApi.cmi)); };
}());
