// Registers sw.js: see templates/sw.js.
(function () {
  if (!/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) return;
  var sw = navigator.serviceWorker, here = document.currentScript.src, controlled = !!sw.controller;
  function saved() { document.getElementById('saved-copy').hidden = false; }
  if (controlled) {
    sw.addEventListener('controllerchange', function () { location.reload(); });
    if (!navigator.onLine) saved();
  }
  addEventListener('load', function () {
    sw.register(new URL('sw.js', here), { scope: new URL('./', here) }).then(function (r) {
      if (controlled) return r.update().catch(saved);
    }).catch(function () {});
  });
}());
