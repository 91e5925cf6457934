import { readRunFile, synthesizeRun } from 'scheduler/format';
import { describe, expect, it } from 'vitest';
import { jobPalette } from '../src/colors.ts';
import { layoutGrid, paintGrid } from '../src/grid.ts';

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
