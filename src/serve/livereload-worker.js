// backguide serve: one live-reload event stream, shared by every open page of the guide.
// Each page connects a port; the worker passes the server's events on to all of them and
// tells a newly connected page the current version and errors at once.
const ports = new Set();
let version = null;
let error = null;

const send = (message) => {
  for (const port of ports) port.postMessage(message);
};

const events = new EventSource('/__livereload');
events.addEventListener('hello', (event) => {
  // Sent on every (re)connection, followed by `build-error` if the latest build failed.
  version = event.data;
  error = null;
  send({ type: 'hello', data: version });
});
events.addEventListener('reload', (event) => {
  version = event.data;
  error = null;
  send({ type: 'reload', data: version });
});
events.addEventListener('build-error', (event) => {
  error = event.data;
  send({ type: 'build-error', data: error });
});

onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (message) => {
    if (message.data === 'bye') ports.delete(port);
  };
  if (version !== null) port.postMessage({ type: 'hello', data: version });
  if (error !== null) port.postMessage({ type: 'build-error', data: error });
};
