import type { RunFile } from 'scheduler/format';
import type { JobPalette } from './colors.ts';

/** Where every GPU cell sits on the canvas: types stacked, nodes flowing in rows inside a type. */
export interface GridLayout {
  cell: number;
  width: number;
  height: number;
  gpuX: Uint16Array;
  gpuY: Uint16Array;
  /** GPU under each canvas pixel, -1 for gaps. */
  hit: Int32Array;
  labels: { text: string; x: number; y: number }[];
}

const LABEL_HEIGHT = 18;
const NODE_GAP = 3;
const SECTION_GAP = 8;

export function layoutGrid(file: RunFile, width: number, cell: number): GridLayout {
  const { nodes } = file.header;
  const gpuX = new Uint16Array(file.gpuCount);
  const gpuY = new Uint16Array(file.gpuCount);
  const labels: GridLayout['labels'] = [];
  const rowHeight = cell + NODE_GAP;
  let y = 0;
  let maxX = 0;
  file.header.gpuTypes.forEach((typeName, type) => {
    const members = nodes.flatMap((node, n) => (node.type === type ? [n] : []));
    if (members.length === 0) return;
    const gpus = members.reduce((s, n) => s + nodes[n]!.gpus, 0);
    labels.push({ text: `${typeName} · ${gpus} GPUs on ${members.length} nodes`, x: 0, y });
    y += LABEL_HEIGHT;
    let x = 0;
    for (const n of members) {
      const size = nodes[n]!.gpus;
      const boxWidth = size * cell;
      if (x > 0 && x + boxWidth > width) {
        x = 0;
        y += rowHeight;
      }
      const first = file.nodeFirstGpu[n]!;
      for (let k = 0; k < size; k++) {
        gpuX[first + k] = x + k * cell;
        gpuY[first + k] = y;
      }
      x += boxWidth + NODE_GAP;
      maxX = Math.max(maxX, x);
    }
    y += rowHeight + SECTION_GAP;
  });
  const fullWidth = Math.max(1, Math.min(width, maxX));
  const height = Math.max(1, y);
  const hit = new Int32Array(fullWidth * height).fill(-1);
  for (let g = 0; g < file.gpuCount; g++) {
    for (let dy = 0; dy < cell; dy++) {
      const row = (gpuY[g]! + dy) * fullWidth + gpuX[g]!;
      hit.fill(g, row, row + cell);
    }
  }
  return { cell, width: fullWidth, height, gpuX, gpuY, hit, labels };
}

/** Painted width of a cell: a 1-pixel gap between cells once they are big enough to read as cells. */
function cellSize(layout: GridLayout): number {
  return layout.cell >= 4 ? layout.cell - 1 : layout.cell;
}

/**
 * Paints one round into an ImageData buffer. The cost is GPUs x cell area, independent of jobs
 * and rounds. Gaps keep the background painted at layout time, so they are never touched here.
 */
export function paintGrid(
  layout: GridLayout,
  pixels: Uint32Array,
  owners: Int32Array,
  palette: JobPalette,
  idle: number,
  selected: number,
): void {
  const { width, gpuX, gpuY } = layout;
  const size = cellSize(layout);
  for (let g = 0; g < owners.length; g++) {
    const job = owners[g]!;
    const colour =
      job < 0 ? idle : selected < 0 || job === selected ? palette.normal[job]! : palette.faded[job]!;
    let at = gpuY[g]! * width + gpuX[g]!;
    if (size <= 8) {
      // Small cells: plain stores beat a native fill call per row.
      for (let dy = 0; dy < size; dy++, at += width)
        for (let dx = 0; dx < size; dx++) pixels[at + dx] = colour;
    } else {
      for (let dy = 0; dy < size; dy++, at += width) pixels.fill(colour, at, at + size);
    }
  }
}

/** One round's shared GPUs (RunFile.sharesAt): owners and milli-GPU of each, CSR. */
export interface GridShares {
  gpus: Uint32Array;
  offsets: Uint32Array;
  owner: Int32Array;
  milli: Uint16Array;
}

/**
 * Paints shared GPUs over `paintGrid`'s cells as sub-cells: the cell is split left to right into
 * one stripe per holder, as wide as its share of the GPU's 1,000 milli-GPU (at least a pixel),
 * and what no one holds stays idle. Cost: shared GPUs x cell area.
 */
export function paintShares(
  layout: GridLayout,
  pixels: Uint32Array,
  shares: GridShares,
  palette: JobPalette,
  idle: number,
  selected: number,
): void {
  const { width, gpuX, gpuY } = layout;
  const size = cellSize(layout);
  for (let i = 0; i < shares.gpus.length; i++) {
    const g = shares.gpus[i]!;
    const base = gpuY[g]! * width + gpuX[g]!;
    let x = 0;
    let held = 0;
    for (let k = shares.offsets[i]!; k < shares.offsets[i + 1]!; k++) {
      const job = shares.owner[k]!;
      held += shares.milli[k]!;
      const end = Math.max(x + 1, Math.min(size, Math.round((held * size) / 1000)));
      const colour = selected < 0 || job === selected ? palette.normal[job]! : palette.faded[job]!;
      for (let dy = 0, at = base; dy < size; dy++, at += width) pixels.fill(colour, at + x, at + end);
      x = end;
    }
    if (x < size)
      for (let dy = 0, at = base; dy < size; dy++, at += width) pixels.fill(idle, at + x, at + size);
  }
}
