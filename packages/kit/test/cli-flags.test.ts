import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliErrorLine, runCli } from '../src/cli.ts';
import { InputError } from '../src/errors.ts';
import { describeNumber, numberFlag, parseNumberFlag } from '../src/flags.ts';
import { quantileSorted, round } from '../src/stats.ts';

describe('numeric flags', () => {
  it('takes decimal numbers within the bounds', () => {
    expect(parseNumberFlag('--poll', '0.5', { above: 0 })).toBe(0.5);
    expect(parseNumberFlag('--workers', ' 4 ', { integer: true, min: 1 })).toBe(4);
    expect(parseNumberFlag('--seed', '-3')).toBe(-3);
    expect(numberFlag('--limit', { integer: true, min: 1 })('10')).toBe(10);
  });

  it('refuses text, blanks, other notations and out-of-range values, naming the flag', () => {
    const poll = numberFlag('--poll', { above: 0, unit: 'seconds' });
    expect(() => poll('abc')).toThrow(
      new InputError({ field: '--poll' }, 'expected a number of seconds, above 0, got "abc"'),
    );
    for (const bad of ['', ' ', '0', '-1', '0x10', '1e3', 'Infinity', 'NaN', '5s'])
      expect(() => poll(bad), JSON.stringify(bad)).toThrow(InputError);
    const workers = numberFlag('--workers', { integer: true, min: 1, max: 32 });
    expect(() => workers('1.5')).toThrow('--workers: expected a whole number from 1 to 32, got "1.5"');
    expect(() => workers('33')).toThrow(/from 1 to 32, got "33"/);
  });

  it('says what it expects in words', () => {
    expect(describeNumber({})).toBe('a number');
    expect(describeNumber({ integer: true, min: 0 })).toBe('a whole number, 0 or more');
    expect(describeNumber({ unit: 'milliseconds', integer: true, min: 0, max: 60_000 })).toBe(
      'a whole number of milliseconds from 0 to 60000',
    );
  });
});

describe('CLI error boundary', () => {
  const capture = async (error: unknown, argv: string[]) => {
    let text = '';
    const before = process.exitCode;
    await runCli(
      'tool',
      () => {
        throw error;
      },
      { argv: ['node', 'tool', ...argv], write: (chunk) => (text += chunk) },
    );
    const code = process.exitCode;
    process.exitCode = before;
    return { text, code };
  };

  it('prints bad input as one line, with or without -v', async () => {
    const error = InputError.expected({ field: '--poll' }, 'a number', 'abc');
    expect(await capture(error, [])).toEqual({
      text: 'tool: --poll: expected a number, got "abc"\n',
      code: 1,
    });
    expect((await capture(error, ['-v'])).text).toBe('tool: --poll: expected a number, got "abc"\n');
  });

  it('keeps the stack and causes of an unexpected error with -v, and points at -v without it', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')", {
      cause: new Error('deeper'),
    });
    const quiet = await capture(bug, ['run']);
    expect(quiet.text.trim().split('\n')).toEqual([
      "tool: internal error (TypeError): Cannot read properties of undefined (reading 'x'); run again with -v for the stack",
    ]);
    const loud = await capture(bug, ['run', '-v']);
    const lines = loud.text.trim().split('\n');
    expect(lines[0]).toBe(
      "tool: internal error (TypeError): Cannot read properties of undefined (reading 'x')",
    );
    expect(lines[1]).toBe("TypeError: Cannot read properties of undefined (reading 'x')");
    expect(lines.some((line) => /^\s+at .*cli-flags\.test\.ts/.test(line))).toBe(true);
    expect(lines).toContain('caused by: Error: deeper');
    expect(loud.code).toBe(1);
  });

  it('prints a failure the code reports on purpose as one line, its stack only with --verbose', async () => {
    const failure = new Error('sweep run: 2 of 4 runs failed');
    expect((await capture(failure, [])).text).toBe('tool: sweep run: 2 of 4 runs failed\n');
    expect((await capture(failure, ['--verbose'])).text).toMatch(
      /^tool: sweep run.*\nError: sweep run.*\n\s+at /,
    );
    expect(cliErrorLine('a string', false)).toBe(
      'internal error (string): a string; run again with -v for the stack',
    );
  });

  it('works for a real process: one line on stderr and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-cli-'));
    const script = join(dir, 'main.mts');
    writeFileSync(
      script,
      `import { runCli } from ${JSON.stringify(join(import.meta.dirname, '..', 'src', 'cli.ts'))};\n` +
        "await runCli('demo', () => { throw new Error('boom'); });\n",
    );
    const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const result = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('demo: boom\n');
  });
});

describe('stats', () => {
  it('interpolates quantiles between closest ranks, as numpy does', () => {
    // numpy.quantile([1, 2, 4, 8], [0, 0.25, 0.5, 0.9, 1]).tolist(), to the last bit
    const sorted = [1, 2, 4, 8];
    expect([0, 0.25, 0.5, 0.9, 1].map((p) => quantileSorted(sorted, p))).toEqual([
      1, 1.75, 3, 6.800000000000001, 8,
    ]);
    expect(quantileSorted(Float64Array.of(5), 0.3)).toBe(5);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('rounds to digits and keeps null', () => {
    expect(round(2.3456, 2)).toBe(2.35);
    expect(round(1234.5)).toBe(1235);
    expect(round(null, 1)).toBeNull();
  });
});
