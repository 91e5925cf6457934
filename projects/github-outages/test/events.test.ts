import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEvents } from '../src/events.ts';
import { DATA } from './helpers.ts';

const dir = await mkdtemp(join(tmpdir(), 'events-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('events table', () => {
  it('holds the launches and milestones the issue names, each with a source', async () => {
    const events = await readEvents(join(DATA, 'events.csv'));
    expect(events.map((e) => [e.date.slice(0, 7), e.kind])).toEqual([
      ['2019-11', 'launch'],
      ['2021-08', 'launch'],
      ['2022-06', 'launch'],
      ['2025-10', 'azure'],
      ['2026-01', 'azure'],
      ['2026-04', 'method'],
    ]);
  });

  it('rejects a bad date with file and line', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'date,kind,label,source\n2019-11-13,launch,A,s\nNov 2019,launch,B,s\n');
    await expect(readEvents(file)).rejects.toThrow(`${file}:3: date: expected YYYY-MM-DD, got "Nov 2019"`);
  });

  it('rejects an unknown kind and a missing column', async () => {
    const file = join(dir, 'kind.csv');
    await writeFile(file, 'date,kind,label,source\n2019-11-13,rumour,A,s\n');
    await expect(readEvents(file)).rejects.toThrow(/:2: kind: expected launch, azure or method/);
    await writeFile(file, 'date,kind,label\n2019-11-13,launch,A\n');
    await expect(readEvents(file)).rejects.toThrow(/column "source"/);
  });
});
