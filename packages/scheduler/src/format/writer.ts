import {
  align8,
  crc32,
  FILE_HEADER_BYTES,
  FORMAT_VERSION,
  MAGIC,
  SECTION_HEADER_BYTES,
  TAG_ALLOCATION,
  TAG_CONFIG,
  TAG_END,
  TAG_JOBS,
  TAG_ROUNDS,
} from './layout.ts';
import { type ShareInput, SharesRecorder, TAG_SHARES } from './shares.ts';
import type { RunHeader, RunJobTable } from './types.ts';

const NO_OWNER_YET = -2;

/** An append-only typed array that doubles its capacity, so recording stays allocation-light. */
class Growable<T extends Int32Array | Uint32Array | Float64Array> {
  length = 0;
  constructor(
    public array: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = this.make(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
  view(): T {
    return this.array.subarray(0, this.length) as T;
  }
}

/**
 * Records a run round by round and writes the run.gpuviz bytes at the end.
 *
 * Only changes of ownership are kept (one entry per GPU whose owner differs from the previous
 * round), so memory and file size grow with lease churn, not with GPUs x rounds.
 */
export class RunRecorder {
  readonly header: RunHeader;
  readonly gpuCount: number;
  #roundCount = 0;
  #previous: Int32Array;
  #times = new Growable(new Float64Array(1024), (n) => new Float64Array(n));
  #metrics: Growable<Float64Array>;
  #changeGpu = new Growable(new Uint32Array(1 << 16), (n) => new Uint32Array(n));
  #changeRound = new Growable(new Uint32Array(1 << 16), (n) => new Uint32Array(n));
  #changeJob = new Growable(new Int32Array(1 << 16), (n) => new Int32Array(n));
  #maxJob = -1;
  #shares: SharesRecorder | undefined;

  constructor(header: RunHeader) {
    checkHeader(header);
    this.header = header;
    this.gpuCount = header.nodes.reduce((sum, node) => sum + node.gpus, 0);
    this.#previous = new Int32Array(this.gpuCount).fill(NO_OWNER_YET);
    const columns = Math.max(1, header.metricNames.length);
    this.#metrics = new Growable(new Float64Array(1024 * columns), (n) => new Float64Array(n));
  }

  get roundCount(): number {
    return this.#roundCount;
  }

  /**
   * Once per round, after worker assignment. owner[g] = dense job index or -1 (idle). Copies what
   * it needs. `shares` (GPU sharing runs) lists every GPU held by fractions, with each owner's
   * milli-GPU; it goes to the FRAC section (`shares.ts`), and owner[g] should then name one of
   * the GPU's owners (the largest share) so that readers without FRAC still see it busy.
   */
  recordRound(time: number, owner: Int32Array, metrics: Float64Array, shares?: ShareInput): void {
    if (owner.length !== this.gpuCount) {
      throw new RangeError(`recordRound: owner has ${owner.length} entries, expected ${this.gpuCount} GPUs`);
    }
    if (metrics.length !== this.header.metricNames.length) {
      throw new RangeError(
        `recordRound: metrics has ${metrics.length} values, expected ${this.header.metricNames.length} (header.metricNames)`,
      );
    }
    if (!Number.isFinite(time)) throw new RangeError(`recordRound: time must be finite, got ${time}`);
    const round = this.#roundCount;
    const previous = this.#previous;
    for (let g = 0; g < owner.length; g++) {
      const job = owner[g]!;
      if (job === previous[g]) continue;
      if (job < -1) throw new RangeError(`recordRound: owner[${g}] = ${job}, expected a job index or -1`);
      if (job > this.#maxJob) this.#maxJob = job;
      previous[g] = job;
      this.#changeGpu.push(g);
      this.#changeRound.push(round);
      this.#changeJob.push(job);
    }
    if (shares && (shares.size > 0 || this.#shares)) {
      this.#shares ??= new SharesRecorder(this.gpuCount);
      this.#shares.record(round, shares);
      if (this.#shares.maxOwner > this.#maxJob) this.#maxJob = this.#shares.maxOwner;
    }
    this.#times.push(time);
    for (let m = 0; m < metrics.length; m++) this.#metrics.push(metrics[m]!);
    this.#roundCount++;
  }

  /** The whole file. The job table must cover every job index used in recordRound. */
  finish(jobs: RunJobTable): Uint8Array {
    const jobCount = checkJobs(jobs);
    if (this.#maxJob >= jobCount) {
      throw new RangeError(
        `finish: rounds reference job index ${this.#maxJob}, but the job table has ${jobCount} rows`,
      );
    }
    const encoder = new TextEncoder();
    const confJson = encoder.encode(
      JSON.stringify({
        config: this.header.config,
        gpuTypes: this.header.gpuTypes,
        nodes: this.header.nodes.map((node) => [node.type, node.gpus]),
        metricNames: this.header.metricNames,
      }),
    );
    const typeNames: string[] = [];
    const typeIndexByName = new Map<string, number>();
    const jobTypeIndex = new Uint32Array(jobCount);
    for (let j = 0; j < jobCount; j++) {
      const name = jobs.jobType[j]!;
      let index = typeIndexByName.get(name);
      if (index === undefined) {
        index = typeNames.length;
        typeNames.push(name);
        typeIndexByName.set(name, index);
      }
      jobTypeIndex[j] = index;
    }
    const namesJson = encoder.encode(JSON.stringify(typeNames));

    const rounds = this.#roundCount;
    const metricCount = this.header.metricNames.length;
    const changes = this.#changeGpu.length;
    const startWidth = rounds <= 0xffff ? 2 : 4;

    const confBytes = confJson.length;
    const jobsBytes = 16 + jobCount * (8 * 4 + 4 * 3) + namesJson.length;
    const roundsBytes = 8 + rounds * 8 * (1 + metricCount);
    const allocBytes = 16 + (this.gpuCount + 1) * 4 + changes * 4 + changes * startWidth;
    const sections: [string, number][] = [
      [TAG_CONFIG, confBytes],
      [TAG_JOBS, jobsBytes],
      [TAG_ROUNDS, roundsBytes],
      [TAG_ALLOCATION, allocBytes],
    ];
    const shares = this.#shares && !this.#shares.empty ? this.#shares : undefined;
    const sharesBytes = shares?.byteLength() ?? 0;
    if (shares) sections.push([TAG_SHARES, sharesBytes]);
    sections.push([TAG_END, 4]);
    let total = FILE_HEADER_BYTES;
    for (const [, size] of sections) total += SECTION_HEADER_BYTES + align8(size);
    if (total > 0xffffffff)
      throw new RangeError(`finish: run file would be ${total} bytes, the format holds up to 4 GiB`);

    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    bytes.set(MAGIC, 0);
    view.setUint32(8, FORMAT_VERSION, true);
    view.setUint32(12, total, true);
    let at = FILE_HEADER_BYTES;
    const beginSection = (tag: string, size: number): number => {
      for (let i = 0; i < 4; i++) bytes[at + i] = tag.charCodeAt(i);
      view.setUint32(at + 4, size, true);
      const payload = at + SECTION_HEADER_BYTES;
      at = payload + align8(size);
      return payload;
    };

    bytes.set(confJson, beginSection(TAG_CONFIG, confBytes));

    let p = beginSection(TAG_JOBS, jobsBytes);
    view.setUint32(p, jobCount, true);
    view.setUint32(p + 4, typeNames.length, true);
    view.setUint32(p + 8, namesJson.length, true);
    p += 16;
    for (const column of [jobs.arrival, jobs.start, jobs.finish, jobs.priorityWeight]) {
      new Float64Array(bytes.buffer, p, jobCount).set(column);
      p += jobCount * 8;
    }
    new Int32Array(bytes.buffer, p, jobCount).set(jobs.id);
    p += jobCount * 4;
    new Int32Array(bytes.buffer, p, jobCount).set(jobs.scaleFactor);
    p += jobCount * 4;
    new Uint32Array(bytes.buffer, p, jobCount).set(jobTypeIndex);
    p += jobCount * 4;
    bytes.set(namesJson, p);

    p = beginSection(TAG_ROUNDS, roundsBytes);
    view.setUint32(p, rounds, true);
    view.setUint32(p + 4, metricCount, true);
    p += 8;
    new Float64Array(bytes.buffer, p, rounds).set(this.#times.view());
    p += rounds * 8;
    const rowMajor = this.#metrics.array;
    for (let m = 0; m < metricCount; m++) {
      const column = new Float64Array(bytes.buffer, p, rounds);
      for (let r = 0; r < rounds; r++) column[r] = rowMajor[r * metricCount + m]!;
      p += rounds * 8;
    }

    p = beginSection(TAG_ALLOCATION, allocBytes);
    view.setUint32(p, this.gpuCount, true);
    view.setUint32(p + 4, changes, true);
    view.setUint32(p + 8, startWidth, true);
    p += 16;
    // Counting sort of the change log by GPU; it is already in round order, so each GPU's
    // intervals come out sorted by start round.
    const offsets = new Uint32Array(bytes.buffer, p, this.gpuCount + 1);
    p += (this.gpuCount + 1) * 4;
    const changeGpu = this.#changeGpu.array;
    for (let c = 0; c < changes; c++) offsets[changeGpu[c]! + 1]!++;
    for (let g = 0; g < this.gpuCount; g++) offsets[g + 1]! += offsets[g]!;
    const allocJob = new Int32Array(bytes.buffer, p, changes);
    p += changes * 4;
    const allocStart =
      startWidth === 2
        ? new Uint16Array(bytes.buffer, p, changes)
        : new Uint32Array(bytes.buffer, p, changes);
    const cursor = offsets.slice(0, this.gpuCount);
    const changeRound = this.#changeRound.array;
    const changeJob = this.#changeJob.array;
    for (let c = 0; c < changes; c++) {
      const slot = cursor[changeGpu[c]!]!++;
      allocJob[slot] = changeJob[c]!;
      allocStart[slot] = changeRound[c]!;
    }

    if (shares) shares.write(bytes, beginSection(TAG_SHARES, sharesBytes));

    const endPayload = beginSection(TAG_END, 4);
    view.setUint32(endPayload, crc32(bytes, endPayload - SECTION_HEADER_BYTES), true);
    return bytes;
  }
}

function checkHeader(header: RunHeader): void {
  header.nodes.forEach((node, i) => {
    if (!Number.isInteger(node.type) || node.type < 0 || node.type >= header.gpuTypes.length) {
      throw new RangeError(`RunRecorder: nodes[${i}].type = ${node.type}, expected an index into gpuTypes`);
    }
    if (!Number.isInteger(node.gpus) || node.gpus < 0) {
      throw new RangeError(`RunRecorder: nodes[${i}].gpus = ${node.gpus}, expected a whole number >= 0`);
    }
  });
}

function checkJobs(jobs: RunJobTable): number {
  const n = jobs.id.length;
  const columns = {
    jobType: jobs.jobType,
    scaleFactor: jobs.scaleFactor,
    arrival: jobs.arrival,
    start: jobs.start,
    finish: jobs.finish,
    priorityWeight: jobs.priorityWeight,
  };
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== n) {
      throw new RangeError(`finish: jobs.${name} has ${column.length} rows, expected ${n} (as jobs.id)`);
    }
  }
  return n;
}
