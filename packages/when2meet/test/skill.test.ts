import { readdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentConfigSchema } from '../src/agent/config.ts';
import { buildProgram } from '../src/cli/program.ts';
import plugin from '../src/openclaw.ts';
import { operations } from '../src/operations/index.ts';

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
  categories: z.array(z.literal('scheduling')).length(1),
  skills: z.array(z.string().min(1)).min(1),
  contracts: z.strictObject({ tools: z.array(z.string().regex(/^when2meet_[a-z_]+$/)) }),
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
  const skill = read('skills/when2meet/SKILL.md');
  const cliGuide = read('skills/when2meet/cli.md');
  const packageJson = JSON.parse(read('package.json'));

  it('the manifest is valid, its skill directory is named after the skill, its id matches the entry', () => {
    const parsed = manifestSchema.parse(manifest);
    expect(parsed.skills).toEqual(['skills']);
    expect(readdirSync(new URL('skills/', root))).toEqual(['when2meet']);
    expect(parsed.id).toBe(plugin.id);
    expect(parsed.version).toBe(packageJson.version);
    expect(() => manifestSchema.parse({ ...manifest, configSchema: { type: 'object' } })).toThrow();
  });

  it('the manifest config schema is the one the tools validate with, patterns and all', () => {
    const generated = z.toJSONSchema(agentConfigSchema, { target: 'draft-07', io: 'input' }) as Record<
      string,
      unknown
    >;
    delete generated.$schema;
    expect(manifest.configSchema).toEqual(generated);
    const baseUrl = new RegExp(manifest.configSchema.properties.baseUrl.pattern);
    expect(['https://www.when2meet.com', 'http://127.0.0.1:8123'].every((u) => baseUrl.test(u))).toBe(true);
    expect(['not a url', 'ftp://when2meet.com', 'www.when2meet.com'].some((u) => baseUrl.test(u))).toBe(
      false,
    );
    expect(manifest.configSchema.properties.baseUrl.format).toBeUndefined();
  });

  it('the manifest declares exactly the tools register() registers, and package.json pairs a built entry', () => {
    const registered: string[][] = [];
    plugin.register({
      pluginConfig: { defaultName: 'Ada' },
      registerTool: (factory, options) => {
        registered.push(
          options.names,
          factory({}).map((tool) => tool.name),
        );
      },
    });
    const names = operations.map((operation) => operation.name);
    expect(registered).toEqual([names, names]);
    expect(manifest.contracts.tools).toEqual(names);
    expect(() => plugin.register({ pluginConfig: { baseUrl: 'ftp://x' }, registerTool: () => {} })).toThrow(
      /plugins\.entries\.when2meet\.config\.baseUrl: expected an http\(s\) URL/,
    );
    const { extensions, runtimeExtensions, compat, build } = packageJson.openclaw;
    expect(extensions).toEqual(['./src/openclaw.ts']);
    expect(runtimeExtensions).toEqual(['./dist/openclaw.js']);
    expect(read(extensions[0])).toContain('export default plugin');
    expect(compat.pluginApi).toMatch(/^>=\d{4}\.\d+\.\d+$/);
    expect(build.openclawVersion).toBe(compat.pluginApi.slice(2));
    // No peerDependencies.openclaw: the entry imports nothing from openclaw, so there is nothing to link.
    expect(packageJson.peerDependencies).toBeUndefined();
  });

  it('the skill has a name and a description saying when to use it, and names every tool and its fields', () => {
    const meta = frontmatter(skill);
    expect(meta.name).toBe('when2meet');
    for (const phrase of ['schedule a meeting', 'create a when2meet', 'availability from their calendar']) {
      expect(meta.description).toContain(phrase);
    }
    const fields = new Set(operations.flatMap((operation) => Object.keys(operation.input.shape)));
    for (const operation of operations) expect(skill).toContain(`\`${operation.name}\``);
    for (const [, field] of skill.matchAll(/`([a-z][A-Za-z]+)`(?=[ :,.)])/g)) {
      if (field!.startsWith('when2meet') || ['true', 'false', 'null'].includes(field!)) continue;
      const known =
        fields.has(field!) || ['label', 'people', 'span', 'free', 'available', 'url'].includes(field!);
      expect(known, `the skill names an unknown field: ${field}`).toBe(true);
    }
    expect(skill).not.toMatch(/^when2meet /m);
  });

  it('every command and option the CLI guide mentions exists in the CLI', () => {
    const program = buildProgram();
    const globals = optionsOf(program);
    const commands = new Map(program.commands.map((c) => [c.name(), c]));
    const invocations = cliGuide.split('\n').filter((line) => line.startsWith('when2meet '));
    expect(invocations.length).toBeGreaterThanOrEqual(9);
    const used = new Set<string>();
    for (const line of invocations) {
      const name = line.split(/\s+/)[1]!;
      const command = commands.get(name);
      expect(command, `the guide mentions unknown command: ${line}`).toBeDefined();
      used.add(name);
      const known = new Set([...optionsOf(command!), ...globals]);
      for (const flag of line.match(/(?<=\s)--?[a-z][a-z-]*/g) ?? []) {
        expect(known.has(flag), `unknown option ${flag} in: ${line}`).toBe(true);
      }
    }
    expect([...used].sort()).toEqual([...commands.keys()].sort());
    for (const flag of cliGuide.match(/`(--[a-z-]+)/g) ?? []) {
      const option = flag.slice(1);
      const everywhere = [...globals, ...[...commands.values()].flatMap((c) => [...optionsOf(c)])];
      expect(everywhere, `unknown option ${option} in the prose`).toContain(option);
    }
  });
});
