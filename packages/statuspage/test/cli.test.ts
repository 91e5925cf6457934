import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'statuspage.js');

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('statuspage CLI', () => {
  it('documents scrape', async () => {
    const { code, stdout } = await cli(['scrape', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--site', '--out', '--since', '--full', '--force', '--concurrency', '--delay-ms']) {
      expect(stdout).toContain(flag);
    }
  });

  it('rejects a bad --since in one line', async () => {
    const { code, stderr } = await cli([
      'scrape',
      '--site',
      'https://example.test',
      '--out',
      '/tmp/x',
      '--since',
      'May',
    ]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^statuspage: --since: expected .*YYYY-MM-DD.*, got "May"/);
  });

  it('rejects a site that is not a URL', async () => {
    const { code, stderr } = await cli(['scrape', '--site', 'githubstatus', '--out', '/tmp/x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^statuspage: --site: expected .*, got "githubstatus"/);
  });

  it('checks the numeric flags through the one parser, in one line', async () => {
    const site = ['scrape', '--site', 'https://example.test', '--out', '/tmp/x'];
    const [text, big, hex] = await Promise.all([
      cli([...site, '--concurrency', 'many']),
      cli([...site, '--concurrency', '33']),
      cli([...site, '--delay-ms', '0x10']),
    ]);
    expect(text).toMatchObject({
      code: 1,
      stderr: 'statuspage: --concurrency: expected a whole number from 1 to 32, got "many"\n',
    });
    expect(big.stderr).toBe('statuspage: --concurrency: expected a whole number from 1 to 32, got "33"\n');
    expect(hex.stderr).toBe(
      'statuspage: --delay-ms: expected a whole number of milliseconds from 0 to 60000, got "0x10"\n',
    );
  });
});
