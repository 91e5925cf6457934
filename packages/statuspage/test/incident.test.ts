import { readFileSync } from 'node:fs';
import { sharedPath } from 'kit';
import { describeUnless, sharedMissing } from 'kit/testing';
import { describe, expect, it } from 'vitest';
import {
  componentNames,
  incidentRow,
  isFinal,
  isLegacyImport,
  legacySpan,
  parseIncidentJson,
} from '../src/incident.ts';
import { affectedComponents } from '../src/incident-page.ts';
import { fixtureSource } from './replica/source.ts';

const legacyFile = sharedPath(
  'fixtures',
  'statuspage',
  'githubstatus_api-v2-incident_imported-2012_xhp2kxbvftbx.json',
);
const modernFile = sharedPath(
  'fixtures',
  'statuspage',
  'githubstatus_api-v2-incident_2023_zjchv3zvfg50.json',
);

describeUnless(sharedMissing('fixtures', 'statuspage'), 'GitHub incident JSON (shared fixtures)', () => {
  it('flags the 2012 import and reads its span from the body', () => {
    const record = parseIncidentJson(readFileSync(legacyFile!, 'utf8'), legacyFile!);
    expect(isLegacyImport(record.incident)).toBe(true);
    expect(legacySpan(record.incident)).toEqual({
      start: '2012-12-04T21:45:00.000Z',
      end: '2012-12-04T22:59:00.000Z',
    });
    expect(incidentRow(record)).toMatchObject({
      legacy: true,
      duration_minutes: 74,
      duration_source: 'body',
    });
  });

  it('reads a modern incident as it is', () => {
    const record = parseIncidentJson(readFileSync(modernFile!, 'utf8'), modernFile!);
    expect(isLegacyImport(record.incident)).toBe(false);
    const row = incidentRow(record);
    expect(row).toMatchObject({ legacy: false, impact: 'major', updates: 20, duration_source: 'api' });
    // 2023-09-19T20:57:46.617Z to 2023-09-20T04:28:09.047Z
    expect(row.duration_minutes).toBe(
      Math.round((Date.parse('2023-09-20T04:28:09.047Z') - Date.parse('2023-09-19T20:57:46.617Z')) / 60000),
    );
    expect(row.components).toBe('API Requests; Git Operations; Issues');
  });
});

describe('incident parsing on our own fixtures', () => {
  const { records } = fixtureSource();

  it('finds exactly the one bulk import among the made-up incidents', () => {
    expect(
      records.filter((record) => isLegacyImport(record.incident)).map((record) => record.incident.id),
    ).toEqual(['legacy0000001']);
  });

  it('treats unresolved incidents as not final', () => {
    const open = records.filter((record) => !isFinal(record.incident));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((record) => record.incident.resolved_at === null)).toBe(true);
  });

  it('falls back to the affected components of the updates', () => {
    const incident = structuredClone(records[1]!.incident);
    const expected = incident.components!.map((component) => component.name);
    incident.components = [];
    expect(componentNames(incident)).toEqual(expected);
  });

  it('gives no span when the body has fewer than two stamps', () => {
    const incident = structuredClone(records[0]!.incident);
    incident.incident_updates[0]!.body = '<ul><li><strong>2024-10-02 21:45:00</strong> - only one</li></ul>';
    expect(legacySpan(incident)).toBeUndefined();
    expect(incidentRow({ incident })).toMatchObject({ duration_minutes: null, duration_source: 'unknown' });
  });
});

describe('bad input', () => {
  it('names the URL for text that is not JSON', () => {
    expect(() => parseIncidentJson('<html>', 'http://x/api/v2/incidents/a.json')).toThrow(
      'http://x/api/v2/incidents/a.json: expected incident JSON, got "<html>"',
    );
  });

  it('names the missing field', () => {
    expect(() => parseIncidentJson('{"incident":{"id":"a","name":"n","status":"resolved"}}', 'u')).toThrow(
      /^u: incident\.impact: /,
    );
  });
});

describe('affected components line', () => {
  it('splits lists with commas and a final "and"', () => {
    expect(affectedComponents('This incident affected: Git Operations, API Requests and Issues.')).toEqual([
      'Git Operations',
      'API Requests',
      'Issues',
    ]);
    expect(affectedComponents('This incident affected: File uploads.')).toEqual(['File uploads']);
    expect(affectedComponents('')).toEqual([]);
  });
});
