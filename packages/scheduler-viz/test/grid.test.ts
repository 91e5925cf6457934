import { readRunFile, synthesizeRun } from 'scheduler/format';
import { describe, expect, it } from 'vitest';
import { jobPalette } from '../src/colors.ts';
import { layoutGrid, paintGrid, paintShares } from '../src/grid.ts';

const file = readRunFile(synthesizeRun({ preset: 'alibaba', rounds: 3, jobs: 40, seed: 4 }).bytes);

describe('GPU grid', () => {
  it('gives every GPU its own cell, grouped by type and node, and maps each pixel back', () => {
    const layout = layoutGrid(file, 900, 6);
    expect(layout.width).toBeLessThanOrEqual(900);
    const seen = new Set<number>();
    for (let g = 0; g < file.gpuCount; g++) {
      const x = layout.gpuX[g]!;
      const y = layout.gpuY[g]!;
      expect(x + 6).toBeLessThanOrEqual(layout.width);
      expect(layout.hit[(y + 3) * layout.width + x + 3]).toBe(g);
      seen.add(y * layout.width + x);
    }
    expect(seen.size).toBe(file.gpuCount);
    // A node's GPUs sit side by side on one row.
    const first = file.nodeFirstGpu[0]!;
    expect(layout.gpuY[first + 7]).toBe(layout.gpuY[first]);
    expect(layout.gpuX[first + 7]! - layout.gpuX[first]!).toBe(7 * 6);
    // Types come in order, each under its own label.
    expect(layout.labels.map((l) => l.text.split(' ')[0])).toEqual(file.header.gpuTypes);
    const firstT4 = file.gpuType.indexOf(1);
    expect(layout.gpuY[firstT4]!).toBeGreaterThan(layout.gpuY[file.gpuType.indexOf(0)]!);
  });

  it('paints each cell in its owner colour, faded when another job is selected', () => {
    const layout = layoutGrid(file, 900, 6);
    const owners = file.ownersAt(2);
    const palette = jobPalette(file.jobs.id, file.jobTypeIndex, false);
    const pixels = new Uint32Array(layout.width * layout.height);
    const idle = 0xff00ff00;
    const busy = owners.findIndex((j) => j >= 0);
    const job = owners[busy]!;
    paintGrid(layout, pixels, owners, palette, idle, -1);
    const at = (g: number) => pixels[(layout.gpuY[g]! + 2) * layout.width + layout.gpuX[g]! + 2];
    expect(at(busy)).toBe(palette.normal[job]);
    expect(at(owners.indexOf(-1))).toBe(idle);
    const other = owners.findIndex((j) => j >= 0 && j !== job);
    paintGrid(layout, pixels, owners, palette, idle, job);
    expect(at(busy)).toBe(palette.normal[job]);
    expect(at(other)).toBe(palette.faded[owners[other]!]);
    // The 1-pixel gap between cells stays untouched.
    expect(pixels[layout.gpuY[busy]! * layout.width + layout.gpuX[busy]! + 5]).toBe(0);
  });
});

describe('shared GPUs', () => {
  it('paints a shared GPU as sub-cells, one per holder, as wide as its share', async () => {
    const { RunRecorder } = await import('scheduler/format');
    const recorder = new RunRecorder({
      config: { experiment: 'fgd-arrivals' },
      gpuTypes: ['T4'],
      nodes: [{ type: 0, gpus: 2 }],
      metricNames: [],
    });
    recorder.recordRound(
      0,
      Int32Array.of(0, 2),
      new Float64Array(0),
      new Map([
        [
          0,
          [
            [0, 500],
            [1, 250],
          ],
        ],
      ]),
    );
    const shared = readRunFile(
      recorder.finish({
        id: Int32Array.of(10, 11, 12),
        jobType: ['0.50 GPU (shared)', '0.25 GPU (shared)', '1 GPU'],
        scaleFactor: Int32Array.of(1, 1, 1),
        arrival: Float64Array.of(0, 1, 2),
        start: Float64Array.of(0, 0, 0),
        finish: Float64Array.of(Number.NaN, Number.NaN, Number.NaN),
        priorityWeight: Float64Array.of(1, 1, 1),
      }),
    );
    const layout = layoutGrid(shared, 200, 13);
    const palette = jobPalette(shared.jobs.id, shared.jobTypeIndex, false);
    const pixels = new Uint32Array(layout.width * layout.height);
    const idle = 0xff00ff00;
    const owners = shared.ownersAt(0);
    paintGrid(layout, pixels, owners, palette, idle, -1);
    paintShares(layout, pixels, shared.sharesAt(0), palette, idle, -1);
    const row = (g: number) =>
      Array.from(
        { length: 12 },
        (_, dx) => pixels[(layout.gpuY[g]! + 5) * layout.width + layout.gpuX[g]! + dx],
      );
    // 12 pixels: half to job 0, a quarter to job 1, the rest idle.
    expect(row(0)).toEqual([
      ...Array(6).fill(palette.normal[0]),
      ...Array(3).fill(palette.normal[1]),
      ...Array(3).fill(idle),
    ]);
    // The whole GPU is painted by paintGrid alone.
    expect(new Set(row(1))).toEqual(new Set([palette.normal[2]]));
    // Selecting job 1 fades the other holder's stripe.
    paintShares(layout, pixels, shared.sharesAt(0), palette, idle, 1);
    expect(row(0)[0]).toBe(palette.faded[0]);
    expect(row(0)[7]).toBe(palette.normal[1]);
  });
});
