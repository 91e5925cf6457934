#!/usr/bin/env node
// `npm run build`: the built JavaScript that installs need, one self-contained file each (their
// dependencies inlined, so an npm or archive install has nothing to fetch):
//   dist/openclaw.js  OpenClaw plugin entry (package.json `openclaw.runtimeExtensions`)
//   dist/cli.js       the `when2meet` command, MCP server included, for the packed artifact
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// Bundled CommonJS dependencies (commander) call require() on Node built-ins.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

// zod's \`z\` namespace drags in every locale's messages (360 kB); we use only the English default,
// which zod imports on its own. Without them each file stays under the 1 MiB OpenClaw's install
// scanner reads, so all of it is scanned.
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
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
});
