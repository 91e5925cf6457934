import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { InputError, writeFileAtomic } from 'kit';
import { parseCurveSet } from '../results/parse.ts';
import type { CurveSet } from '../results/types.ts';
import type { SweepPlan, SweepResultsSettings } from './plan.ts';

/**
 * `<results>/sweep.json`: what a results folder holds, written before any run starts, so the
 * folder describes itself (axes, every run's labels and options, how to read it as a figure, and
 * the reference curves themselves, copied in so the folder can move). `gpusim sweep aggregate`
 * and the viewer read it; nothing in it depends on the machine.
 */
export interface SweepManifest {
  format: 'gpusim-sweep/1';
  name: string;
  /**
   * The sweep file, relative to the results folder: what reruns one run (`gpusim sweep task
   * <file> --index <i> --out <folder>`), e.g. to make a run file a folder was kept without.
   */
  sweepFile?: string;
  axes: string[];
  runs: {
    index: number;
    name: string;
    labels: Record<string, string>;
    options: Record<string, unknown>;
    /** A status with another digest belongs to an older configuration of the run. */
    configHash: string;
  }[];
  results: Omit<SweepResultsSettings, 'reference'> & { reference: CurveSet[] };
}

export const MANIFEST_FILE = 'sweep.json';

export async function manifestOf(plan: SweepPlan, outDir?: string): Promise<SweepManifest> {
  const reference: CurveSet[] = [];
  for (const path of plan.results.reference) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new InputError({ file: plan.file, field: 'results.reference' }, `cannot read ${path} (${code})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        { file: path },
        `expected JSON (${error instanceof Error ? error.message : error})`,
      );
    }
    reference.push(parseCurveSet(data, path));
  }
  return {
    format: 'gpusim-sweep/1',
    name: plan.name,
    ...(outDir ? { sweepFile: relative(resolve(outDir), resolve(plan.file)).split(sep).join('/') } : {}),
    axes: plan.axes,
    runs: plan.runs.map((run) => ({
      index: run.index,
      name: run.name,
      labels: run.labels,
      options: withoutPaths(run.options as Record<string, unknown>),
      configHash: run.configHash,
    })),
    results: { ...plan.results, reference },
  };
}

/** Absolute input paths say where the sweep ran, not what it was: keep their file names only. */
function withoutPaths(options: Record<string, unknown>): Record<string, unknown> {
  const out = { ...options };
  for (const key of ['trace', 'podList', 'throughputs', 'cluster']) {
    const value = out[key];
    if (typeof value === 'string' && value.includes('/')) out[key] = value.slice(value.lastIndexOf('/') + 1);
  }
  return out;
}

export async function writeManifest(plan: SweepPlan, outDir: string): Promise<SweepManifest> {
  const manifest = await manifestOf(plan, outDir);
  await writeFileAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** The manifest of a results folder, or an error saying how to get one. */
export async function readManifest(outDir: string): Promise<SweepManifest> {
  const path = join(outDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(
      { file: path },
      'expected the manifest `gpusim sweep run` writes, got no such file (for a results folder from an older gpusim, pass --sweep <file>)',
    );
  }
  const data = JSON.parse(text) as SweepManifest;
  if (data?.format !== 'gpusim-sweep/1')
    throw InputError.expected({ file: path, field: 'format' }, '"gpusim-sweep/1"', data?.format);
  return data;
}
