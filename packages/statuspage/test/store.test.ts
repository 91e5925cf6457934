import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIncidentJson } from '../src/incident.ts';
import { readStore } from '../src/store.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'incidents.jsonl');

async function storeWith(lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'statuspage-store-'));
  await writeFile(join(dir, 'incidents.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe('the JSONL store', () => {
  it('names the real line of a bad record, blank lines counted, in words', async () => {
    const [first, second] = (await readFile(FIXTURE, 'utf8')).split('\n');
    const dir = await storeWith([first!, '', second!, '{"incident":{"id":"x"}}']);
    await expect(readStore(dir)).rejects.toThrow(
      `${join(dir, 'incidents.jsonl')}:4: incident.name: expected a string, got nothing`,
    );
  });

  it('says what was wrong and where, for each kind of bad record', async () => {
    const record = JSON.parse((await readFile(FIXTURE, 'utf8')).split('\n')[0]!) as {
      incident: Record<string, unknown> & { incident_updates: Record<string, unknown>[] };
    };
    const variant = (change: (incident: typeof record.incident) => void) => {
      const copy = structuredClone(record);
      change(copy.incident);
      return JSON.stringify(copy);
    };
    const cases: [string, string][] = [
      ['42', ':1: expected an object, got 42'],
      [variant((i) => (i.id = '')), ':1: incident.id: expected a non-empty string, got an empty string'],
      [
        variant((i) => (i.incident_updates[0]!.status = 7)),
        ':1: incident.incident_updates[0].status: expected a string, got 7',
      ],
      [
        variant((i) => (i.incident_updates = 'none' as never)),
        ':1: incident.incident_updates: expected a list, got "none"',
      ],
    ];
    for (const [line, message] of cases) {
      const dir = await storeWith([line]);
      await expect(readStore(dir), line.slice(0, 40)).rejects.toThrow(
        `${join(dir, 'incidents.jsonl')}${message}`,
      );
    }
  });

  it('reads every stored record by code, and an absent file as empty', async () => {
    const dir = await storeWith((await readFile(FIXTURE, 'utf8')).trim().split('\n').slice(0, 3));
    expect((await readStore(dir)).size).toBe(3);
    expect((await readStore(join(dir, 'absent'))).size).toBe(0);
  });

  it('names the URL and field of a bad incident JSON answer', () => {
    expect(() =>
      parseIncidentJson('{"incident":{"id":"abc","name":5}}', 'https://x.test/api/v2/incidents/abc.json'),
    ).toThrow('https://x.test/api/v2/incidents/abc.json: incident.name: expected a string, got 5');
  });
});
