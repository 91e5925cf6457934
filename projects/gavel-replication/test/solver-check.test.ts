import { mkdtempSync, writeFileSync } from 'node:fs';
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
    wall: [
      {
        name: 'finish-time-fairness-r2.6-s0',
        policy: AWARE,
        x: 2.6,
        seed: 0,
        seconds: 30,
        allocationSeconds: 25,
        buildSeconds: 1,
        lpSeconds: 20,
        simulatedHours: 3500,
        endReason: 'window',
        windowJobsCompleted: 1000,
        avgJctHours: 37.44,
      },
    ],
  };
}

const check: SolverCheckFile = {
  vertex: {
    source: 'test',
    points: [{ policy: AGNOSTIC, x: 2.4, meanHours: 52.02, sdHours: 5.66, n: 3 }],
  },
  gavel: { source: 'test', runs: [{ policy: AWARE, x: 2.6, seed: 0, hours: 36.742, wallSeconds: 1325 }] },
};

describe('the solver check', () => {
  it("sets the vertex answers and Gavel's own runs beside the committed ones", () => {
    expect(solverCheckSummary(check, figure())).toEqual({
      vertex: [{ curve: 'agnostic', x: 2.4, vertex: '52.0 ± 5.7', now: '37.3 ± 3.6', paper: 36 }],
      gavel: [
        { curve: 'aware', x: 2.6, seed: 0, gavel: 36.7, ours: 37.4, pct: 1.9, gavelMinutes: 22, paper: 28 },
      ],
      cost: null,
    });
  });

  it('gives the recorded cost of the HiGHS solver in minutes, beside the calls of the one that answers now', () => {
    const cost = {
      source: 'test',
      highs: { gridWallSeconds: 4196, fig11aWallSeconds: 3249, call: { jobs: 270, ms: 18 } },
      interior: [{ jobs: 283, ms: 4.5 }],
    };
    expect(solverCheckSummary({ ...check, cost }, figure()).cost).toEqual({
      highsGridMinutes: 69.9,
      highsFig11aMinutes: 54.1,
      highsCall: { jobs: 270, ms: 18 },
      interiorCalls: [{ jobs: 283, ms: 4.5 }],
    });
  });

  it('names the entry whose policy or rate Figure 11a does not have, and a run that is missing', () => {
    const wrongPolicy = {
      ...check,
      vertex: { source: 'test', points: [{ ...check.vertex.points[0]!, policy: 'fifo' }] },
    };
    expect(() => solverCheckSummary(wrongPolicy, figure())).toThrow(
      'solver-check.json: vertex.points.0: expected a policy of fig11a (finish-time-fairness or finish-time-fairness-agnostic), got "fifo"',
    );
    const gavelPolicy = {
      ...check,
      gavel: { source: 'test', runs: [{ ...check.gavel.runs[0]!, policy: 'fifo' }] },
    };
    expect(() => solverCheckSummary(gavelPolicy, figure())).toThrow(
      'gavel.runs.0: expected a policy of fig11a',
    );
    const wrongRate = { ...check, gavel: { source: 'test', runs: [{ ...check.gavel.runs[0]!, x: 2.7 }] } };
    expect(() => solverCheckSummary(wrongRate, figure())).toThrow(
      'gavel.runs.0: expected a rate of fig11a, got 2.7',
    );
    const otherSeed = { ...check, gavel: { source: 'test', runs: [{ ...check.gavel.runs[0]!, seed: 1 }] } };
    expect(() => solverCheckSummary(otherSeed, figure())).toThrow(
      'solver-check.json: gavel.runs.0: expected a finished run of fig11a for finish-time-fairness at 2.6 jobs/h, seed 1',
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
