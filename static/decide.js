// decide.html: one question per screen, the answers so far in the hash (#a=1&b=0) for Back,
// Forward, reload and bookmarks. Only templates and textContent build the DOM. A question in
// the tree (see src/decision/compile.rs) is {t: text, h: help, r: questions left,
// a: [{l: label, n: next node, f: findings (places in tree.findings, the labels), u: unsure}]};
// an outcome is {tier}.
(function () {
  'use strict';
  var data = document.getElementById('decision-data');
  var app = document.getElementById('decide-app');
  var skeleton = app && app.querySelector('.decide-screen');
  if (!data || !skeleton || !('content' in document.createElement('template'))) return;
  var tree = JSON.parse(data.textContent), nodes = tree.nodes;
  skeleton = skeleton.cloneNode(true);

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function $(root, sel) { return root.querySelector(sel); }
  function each(root, sel, f) { Array.prototype.forEach.call(root.querySelectorAll(sel), f); }
  function remove(el) { el.parentNode.removeChild(el); }
  function clone(id) { return document.getElementById(id).content.cloneNode(true); }
  function hashOf(steps) {
    return '#' + steps.map(function (s) { return s.node + '=' + s.answer; }).join('&');
  }

  // A plain #id of an element on the page (the skip link's #main) is a jump, not an answer.
  function isAnchor(hash) {
    return hash.length > 1 && hash.indexOf('=') < 0 && !!document.getElementById(hash.slice(1));
  }

  // {steps: [{node, answer}], node}, or null unless the hash follows the tree from its start.
  function parse(hash) {
    var at = tree.start, steps = [], text = hash.slice(1), parts = text ? text.split('&') : [];
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].split('='), node = has(nodes, at) && nodes[at];
      if (pair[0] !== at || !node.a || !/^\d+$/.test(pair[1]) || !node.a[+pair[1]]) return null;
      steps.push({ node: at, answer: +pair[1] });
      at = node.a[+pair[1]].n;
    }
    return has(nodes, at) ? { steps: steps, node: at } : null;
  }

  function question(id, steps) {
    var q = nodes[id], screen = skeleton.cloneNode(true), step = steps.length + 1;
    var help = $(screen, '.decide-help'), list = $(screen, '.decide-answers'), item = $(list, 'li');
    screen.setAttribute('data-node', id);
    $(screen, '.decide-heading').textContent = q.t;
    help.textContent = q.h || '';
    help.hidden = !q.h;
    $(screen, '[data-decide-step]').textContent = step;
    $(screen, '[data-decide-total]').textContent = step + q.r;
    $(screen, '.decide-restart').hidden = !steps.length;
    list.textContent = '';
    q.a.forEach(function (answer, i) {
      var link = $(list.appendChild(item.cloneNode(true)), 'a');
      link.textContent = answer.l;
      link.setAttribute('href', hashOf(steps.concat({ node: id, answer: i })));
    });
    return screen;
  }

  function outcome(id, steps) {
    var screen = clone('decide-node-' + id).firstElementChild, common = clone('decide-common');
    var slot = $(screen, '[data-decide-common]'), tier = nodes[id].tier;
    if (tier === 'emergency') each(common, '[data-decide-watch]', remove);
    if (tier === 'urgent') each(common, '[data-decide-urgent-signs]', remove);
    each(common, '[data-decide-urgent-list]', function (ul) {
      (tree.urgent || []).forEach(function (f) {
        ul.appendChild(document.createElement('li')).textContent = tree.findings[f];
      });
    });
    slot.parentNode.replaceChild(common, slot);
    // "Why this result": each finding reported, and each question the reader was unsure of.
    var box = $(screen, '[data-why-path]'), list = $(box, '[data-why-list]'), seen = {}, unsure = false;
    steps.forEach(function (s) {
      var answer = nodes[s.node].a[s.answer];
      (answer.f || []).forEach(function (f) {
        if (!seen[f] && has(tree.findings, f)) {
          list.appendChild(document.createElement('li')).textContent = tree.findings[f];
        }
        seen[f] = true;
      });
      if (answer.u) {
        var item = clone('decide-unsure-item');
        $(item, '[data-question]').textContent = nodes[s.node].t;
        list.appendChild(item);
        unsure = true;
      }
    });
    box.hidden = false;
    $(box, '[data-why-none]').hidden = list.children.length > 0;
    $(box, '[data-why-unsure]').hidden = !unsure;
    return screen;
  }

  function show(moveFocus) {
    var state = parse(isAnchor(location.hash) ? '' : location.hash);
    $(document, '[data-decide-notice]').hidden = !!state;
    state = state || { steps: [], node: tree.start };
    var node = nodes[state.node], steps = state.steps;
    var screen = node.a ? question(state.node, steps) : outcome(state.node, steps);
    var back = $(screen, '.decide-back'), heading = $(screen, '.decide-heading');
    back.hidden = !steps.length;
    back.setAttribute('href', hashOf(steps.slice(0, -1)));
    each(screen, '[data-decide-restart]', function (a) { a.setAttribute('href', '#'); });
    app.textContent = '';
    app.appendChild(screen);
    each(document, '[data-decide-start-only]', function (el) { el.hidden = steps.length > 0; });
    each(document, '[data-decide-extra]', function (el) { el.hidden = node.tier === 'emergency'; });
    if (moveFocus) {
      heading.focus({ preventScroll: true });
      screen.scrollIntoView();
    }
    var lead = $(screen, '.decide-progress') || $(screen, '.tier-label');
    $(document, '#decide-status').textContent = lead.textContent + ': ' + heading.textContent;
  }

  window.addEventListener('hashchange', function () { if (!isAnchor(location.hash)) show(true); });
  show(location.hash.length > 1 && !isAnchor(location.hash));
})();
