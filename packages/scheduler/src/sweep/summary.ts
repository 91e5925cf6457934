import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CsvValue, toCsv, writeFileAtomic } from 'kit';
import type { SweepPlan } from './plan.ts';
import { readStatus, runDir } from './status.ts';

/**
 * One row per planned run: index, name, state, the run's label on every axis, why it ended, every
 * scalar metric of its summary.json (nested ones as `parent.child`), and the error of a failed run.
 * Nothing in it depends on where or how fast a run went, so backends can be compared row for row.
 */
export async function combineSummary(plan: SweepPlan, outDir: string): Promise<string> {
  const rows: Record<string, CsvValue>[] = [];
  const metricColumns: string[] = [];
  for (const run of plan.runs) {
    const status = await readStatus(outDir, run.name);
    const fresh = status && status.configHash === run.configHash;
    const row: Record<string, CsvValue> = {
      index: run.index,
      name: run.name,
      state: fresh ? status.state : 'pending',
    };
    for (const axis of plan.axes) row[axis] = run.labels[axis];
    if (fresh && status.state === 'done') {
      const summary = await readSummary(outDir, run.name);
      row.end_reason = summaryEndReason(summary);
      for (const [column, value] of flattenMetrics(summary?.metrics)) {
        if (!metricColumns.includes(column)) metricColumns.push(column);
        row[column] = value;
      }
    }
    if (fresh && status.state === 'failed') row.error = status.error;
    rows.push(row);
  }
  const columns = ['index', 'name', 'state', ...plan.axes, 'end_reason', ...metricColumns, 'error'];
  const text = toCsv(rows, columns);
  await writeFileAtomic(join(outDir, 'summary.csv'), text);
  return text;
}

interface RunSummaryFile {
  metrics?: unknown;
  endReason?: unknown;
  end_reason?: unknown;
}

async function readSummary(outDir: string, name: string): Promise<RunSummaryFile | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir(outDir, name), 'summary.json'), 'utf8')) as RunSummaryFile;
  } catch {
    return undefined;
  }
}

function summaryEndReason(summary: RunSummaryFile | undefined): CsvValue {
  const reason = summary?.endReason ?? summary?.end_reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** Scalar leaves of the metrics object in their order; arrays (per-round series) are left out. */
export function flattenMetrics(metrics: unknown, prefix = ''): [string, CsvValue][] {
  if (!metrics || typeof metrics !== 'object' || Array.isArray(metrics)) return [];
  const out: [string, CsvValue][] = [];
  for (const [key, value] of Object.entries(metrics as Record<string, unknown>)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (
      typeof value === 'number' ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      value === null
    ) {
      out.push([column, value]);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out.push(...flattenMetrics(value, column));
    }
  }
  return out;
}
