import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalRegistry {
  url: string;
  /** Every path asked for, in order. */
  hits: string[];
  close(): Promise<void>;
}

/**
 * A local npm registry on 127.0.0.1 serving one package, as the real one answers an install: the
 * packument at /<name>, the tarball under /<name>/-/, with its integrity. Anything else is a 404.
 */
export async function startRegistry(name: string, version: string): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'npm-registry-'));
  mkdirSync(join(dir, 'package'));
  writeFileSync(join(dir, 'package', 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
  writeFileSync(join(dir, 'package', 'index.js'), 'module.exports = 42;\n');
  const tgz = join(dir, `${name}-${version}.tgz`);
  execFileSync('tar', ['-czf', tgz, '-C', dir, 'package']);
  const tarball = readFileSync(tgz);
  const hits: string[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const path = decodeURIComponent(request.url ?? '/');
    hits.push(path);
    if (path === `/${name}`) {
      const manifest = {
        name,
        version,
        dist: {
          tarball: `${base}/${name}/-/${name}-${version}.tgz`,
          shasum: createHash('sha1').update(tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        },
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ name, 'dist-tags': { latest: version }, versions: { [version]: manifest } }),
      );
    } else if (path === `/${name}/-/${name}-${version}.tgz`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(tarball);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":"Not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
