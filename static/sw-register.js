// Registers sw.js: see templates/sw.js.
(function () {
  if (!/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) return;
  var sw = navigator.serviceWorker, here = document.currentScript.src, saved = sw.controller;
  if (saved) sw.addEventListener('controllerchange', function () { location.reload(); });
  addEventListener('load', function () {
    sw.register(new URL('sw.js', here), { scope: new URL('./', here) }).then(function (r) {
      if (saved) return r.update().catch(function () { document.getElementById('saved-copy').hidden = false; });
    }).catch(function () {});
  });
}());
