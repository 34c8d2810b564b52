/* Interactive content blocks, glossary popovers and glossary search: progressive enhancement of
   server-rendered HTML.
   The builder writes every tab, accordion item, card and step visible and titled (the form without
   scripts and in print); this file turns them into the WAI-ARIA Authoring Practices widgets. Nothing
   here stores learner state: it only shows and hides what is already on the page. */
(function () {
  'use strict';

  /**
   * @param {string} selector
   * @param {ParentNode} [root]
   * @returns {HTMLElement[]}
   */
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  /**
   * The direct children of `parent` that have class `cls` (`:scope >` without relying on it).
   * @param {HTMLElement} parent
   * @param {string} cls
   * @returns {HTMLElement[]}
   */
  function childrenWith(parent, cls) {
    return Array.prototype.filter.call(parent.children, function (node) { return node.classList.contains(cls); });
  }

  /**
   * @param {string} tag
   * @param {string} cls
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  function make(tag, cls, text) {
    var node = document.createElement(tag);
    node.className = cls;
    if (text) node.textContent = text;
    if (tag === 'button') node.setAttribute('type', 'button');
    return node;
  }

  // ---- Tabs: arrow keys, Home and End move between tabs; one tab stop (roving tabindex) ----

  /** @param {HTMLElement} block */
  function initTabs(block) {
    var panels = childrenWith(block, 'block-item');
    var list = make('div', 'tabs__list');
    list.setAttribute('role', 'tablist');
    if (block.getAttribute('aria-label')) {
      list.setAttribute('aria-label', block.getAttribute('aria-label') || '');
      block.removeAttribute('aria-label');
      block.removeAttribute('role');
    }
    var tabs = panels.map(function (panel) { return tabFor(panel, list); });
    block.insertBefore(list, panels[0]);
    /** @param {number} index @param {boolean} focus */
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        tab.setAttribute('aria-selected', String(i === index));
        tab.tabIndex = i === index ? 0 : -1;
        panels[i].hidden = i !== index;
      });
      if (focus) tabs[index].focus();
    }
    list.addEventListener('click', function (event) {
      var tab = /** @type {HTMLElement} */ (/** @type {HTMLElement} */ (event.target).closest('[role="tab"]'));
      var index = tabs.indexOf(tab);
      if (index >= 0) select(index, true);
    });
    list.addEventListener('keydown', function (event) {
      var index = nextTab(event.key, tabs.indexOf(/** @type {HTMLElement} */ (document.activeElement)), tabs.length);
      if (index === null) return;
      event.preventDefault();
      select(index, true);
    });
    block.classList.add('is-enhanced');
    select(0, false);
  }

  /**
   * The tab that names one panel; the panel's own heading is hidden (the tab says it).
   * @param {HTMLElement} panel
   * @param {HTMLElement} list
   * @returns {HTMLElement}
   */
  function tabFor(panel, list) {
    var title = /** @type {HTMLElement} */ (panel.querySelector('.block-item__title'));
    var tab = make('button', 'tabs__tab', title.textContent || '');
    tab.id = panel.id + '-tab';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', panel.id);
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', tab.id);
    panel.tabIndex = 0;
    title.hidden = true;
    list.appendChild(tab);
    return tab;
  }

  /**
   * Where a key moves focus in a tab list (wrapping at both ends), or null for other keys.
   * @param {string} key
   * @param {number} index
   * @param {number} count
   * @returns {number | null}
   */
  function nextTab(key, index, count) {
    if (key === 'ArrowRight') return (index + 1) % count;
    if (key === 'ArrowLeft') return (index - 1 + count) % count;
    if (key === 'Home') return 0;
    if (key === 'End') return count - 1;
    return null;
  }

  // ---- Disclosures: accordion items and flashcards (a button with aria-expanded) ----

  /**
   * Make `button` show and hide `targets`, announcing the state through aria-expanded.
   * @param {HTMLElement} button
   * @param {HTMLElement[]} targets
   * @param {HTMLElement} holder gets `is-open` while the targets show
   */
  function disclose(button, targets, holder) {
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', targets.map(function (t) { return t.id; }).join(' '));
    targets.forEach(function (t) { t.hidden = true; });
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      targets.forEach(function (t) { t.hidden = !open; });
      holder.classList.toggle('is-open', open);
    });
  }

  /**
   * Move the children of `from` into a new button placed inside it.
   * @param {HTMLElement} from
   * @param {string} cls
   * @returns {HTMLElement}
   */
  function buttonInside(from, cls) {
    var button = make('button', cls);
    while (from.firstChild) button.appendChild(from.firstChild);
    from.appendChild(button);
    return button;
  }

  /** @param {HTMLElement} block */
  function initAccordion(block) {
    childrenWith(block, 'block-item').forEach(function (item) {
      var title = /** @type {HTMLElement} */ (item.querySelector('.block-item__title'));
      var body = /** @type {HTMLElement} */ (item.querySelector('.block-item__body'));
      body.id = item.id + '-body';
      disclose(buttonInside(title, 'accordion__button'), [body], item);
    });
    block.classList.add('is-enhanced');
  }

  /** @param {HTMLElement} block */
  function initFlashcards(block) {
    all('.flashcard', block).forEach(function (card, n) {
      var meanings = all('.flashcard__meaning', card);
      meanings.forEach(function (dd, i) { dd.id = block.id + '-card-' + (n + 1) + '-' + (i + 1); });
      var term = /** @type {HTMLElement} */ (card.querySelector('.flashcard__term'));
      disclose(buttonInside(term, 'flashcard__turn'), meanings, card);
    });
    all('.flashcards__hint', block).forEach(function (hint) { hint.hidden = false; });
    block.classList.add('is-enhanced');
  }

  // ---- Steps: one step at a time, the current one marked aria-current="step" ----

  /** A node's words as a screen reader reads them: its text, an image by its alt. @param {HTMLElement} node */
  function spokenWords(node) {
    var copy = /** @type {HTMLElement} */ (node.cloneNode(true));
    all('img', copy).forEach(function (img) { img.replaceWith(' ' + (img.getAttribute('alt') || '') + ' '); });
    return (copy.textContent || '').replace(/\s+/g, ' ').trim();
  }

  /** @param {HTMLElement} block */
  function initSteps(block) {
    var steps = childrenWith(/** @type {HTMLElement} */ (block.querySelector('.steps__list')), 'steps__step');
    var nav = make('div', 'steps__nav');
    var prev = make('button', 'button button--small steps__prev', block.getAttribute('data-prev') || '');
    var status = make('p', 'steps__status');
    var next = make('button', 'button button--small button--primary steps__next',
      block.getAttribute('data-next') || '');
    status.setAttribute('role', 'status');
    nav.appendChild(prev);
    nav.appendChild(status);
    nav.appendChild(next);
    block.appendChild(nav);
    var current = 0;
    /** @param {number} index @param {boolean=} moved by a button: the new step's words are said too */
    function show(index, moved) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach(function (step, i) {
        // a hidden item must not renumber the shown one
        step.setAttribute('value', String(i + 1));
        step.hidden = i !== current;
        if (i === current) step.setAttribute('aria-current', 'step');
        else step.removeAttribute('aria-current');
      });
      // aria-disabled, not disabled: the button keeps focus at either end of the process.
      prev.setAttribute('aria-disabled', String(current === 0));
      next.setAttribute('aria-disabled', String(current === steps.length - 1));
      status.textContent = (block.getAttribute('data-step-of') || '')
        .replace('{n}', String(current + 1)).replace('{total}', String(steps.length));
      var words = moved ? spokenWords(steps[current]) : '';
      // The focus stays on the button: a screen reader hears the step itself, not only its number.
      if (words) status.appendChild(make('span', 'visually-hidden', ': ' + words));
    }
    prev.addEventListener('click', function () { show(current - 1, true); });
    next.addEventListener('click', function () { show(current + 1, true); });
    // A link to a place in a step not shown shows that step (nav.js openBlocksHolding).
    steps.forEach(function (step, i) { step.addEventListener('course:reveal', function () { show(i); }); });
    block.classList.add('is-enhanced');
    show(0);
  }

  // ---- Glossary popover: a term link opens its definition in place (keyboard and touch alike) ----

  /** @type {{ node: HTMLElement, link: HTMLElement } | null} */
  var openPopover = null;
  /** @type {Object<string, string> | null} */
  var strings = null;

  /**
   * The course data's words (a site page shares them in runtime/course-data.js, one document carries them).
   * @param {string} key
   * @returns {string}
   */
  function say(key) {
    if (!strings) {
      var node = document.getElementById('course-data');
      var data = /** @type {any} */ (window).COURSE_DATA || (node ? JSON.parse(node.textContent || '{}') : {});
      strings = data.strings || {};
    }
    return (strings && strings[key]) || key;
  }

  /**
   * A term's name and definition HTML: from the glossary section of this document when it holds one
   * (the single file, a SCORM package), else from the course data a site page loads.
   * @param {string} id
   * @returns {{ term: string, html: string } | null}
   */
  function definitionOf(id) {
    var entry = document.getElementById('term-' + id);
    if (entry && entry.classList.contains('glossary__entry')) {
      var dt = /** @type {HTMLElement} */ (entry.querySelector('dt')).cloneNode(true);
      all('.glossary__aliases', /** @type {HTMLElement} */ (dt)).forEach(function (a) { a.remove(); });
      var dd = /** @type {HTMLElement} */ (entry.querySelector('dd'));
      return { term: (dt.textContent || '').trim(), html: dd.innerHTML };
    }
    var glossary = (/** @type {any} */ (window).COURSE_DATA || {}).glossary || {};
    return glossary[id] ? { term: glossary[id][0], html: glossary[id][1] } : null;
  }

  /**
   * Build the popover of one term (a non-modal dialog named by the term, described by its definition).
   * @param {HTMLAnchorElement} link
   * @param {{ term: string, html: string }} entry
   * @returns {HTMLElement}
   */
  function popoverFor(link, entry) {
    var node = make('div', 'term-popover');
    node.setAttribute('role', 'dialog');
    node.setAttribute('aria-labelledby', 'term-popover-title');
    node.setAttribute('aria-describedby', 'term-popover-definition');
    node.tabIndex = -1;
    var title = make('p', 'term-popover__title', entry.term);
    title.id = 'term-popover-title';
    var definition = make('div', 'term-popover__definition');
    definition.id = 'term-popover-definition';
    definition.innerHTML = entry.html;
    var more = /** @type {HTMLAnchorElement} */ (make('a', 'term-popover__more', say('term_more')));
    more.setAttribute('href', link.getAttribute('href') || '');
    if (link.target) { more.target = link.target; more.rel = 'noopener'; }
    var close = make('button', 'button button--small term-popover__close', say('close'));
    close.addEventListener('click', function () { closePopover(true); });
    [title, definition, more, close].forEach(function (part) { node.appendChild(part); });
    return node;
  }

  /**
   * Open the popover under the link and move focus into it.
   * @param {HTMLAnchorElement} link
   * @param {{ term: string, html: string }} entry
   */
  function showPopover(link, entry) {
    closePopover(false);
    var node = popoverFor(link, entry);
    document.body.appendChild(node);
    var box = link.getBoundingClientRect();
    var width = node.offsetWidth;
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    node.style.left = (left + window.scrollX) + 'px';
    node.style.top = (box.bottom + window.scrollY + 6) + 'px';
    link.setAttribute('aria-expanded', 'true');
    openPopover = { node: node, link: link };
    node.focus();
  }

  /**
   * Close the popover; `refocus` puts focus back on the term link (Escape, the close button).
   * @param {boolean} refocus
   */
  function closePopover(refocus) {
    if (!openPopover) return;
    var link = openPopover.link;
    openPopover.node.remove();
    link.removeAttribute('aria-expanded');
    openPopover = null;
    if (refocus) link.focus();
  }

  /**
   * The term id of a glossary link (`glossary.html#term-<id>` or, in one document, `#term-<id>`).
   * @param {HTMLAnchorElement} link
   * @returns {string}
   */
  function termId(link) {
    var href = link.getAttribute('href') || '';
    var at = href.indexOf('#term-');
    return at < 0 ? '' : decodeURIComponent(href.slice(at + 6));
  }

  /** Term links open popovers; Escape, a click elsewhere or Tab out of the popover close it. */
  function initGlossaryPopovers() {
    document.addEventListener('click', function (event) {
      var target = /** @type {HTMLElement} */ (event.target);
      if (openPopover && !openPopover.node.contains(target)) closePopover(false);
      var link = /** @type {HTMLAnchorElement | null} */ (target.closest ? target.closest('a.term') : null);
      // On the glossary page itself a term link is a jump to the entry; a modified click opens a tab.
      if (!link || link.closest('.glossary, .term-popover') || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var entry = definitionOf(termId(link));
      if (!entry) return;
      event.preventDefault();
      showPopover(link, entry);
    });
    document.addEventListener('keydown', function (event) {
      if (!openPopover) return;
      if (event.key === 'Escape') { event.preventDefault(); closePopover(true); }
      else if (event.key === 'Tab') tabOutOfPopover(event);
    });
    window.addEventListener('hashchange', function () { closePopover(false); });
  }

  /**
   * Tab past the popover's last control (or Shift+Tab before its first) closes it and returns to the
   * link, so the reading order goes on from where the learner was.
   * @param {KeyboardEvent} event
   */
  function tabOutOfPopover(event) {
    if (!openPopover) return;
    var controls = all('a[href], button', openPopover.node);
    var edge = event.shiftKey ? [openPopover.node, controls[0]] : [controls[controls.length - 1]];
    if (edge.indexOf(/** @type {HTMLElement} */ (document.activeElement)) < 0) return;
    event.preventDefault();
    closePopover(true);
  }

  // ---- Glossary search: filters the entries as the learner types (no index, no dependency) ----

  /**
   * Text folded for matching: lower case, ё as е, spaces collapsed.
   * @param {string} text
   * @returns {string}
   */
  function fold(text) {
    return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
  }

  /** @param {HTMLElement} box the `[data-glossary-search]` element */
  function initGlossarySearch(box) {
    var input = /** @type {HTMLInputElement} */ (box.querySelector('input'));
    var count = /** @type {HTMLElement} */ (box.querySelector('[role="status"]'));
    var article = /** @type {HTMLElement} */ (box.closest('.glossary'));
    var entries = all('.glossary__entry', article).map(function (entry) {
      return { node: entry, text: fold(entry.textContent || '') };
    });
    box.hidden = false;
    input.addEventListener('input', function () {
      var query = fold(input.value);
      var found = 0;
      entries.forEach(function (entry) {
        entry.node.hidden = query !== '' && entry.text.indexOf(query) < 0;
        if (!entry.node.hidden) found += 1;
      });
      all('[data-letter-group]', article).forEach(function (group) {
        group.hidden = !group.querySelector('.glossary__entry:not([hidden])');
        // and its letter in the index: a link to a hidden group went nowhere, the focus to the body
        var letter = group.querySelector('.glossary__letter');
        all('.glossary__letters a', article).forEach(function (link) {
          var to = (link.getAttribute('href') || '').split('#')[1];
          if (letter && to === letter.id && link.parentElement) link.parentElement.hidden = group.hidden;
        });
      });
      var said = found ? (box.getAttribute('data-found') || '').replace('{n}', String(found))
        : box.getAttribute('data-none');
      count.textContent = query === '' ? '' : said || '';
    });
  }

  /** @type {Object<string, function(HTMLElement): void>} */
  var INIT = { tabs: initTabs, accordion: initAccordion, flashcards: initFlashcards, steps: initSteps };

  /** Enhance every block of the document once. */
  function initBlocks() {
    all('[data-block]').forEach(function (block) {
      var init = INIT[block.getAttribute('data-block') || ''];
      if (init && !block.classList.contains('is-enhanced')) init(block);
    });
  }

  initBlocks();
  initGlossaryPopovers();
  all('[data-glossary-search]').forEach(initGlossarySearch);
})();
