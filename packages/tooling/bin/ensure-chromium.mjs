#!/usr/bin/env node
// Finds Chromium, installing it with apt-get as root on Debian/Ubuntu: the same step `npm test` takes,
// so CI and a person get the browser the same way. Prints its path on stdout.
//
//   node packages/tooling/bin/ensure-chromium.mjs              # exit 0 also when none (advice on stderr)
//   node packages/tooling/bin/ensure-chromium.mjs --required   # exit 1 when none (CI)
import { prepareCommand } from './ensure-install.mjs';

await prepareCommand();
const { runCli } = await import('kit');
const { ensureChromium } = await import('../src/chromium-setup.ts');

await runCli('ensure-chromium', () => {
  const setup = ensureChromium({ log: (line) => process.stderr.write(`${line}\n`) });
  if (setup.path) process.stdout.write(`${setup.path}\n`);
  else if (process.argv.includes('--required'))
    throw new Error(`Chromium is required here: ${setup.missing}`);
});
