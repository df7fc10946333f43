// Offline after one visit (templates/sw.js says how and why); short, as every page loads it.
(function () {
  if (!/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) return;
  var sw = navigator.serviceWorker, here = document.currentScript.src, controlled = !!sw.controller;
  function saved() { document.getElementById('saved-copy').hidden = false; }
  // A page from an older build reloads once the newer one is saved and in charge.
  if (controlled) {
    sw.addEventListener('controllerchange', function () { location.reload(); });
    if (!navigator.onLine) saved();
  }
  addEventListener('load', function () {
    sw.register(new URL('sw.js', here).href, { scope: new URL('./', here).href }).then(function (r) {
      if (controlled) return r.update().catch(saved);
    }).catch(function () {});
  });
}());
