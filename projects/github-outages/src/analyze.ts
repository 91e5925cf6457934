import { join } from 'node:path';
import { writeAnalysis } from 'charts';
import { type Logger, silentLogger } from 'kit';
import { readEvents } from './events.ts';
import { outagesFrom, readRecords } from './load.ts';
import { chartSpecs } from './specs.ts';
import { type Summary, summarize } from './summarize.ts';

export interface AnalyzeOptions {
  input: string;
  events: string;
  summaryFile: string;
  chartsDir: string;
  /** The day the data runs to; defaults to the newest incident's day. */
  coverageEnd?: string;
  logger?: Logger;
}

/** incidents.jsonl + events.csv -> summary.json + charts (SVG and PNG, light and dark). */
export async function analyze(options: AnalyzeOptions): Promise<{ summary: Summary; files: string[] }> {
  const logger = options.logger ?? silentLogger;
  const records = await readRecords(options.input);
  const { outages, maintenance } = outagesFrom(records);
  if (outages.length === 0)
    throw new Error(`no incidents in ${options.input}: expected a scraped incidents.jsonl`);
  const newest = outages
    .map((o) => o.created)
    .sort()
    .at(-1)!;
  const summary = summarize({
    outages,
    maintenance,
    events: await readEvents(options.events),
    coverageEnd: options.coverageEnd ?? newest.slice(0, 10),
  });
  const files = await writeAnalysis({
    summary,
    summaryFile: options.summaryFile,
    chartsDir: options.chartsDir,
    specs: chartSpecs(summary),
    logger,
  });
  logger.record('ANALYZE', { incidents: summary.incidents_total, charts: files.length - 1 });
  return { summary, files };
}

export function defaultPaths(root: string): Omit<AnalyzeOptions, 'logger'> {
  return {
    input: join(root, 'data', 'incidents.jsonl'),
    events: join(root, 'data', 'events.csv'),
    summaryFile: join(root, 'data', 'summary.json'),
    chartsDir: join(root, 'charts'),
  };
}
