import { describe, expect, it } from 'vitest';
import { parseCsv, requireColumns, toCsv } from '../src/csv.ts';
import { parseJsonl, parseJsonlLines, toJsonl } from '../src/jsonl.ts';

describe('CSV', () => {
  it('round-trips fields with commas, quotes and newlines', () => {
    const rows = [
      { id: 1, name: 'plain', note: 'a, b' },
      { id: 2, name: 'say "hi"', note: 'line1\nline2' },
      { id: 3, name: '', note: null },
    ];
    const text = toCsv(rows, ['id', 'name', 'note']);
    const { header, records } = parseCsv(text, 'x.csv');
    expect(header).toEqual(['id', 'name', 'note']);
    expect(records.map((r) => r.values)).toEqual([
      { id: '1', name: 'plain', note: 'a, b' },
      { id: '2', name: 'say "hi"', note: 'line1\nline2' },
      { id: '3', name: '', note: '' },
    ]);
    expect(records.map((r) => r.line)).toEqual([2, 3, 5]);
  });

  it('writes non-finite numbers as empty fields', () => {
    expect(toCsv([{ a: Number.NaN, b: 1.5 }], ['a', 'b'])).toBe('a,b\n,1.5\n');
  });

  it('names file and line when a row has the wrong number of fields', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'jobs.csv')).toThrow('jobs.csv:3: expected 2 fields, got 1');
  });

  it('rejects an unterminated quote and a missing column', () => {
    expect(() => parseCsv('a\n"open\n', 'q.csv')).toThrow('q.csv:2: unterminated quoted field');
    expect(() => requireColumns(['a'], ['a', 'b'], 'f.csv')).toThrow('f.csv:1: b: expected a column "b"');
  });

  it('handles CRLF line endings', () => {
    expect(parseCsv('a,b\r\n1,2\r\n', 'w.csv').records[0]?.values).toEqual({ a: '1', b: '2' });
  });
});

describe('JSONL', () => {
  it('round-trips and skips blank lines', () => {
    const values = [{ a: 1 }, [2], 'three'];
    expect(parseJsonl(`${toJsonl(values)}\n\n`)).toEqual(values);
  });

  it('gives every value its real line, blank lines counted', () => {
    const text = '{"a":1}\n\n\n{"a":2}\n';
    expect(parseJsonlLines(text)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, value: { a: 2 } },
    ]);
  });

  it('names the line of invalid JSON', () => {
    expect(() => parseJsonl('{"a":1}\n{oops}\n', 'in.jsonl')).toThrow(/^in\.jsonl:2: expected a JSON value/);
  });
});
