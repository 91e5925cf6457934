import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildProgram } from '../src/cli/program.ts';
import plugin from '../src/openclaw.ts';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

// The parts of the OpenClaw native manifest this plugin relies on.
const jsonSchemaObject = z.object({
  type: z.literal('object'),
  additionalProperties: z.literal(false),
  properties: z.record(
    z.string(),
    z.object({ type: z.enum(['string', 'number', 'boolean']), description: z.string().min(1) }).loose(),
  ),
});
const manifestSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  description: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  skills: z.array(z.string().min(1)).min(1),
  configSchema: jsonSchemaObject,
  uiHints: z
    .record(z.string(), z.object({ label: z.string(), placeholder: z.string().optional() }))
    .optional(),
});

function frontmatter(markdown: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) return {};
  return Object.fromEntries(
    match[1]!.split('\n').map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }),
  );
}

function optionsOf(command: Command): Set<string> {
  return new Set(
    command.options.flatMap((option) => [option.long, option.short].filter((f): f is string => Boolean(f))),
  );
}

describe('agent skill and OpenClaw manifest', () => {
  const manifest = JSON.parse(read('openclaw.plugin.json'));
  const skill = read('skill/SKILL.md');
  const packageJson = JSON.parse(read('package.json'));

  it('the manifest is valid, its skills exist and its id matches the entry', () => {
    const parsed = manifestSchema.parse(manifest);
    for (const dir of parsed.skills) expect(read(`${dir}/SKILL.md`).length).toBeGreaterThan(0);
    expect(parsed.id).toBe(plugin.id);
    expect(Object.keys(parsed.configSchema.properties)).toEqual(
      expect.arrayContaining(['defaultName', 'defaultTimezone']),
    );
    expect(parsed.version).toBe(packageJson.version);
    expect(() => manifestSchema.parse({ ...manifest, configSchema: { type: 'object' } })).toThrow();
  });

  it('package.json points OpenClaw at an entry that exists', () => {
    expect(packageJson.openclaw.extensions).toHaveLength(1);
    expect(read(packageJson.openclaw.extensions[0])).toContain('export default plugin');
  });

  it('the skill has a name and a description saying when to use it', () => {
    const meta = frontmatter(skill);
    expect(meta.name).toBe('when2meet');
    for (const phrase of ['schedule a meeting', 'create a when2meet', 'availability from their calendar']) {
      expect(meta.description).toContain(phrase);
    }
  });

  it('every command and option the skill mentions exists in the CLI', () => {
    const program = buildProgram();
    const globals = optionsOf(program);
    const commands = new Map(program.commands.map((c) => [c.name(), c]));
    const invocations = skill.split('\n').filter((line) => line.startsWith('when2meet '));
    expect(invocations.length).toBeGreaterThanOrEqual(8);
    const used = new Set<string>();
    for (const line of invocations) {
      const name = line.split(/\s+/)[1]!;
      const command = commands.get(name);
      expect(command, `skill mentions unknown command: ${line}`).toBeDefined();
      used.add(name);
      const known = new Set([...optionsOf(command!), ...globals]);
      for (const flag of line.match(/(?<=\s)--?[a-z][a-z-]*/g) ?? []) {
        expect(known.has(flag), `unknown option ${flag} in: ${line}`).toBe(true);
      }
    }
    expect([...used].sort()).toEqual([...commands.keys()].sort());
    // Options named in the prose too.
    for (const flag of skill.match(/`(--[a-z-]+)/g) ?? []) {
      const option = flag.slice(1);
      const everywhere = [...globals, ...[...commands.values()].flatMap((c) => [...optionsOf(c)])];
      expect(everywhere, `unknown option ${option} in the prose`).toContain(option);
    }
  });
});
