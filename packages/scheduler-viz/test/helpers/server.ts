import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The app's Vite dev server on 127.0.0.1 (a free port), listing runs from `runsDir`. */
export async function startViewerServer(runsDir: string): Promise<{ server: ViteDevServer; url: string }> {
  process.env.GPUVIZ_RUNS = runsDir;
  const port = await freePort();
  const server = await createServer({
    root: packageDir,
    configFile: `${packageDir}/vite.config.ts`,
    configLoader: 'runner',
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite dev server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

export function runUrl(key: string): string {
  return `/@gpuviz/file/${encodeURIComponent(key)}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
