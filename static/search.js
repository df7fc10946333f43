// Search that works from file://: the index is a script (search-index.js) that sets
// window.BACKGUIDE_SEARCH, added on first use so pages that never search stay light.
// Words are split like src/search/tokens.rs: lowercase, letters and digits, plural "s" dropped.
// Results are built with createElement and textContent only, so no text is read as markup.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form) return;
  var input = form.querySelector('input');
  var status = form.querySelector('.search-status');
  var list = form.querySelector('.search-results');
  var loading = false;
  var MAX = 10;
  form.hidden = false;

  function msg(name, n) {
    return (form.getAttribute('data-msg-' + name) || '').replace('{n}', n);
  }

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

  function stem(w) {
    return w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;
  }

  function words(q, stop) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1 && stop.indexOf(w) < 0;
    }).map(stem);
  }

  // Pages that match every word (a word matches index terms it starts), best first.
  function search(q) {
    var index = window.BACKGUIDE_SEARCH;
    var ws = words(q, index.stop);
    if (!ws.length) return null;
    var total = null;
    ws.forEach(function (w) {
      var found = {};
      Object.keys(index.terms).forEach(function (term) {
        if (term.indexOf(w) !== 0) return;
        var refs = index.terms[term];
        for (var i = 0; i < refs.length; i += 2) {
          found[refs[i]] = (found[refs[i]] || 0) + refs[i + 1] * (term === w ? 2 : 1);
        }
      });
      if (total === null) { total = found; return; }
      Object.keys(total).forEach(function (p) {
        if (found[p]) total[p] += found[p]; else delete total[p];
      });
    });
    return Object.keys(total).map(Number).sort(function (a, b) {
      return total[b] - total[a] || a - b;
    }).map(function (p) { return index.pages[p]; });
  }

  function run() {
    list.textContent = '';
    var q = input.value.trim();
    if (!window.BACKGUIDE_SEARCH) { if (q) load(); return; }
    var results = q ? search(q) : null;
    if (!results) { status.textContent = ''; return; }
    results.slice(0, MAX).forEach(function (page) {
      var href = page[0].charAt(0) === '#' ? page[0] : form.dataset.root + page[0];
      var li = document.createElement('li');
      var a = document.createElement('a');
      var title = document.createElement('span');
      var snippet = document.createElement('span');
      a.href = href;
      a.className = 'search-result';
      title.className = 'search-title';
      title.textContent = page[1];
      snippet.className = 'search-snippet';
      snippet.textContent = page[2];
      a.appendChild(title);
      a.appendChild(snippet);
      li.appendChild(a);
      list.appendChild(li);
    });
    status.textContent = results.length === 0 ? msg('none')
      : msg(results.length === 1 ? 'one' : 'found', Math.min(results.length, MAX));
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
    var all = [input].concat(links());
    var i = all.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i >= 0 && i < all.length - 1) { all[i + 1].focus(); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && i > 0) { all[i - 1].focus(); e.preventDefault(); }
    else if (e.key === 'Escape') { input.value = ''; run(); input.focus(); }
  });
  if (input.value) run();
})();
