// Search that works from file://. The index (search-index.js sets window.BACKGUIDE_SEARCH) is
// added as a <script> on first use. Words are split as in src/search/tokens.rs. Results are
// built with createElement and textContent only, so no text is read as markup.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form) return;
  var input = form.querySelector('input'), status = form.querySelector('.search-status');
  var list = form.querySelector('.search-results'), loading = false, MAX = 10;
  form.hidden = false;

  function msg(name, n) { return (form.getAttribute('data-msg-' + name) || '').replace('{n}', n); }

  function load() {
    if (window.BACKGUIDE_SEARCH || loading || !form.dataset.index) return;
    loading = true;
    status.textContent = msg('loading');
    var s = document.createElement('script');
    s.src = form.dataset.index;
    s.onload = run;
    s.onerror = function () { status.textContent = msg('failed'); };
    document.head.appendChild(s);
  }

  // Lowercase words of letters and digits, no stop words, plural "s" dropped.
  function words(q, stop) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1 && stop.indexOf(w) < 0;
    }).map(function (w) {
      return w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;
    });
  }

  // Pages with every word (a word matches the terms it starts), best first.
  function search(q) {
    var index = window.BACKGUIDE_SEARCH, ws = words(q, index.stop), total = null;
    if (!ws.length) return null;
    ws.forEach(function (w) {
      var found = {};
      Object.keys(index.terms).forEach(function (term) {
        if (term.indexOf(w) !== 0) return;
        for (var refs = index.terms[term], i = 0; i < refs.length; i += 2) {
          found[refs[i]] = (found[refs[i]] || 0) + refs[i + 1] * (term === w ? 2 : 1);
        }
      });
      if (!total) { total = found; return; }
      Object.keys(total).forEach(function (p) {
        if (found[p]) total[p] += found[p]; else delete total[p];
      });
    });
    return Object.keys(total).map(Number).sort(function (a, b) {
      return total[b] - total[a] || a - b;
    }).map(function (p) { return index.pages[p]; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function run() {
    list.textContent = '';
    var q = input.value.trim();
    if (!window.BACKGUIDE_SEARCH) { if (q) load(); return; }
    var results = q ? search(q) : null;
    if (!results) { status.textContent = ''; return; }
    results.slice(0, MAX).forEach(function (page) {
      var a = el('a', 'search-result');
      a.href = page[0].charAt(0) === '#' ? page[0] : form.dataset.root + page[0];
      a.appendChild(el('span', 'search-title', page[1]));
      a.appendChild(el('span', 'search-snippet', page[2]));
      list.appendChild(document.createElement('li')).appendChild(a);
    });
    var n = Math.min(results.length, MAX);
    status.textContent = msg(n === 0 ? 'none' : n === 1 ? 'one' : 'found', n);
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
