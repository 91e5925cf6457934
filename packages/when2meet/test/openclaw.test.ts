import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { describeUnless, skipUnless } from 'kit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  bestTimesOperation,
  createEventOperation,
  fillAvailabilityOperation,
  type Operation,
  operations,
  readEventOperation,
} from '../src/operations/index.ts';
import { When2MeetEmulator } from './emulator.ts';

// The plugin in real OpenClaw (the npm package, run on the official Node 24 binary, both from the
// cache folder outside the repo), each install in its own HOME and state dir: a --link install
// inspected, doctored, configured and then called through a running Gateway's /tools/invoke
// against the emulator; and the packed tarball installed as an archive and scanned.
interface CacheInstall {
  NODE24: string;
  isCached(spec: string): boolean;
  cachedPackageDir(spec: string): string;
  node24BinDir(): string;
}
const OPENCLAW = 'openclaw@2026.9.6';
const cache = (await import(
  new URL('../../tooling/bin/cache-install.mjs', import.meta.url).href
)) as CacheInstall;
const ready = cache.isCached(OPENCLAW) && cache.isCached(cache.NODE24);
const INSTALL = `PATH="$(node packages/tooling/bin/cache-install.mjs --node24-bin):$PATH" node packages/tooling/bin/cache-install.mjs ${OPENCLAW}`;
const notCached = skipUnless(
  'openclaw',
  ready ? undefined : `${OPENCLAW} or ${cache.NODE24} is not cached; install both with: ${INSTALL}`,
);

const plugin = join(repoRoot(), 'packages/when2meet');
const names = operations.map((operation) => operation.name);
const manifest = JSON.parse(readFileSync(join(plugin, 'openclaw.plugin.json'), 'utf8'));
const timings: Record<string, number> = {};
// Each openclaw command costs about 5 s of CPU (it loads a 650 MB package and its plugin registry)
// and takes up to 30 s under `npm test`, where four packages share two cores; the Gateway needs
// 10-25 s to come up. So this file gets 240 s per test and hook instead of vitest.shared's 120 s.
const BUDGET = 240_000;
const SOURCE_CHANGED = /Plugin source changed while preparing its reload/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** One isolated OpenClaw: its own HOME and state dir, Node 24 first on PATH, nothing else inherited. */
function isolatedOpenClaw(label: string) {
  const dir = mkdtempSync(join(tmpdir(), `when2meet-openclaw-${label}-`));
  mkdirSync(join(dir, 'home'));
  const env = {
    PATH: `${cache.node24BinDir()}:${process.env.PATH}`,
    HOME: join(dir, 'home'),
    OPENCLAW_STATE_DIR: join(dir, 'state'),
    TMPDIR: tmpdir(),
    NO_COLOR: '1',
  };
  const entry = [join(cache.cachedPackageDir(OPENCLAW), 'openclaw.mjs')];
  const node = join(cache.node24BinDir(), 'node');
  return {
    dir,
    state: env.OPENCLAW_STATE_DIR,
    /**
     * OpenClaw refuses a load whose source inputs changed while it read them and says to retry
     * ("Plugin source changed while preparing its reload; retry after the edit finishes."). Under
     * `npm test` the checkout is live, other packages' suites writing beside this one, so a linked
     * load can meet that; this retries it as the message says, a few times, and only for it.
     */
    async run(args: string[], step = args.slice(0, 2).join(' ')): Promise<Run> {
      let result = await this.once(args, step);
      for (let retry = 1; retry <= 3 && SOURCE_CHANGED.test(result.stdout + result.stderr); retry++) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        result = await this.once(args, `${step} (retry ${retry})`);
      }
      return result;
    },
    once(args: string[], step: string): Promise<Run> {
      const started = performance.now();
      return new Promise((resolve) => {
        const child = execFile(
          node,
          [...entry, ...args],
          { cwd: repoRoot(), env, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
          (error, stdout, stderr) => {
            timings[`${label}: ${step}`] = Math.round(performance.now() - started);
            resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
          },
        );
        child.stdin?.end();
      });
    },
    spawn(args: string[]): ChildProcess {
      return spawn(node, [...entry, ...args], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    },
  };
}

function json(run: Run) {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function built(command: string) {
  return new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [command], { cwd: plugin }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    ),
  );
}

