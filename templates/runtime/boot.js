// Inside the page's <head>, before the body is parsed (its SHA-256 is in every page's CSP).
// While a page is parsed the browser lays out everything it has read so far, again and again: in a
// one-document course that was every page of the course (2.5 MB, 16,000 elements in the SCORM
// package), a second of layout at a phone's speed before the runtime hid all but one. Marked
// `booting`, the page shows only what the runtime will show first (course.css). The runtime
// takes the mark away as it starts (course.js start), before it restores a place or measures
// anything; at DOMContentLoaded it goes in any case (unless the runtime is still starting: it reads
// a copy of the learner's state the browser may keep, for at most a second), so a page whose
// runtime never ran shows everything, as it does without JavaScript. A runtime script whose
// request stalls (a slow LMS server) holds DOMContentLoaded back for as long as it stalls: once the
// parser has reached that script and four seconds have passed, the mark goes too, and the learner
// reads the whole page instead of its first part alone. A page still being parsed then (a slow
// phone) keeps it.
(function (root) {
  function show() { root.classList.remove('booting'); }
  function showIfStalled() {
    // shown already: no timer left running
    if (!root.classList.contains('booting')) { return; }
    if (document.querySelector('script[src*="runtime/"]')) { show(); } else { setTimeout(showIfStalled, 1000); }
  }
  root.classList.add('booting');
  document.addEventListener('DOMContentLoaded', function () {
    var runtime = window.CourseRuntime;
    if (!(runtime && runtime.starting)) { show(); }
  });
  setTimeout(showIfStalled, 4000);
})(document.documentElement);
