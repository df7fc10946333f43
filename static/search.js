// Search that works from file://. On first use the search (search-engine.js, which sets
// window.BACKGUIDE_SEARCHER) and the index (search-index.js, window.BACKGUIDE_SEARCH) are added
// as <script>s, so pages that are only read load neither. Results are built with createElement
// and textContent only, so no text is read as markup; the messages and the no-result help are in
// the page (templates/partials/search.html), only shown from here.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form) return;
  var input = form.querySelector('input'), status = form.querySelector('.search-status');
  var list = form.querySelector('.search-results'), none = form.querySelector('.search-none');
  var loading = false, engine = null, MAX = 10;
  function ready() { return window.BACKGUIDE_SEARCH && window.BACKGUIDE_SEARCHER; }
  form.hidden = false;

  function msg(name, n) { return (form.getAttribute('data-msg-' + name) || '').replace('{n}', n); }

  function load() {
    if (ready() || loading || !form.dataset.index) return;
    loading = true;
    status.textContent = msg('loading');
    [form.dataset.engine, form.dataset.index].forEach(function (src) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = run;
      s.onerror = function () { status.textContent = msg('failed'); };
      document.head.appendChild(s);
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function run() {
    list.textContent = '';
    if (none) none.hidden = true;
    var q = input.value.trim();
    if (!q) { status.textContent = ''; return; }
    if (!ready()) { load(); return; }
    engine = engine || window.BACKGUIDE_SEARCHER.searcher(window.BACKGUIDE_SEARCH);
    var found = engine.search(q);
    if (!found || !found.pages.length) {
      status.textContent = msg(found ? 'none' : 'common');
      if (none) none.hidden = false;
      return;
    }
    found.pages.slice(0, MAX).forEach(function (page) {
      var a = el('a', 'search-result');
      a.href = page[0].charAt(0) === '#' ? page[0] : form.dataset.root + page[0];
      a.appendChild(el('span', 'search-title', page[1]));
      a.appendChild(el('span', 'search-snippet', page[2]));
      list.appendChild(document.createElement('li')).appendChild(a);
    });
    var n = found.pages.length, text = msg(n === 1 ? 'one' : 'found', n);
    if (found.partial) text += ' ' + msg('partial');
    if (n > MAX) text += ' ' + msg('first', MAX);
    status.textContent = text;
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }

  input.addEventListener('focus', load);
  input.addEventListener('input', run);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    run();
    if (links()[0]) links()[0].focus();
  });
  // Arrow keys move between the box and the results; Escape clears the search.
  form.addEventListener('keydown', function (e) {
    var all = [input].concat(links()), i = all.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i >= 0 && i < all.length - 1) { all[i + 1].focus(); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && i > 0) { all[i - 1].focus(); e.preventDefault(); }
    else if (e.key === 'Escape') { input.value = ''; run(); input.focus(); }
  });
  if (input.value) run();
})();
