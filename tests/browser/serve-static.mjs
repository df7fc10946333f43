// A tiny static file server for the quality checks (Lighthouse needs http://). It binds 127.0.0.1
// only, on a free port unless one is given, serves files inside ROOT only (a folder serves its
// index.html; anything else, including `..` tricks, is 404), and sends no caching headers.
//
// As a module: `const server = await serve(root); server.url; await server.close();`
// Alone: `node serve-static.mjs ROOT [PORT]` prints the URL and serves until stopped (Ctrl-C).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { resolve, join, extname, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.zip': 'application/zip',
};

// Resolve a request path to a file inside root, or null; a folder named without its trailing
// slash gives { redirect } so that the relative links in its index.html resolve.
async function find(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  let file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    if ((await stat(file)).isDirectory()) {
      if (!path.endsWith('/')) return { redirect: `${path}/` };
      file = join(file, 'index.html');
    }
    if ((await stat(file)).isFile()) return file;
  } catch {
    // missing
  }
  return null;
}

export function serve(rootDir, port = 0) {
  const root = resolve(rootDir);
  const server = createServer(async (req, res) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? await find(root, req.url || '/') : null;
    if (file && file.redirect) {
      res.writeHead(301, { location: file.redirect });
      res.end();
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok, err) => {
    server.once('error', err);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      ok({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root, port] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node serve-static.mjs ROOT [PORT]');
    process.exit(2);
  }
  const server = await serve(root, Number(port || 0));
  console.log(server.url);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
