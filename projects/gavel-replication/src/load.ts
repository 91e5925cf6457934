import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aggregateResults, readManifest, readSweepResults } from 'scheduler';
import type { CurveSet } from 'scheduler/results';
import type { Level } from './shape.ts';

/** One rate of one of our curves, in hours. */
export interface OurPoint {
  x: number;
  /** Over the runs that measured their window. */
  mean: number | null;
  sd: number | null;
  n: number;
  /** Runs planned at this rate. */
  total: number;
  /** Runs ended as jct-cutoff: their window average is certain to exceed `limit`. */
  cutOff: number;
  /** Runs ended as window-deadline: unfinished `deadline` hours after the window's last arrival. */
  pastDeadline: number;
  /** Runs left out for any other reason (failed, pending, saturated), by reason. */
  missing: Record<string, number>;
  /**
   * What the runs say of the true mean: the mean when every run measured its window; with cut-off
   * runs counted at the limit and runs past the deadline at their recorded lower bound, a lower
   * bound; null when a run is missing for another reason.
   */
  level: Level;
}

export interface FigureData {
  name: string;
  /** The JCT limit of the cut-off, hours. */
  limit: number;
  /** Simulated hours after the window's last arrival at which an unfinished run ends. */
  deadline: number | undefined;
  seeds: number;
  runs: number;
  /** The settings every run shares, read from the manifest, as the post states them. */
  setup: {
    cluster: string;
    roundSeconds: number;
    resetSeconds: number;
    window: string;
    seeds: number[];
    rates: number[];
  };
  /** Series label (policy) to its points, ascending rate. */
  ours: Record<string, OurPoint[]>;
  /** The paper's digitized curves (hours), by the policy they stand for. */
  paper: Record<string, Level[]>;
  /**
   * Every finished run's wall seconds (on a shared machine), with its policy, rate, end reason, and
   * the seconds its profile puts in the allocation phase, in building the model and in HiGHS itself.
   */
  wall: {
    name: string;
    policy: string;
    x: number;
    seed: number;
    seconds: number;
    allocationSeconds: number;
    /** Building the LP model (allocation_build), inside the allocation phase. */
    buildSeconds: number;
    lpSeconds: number;
    simulatedHours: number;
    endReason: string;
    /** Window jobs finished when the run ended (all of them for a run that measured its window). */
    windowJobsCompleted: number;
    /** The run's average JCT (`metrics.avgJct`), hours; null when it has none. */
    avgJctHours: number | null;
  }[];
}

const HOUR = 3600;
/** End reasons whose runs still bound the point from below. */
const BOUNDED = ['jct-cutoff', 'window-deadline'];

/** A figure's results folder (data/<figure>/) as our curves beside the paper's. */
export async function loadFigure(dir: string): Promise<FigureData> {
  const manifest = await readManifest(dir);
  const table = await readSweepResults(dir, { manifest });
  const one = (key: string) => {
    const values = new Set(manifest.runs.map((run) => run.options[key]));
    if (values.size !== 1)
      throw new Error(`${dir}: expected one ${key} for every run, got ${[...values].join(', ')}`);
    return [...values][0];
  };
  const maxWindowJct = one('maxWindowJct');
  if (typeof maxWindowJct !== 'number')
    throw new Error(`${dir}: expected a maxWindowJct, got ${maxWindowJct}`);
  const limit = maxWindowJct / HOUR;
  const windowDeadline = one('windowDeadline');
  const deadline = windowDeadline === undefined ? undefined : Number(windowDeadline) / HOUR;
  const sorted = (axis: string) =>
    [...new Set(manifest.runs.map((run) => Number(run.labels[axis])))].sort((a, b) => a - b);
  const setup: FigureData['setup'] = {
    cluster: String(one('cluster')),
    roundSeconds: Number(one('roundDuration')),
    resetSeconds: Number(one('minReallocationInterval')),
    window: String(one('window')),
    seeds: sorted('seed'),
    rates: sorted('jobsPerHour'),
  };
  const ours: FigureData['ours'] = {};
  for (const series of aggregateResults(table)) {
    const policy = series.labels.policy!;
    ours[policy] = series.points.map((point) => {
      const summary = point.metrics.avgJct!;
      const cutOff = point.excluded['jct-cutoff'] ?? 0;
      const pastDeadline = point.excluded['window-deadline'] ?? 0;
      const missing = Object.fromEntries(
        Object.entries(point.excluded).filter(([reason]) => !BOUNDED.includes(reason)),
      );
      const total = point.observations.length;
      const mean = summary.mean === null ? null : summary.mean / HOUR;
      let level: Level;
      if (Object.keys(missing).length) level = { x: point.x, y: null };
      else if (cutOff + pastDeadline === 0) level = { x: point.x, y: mean };
      else {
        // Each cut run at what it is certain to reach: the limit, or its own bound at the deadline.
        let bounds = limit * cutOff;
        for (const observation of point.observations)
          if (observation.excluded === 'window-deadline')
            bounds += (observation.values.windowJctLowerBound ?? 0) / HOUR;
        level = { x: point.x, y: ((mean ?? 0) * point.n + bounds) / total, atLeast: true };
      }
      return {
        x: point.x,
        mean,
        sd: summary.std === null ? null : summary.std / HOUR,
        n: point.n,
        total,
        cutOff,
        pastDeadline,
        missing,
        level,
      };
    });
  }
  const reference: CurveSet | undefined = table.reference?.[0];
  const paper: FigureData['paper'] = {};
  for (const curve of reference?.curves ?? []) {
    const policy = curve.series?.policy;
    if (policy) paper[policy] = curve.x.map((x, i) => ({ x, y: curve.y[i] ?? null }));
  }
  const wall: FigureData['wall'] = [];
  for (const run of manifest.runs) {
    try {
      const summary = JSON.parse(await readFile(join(dir, run.name, 'summary.json'), 'utf8'));
      const phase = (name: string) =>
        (summary.profile.phases as { name: string; seconds: number }[]).find((p) => p.name === name)
          ?.seconds ?? 0;
      wall.push({
        name: run.name,
        policy: run.labels.policy!,
        x: Number(run.labels.jobsPerHour),
        seed: Number(run.labels.seed),
        seconds: summary.profile.wallSeconds,
        allocationSeconds: phase('allocation'),
        buildSeconds: phase('allocation_build'),
        lpSeconds: phase('lp_solve'),
        simulatedHours: summary.simulatedSeconds / HOUR,
        endReason: summary.endReason,
        windowJobsCompleted: summary.metrics.windowJobsCompleted,
        avgJctHours: typeof summary.metrics.avgJct === 'number' ? summary.metrics.avgJct / HOUR : null,
      });
    } catch {
      // A run without a summary is reported through its point's `missing`.
    }
  }
  return {
    name: manifest.name,
    limit,
    deadline,
    seeds: setup.seeds.length,
    runs: manifest.runs.length,
    setup,
    ours,
    paper,
    wall,
  };
}
