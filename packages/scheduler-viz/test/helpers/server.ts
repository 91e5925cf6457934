import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The app's Vite dev server on 127.0.0.1 (a free port), listing runs from `runsDir`. */
export async function startViewerServer(runsDir: string): Promise<{ server: ViteDevServer; url: string }> {
  process.env.GPUVIZ_RUNS = runsDir;
  const server = await createServer({
    root: packageDir,
    configFile: `${packageDir}/vite.config.ts`,
    configLoader: 'runner',
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite dev server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

export function runUrl(key: string): string {
  return `/@gpuviz/file/${encodeURIComponent(key)}`;
}
