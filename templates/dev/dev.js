// @ts-check
/**
 * Dev-server companion (never part of a built course): reloads the page when the course is
 * rebuilt, keeping the reader's place, shows build errors in an overlay until they are fixed, and
 * a good build's warnings in a corner panel.
 */
(function () {
  "use strict";

  var PLACE_KEY = "course-dev-place";
  var overlay = /** @type {HTMLElement | null} */ (null);
  var generation = -1;
  /** The build this page was served from (`dev.js?g=N`): a build that ends before the events connect is a reload too. */
  var served = (function () {
    var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
    var match = script && /[?&]g=(\d+)/.exec(script.src);
    return match ? +match[1] : -1;
  }());

  // ---- Keeping the place across reloads ----

  /** Remember where the reader is, so the reloaded page opens at the same spot. */
  function savePlace() {
    try {
      sessionStorage.setItem(PLACE_KEY, JSON.stringify({ path: location.pathname, hash: location.hash, y: window.scrollY }));
    } catch (e) { /* storage may be off; a reload to the top is acceptable */ }
  }

  /** Scroll back to where the reader was before the reload. */
  function restorePlace() {
    try {
      var place = JSON.parse(sessionStorage.getItem(PLACE_KEY) || "null");
      sessionStorage.removeItem(PLACE_KEY);
      if (place && place.path === location.pathname) {
        window.scrollTo(0, place.y);
        document.documentElement.setAttribute("data-dev-restored", String(place.y));
      }
    } catch (e) { /* nothing to restore */ }
  }

  // ---- Error overlay ----

  /**
   * Show every diagnostic of a failed build.
   * @param {Array<{path: string, line: number, col: number, message: string, hint: string, code: string, severity: string}>} errors
   */
  function showErrors(errors) {
    hideErrors();
    showWarnings([], 0);  // the last good build's: the overlay says what matters now
    overlay = document.createElement("div");
    overlay.id = "course-dev-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build errors");
    var title = document.createElement("h2");
    title.textContent = "The course did not build: " + counted(errors);
    overlay.appendChild(title);
    overlay.appendChild(diagnosticList(errors));
    var note = document.createElement("p");
    // Under the overlay is the last good build's page, or the server's list of errors when none has it yet.
    note.textContent = (document.getElementById("main") ? "The page below is the last good build. "
      : "No build has made this page yet. ") + "Fix the file and save: this overlay goes away by itself.";
    overlay.appendChild(note);
    document.body.appendChild(overlay);
  }

  /**
   * «2 errors, 1 warning»: a failed build's list holds its warnings too, and «3 problems» counted them
   * as errors. @param {Array<{severity: string}>} diagnostics
   */
  function counted(diagnostics) {
    var errors = diagnostics.filter(function (d) { return d.severity === "error"; }).length;
    var warnings = diagnostics.length - errors;
    return errors + " error" + (errors === 1 ? "" : "s") +
      (warnings ? ", " + warnings + " warning" + (warnings === 1 ? "" : "s") : "");
  }

  /**
   * Diagnostics as a list: where (file:line:col), what, and how to fix it.
   * @param {Array<{path: string, line: number, col: number, message: string, hint: string, code: string, severity: string}>} diagnostics
   */
  function diagnosticList(diagnostics) {
    var list = document.createElement("ol");
    diagnostics.forEach(function (diagnostic) {
      var item = document.createElement("li");
      item.className = "course-dev-" + diagnostic.severity;
      var where = document.createElement("code");
      where.textContent = diagnostic.path + (diagnostic.line ? ":" + diagnostic.line + (diagnostic.col ? ":" + diagnostic.col : "") : "");
      var message = document.createElement("p");
      // said in words, as the terminal says it, not by colour alone
      message.textContent = (diagnostic.severity === "error" ? "" : diagnostic.severity + ": ") + diagnostic.message +
        " [" + diagnostic.code + "]";
      var hint = document.createElement("p");
      hint.className = "course-dev-hint";
      hint.textContent = diagnostic.hint;
      item.append(where, message, hint);
      list.appendChild(item);
    });
    return list;
  }

  // ---- Warnings of a good build ----

  /**
   * List a good build's warnings in a corner panel the author opens when ready: the build went on,
   * so nothing covers the page (the terminal prints them too, when they change).
   * @param {Array<any> | undefined} warnings the first ones
   * @param {number | undefined} total how many there are in all
   */
  function showWarnings(warnings, total) {
    var old = document.getElementById("course-dev-warnings");
    if (old) { old.remove(); }
    if (!warnings || !warnings.length) { return; }
    var count = total || warnings.length;
    var panel = document.createElement("details");
    panel.id = "course-dev-warnings";
    var summary = document.createElement("summary");
    summary.textContent = "\u26a0 " + count + " warning" + (count === 1 ? "" : "s");
    panel.append(summary, diagnosticList(warnings));
    if (count > warnings.length) {
      var more = document.createElement("p");
      more.textContent = "The first " + warnings.length + " are listed; course check lists every one.";
      panel.appendChild(more);
    }
    document.body.appendChild(panel);
  }

  /** Remove the overlay. */
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  // ---- Events from the server ----

  /**
   * React to a build event.
   * @param {{type: string, generation: number, errors: Array<any>, warnings?: Array<any>, warnings_total?: number, changed?: string[]}} event
   */
  function onEvent(event) {
    if (event.errors && event.errors.length) { showErrors(event.errors); generation = event.generation; return; }
    // The server's list of errors (no #main) whose fix was built before this script connected: the
    // greeting carries no errors, and the page must become the built one.
    if (event.type === "hello" && !document.getElementById("main")) { location.reload(); return; }
    // A build that ended after this page was served, before this script connected, reloads it too
    // (the page kept the edit before for good, until the next save).
    if (event.type === "hello" && served >= 0 && event.generation !== served) { savePlace(); location.reload(); return; }
    // A good build that changed no page (a save with nothing new, an editor's swap file; a fix back to
    // what was built before) leaves the page as it is, a quiz being tried or a block opened with it.
    var unchanged = event.type === "build" && event.changed && event.changed.length === 0 &&
      location.pathname.indexOf("/__course__/") !== 0;  // (the LMS previews are not counted in `changed`)
    if (event.type === "hello" || unchanged) {
      hideErrors();
      showWarnings(event.warnings, event.warnings_total);
      generation = served = event.generation;
      document.documentElement.setAttribute("data-dev-generation", String(generation));  // (what tests wait for)
      return;
    }
    if (event.generation !== generation) {
      savePlace();
      location.reload();
    }
  }

  /** Connect to the event stream (EventSource reconnects by itself). */
  function connect() {
    var source = new EventSource("/__course__/events");
    source.onmessage = function (message) {
      try { onEvent(JSON.parse(message.data)); } catch (e) { console.error("course dev:", e); }
    };
  }

  restorePlace();
  connect();
})();
