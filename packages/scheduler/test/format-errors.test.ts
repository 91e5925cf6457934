import { describe, expect, it } from 'vitest';
import { RunFileError, readRunFile, readRunHeader, synthesizeRun } from '../src/format/index.ts';

const run = synthesizeRun({ preset: 'philly', rounds: 40, jobs: 60, seed: 5 });

function readError(bytes: Uint8Array): RunFileError {
  try {
    readRunFile(bytes, { source: 'x/run.gpuviz' });
  } catch (error) {
    if (error instanceof RunFileError) return error;
    throw new Error(`expected a RunFileError, got ${String(error)}`);
  }
  throw new Error('expected the read to fail');
}

describe('run file errors', () => {
  it('says the file is truncated, and where, at every cut', () => {
    const step = Math.max(1, Math.floor(run.bytes.length / 300));
    for (let cut = 0; cut < run.bytes.length; cut += step) {
      const error = readError(run.bytes.slice(0, cut));
      expect(error.message).toMatch(/^x\/run\.gpuviz: /);
      expect(error.message).not.toContain('\n');
      expect(error.message, `cut at ${cut}`).toMatch(/truncated file|an empty file/);
      expect(error.offset).toBeLessThanOrEqual(cut);
    }
  });

  it('rejects a foreign file by its magic', () => {
    const zip = new Uint8Array(64);
    zip.set([0x50, 0x4b, 0x03, 0x04]);
    const error = readError(zip);
    expect(error.message).toBe(
      'x/run.gpuviz: not a run.gpuviz file at byte 0 (file header): expected magic 89 47 50 55 56 49 5a 0a, got 50 4b 03 04 00 00 00 00',
    );
    expect(readError(new TextEncoder().encode('round,time\n0,0\n')).offset).toBe(0);
  });

  it('rejects a newer version with the version it found', () => {
    const bytes = run.bytes.slice();
    new DataView(bytes.buffer).setUint32(8, 2, true);
    const error = readError(bytes);
    expect(error.message).toBe(
      'x/run.gpuviz: unsupported format version at byte 8 (file header): expected version 1, got 2',
    );
  });

  it('detects a flipped byte anywhere through the checksum', () => {
    for (const at of [40, Math.floor(run.bytes.length / 2), run.bytes.length - 20]) {
      const bytes = run.bytes.slice();
      bytes[at]! ^= 0x10;
      expect(readError(bytes).message).toMatch(/checksum mismatch|corrupt|bad |truncated/);
    }
    const bytes = run.bytes.slice();
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    expect(readError(bytes).message).toMatch(
      /checksum mismatch \(the file is corrupt\) at byte \d+ \(END\. section/,
    );
  });

  it('reports trailing garbage', () => {
    const bytes = new Uint8Array(run.bytes.length + 8);
    bytes.set(run.bytes);
    expect(readError(bytes).message).toMatch(/trailing bytes/);
  });

  it('reads the header alone from a prefix', () => {
    const header = readRunHeader(run.bytes.slice(0, 2048));
    expect(header.gpuTypes).toEqual(['v100', 'p100', 'k80']);
    expect(header.config.policy).toBe('fifo');
    expect(() => readRunHeader(run.bytes.slice(0, 30))).toThrow(RunFileError);
  });
});
