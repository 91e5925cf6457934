import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cappedRun } from '../src/what-if.ts';

const dir = mkdtempSync(join(tmpdir(), 'gavel-what-if-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const H = 3600;

/** A run of four rounds an hour apart; window jobs 1 and 2 arrive at 0 and 1 h, job 2 never finishes. */
function writeRun(name: string) {
  mkdirSync(join(dir, name));
  writeFileSync(
    join(dir, name, 'profile.csv'),
    'round,wall_ms,policy_ms,lp_jobs,lp_solve_ms\n0,1000,0,0,0\n1,2000,0,0,0\n2,3000,0,0,0\n3,4000,0,0,0\n',
  );
  writeFileSync(
    join(dir, name, 'rounds.csv'),
    `round,time,duration\n0,0,${H}\n1,${H},${H}\n2,${2 * H},${H}\n3,${3 * H},${H}\n`,
  );
  writeFileSync(
    join(dir, name, 'jobs.csv'),
    `id,type,scale_factor,priority_weight,arrival,start,finish,jct,total_steps,isolated_time\n0,A (batch size 1),1,1,0,0,${H},${H},1,1\n1,A (batch size 1),1,1,0,0,${2 * H},${2 * H},1,1\n2,A (batch size 1),1,1,${H},${H},,,1,1\n`,
  );
}

describe("a simulated-time cap, from a run's own files", () => {
  writeRun('r');
  const window = { first: 1, last: 3 };

  it('costs the rounds before the cap and bounds the window average at the cap', () => {
    // Last window arrival at 1 h, cap 1.5 h later at 2.5 h: rounds at 0, 1 and 2 h count.
    const capped = cappedRun(dir, 'r', window, 1.5)!;
    expect(capped).toMatchObject({ seconds: 10, cappedSeconds: 6 });
    // Job 1 finished at 2 h (JCT 2 h), job 2 waited from 1 h to the cap: (2 + 1.5) / 2.
    expect(capped.boundHours).toBeCloseTo(1.75, 12);
  });

  it('changes nothing for a run that ended before the cap, and needs the run files', () => {
    expect(cappedRun(dir, 'r', window, 10)).toEqual({ name: 'r', seconds: 10, cappedSeconds: 10 });
    expect(cappedRun(dir, 'absent', window, 1)).toBeUndefined();
  });
});