it('CI installs the OpenClaw and Node this test runs', () => {
  const ci = readFileSync(join(repoRoot(), '.ci/run'), 'utf8');
  expect(ci).toContain('cache-install.mjs --node24-bin');
  expect(ci).toContain(`cache-install.mjs ${OPENCLAW}`);
});

describeUnless(
  notCached,
  `the plugin in real ${OPENCLAW}`,
  () => {
    const linked = ready ? isolatedOpenClaw('link') : undefined!;
    const archived = ready ? isolatedOpenClaw('archive') : undefined!;
    let emulator: When2MeetEmulator;
    let gateway: ChildProcess | undefined;
    let archiveFlow: Promise<{ runtime: Run; audit: Run; install: Run }>;

    beforeAll(async () => {
      emulator = await new When2MeetEmulator().start();
      // The built entry and the tarball from the source as it is now (turbo also builds first).
      await built('scripts/build.mjs');
      const tarball = await built('scripts/package.mjs');
      // The archive install runs beside the linked one: separate state, so they cannot interfere.
      archiveFlow = (async () => {
        const install = await archived.run([
          'plugins',
          'install',
          tarball,
          '--force',
          '--accept-capabilities',
        ]);
        const runtime = await archived.run(
          ['plugins', 'inspect', 'when2meet', '--json', '--runtime'],
          'inspect --runtime',
        );
        const audit = await archived.run(['security', 'audit', '--deep', '--json'], 'security audit --deep');
        return { install, runtime, audit };
      })();
      const install = await linked.run([
        'plugins',
        'install',
        '--link',
        plugin,
        '--force',
        '--accept-capabilities',
      ]);
      expect(install.code, install.stderr).toBe(0);
      expect(install.stdout).toContain(`Linked plugin path: ${plugin}`);
    }, BUDGET);

    afterAll(async () => {
      if (gateway && gateway.exitCode === null) {
        const exited = new Promise((resolve) => gateway!.once('exit', resolve));
        gateway.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
        if (gateway.exitCode === null) gateway.kill('SIGKILL');
      }
      await archiveFlow?.catch(() => undefined);
      await emulator?.stop();
      console.info(`when2meet openclaw timings (ms): ${JSON.stringify(timings)}`);
      for (const dir of [linked?.dir, archived?.dir]) {
        if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
      }
    }, BUDGET);

    it('plugins inspect --json: the manifest as declared, tools and skill root accepted at install', async () => {
      const cold = json(await linked.run(['plugins', 'inspect', 'when2meet', '--json'], 'inspect'));
      expect(cold.plugin).toMatchObject({
        id: 'when2meet',
        format: 'openclaw',
        enabled: true,
        origin: 'config',
      });
      expect(cold.plugin.configJsonSchema).toEqual(manifest.configSchema);
      expect(cold.install.acceptedSurface).toMatchObject({ skills: ['skills'], tools: [...names].sort() });
      expect(cold.diagnostics).toEqual([]);
    });

    it('plugins inspect --runtime: loaded from the built entry, the four tools registered', async () => {
      const loaded = json(
        await linked.run(['plugins', 'inspect', 'when2meet', '--json', '--runtime'], 'inspect --runtime'),
      );
      expect(loaded.plugin).toMatchObject({ status: 'loaded', imported: true, toolNames: names });
      // package.json runtimeExtensions: the built JavaScript is what OpenClaw imports.
      expect(loaded.plugin.source).toBe(join(plugin, 'dist/openclaw.js'));
      expect(loaded.tools).toEqual([{ names, optional: false }]);
      expect(loaded.diagnostics).toEqual([]);
    });

    it('plugins doctor: no load errors, diagnostics or compatibility notices', async () => {
      const doctor = await linked.run(['plugins', 'doctor', '--json'], 'doctor');
      expect(json(doctor)).toMatchObject({ ok: true, pluginErrors: [], diagnostics: [], compatibility: [] });
    });

    it('skills info: the plugin skill is published and eligible under the name when2meet', async () => {
      const info = json(await linked.run(['skills', 'info', 'when2meet', '--json'], 'skills info'));
      expect(info).toMatchObject({ name: 'when2meet', eligible: true, disabled: false, modelVisible: true });
      expect(info.filePath).toBe(join(linked.state, 'plugin-skills/when2meet/SKILL.md'));
      expect(info.missing).toEqual({ bins: [], anyBins: [], env: [], config: [], os: [] });
    });

    it('the config schema rejects a bad base URL (and an ftp: one, which format uri would pass)', async () => {
      const key = 'plugins.entries.when2meet.config.baseUrl';
      const [bad, ftp] = await Promise.all([
        linked.run(['config', 'set', key, 'not a url'], 'config set bad'),
        linked.run(['config', 'set', key, 'ftp://www.when2meet.com'], 'config set ftp'),
      ]);
      for (const refused of [bad, ftp]) {
        expect(refused.code).not.toBe(0);
        expect(refused.stdout + refused.stderr).toMatch(
          /plugins\.entries\.when2meet\.config\.baseUrl: .*must match pattern/,
        );
      }
      const config = {
        baseUrl: emulator.baseUrl,
        defaultName: 'Ada',
        defaultTimezone: 'America/Los_Angeles',
      };
      const set = await linked.run(
        [
          'config',
          'set',
          '--batch-json',
          JSON.stringify(
            Object.entries(config).map(([field, value]) => ({
              path: `plugins.entries.when2meet.config.${field}`,
              value,
            })),
          ),
        ],
        'config set good',
      );
      expect(set.code, set.stderr).toBe(0);
    });

    it('a running Gateway calls the tools: create, fill as a dry run (nothing sent), fill, read back', async () => {
      const port = await freePort();
      const token = 'when2meet-test-token';
      const started = performance.now();
      gateway = linked.spawn([
        'gateway',
        'run',
        '--allow-unconfigured',
        '--auth',
        'token',
        '--token',
        token,
        '--bind',
        'loopback',
        '--port',
        String(port),
      ]);
      let log = '';
      gateway.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      gateway.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      const invoke = async <Result>(
        operation: Operation<z.ZodObject, Result>,
        args: Record<string, unknown>,
      ) => {
        const response = await fetch(`http://127.0.0.1:${port}/tools/invoke`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ tool: operation.name, args }),
        });
        const body = (await response.json()) as { ok: boolean; result?: { details: unknown } };
        // The details OpenClaw hands back are the operation's own output, schema and all.
        return {
          status: response.status,
          ok: body.ok,
          details: body.ok ? operation.output.parse(body.result?.details) : undefined,
        };
      };
      // Ready when /tools/invoke answers for our tool (the listener comes up before the plugins).
      for (;;) {
        const probe = await invoke(bestTimesOperation, { url: `${emulator.baseUrl}/?1-nothing` }).catch(
          () => undefined,
        );
        if (probe && probe.status !== 404 && probe.status !== 503) break;
        expect(gateway.exitCode, log).toBeNull();
        expect(performance.now() - started, log).toBeLessThan(BUDGET - 30_000);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      timings['link: gateway ready'] = Math.round(performance.now() - started);

      const created = await invoke(createEventOperation, {
        name: 'Claw sync',
        dates: ['2026-12-01'],
        from: '09:00',
        to: '11:00',
      });
      expect(created.ok, log).toBe(true);
      const event = created.details!;
      // The configured base URL and default time zone were used.
      expect(event.url).toMatch(new RegExp(`^${emulator.baseUrl}/\\?\\d+-\\w+$`));
      expect(emulator.events.get(event.id)).toMatchObject({
        name: 'Claw sync',
        timezone: 'America/Los_Angeles',
      });

      const posts = () => emulator.requests.filter((r) => r.method === 'POST').length;
      const before = posts();
      const dry = await invoke(fillAvailabilityOperation, {
        url: event.url,
        free: ['2026-12-01 09:00-10:00'],
      });
      expect(dry.details).toMatchObject({ sent: false, name: 'Ada', slots: 8 });
      expect(posts()).toBe(before);

      const saved = await invoke(fillAvailabilityOperation, {
        url: event.url,
        free: ['2026-12-01 09:00-10:00'],
        dryRun: false,
      });
      expect(saved.details).toMatchObject({
        sent: true,
        name: 'Ada',
        free: ['Tue 2026-12-01 09:00-10:00'],
      });
      const read = await invoke(readEventOperation, { url: event.url });
      expect(read.details!.people).toMatchObject([{ name: 'Ada', free: ['Tue 2026-12-01 09:00-10:00'] }]);

      // A failing call: OpenClaw keeps the message out of the HTTP answer and logs our one line.
      const failed = await invoke(bestTimesOperation, { url: event.url, duration: '20m' });
      expect(failed.ok).toBe(false);
      await expect
        .poll(() => log, { timeout: 10_000 })
        .toContain('when2meet_best_times: duration: expected a length in 15-minute steps');
      timings['link: gateway calls'] = Math.round(
        performance.now() - started - timings['link: gateway ready']!,
      );
    });

    it("our entry, tool factory and tools type-check against the openclaw package's own SDK types", async () => {
      // The plugin imports nothing from openclaw at run time; this holds its shapes to the real ones.
      const sdk = cache.cachedPackageDir(OPENCLAW);
      writeFileSync(
        join(linked.dir, 'sdk-check.ts'),
        [
          "import type { OpenClawPluginApi, OpenClawPluginDefinition } from 'openclaw/plugin-sdk/plugin-entry';",
          `import plugin, { toolFor } from '${join(plugin, 'src/openclaw.ts')}';`,
          `import { operations } from '${join(plugin, 'src/operations/index.ts')}';`,
          'export const entry = plugin satisfies OpenClawPluginDefinition;',
          'export function register(api: OpenClawPluginApi) {',
          '  api.registerTool((context) => operations.map((operation) => toolFor(operation, {}, context)), {',
          '    names: operations.map((operation) => operation.name),',
          '  });',
          '}',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(linked.dir, 'tsconfig.json'),
        JSON.stringify({
          extends: join(repoRoot(), 'tsconfig.base.json'),
          compilerOptions: {
            paths: { 'openclaw/*': [join(sdk, 'dist/*')], typebox: [join(sdk, 'node_modules/typebox')] },
            typeRoots: [join(repoRoot(), 'node_modules/@types')],
          },
          files: ['sdk-check.ts'],
        }),
      );
      const started = performance.now();
      const tsc = await new Promise<Run>((resolve) =>
        execFile(
          process.execPath,
          [join(repoRoot(), 'node_modules/typescript/bin/tsc'), '-p', join(linked.dir, 'tsconfig.json')],
          { cwd: repoRoot(), timeout: BUDGET },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
        ),
      );
      timings['tsc against the SDK types'] = Math.round(performance.now() - started);
      expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    });

    it('the packed tarball installs as an archive, loads its built entry, and the deep scan finds nothing', async () => {
      const { install, runtime, audit } = await archiveFlow;
      expect(install.code, install.stdout + install.stderr).toBe(0);
      expect(install.stdout).toContain('Installed plugin: when2meet');
      const loaded = json(runtime);
      expect(loaded.plugin).toMatchObject({
        status: 'loaded',
        imported: true,
        origin: 'global',
        toolNames: names,
      });
      expect(loaded.plugin.source).toBe(join(archived.state, 'extensions/when2meet/dist/openclaw.js'));
      expect(loaded.install.source).toBe('archive');
      // The scanner skips files over 1 MiB without a word: ours must be small enough to be read.
      expect(statSync(join(archived.state, 'extensions/when2meet/dist/openclaw.js')).size).toBeLessThan(
        1024 * 1024,
      );
      const findings = json(audit).findings as { checkId: string; severity: string; detail?: string }[];
      expect(findings.filter((f) => f.checkId.startsWith('plugins.code_safety'))).toEqual([]);
    });
  },
  { timeout: BUDGET },
);
