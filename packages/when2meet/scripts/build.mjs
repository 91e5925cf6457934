#!/usr/bin/env node
// `npm run build`: dist/openclaw.js, the OpenClaw plugin entry that npm and archive installs load
// (package.json `openclaw.runtimeExtensions`). One self-contained file, its dependencies inlined,
// so an install has nothing to fetch. The CLI and the MCP server run from source through bin/.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// Bundled CommonJS dependencies may call require() on Node built-ins.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

// zod's `z` namespace drags in every locale's messages (360 kB); we use only the English default,
// which zod imports on its own. Without them, and with whitespace minified, the file stays under
// the 1 MiB that OpenClaw's code scanner reads, so all of it is scanned.
const noZodLocales = {
  name: 'no-zod-locales',
  setup(build) {
    build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'eof',
  // Whitespace and syntax only: names stay, so stack traces and a reviewer can still read it.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [noZodLocales],
};

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['src/openclaw.ts'],
  outfile: 'dist/openclaw.js',
  banner: { js: requireShim },
});
