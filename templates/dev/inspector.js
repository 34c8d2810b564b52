// @ts-check
/**
 * LMS inspector of `course serve`: a small LMS-side SCORM 1.2 / 2004 API that frames the course
 * preview and shows, live, every API call, the CMI data and the suspend_data budget. It keeps
 * its CMI in sessionStorage so "Close and relaunch" behaves like a learner coming back.
 * Dev tool only: nothing of it goes into a built package.
 */
(function () {
  "use strict";

  var VERSIONS = {
    scorm12: {
      global: "API", names: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
      limit: 4096, status: "cmi.core.lesson_status", score: "cmi.core.score.raw", location: "cmi.core.lesson_location", entry: "cmi.core.entry", exit: "cmi.core.exit",
      readOnly: ["cmi.core.entry", "cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.total_time", "cmi.core.lesson_mode", "cmi.launch_data", "cmi.interactions._count"],
      writeOnly: /^cmi\.core\.(session_time|exit)$|^cmi\.interactions\.\d+\.(?!id$|type$)/,
      codes: { already: "101", notInit: "301", readOnly: "403", writeOnly: "404", tooLong: "405", commit: "101", afterEnd: "101" }
    },
    scorm2004: {
      global: "API_1484_11", names: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString", "GetDiagnostic"],
      limit: 64000, status: "cmi.completion_status", score: "cmi.score.scaled", location: "cmi.location", entry: "cmi.entry", exit: "cmi.exit",
      readOnly: ["cmi.entry", "cmi.learner_id", "cmi.learner_name", "cmi.credit", "cmi.total_time", "cmi.mode", "cmi.launch_data", "cmi.interactions._count"],
      writeOnly: /^cmi\.(session_time|exit)$/,
      codes: { already: "103", notInit: "122", readOnly: "404", writeOnly: "405", tooLong: "407", commit: "391", afterEnd: "132", notSet: "403" }
    }
  };
  var params = new URLSearchParams(location.search);
  var kind = params.get("v") === "scorm2004" ? "scorm2004" : "scorm12";
  var v = VERSIONS[kind];
  var STORE = "course-inspector-" + kind;
  var cmi = load();
  var calls = [];
  var lastError = "0";
  var initialized = false, terminated = false, failNextCommit = false;
  /** The document in the frame that began the session. @type {Document | null} */
  var sessionPage = null;

  function load() { try { return JSON.parse(sessionStorage.getItem(STORE) || "{}"); } catch (e) { return {}; } }
  function persist() { sessionStorage.setItem(STORE, JSON.stringify(cmi)); }
  function interactionCount() {
    var n = 0;
    Object.keys(cmi).forEach(function (k) { var m = /^cmi\.interactions\.(\d+)\.id$/.exec(k); if (m) n = Math.max(n, +m[1] + 1); });
    return n;
  }

  /** The API functions, by role. */
  var impl = {
    init: function () {
      // The course reloaded in the frame after it finished (course serve reloads it on every
      // rebuild): a new launch, as a learner's coming back, not a second Initialize of one session.
      var page = frame.contentDocument;
      if (initialized && terminated && page !== sessionPage) relaunched();
      if (initialized) return fail(v.codes.already);
      initialized = true; terminated = false; sessionPage = page;
      return ok("true");
    },
    finish: function () {
      if (!initialized || terminated) return fail(v.codes.afterEnd);
      terminated = true; persist(); render();
      return ok("true");
    },
    get: function (element) {
      if (!initialized || terminated) return fail(v.codes.notInit, "");
      if (/\._count$/.test(element) && element.indexOf("interactions") >= 0) return ok(String(interactionCount()));
      if (v.writeOnly.test(element)) return fail(v.codes.writeOnly, "");
      if (element === v.entry) return ok(cmi.__entry || "ab-initio");
      if (!(element in cmi)) {
        if (v.codes.notSet && /suspend_data|location/.test(element)) return fail(v.codes.notSet, "");
        if (element === v.status) return ok(kind === "scorm12" ? "not attempted" : "unknown");
        return ok("");
      }
      return ok(cmi[element]);
    },
    set: function (element, value) {
      if (!initialized || terminated) return fail(v.codes.notInit);
      if (v.readOnly.indexOf(element) >= 0) return fail(v.codes.readOnly);
      if (/suspend_data$/.test(element) && String(value).length > v.limit) return fail(v.codes.tooLong);
      cmi[element] = String(value);
      render();
      return ok("true");
    },
    commit: function () {
      if (!initialized || terminated) return fail(v.codes.notInit);
      if (failNextCommit) { failNextCommit = false; document.getElementById("lms-fail").textContent = "Make the next Commit fail"; return fail(v.codes.commit); }
      persist();
      return ok("true");
    }
  };
  function ok(value) { lastError = "0"; return value; }
  function fail(code, value) { lastError = code; return value === undefined ? "false" : value; }

  /** Expose the API as an LMS does, logging every call. */
  function expose() {
    var api = {};
    var roles = [impl.init, impl.finish, impl.get, impl.set, impl.commit];
    v.names.forEach(function (name, i) {
      api[name] = function (a, b) {
        var result;
        if (i < 5) {
          result = roles[i](a, b);
          calls.push({ name: name, args: i === 3 ? [a, b] : (a ? [a] : []), result: result, code: lastError });
          render();
        } else if (i === 5) {
          result = lastError;
        } else {
          result = "error " + a;
        }
        return result;
      };
    });
    window[v.global] = api;
  }

  // ---- Panel ----
  function text(tag, value) { var node = document.createElement(tag); node.textContent = value; return node; }
  function render() {
    var list = document.getElementById("lms-cmi");
    list.innerHTML = "";
    [["status", v.status], ["success", "cmi.success_status"], ["score", v.score], ["location", v.location], ["exit", v.exit], ["session time", kind === "scorm12" ? "cmi.core.session_time" : "cmi.session_time"]].forEach(function (row) {
      if (kind === "scorm12" && row[0] === "success") return;
      list.append(text("dt", row[0]), text("dd", cmi[row[1]] || "—"));
    });
    var size = (cmi["cmi.suspend_data"] || "").length;
    var meter = /** @type {HTMLMeterElement} */ (document.getElementById("lms-suspend"));
    meter.max = v.limit; meter.value = size;
    document.getElementById("lms-suspend-size").textContent = size + " / " + v.limit + " characters";
    var interactions = document.getElementById("lms-interactions");
    interactions.innerHTML = "";
    for (var n = 0; n < interactionCount(); n++) {
      var p = "cmi.interactions." + n + ".";
      interactions.append(text("li", cmi[p + "id"] + " · " + cmi[p + "type"] + " · " + (cmi[p + "student_response"] || cmi[p + "learner_response"] || "") + " · " + cmi[p + "result"]));
    }
    var body = document.getElementById("lms-calls");
    body.innerHTML = "";
    calls.slice(-200).forEach(function (call, i) {
      var row = document.createElement("tr");
      if (call.code !== "0") row.className = "error";
      row.append(text("td", String(i + 1)), text("td", call.name + "(" + call.args.map(function (a) { return JSON.stringify(a); }).join(", ") + ")"), text("td", String(call.result)), text("td", call.code));
      body.appendChild(row);
    });
  }

  // ---- Launching ----
  var frame = /** @type {HTMLIFrameElement} */ (document.getElementById("lms-frame"));
  function launch() {
    relaunched();
    frame.src = "/__course__/lms/" + kind + "/index.html";
    render();
  }
  /** A new session: the entry says whether the last one was suspended. */
  function relaunched() {
    initialized = false; terminated = false;
    cmi.__entry = cmi[v.exit] === "suspend" ? "resume" : "";
  }
  document.getElementById("lms-version").value = kind;
  document.getElementById("lms-version").addEventListener("change", function (e) {
    location.search = "?v=" + /** @type {HTMLSelectElement} */ (e.target).value;
  });
  document.getElementById("lms-relaunch").addEventListener("click", function () {
    frame.src = "about:blank";
    setTimeout(launch, 100);
  });
  document.getElementById("lms-reset").addEventListener("click", function () {
    cmi = {}; calls = []; persist(); frame.src = "about:blank"; setTimeout(launch, 100);
  });
  document.getElementById("lms-fail").addEventListener("click", function (e) {
    failNextCommit = true; /** @type {HTMLElement} */ (e.target).textContent = "Next Commit will fail";
  });
  window.courseInspector = { cmi: function () { return cmi; }, calls: function () { return calls; } };
  expose();
  launch();
})();
