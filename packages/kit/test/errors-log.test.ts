import { describe, expect, it } from 'vitest';
import { InputError, oneLine } from '../src/errors.ts';
import { createLogger, levelFromFlags } from '../src/log.ts';
import { createProgress } from '../src/progress.ts';

describe('InputError', () => {
  it('formats file, line, field, expected and got', () => {
    const error = InputError.expected(
      { file: 'trace.txt', line: 7, field: 'scale_factor' },
      'an integer >= 1',
      'x',
    );
    expect(error.message).toBe('trace.txt:7: scale_factor: expected an integer >= 1, got "x"');
    expect(error.line).toBe(7);
  });

  it('omits missing parts and shortens long values', () => {
    expect(InputError.expected({ field: 'jobs' }, 'a list', undefined).message).toBe(
      'jobs: expected a list, got nothing',
    );
    expect(InputError.expected({}, 'short', 'y'.repeat(100)).message).toMatch(/got "y+\.\.\.$/);
  });

  it('folds multi-line messages into one line', () => {
    expect(oneLine(new Error('first\n  second'))).toBe('first second');
  });
});

describe('logger', () => {
  const capture = (level: 'debug' | 'info' | 'warn') => {
    const lines: string[] = [];
    return { lines, logger: createLogger({ level, write: (l) => lines.push(l), name: 'tool' }) };
  };

  it('drops messages below its level', () => {
    const { lines, logger } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.record('TELEMETRY', { round: 1 });
    expect(lines).toEqual(['tool: warn: w']);
    expect(logger.enabled('debug')).toBe(false);
  });

  it('prints machine records with a stable prefix', () => {
    const { lines, logger } = capture('debug');
    logger.record('PROFILE', { total: 1.5 });
    logger.debug('x');
    expect(lines).toEqual(['PROFILE {"total":1.5}', 'tool: debug: x']);
  });

  it('maps -q and -v', () => {
    expect(levelFromFlags({ quiet: true })).toBe('warn');
    expect(levelFromFlags({ verbose: true })).toBe('debug');
    expect(levelFromFlags({})).toBe('info');
  });
});

describe('progress', () => {
  it('writes nothing when the stream is not a TTY', () => {
    let written = '';
    const stream = {
      isTTY: false,
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const bar = createProgress({ total: 10, label: 'rounds', stream });
    bar.update(5);
    bar.finish();
    expect(written).toBe('');
  });

  it('draws a bar on a TTY and clears it at the end', () => {
    let written = '';
    const stream = {
      isTTY: true,
      columns: 80,
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const bar = createProgress({ total: 4, label: 'pages', stream, intervalMs: 0 });
    bar.update(2, 'p2');
    bar.update(4);
    bar.finish();
    expect(written).toContain('pages [############------------]  50% 2/4 p2');
    expect(written).toContain('100% 4/4');
    expect(written.endsWith('\r\x1b[K')).toBe(true);
  });
});
