// backguide serve: reload this page when the site is rebuilt, and show build errors over it.
// Injected only by `backguide serve`; never part of the built site.
(() => {
  const version = document.currentScript.dataset.version;
  let overlay = null;

  const handle = ({ type, data }) => {
    if (type === 'hello' || type === 'reload') {
      if (data !== version) location.reload();
    } else if (type === 'build-error') {
      show(data);
    }
  };

  if (typeof SharedWorker === 'function') {
    // One event stream for every open page: browsers allow six connections to a server over
    // HTTP/1.1, so a stream per page would leave the seventh tab waiting forever.
    const worker = new SharedWorker('/__livereload-worker.js', { name: 'backguide-livereload' });
    worker.port.onmessage = (event) => handle(event.data);
    addEventListener('pagehide', () => worker.port.postMessage('bye'));
    // A page restored from the back-forward cache said bye; it may also be out of date.
    addEventListener('pageshow', (event) => { if (event.persisted) location.reload(); });
  } else {
    const events = new EventSource('/__livereload');
    for (const type of ['hello', 'reload', 'build-error']) {
      events.addEventListener(type, (event) => handle({ type, data: event.data }));
    }
  }

  // Built with textContent only: the error text comes from the author's files.
  function show(text) {
    if (overlay) overlay.remove();
    overlay = document.createElement('div');
    overlay.id = 'backguide-build-error';
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText = 'position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;' +
      'overflow:auto;margin:0;padding:1rem 1.25rem;background:#5c0b0b;color:#fff;' +
      'font:14px/1.45 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.4)';
    const heading = document.createElement('strong');
    heading.textContent = 'The guide did not build. Still showing the last good version.';
    const errors = document.createElement('pre');
    errors.style.cssText = 'margin:.75rem 0;white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace';
    errors.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.addEventListener('click', () => overlay.remove());
    overlay.append(heading, errors, close);
    document.body.append(overlay);
  }
})();
