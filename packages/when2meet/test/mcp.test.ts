import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from 'kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  bestTimesOperation,
  createEventOperation,
  fillAvailabilityOperation,
  type Operation,
  readEventOperation,
} from '../src/operations/index.ts';
import { When2MeetEmulator } from './emulator.ts';

const packageVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

// `when2meet mcp` spawned as an MCP client starts it (the real bin, stdio), driven by the SDK's
// own Client against the emulator on 127.0.0.1.
let emulator: When2MeetEmulator;
let client: Client;
let stderr = '';

beforeAll(async () => {
  emulator = await new When2MeetEmulator().start();
  const env = { ...process.env } as Record<string, string>;
  delete env.WHEN2MEET_BASE_URL;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      'packages/when2meet/bin/when2meet.js',
      '--base-url',
      emulator.baseUrl,
      '--retries',
      '0',
      'mcp',
      '--default-name',
      'Ada',
      '--default-timezone',
      'America/Los_Angeles',
    ],
    cwd: repoRoot(),
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: 'when2meet-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await emulator.stop();
});

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** A successful call's structured content, typed as the operation's output. */
async function ok<Result>(operation: Operation<z.ZodObject, Result>, args: Record<string, unknown>) {
  const result = await call(operation.name, args);
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  // Structured content, and the same as JSON text for clients that only read text.
  expect(JSON.parse(result.content[0]!.text!)).toEqual(result.structuredContent);
  return operation.output.parse(result.structuredContent);
}

function oneLineError(result: ToolResult): string {
  expect(result.isError).toBe(true);
  expect(result.content).toHaveLength(1);
  const text = result.content[0]!.text!;
  expect(text.split('\n')).toHaveLength(1);
  return text;
}

const posts = () => emulator.requests.filter((r) => r.method === 'POST').length;
const unix = (iso: string) => Date.parse(iso) / 1000;

describe('when2meet mcp, through the MCP SDK client over stdio', () => {
  let url: string;

  it('lists the four tools with zod-made input and output schemas', async () => {
    expect(client.getServerVersion()).toEqual({ name: 'when2meet', version: packageVersion });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'when2meet_create_event',
      'when2meet_read_event',
      'when2meet_best_times',
      'when2meet_fill_availability',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.description!.length).toBeGreaterThan(40);
    }
    const fill = tools.find((tool) => tool.name === 'when2meet_fill_availability')!;
    expect(fill.inputSchema.properties).toMatchObject({ dryRun: { type: 'boolean', default: true } });
    expect(fill.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tools.find((tool) => tool.name === 'when2meet_read_event')!.annotations?.readOnlyHint).toBe(true);
  });

  it('creates an event on the emulator in the default time zone', async () => {
    const created = await ok(createEventOperation, {
      name: 'MCP sync',
      dates: ['2026-12-01', '2026-12-02'],
      from: '09:00',
      to: '12:00',
    });
    url = created.url;
    expect(url).toMatch(new RegExp(`^${emulator.baseUrl}/\\?\\d+-\\w+$`));
    const stored = emulator.events.get(created.id)!;
    expect(stored).toMatchObject({ name: 'MCP sync', timezone: 'America/Los_Angeles' });
    expect(stored.slots).toHaveLength(24);
  });

  it('fill is a dry run by default: the full request comes back and nothing is posted', async () => {
    const before = posts();
    const plan = await ok(fillAvailabilityOperation, { url, free: ['2026-12-01 09:00-10:30'] });
    expect(posts()).toBe(before);
    expect(plan).toMatchObject({ sent: false, person: null, name: 'Ada', slots: 24 });
    expect(plan.free).toEqual(['Tue 2026-12-01 09:00-10:30']);
    expect(plan.request.fields.availability).toBe(`${'1'.repeat(6)}${'0'.repeat(18)}`);
    expect(plan.request.fields.slots!.split(',')).toHaveLength(24);
  });

  it('fill with dryRun false saves for the default name, and read-back shows it', async () => {
    const saved = await ok(fillAvailabilityOperation, {
      url,
      free: ['2026-12-01 09:00-10:30', '2026-12-02 11:00-12:00'],
      password: 'pw',
      dryRun: false,
    });
    expect(saved).toMatchObject({ sent: true, name: 'Ada', request: { fields: { password: '(hidden)' } } });
    expect(typeof saved.person).toBe('number');

    const event = await ok(readEventOperation, { url });
    expect(event).toMatchObject({ name: 'MCP sync', timezone: 'America/Los_Angeles', kind: 'dates' });
    expect(event.people).toEqual([
      {
        id: saved.person,
        name: 'Ada',
        available: [
          ...Array.from({ length: 6 }, (_, i) => unix('2026-12-01T17:00:00Z') + i * 900),
          ...Array.from({ length: 4 }, (_, i) => unix('2026-12-02T19:00:00Z') + i * 900),
        ],
        free: ['Tue 2026-12-01 09:00-10:30', 'Wed 2026-12-02 11:00-12:00'],
      },
    ]);
    const best = await ok(bestTimesOperation, { url, duration: '1h' });
    expect(best.options[0]).toMatchObject({
      label: 'Tue 2026-12-01 09:00-10:30 (start 09:00-09:30)',
      people: [{ name: 'Ada' }],
    });
  });

  it('bad input is a tool error in one line, and nothing is posted', async () => {
    const before = posts();
    expect(oneLineError(await call('when2meet_best_times', { url, duration: '20m' }))).toBe(
      'when2meet_best_times: duration: expected a length in 15-minute steps like 30m, 1h, 1h30m, got "20m"',
    );
    expect(
      oneLineError(await call('when2meet_fill_availability', { url, free: ['2026-12-01 11:00-10:00'] })),
    ).toMatch(/^when2meet_fill_availability: free: expected an end time after the start time/);
    expect(oneLineError(await call('when2meet_read_event', { url, when: 'now' }))).toMatch(
      /input: unknown field "when"/,
    );
    // An event URL from a message cannot send the server to another site.
    expect(oneLineError(await call('when2meet_read_event', { url: 'http://10.0.0.1:8080/?1-abc' }))).toMatch(
      /url: the event is on http:\/\/10\.0\.0\.1:8080 but this server talks to http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(posts()).toBe(before);
    expect(stderr).toBe('');
  });
});
