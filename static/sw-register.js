// Offline after one visit, on the hosted site only: registers sw.js (built from templates/sw.js)
// for the site's own folder, reloads a page an older build's worker served once the newer build
// has taken over, and shows the saved-copy notice (#saved-copy, worded in the template) when a
// page came from the worker while the site cannot be reached. From file:// it does nothing.
(function () {
  'use strict';
  if (!/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) return;
  var sw = navigator.serviceWorker;
  // This script sits at the site root, beside sw.js, whatever the page's folder or sub-path.
  var here = document.currentScript.src;
  var controlled = Boolean(sw.controller);
  function showNotice() {
    var notice = document.getElementById('saved-copy');
    if (notice) notice.hidden = false;
  }
  if (controlled) {
    sw.addEventListener('controllerchange', function () { location.reload(); });
    if (navigator.onLine === false) showNotice();
  }
  sw.register(new URL('sw.js', here).href, { scope: new URL('./', here).href })
    .then(function (registration) {
      // A controlled page came from the cache: check for a newer build, or say it is saved.
      if (controlled) return registration.update().catch(showNotice);
    })
    .catch(function () { /* no worker (e.g. a server without sw.js): the site works as before */ });
}());
