/* Language cards: the picker's filter, and the show-to-person mode.
 *
 * Choosing a language fills the screen (the Fullscreen API where the browser has it and the
 * tap allows it, a full-viewport layout always) with one statement at a time in very large
 * text, the English small underneath for the officer, next and previous by swipe, by the
 * buttons and by the arrow keys, and the answer buttons in that language. The address
 * (#lang-<tag>--<n>) says which language and statement are shown, so the picker page can
 * open a card straight in a language. Without this script the picker is a list of links to
 * each language's statements. Nothing is stored or sent. */
(function () {
  'use strict';

  function fold(text) {
    return (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-hub-lc-picker]'), function (picker) {
    var box = picker.querySelector('[data-hub-lc-filter-box]');
    var input = picker.querySelector('[data-hub-lc-filter]');
    var none = picker.querySelector('[data-hub-lc-none]');
    var items = picker.querySelectorAll('[data-hub-lc-names]');
    if (!box || !input) return;
    box.hidden = false;
    input.addEventListener('input', function () {
      var query = fold(input.value);
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var match = !query || fold(item.getAttribute('data-hub-lc-names')).indexOf(query) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      none.hidden = shown > 0;
    });
  });

  var sections = {};
  Array.prototype.forEach.call(document.querySelectorAll('[data-hub-lc-lang]'), function (section) {
    sections[section.getAttribute('data-hub-lc-lang')] = section;
  });
  if (!Object.keys(sections).length) return;

  var root = document.documentElement;
  var current = null;
  var statements = [];
  var index = 0;

  Array.prototype.forEach.call(document.querySelectorAll('[data-hub-lc-answers]'), function (group) { group.hidden = false; });

  var bar = document.createElement('div');
  bar.className = 'hub-lc-bar';
  bar.setAttribute('lang', 'en');
  bar.setAttribute('dir', 'ltr');
  /* The bar's buttons, built as elements: no markup is parsed. */
  function barButton(text, arrow) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'hub-lc-bar__button';
    button.appendChild(document.createTextNode(text));
    if (arrow) {
      var sign = document.createElement('span');
      sign.setAttribute('aria-hidden', 'true');
      sign.setAttribute('data-hub-lc-arrow', arrow);
      if (arrow === '-1') { button.insertBefore(sign, button.firstChild); button.lastChild.data = ' ' + text; }
      else { button.lastChild.data = text + ' '; button.appendChild(sign); }
      button.setAttribute('data-hub-lc-go', arrow);
    }
    return button;
  }
  var count = document.createElement('span');
  count.className = 'hub-lc-bar__count';
  count.setAttribute('data-hub-lc-count', '');
  count.setAttribute('aria-live', 'polite');
  var fullButton = barButton('Full screen');
  fullButton.setAttribute('data-hub-lc-full', '');
  var closeButton = barButton('Close');
  closeButton.setAttribute('data-hub-lc-close', '');
  [barButton('Previous', '-1'), count, barButton('Next', '1'), fullButton, closeButton].forEach(function (part) { bar.appendChild(part); });
  fullButton.hidden = !root.requestFullscreen;

  function isRtl() { return current && current.getAttribute('dir') === 'rtl'; }

  function show(number, focus) {
    index = Math.max(0, Math.min(statements.length - 1, number));
    statements.forEach(function (item, at) { item.classList.toggle('hub-lc-statement--current', at === index); });
    bar.querySelector('[data-hub-lc-count]').textContent = (index + 1) + ' of ' + statements.length;
    bar.querySelector('[data-hub-lc-go="-1"]').disabled = index === 0;
    bar.querySelector('[data-hub-lc-go="1"]').disabled = index === statements.length - 1;
    // the arrows point the way the person's text runs
    bar.querySelector('[data-hub-lc-arrow="-1"]').textContent = isRtl() ? '\u2192' : '\u2190';
    bar.querySelector('[data-hub-lc-arrow="1"]').textContent = isRtl() ? '\u2190' : '\u2192';
    history.replaceState(history.state, '', '#lang-' + current.getAttribute('data-hub-lc-lang') + '--' + (index + 1));
    if (focus) {
      var own = statements[index].querySelector('.hub-lc-own');
      own.setAttribute('tabindex', '-1');
      own.focus({ preventScroll: true });
    }
  }

  function open(tag, number, tapped) {
    var section = sections[tag];
    if (!section) return;
    if (current && current !== section) close(true);
    current = section;
    statements = Array.prototype.slice.call(section.querySelectorAll('[data-hub-lc-statement]'));
    section.classList.add('hub-lc-lang--showing');
    section.setAttribute('role', 'dialog');
    section.setAttribute('aria-modal', 'true');
    section.appendChild(bar);
    root.classList.add('hub-lc-showing');
    if (tapped && root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().catch(function () { /* the full-viewport layout stays */ });
    }
    show(number - 1, true);
  }

  function close(keepAddress) {
    if (!current) return;
    current.classList.remove('hub-lc-lang--showing');
    current.removeAttribute('role');
    current.removeAttribute('aria-modal');
    statements.forEach(function (item) { item.classList.remove('hub-lc-statement--current'); });
    if (bar.parentNode) bar.parentNode.removeChild(bar);
    root.classList.remove('hub-lc-showing');
    var was = current;
    current = null;
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    if (!keepAddress) {
      history.replaceState(history.state, '', location.pathname + location.search);
      var link = document.querySelector('[data-hub-lc-open="' + was.getAttribute('data-hub-lc-lang') + '"]');
      if (link) link.focus();
    }
  }

  function route() {
    var match = /^#lang-(.+?)(?:--(\d+))?$/.exec(decodeURIComponent(location.hash));
    if (match && sections[match[1]]) open(match[1], parseInt(match[2] || '1', 10), false);
    else if (current) close(true);
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-hub-lc-open]');
    if (link && sections[link.getAttribute('data-hub-lc-open')] && link.getAttribute('href').charAt(0) === '#') {
      event.preventDefault();
      history.pushState(null, '', '#lang-' + link.getAttribute('data-hub-lc-open'));
      open(link.getAttribute('data-hub-lc-open'), 1, true);
      return;
    }
    var answer = event.target.closest('[data-hub-lc-answer]');
    if (answer) {
      var statement = answer.closest('[data-hub-lc-statement]');
      Array.prototype.forEach.call(statement.querySelectorAll('[data-hub-lc-answer]'), function (button) {
        button.setAttribute('aria-pressed', button === answer ? 'true' : 'false');
      });
      var heard = statement.querySelector('[data-hub-lc-heard]');
      heard.textContent = 'Answer: ' + answer.getAttribute('data-english');
      heard.hidden = false;
    }
  });

  bar.addEventListener('click', function (event) {
    var go = event.target.closest('[data-hub-lc-go]');
    if (go) show(index + parseInt(go.getAttribute('data-hub-lc-go'), 10), true);
    else if (event.target.closest('[data-hub-lc-close]')) close(false);
    else if (event.target.closest('[data-hub-lc-full]') && root.requestFullscreen) root.requestFullscreen().catch(function () {});
  });

  document.addEventListener('keydown', function (event) {
    if (!current) return;
    if (event.key === 'Escape') close(false);
    else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      var forward = (event.key === 'ArrowRight') !== isRtl();
      show(index + (forward ? 1 : -1), true);
    }
  });

  var start = null;
  document.addEventListener('touchstart', function (event) {
    start = current && event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
  }, { passive: true });
  document.addEventListener('touchend', function (event) {
    if (!start || !current) return;
    var dx = event.changedTouches[0].clientX - start.x;
    var dy = event.changedTouches[0].clientY - start.y;
    start = null;
    if (Math.abs(dx) < 50 || Math.abs(dx) < Math.abs(dy)) return;
    var forward = (dx < 0) !== isRtl();  // the text's own direction: in Arabic, the next statement comes from the left
    show(index + (forward ? 1 : -1), true);
  }, { passive: true });

  window.addEventListener('popstate', route);
  window.addEventListener('hashchange', route);
  route();
}());
