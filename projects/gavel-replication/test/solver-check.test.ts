import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FigureData } from '../src/load.ts';
import { readSolverCheck, type SolverCheckFile, solverCheckSummary } from '../src/solver-check.ts';
import { figureSetup, point } from './helpers/point.ts';

const AWARE = 'finish-time-fairness';
const AGNOSTIC = 'finish-time-fairness-agnostic';

function figure(): FigureData {
  return {
    name: 'fig11a',
    limit: 100,
    deadline: 5000,
    seeds: 3,
    runs: 4,
    setup: figureSetup([2.4, 2.6]),
    ours: {
      [AWARE]: [point(2.4, 25.3), point(2.6, 33.6, { sd: 3.6 })],
      [AGNOSTIC]: [point(2.4, 37.3, { sd: 3.6 }), point(2.6, 48.1, { sd: 6.7 })],
    },
    paper: {
      [AWARE]: [
        { x: 2.4, y: 22 },
        { x: 2.6, y: 28 },
      ],
      [AGNOSTIC]: [
        { x: 2.4, y: 36 },
        { x: 2.6, y: 62 },
      ],
    },
    wall: [],
  };
}

const check: SolverCheckFile = {
  vertex: {
    source: 'test',
    points: [{ policy: AGNOSTIC, x: 2.4, meanHours: 52.02, sdHours: 5.66, n: 3 }],
  },
  gavel: { source: 'test', runs: [{ policy: AWARE, x: 2.6, seed: 0, hours: 36.742, wallSeconds: 1325 }] },
};

/** A results folder holding one run's summary.json with this window average (hours). */
function resultsWith(run: string, hours: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'solver-check-'));
  mkdirSync(join(dir, run));
  writeFileSync(join(dir, run, 'summary.json'), JSON.stringify({ metrics: { avgJct: hours * 3600 } }));
  return dir;
}

describe('the solver check', () => {
  it("sets the vertex answers and Gavel's own runs beside the committed ones", () => {
    const dir = resultsWith('finish-time-fairness-r2.6-s0', 37.44);
    expect(solverCheckSummary(check, figure(), dir)).toEqual({
      vertex: [{ curve: 'agnostic', x: 2.4, vertex: '52.0 ± 5.7', now: '37.3 ± 3.6', paper: 36 }],
      gavel: [
        { curve: 'aware', x: 2.6, seed: 0, gavel: 36.7, ours: 37.4, pct: 1.9, gavelMinutes: 22, paper: 28 },
      ],
      cost: null,
    });
  });

  it('gives the recorded cost of the HiGHS solver in minutes, beside the calls of the one that answers now', () => {
    const dir = resultsWith('finish-time-fairness-r2.6-s0', 37.44);
    const cost = {
      source: 'test',
      highs: { gridWallSeconds: 4196, fig11aWallSeconds: 3249, call: { jobs: 270, ms: 18 } },
      interior: [{ jobs: 283, ms: 4.5 }],
    };
    expect(solverCheckSummary({ ...check, cost }, figure(), dir).cost).toEqual({
      highsGridMinutes: 69.9,
      highsFig11aMinutes: 54.1,
      highsCall: { jobs: 270, ms: 18 },
      interiorCalls: [{ jobs: 283, ms: 4.5 }],
    });
  });

  it('names the entry whose policy or rate Figure 11a does not have, and a run that is missing', () => {
    const dir = resultsWith('finish-time-fairness-r2.6-s0', 37.44);
    const wrongPolicy = {
      ...check,
      vertex: { source: 'test', points: [{ ...check.vertex.points[0]!, policy: 'fifo' }] },
    };
    expect(() => solverCheckSummary(wrongPolicy, figure(), dir)).toThrow(
      'solver-check.json: vertex.points.0: expected a policy of fig11a (finish-time-fairness or finish-time-fairness-agnostic), got "fifo"',
    );
    const gavelPolicy = {
      ...check,
      gavel: { source: 'test', runs: [{ ...check.gavel.runs[0]!, policy: 'fifo' }] },
    };
    expect(() => solverCheckSummary(gavelPolicy, figure(), dir)).toThrow(
      'gavel.runs.0: expected a policy of fig11a',
    );
    const wrongRate = { ...check, gavel: { source: 'test', runs: [{ ...check.gavel.runs[0]!, x: 2.7 }] } };
    expect(() => solverCheckSummary(wrongRate, figure(), dir)).toThrow(
      'gavel.runs.0: expected a rate of fig11a, got 2.7',
    );
    const otherSeed = { ...check, gavel: { source: 'test', runs: [{ ...check.gavel.runs[0]!, seed: 1 }] } };
    expect(() => solverCheckSummary(otherSeed, figure(), dir)).toThrow(
      /finish-time-fairness-r2\.6-s1\/summary\.json: gavel\.runs\.0: expected the run Gavel is compared with/,
    );
  });

  it('reads the file, or says in one line which field is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'solver-check-file-'));
    const file = join(dir, 'solver-check.json');
    expect(readSolverCheck(file)).toBeUndefined();
    writeFileSync(file, JSON.stringify(check));
    expect(readSolverCheck(file)).toEqual(check);
    writeFileSync(
      file,
      JSON.stringify({ ...check, gavel: { source: 'x', runs: [{ ...check.gavel.runs[0], hours: -1 }] } }),
    );
    expect(() => readSolverCheck(file)).toThrow(new RegExp(`^${file}: gavel\\.runs\\.0\\.hours: .*>0`));
    writeFileSync(
      file,
      JSON.stringify({
        ...check,
        cost: {
          source: 'x',
          highs: { gridWallSeconds: 1, fig11aWallSeconds: 1, call: { jobs: 1, ms: 1 } },
          interior: [],
        },
      }),
    );
    expect(() => readSolverCheck(file)).toThrow(new RegExp(`^${file}: cost\\.interior: `));
    writeFileSync(file, '{"vertex":');
    expect(() => readSolverCheck(file)).toThrow(`${file}: expected JSON`);
  });
});
