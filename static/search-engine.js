// The search itself, loaded with the index (search-index.js) on first use by static/search.js,
// which shows the results. It touches no page, so tests run it in Node too
// (tests/browser/search-queries.mjs). Words are split as in src/search/tokens.rs.
(function () {
  'use strict';
  var APOSTROPHES = /['\u2019]/g, NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;
  // Words of this many letters or more may have one typing mistake.
  var TYPO_MIN = 5;

  function length(w) { return Array.from(w).length; }

  // The query's words, as written: apostrophes dropped ("can't" is "cant"), split on anything
  // that is not a letter or digit (Rust's char::is_alphanumeric).
  function split(q) { return q.replace(APOSTROPHES, '').split(NOT_WORD).filter(Boolean); }

  // A word's index term, or '' when it is too short or too common: as tokens.rs's Words.
  function term(w, stop) {
    if (length(w) < 2) return '';
    w = w.toLowerCase();
    if (stop.indexOf(w) >= 0) return '';
    return length(w) > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;
  }

  function words(q, stop) {
    return split(q).map(function (w) { return term(w, stop); }).filter(Boolean);
  }

  // True when b is a with one letter added, dropped, changed, or two side by side swapped.
  function oneEditApart(a, b) {
    var la = a.length, lb = b.length, i = 0;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la > lb) return a.slice(i + 1) === b.slice(i);
    if (la < lb) return a.slice(i) === b.slice(i + 1);
    return a.slice(i + 1) === b.slice(i + 1)
      || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  // The search over one index: searcher(index).search(query) gives null when the query has
  // nothing to search for, or { pages: [[href, title, snippet], ...] best first, partial },
  // partial when no page has every word and the pages shown have the most of them.
  function searcher(index) {
    var terms = Object.keys(index.terms), cache = {}, pageWords = {}, asides = {};
    index.asides.forEach(function (p) { asides[p] = true; });
    var synonyms = index.syn.map(function (s) { return { words: s[0].split(' '), means: s[1].split(' ') }; });

    // Pages with a term, and its score there: every index term the word starts ("deadl" finds
    // "deadlift"), an exact match counting double, and those its root starts ("stretching"
    // finds "stretches"); if none, terms one typing mistake away.
    // Also the index terms it matched, as a set.
    function match(w) {
      if (cache[w]) return cache[w];
      var found = {}, matched = {}, any = false, root = w.replace(/(ing|ed)$/, '');
      if (length(root) < 4) root = w;
      function add(t, weight) {
        for (var refs = index.terms[t], i = 0; i < refs.length; i += 2) {
          found[refs[i]] = (found[refs[i]] || 0) + refs[i + 1] * weight;
        }
        matched[t] = any = true;
      }
      terms.forEach(function (t) {
        if (t.indexOf(w) === 0) add(t, t === w ? 2 : 1);
        else if (t.indexOf(root) === 0) add(t, 1);
      });
      if (!any && length(w) >= TYPO_MIN) {
        terms.forEach(function (t) { if (oneEditApart(w, t)) add(t, 1); });
      }
      return (cache[w] = { pages: found, terms: matched });
    }
    function scores(w) { return match(w).pages; }

    // The longest listed phrase at the start of lower[i..]. The last word of a phrase of two
    // words or more may be one still being typed at the end of the query ("pins and need"),
    // once it has four letters. (A word alone is not, or "pain" would be "painkillers".)
    function phraseAt(lower, i) {
      var best = null;
      synonyms.forEach(function (s) {
        var n = s.words.length, end = i + n;
        if (end > lower.length || (best && best.words.length >= n)) return;
        for (var k = 0; k < n; k++) {
          var typed = lower[i + k], listed = s.words[k];
          var typing = n > 1 && k === n - 1 && end === lower.length && length(typed) >= 4;
          if (typed !== listed && !(typing && listed.indexOf(typed) === 0)) return;
        }
        best = s;
      });
      return best;
    }

    // The query as concepts: each a list of ways to match it (terms, all needed, and what a
    // match counts). A listed phrase matches by its own words or by what it means.
    function concepts(q) {
      var ws = split(q), lower = ws.map(function (w) { return w.toLowerCase(); }), out = [], i = 0;
      while (i < ws.length) {
        var s = phraseAt(lower, i), n = s ? s.words.length : 1;
        var own = ws.slice(i, i + n).map(function (w) { return term(w, index.stop); }).filter(Boolean);
        var ways = own.length ? [{ terms: own, weight: 1 }] : [];
        // What the phrase means counts more than its own words: "cant walk" is about legs
        // getting weaker, not about walking.
        if (s) ways.push({ terms: s.means, weight: 2 });
        if (ways.length) out.push(ways);
        i += n;
      }
      return out;
    }

    // A page's score for one way of matching, or 0 when it lacks one of its terms.
    function wayScore(way, p) {
      var total = 0;
      for (var k = 0; k < way.length; k++) {
        var s = scores(way[k])[p];
        if (!s) return 0;
        total += s;
      }
      return total;
    }

    // The terms of a page's title and snippet, to rank pages that are about the words first.
    function heading(p) {
      if (!pageWords[p]) pageWords[p] = words(index.pages[p][1] + ' ' + index.pages[p][2], index.stop);
      return pageWords[p];
    }
    function inHeading(way, p) {
      if (asides[p]) return false;
      var hw = heading(p);
      return way.every(function (t) {
        var m = match(t).terms;
        return hw.some(function (h) { return m[h]; });
      });
    }

    // Pages with the query's words, best first. Each word (or phrase) a page has counts more
    // the fewer pages have it, and double when it is in the page's title or summary; ties go to
    // the higher score. With one or two words a page needs as many as any page has (both, when
    // one page has both); with more, since readers write whole sentences, it needs at least half
    // the best page's count.
    function search(q) {
      var cs = concepts(q);
      if (!cs.length) return null;
      var ranked = {}, n = index.pages.length;
      cs.forEach(function (ways) {
        var best = {};
        ways.forEach(function (way) {
          var found = {};
          Object.keys(scores(way.terms[0])).forEach(function (p) {
            var s = wayScore(way.terms, p);
            if (s) found[p] = s;
          });
          var pages = Object.keys(found), rarity = Math.log(1 + n / Math.max(pages.length, 1));
          pages.forEach(function (p) {
            var counts = way.weight * rarity * (inHeading(way.terms, p) ? 2 : 1);
            if (!best[p] || counts > best[p].counts) best[p] = { counts: counts, score: found[p] };
          });
        });
        Object.keys(best).forEach(function (p) {
          var r = ranked[p] || (ranked[p] = { page: Number(p), matched: 0, rank: 0, score: 0 });
          r.matched += 1;
          r.rank += best[p].counts;
          r.score += best[p].score;
        });
      });
      var all = Object.keys(ranked).map(function (p) { return ranked[p]; });
      var most = all.reduce(function (m, r) { return Math.max(m, r.matched); }, 0);
      var top = all.reduce(function (m, r) { return Math.max(m, r.rank); }, 0);
      var pages = all.filter(function (r) {
        return cs.length < 3 ? r.matched === most : r.rank >= top / 2;
      }).sort(function (a, b) {
        return b.rank - a.rank || b.score - a.score || a.page - b.page;
      }).map(function (r) { return index.pages[r.page]; });
      return { pages: pages, partial: pages.length > 0 && most < cs.length };
    }

    return { search: search };
  }

  var api = { split: split, words: words, searcher: searcher };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else window.BACKGUIDE_SEARCHER = api;

})();
