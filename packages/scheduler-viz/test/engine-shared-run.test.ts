import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from 'scheduler';
import { decodeRunData, runFileFromData } from 'scheduler/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobPalette } from '../src/colors.ts';
import { deriveRun } from '../src/derive.ts';
import { layoutGrid, paintGrid, paintShares } from '../src/grid.ts';
import { QueueScanner } from '../src/queue.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'viz-shared-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a GPU-sharing run from the round engine, as the viewer loads it', () => {
  it('shows both quarter-GPU pods on their one GPU and neither of them waiting', async () => {
    const cluster = join(dir, 'nodes.csv');
    const podList = join(dir, 'pods.csv');
    await writeFile(cluster, 'sn,cpu_milli,memory_mib,gpu,model\nn0,16000,65536,2,T4\n');
    await writeFile(
      podList,
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,creation_time,deletion_time,scheduled_time\n' +
        'a,2000,4096,1,250,,0,1000,0\nb,2000,4096,1,250,,0,1000,0\nc,2000,4096,1,1000,,0,1000,0\n',
    );
    const result = await runSimulation({ cluster, podList, roundDuration: 360 });
    // As the decode worker does it, then across postMessage (a structured clone).
    const data = decodeRunData(result.runFile, { source: 'run.gpuviz' });
    const derived = structuredClone(deriveRun(data));
    const file = runFileFromData(structuredClone(data));

    const shares = file.sharesAt(0);
    expect([...shares.gpus]).toHaveLength(1);
    const gpu = shares.gpus[0]!;
    expect([...shares.owner].sort()).toEqual([0, 1]);
    expect([...shares.milli]).toEqual([250, 250]);
    const owners = file.ownersAt(0);
    // The whole-GPU pod has the other GPU to itself.
    expect(owners[1 - gpu]).toBe(2);

    const scanner = new QueueScanner(file.jobs.id.length);
    expect(scanner.waiting(file, derived, owners, 0, 10, shares).count).toBe(0);
    // ALOC alone names one holder of the shared GPU: without FRAC the other would look queued.
    expect(scanner.waiting(file, derived, owners, 0, 10).count).toBe(1);

    const layout = layoutGrid(file, 200, 13);
    const palette = jobPalette(file.jobs.id, file.jobTypeIndex, false);
    const pixels = new Uint32Array(layout.width * layout.height);
    const idle = 0xff00ff00;
    paintGrid(layout, pixels, owners, palette, idle, -1);
    paintShares(layout, pixels, shares, palette, idle, -1);
    const row = Array.from(
      { length: 12 },
      (_, dx) => pixels[(layout.gpuY[gpu]! + 5) * layout.width + layout.gpuX[gpu]! + dx],
    );
    // In a 12-pixel cell: two quarter stripes, half the cell idle.
    expect(row).toEqual([
      ...Array(3).fill(palette.normal[shares.owner[0]!]),
      ...Array(3).fill(palette.normal[shares.owner[1]!]),
      ...Array(6).fill(idle),
    ]);
  });
});
