import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built site the way a static host does: `/a/` maps to `a/index.html`, unknown paths get
 * 404.html with status 404, hashed assets are cached for a year. Listens on 127.0.0.1 only.
 */
export async function serveStatic(root: string, port = 0): Promise<StaticServer> {
  const resolveFile = (pathname: string): string | undefined => {
    const clean = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const base = join(root, clean);
    if (!base.startsWith(root + sep) && base !== root) return undefined;
    for (const candidate of [base, join(base, 'index.html'), `${base}.html`]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    return undefined;
  };
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file = resolveFile(pathname);
    const status = file ? 200 : 404;
    const body = file ?? join(root, '404.html');
    const type = TYPES[extname(body)] ?? 'application/octet-stream';
    // Text is gzipped as any static host would; images are already compressed.
    const gzip =
      /text|xml|json|svg/.test(type) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    response.writeHead(status, {
      'content-type': type,
      'cache-control': pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    });
    if (request.method === 'HEAD' || !existsSync(body)) response.end();
    else if (gzip) createReadStream(body).pipe(createGzip()).pipe(response);
    else createReadStream(body).pipe(response);
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
