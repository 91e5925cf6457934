/**
 * Turbo's default of 10 tasks at once on a 2-core machine made browser and CLI tests 3-7x slower
 * than alone; a few at a time finishes as soon and keeps each test near its own pace.
 */
export const DEFAULT_TEST_CONCURRENCY = '4';

const hasFlag = (args: readonly string[], flag: string) =>
  args.some((arg) => arg === flag || arg.startsWith(`${flag}=`));

/**
 * The turbo command line of `npm test`, with the caller's extra arguments. A --concurrency of the
 * caller's wins over DEVLOG_TEST_CONCURRENCY and the default (turbo refuses the flag twice).
 */
export function testRunArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const concurrency = hasFlag(args, '--concurrency')
    ? []
    : [`--concurrency=${env.DEVLOG_TEST_CONCURRENCY ?? DEFAULT_TEST_CONCURRENCY}`];
  return ['turbo', 'run', 'typecheck', 'lint', 'test', '--continue', '--summarize', ...concurrency, ...args];
}

/** Whether the caller picked packages, so only their results are expected. */
export const isFiltered = (args: readonly string[]) => hasFlag(args, '--filter');

/**
 * The environment turbo runs the tasks in. The Node version goes into turbo's hash (`globalEnv` in
 * turbo.json), so a run under another Node rebuilds and rechecks instead of replaying the cache.
 */
export function testRunEnv(env: NodeJS.ProcessEnv, chromium: string | undefined): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
    DEVLOG_NODE_VERSION: process.version,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
  };
}
