import { RunFileError } from './errors.ts';
import {
  align8,
  crc32,
  FILE_HEADER_BYTES,
  FORMAT_VERSION,
  LITTLE_ENDIAN,
  MAGIC,
  SECTION_HEADER_BYTES,
  SECTION_NAMES,
  TAG_ALLOCATION,
  TAG_CONFIG,
  TAG_END,
  TAG_JOBS,
  TAG_ROUNDS,
} from './layout.ts';
import { RunFile } from './run-file.ts';
import { decodeShares, SHARES_SECTION_NAME, TAG_SHARES } from './shares.ts';
import type { RunData, RunHeader } from './types.ts';

export interface ReadOptions {
  /** Name used at the start of error messages (a path or URL); default "run file". */
  source?: string;
}

interface Section {
  tag: string;
  /** Offset of the payload. */
  at: number;
  size: number;
}

/** Decode and validate a whole run file. Throws RunFileError on anything wrong. No Node APIs. */
export function readRunFile(input: ArrayBuffer | Uint8Array, options: ReadOptions = {}): RunFile {
  return new RunFile(decodeRunData(input, options));
}

/** The decoded run as plain, postMessage-able data (what a Worker sends to the page). */
export function decodeRunData(input: ArrayBuffer | Uint8Array, options: ReadOptions = {}): RunData {
  const cursor = new Cursor(alignedBytes(input), options.source);
  const { total } = cursor.fileHeader();
  const bytes = cursor.bytes;
  if (bytes.length < total) {
    throw RunFileError.expected(
      { offset: bytes.length, section: 'file' },
      'truncated file',
      `${total} bytes as the header says`,
      `${bytes.length}`,
      options.source,
    );
  }
  if (bytes.length > total) {
    throw RunFileError.expected(
      { offset: total, section: 'file' },
      'trailing bytes after the end of the run',
      `${total} bytes as the header says`,
      `${bytes.length}`,
      options.source,
    );
  }
  const found = new Map<string, Section>();
  let end: Section | undefined;
  while (!end) {
    const section = cursor.section();
    if (section.tag === TAG_END) end = section;
    else found.set(section.tag, section);
  }
  const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(end.at, true);
  const actual = crc32(bytes, end.at - SECTION_HEADER_BYTES);
  if (stored !== actual) {
    throw RunFileError.expected(
      { offset: end.at, section: SECTION_NAMES[TAG_END]! },
      'checksum mismatch (the file is corrupt)',
      `CRC-32 ${hex(stored)}`,
      hex(actual),
      options.source,
    );
  }
  const need = (tag: string): Section => {
    const section = found.get(tag);
    if (!section) {
      throw RunFileError.expected(
        { offset: end.at - SECTION_HEADER_BYTES, section: 'file' },
        `missing section ${tag}`,
        `a ${SECTION_NAMES[tag]}`,
        `only ${[...found.keys()].join(', ') || 'none'}`,
        options.source,
      );
    }
    return section;
  };
  const header = cursor.config(need(TAG_CONFIG));
  const jobs = cursor.jobs(need(TAG_JOBS));
  const rounds = cursor.rounds(need(TAG_ROUNDS), header.metricNames.length);
  const gpuCount = header.nodes.reduce((sum, node) => sum + node.gpus, 0);
  const alloc = cursor.allocation(
    need(TAG_ALLOCATION),
    gpuCount,
    rounds.roundTimes.length,
    jobs.jobIds.length,
  );
  const sharesSection = found.get(TAG_SHARES);
  const shares = sharesSection
    ? decodeShares(
        bytes,
        sharesSection.at,
        sharesSection.size,
        gpuCount,
        rounds.roundTimes.length,
        jobs.jobIds.length,
        (offset, problem, expected, got) => cursor.fail(offset, SHARES_SECTION_NAME, problem, expected, got),
      )
    : undefined;
  return {
    version: FORMAT_VERSION,
    byteLength: total,
    header,
    ...rounds,
    ...jobs,
    ...alloc,
    ...(shares ? { shares } : {}),
  };
}

/**
 * Only the header (config, GPU types, nodes, metric names), from a prefix of the file: enough to
 * list runs with their tags without reading whole files. Needs the bytes up to the end of CONF.
 */
export function readRunHeader(input: ArrayBuffer | Uint8Array, options: ReadOptions = {}): RunHeader {
  const cursor = new Cursor(alignedBytes(input), options.source);
  cursor.fileHeader();
  const section = cursor.section();
  if (section.tag !== TAG_CONFIG) {
    throw RunFileError.expected(
      { offset: section.at - SECTION_HEADER_BYTES, section: 'file' },
      'unexpected first section',
      TAG_CONFIG,
      JSON.stringify(section.tag),
      options.source,
    );
  }
  return cursor.config(section);
}

function alignedBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('run files can only be read on a little-endian machine');
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  // Typed-array views need aligned offsets; Node's pooled Buffers often are not.
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

class Cursor {
  readonly view: DataView;
  at = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly source: string | undefined,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(offset: number, section: string, problem: string, expected: string, got: string): never {
    throw RunFileError.expected({ offset, section }, problem, expected, got, this.source);
  }

  fileHeader(): { total: number } {
    const { bytes } = this;
    const hex = (values: ArrayLike<number>) =>
      Array.from(values, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const head = hex(bytes.subarray(0, MAGIC.length));
    const magic = hex(MAGIC);
    const truncated = () =>
      this.fail(
        bytes.length,
        'file header',
        'truncated file',
        `${FILE_HEADER_BYTES} header bytes`,
        `${bytes.length}`,
      );
    if (bytes.length < MAGIC.length && magic.startsWith(head)) truncated();
    if (head !== magic) {
      this.fail(
        0,
        'file header',
        'not a run.gpuviz file',
        `magic ${magic}`,
        head ? `${head}` : 'an empty file',
      );
    }
    if (bytes.length < FILE_HEADER_BYTES) truncated();
    const version = this.view.getUint32(8, true);
    if (version !== FORMAT_VERSION) {
      this.fail(8, 'file header', 'unsupported format version', `version ${FORMAT_VERSION}`, `${version}`);
    }
    this.at = FILE_HEADER_BYTES;
    return { total: this.view.getUint32(12, true) };
  }

  section(): Section {
    const { bytes, at } = this;
    if (at + SECTION_HEADER_BYTES > bytes.length) {
      this.fail(
        bytes.length,
        'file',
        'truncated file',
        `a section header at byte ${at}`,
        'the end of the data',
      );
    }
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    if (!/^[A-Z.]{4}$/.test(tag)) {
      this.fail(at, 'file', 'corrupt section tag', 'four letters such as CONF', JSON.stringify(tag));
    }
    const size = this.view.getUint32(at + 4, true);
    const payload = at + SECTION_HEADER_BYTES;
    if (payload + size > bytes.length) {
      this.fail(
        bytes.length,
        SECTION_NAMES[tag] ?? `${tag} section`,
        'truncated file',
        `${size} payload bytes from byte ${payload}`,
        `${bytes.length - payload}`,
      );
    }
    this.at = payload + align8(size);
    return { tag, at: payload, size };
  }

  config(section: Section): RunHeader {
    const name = SECTION_NAMES[TAG_CONFIG]!;
    let parsed: unknown;
    try {
      parsed = JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(
          this.bytes.subarray(section.at, section.at + section.size),
        ),
      );
    } catch (error) {
      this.fail(
        section.at,
        name,
        'invalid JSON',
        'a JSON object',
        error instanceof Error ? error.message : String(error),
      );
    }
    const json = parsed as Record<string, unknown> | null;
    const isStrings = (v: unknown): v is string[] =>
      Array.isArray(v) && v.every((s) => typeof s === 'string');
    if (!json || typeof json !== 'object' || !json.config || typeof json.config !== 'object') {
      this.fail(section.at, name, 'bad config', 'an object with "config"', typeof json);
    }
    if (!isStrings(json.gpuTypes))
      this.fail(section.at, name, 'bad gpuTypes', 'an array of names', typeof json.gpuTypes);
    if (!isStrings(json.metricNames))
      this.fail(section.at, name, 'bad metricNames', 'an array of names', typeof json.metricNames);
    const typeCount = json.gpuTypes.length;
    const nodes = json.nodes;
    if (!Array.isArray(nodes))
      this.fail(section.at, name, 'bad nodes', 'an array of [type, gpus]', typeof nodes);
    return {
      config: json.config as Record<string, unknown>,
      gpuTypes: json.gpuTypes,
      metricNames: json.metricNames,
      nodes: nodes.map((node: unknown, i: number) => {
        const [type, gpus] = Array.isArray(node) ? node : [];
        if (!Number.isInteger(type) || type < 0 || type >= typeCount || !Number.isInteger(gpus) || gpus < 0) {
          this.fail(
            section.at,
            name,
            `bad nodes[${i}]`,
            `[type index < ${typeCount}, gpus >= 0]`,
            JSON.stringify(node),
          );
        }
        return { type: type as number, gpus: gpus as number };
      }),
    };
  }

  /** Check that a section's payload holds `needed` bytes before making views into it. */
  expectSize(section: Section, needed: number, what: string): void {
    if (section.size < needed) {
      this.fail(
        section.at + section.size,
        SECTION_NAMES[section.tag]!,
        `section too short for ${what}`,
        `${needed} bytes`,
        `${section.size}`,
      );
    }
  }

  jobs(
    section: Section,
  ): Pick<
    RunData,
    | 'jobIds'
    | 'jobTypeNames'
    | 'jobTypeIndex'
    | 'scaleFactor'
    | 'arrival'
    | 'start'
    | 'finish'
    | 'priorityWeight'
  > {
    const name = SECTION_NAMES[TAG_JOBS]!;
    this.expectSize(section, 16, 'the job counts');
    const n = this.view.getUint32(section.at, true);
    const typeCount = this.view.getUint32(section.at + 4, true);
    const namesLength = this.view.getUint32(section.at + 8, true);
    this.expectSize(section, 16 + n * 44 + namesLength, `${n} jobs`);
    const buffer = this.bytes.buffer;
    let p = this.bytes.byteOffset + section.at + 16;
    const f64 = () => {
      const a = new Float64Array(buffer, p, n);
      p += n * 8;
      return a;
    };
    const arrival = f64();
    const start = f64();
    const finish = f64();
    const priorityWeight = f64();
    const jobIds = new Int32Array(buffer, p, n);
    p += n * 4;
    const scaleFactor = new Int32Array(buffer, p, n);
    p += n * 4;
    const jobTypeIndex = new Uint32Array(buffer, p, n);
    p += n * 4;
    const namesAt = p - this.bytes.byteOffset;
    let jobTypeNames: unknown;
    try {
      jobTypeNames = JSON.parse(
        new TextDecoder().decode(this.bytes.subarray(namesAt, namesAt + namesLength)),
      );
    } catch {
      jobTypeNames = undefined;
    }
    if (!Array.isArray(jobTypeNames) || jobTypeNames.length !== typeCount) {
      this.fail(
        namesAt,
        name,
        'bad job type names',
        `a JSON array of ${typeCount} names`,
        String(jobTypeNames).slice(0, 40),
      );
    }
    for (let j = 0; j < n; j++) {
      if (jobTypeIndex[j]! >= typeCount) {
        this.fail(
          namesAt - n * 4 + j * 4,
          name,
          `bad job type index of job ${j}`,
          `< ${typeCount}`,
          `${jobTypeIndex[j]}`,
        );
      }
    }
    return {
      jobIds,
      jobTypeNames: jobTypeNames as string[],
      jobTypeIndex,
      scaleFactor,
      arrival,
      start,
      finish,
      priorityWeight,
    };
  }

  rounds(section: Section, metricCount: number): Pick<RunData, 'roundTimes' | 'metrics'> {
    const name = SECTION_NAMES[TAG_ROUNDS]!;
    this.expectSize(section, 8, 'the round counts');
    const rounds = this.view.getUint32(section.at, true);
    const storedMetrics = this.view.getUint32(section.at + 4, true);
    if (storedMetrics !== metricCount) {
      this.fail(
        section.at + 4,
        name,
        'metric count differs from the config',
        `${metricCount}`,
        `${storedMetrics}`,
      );
    }
    this.expectSize(section, 8 + rounds * 8 * (1 + metricCount), `${rounds} rounds`);
    const base = this.bytes.byteOffset + section.at + 8;
    const roundTimes = new Float64Array(this.bytes.buffer, base, rounds);
    const metrics: Float64Array[] = [];
    for (let m = 0; m < metricCount; m++) {
      metrics.push(new Float64Array(this.bytes.buffer, base + (m + 1) * rounds * 8, rounds));
    }
    return { roundTimes, metrics };
  }

  allocation(
    section: Section,
    gpuCount: number,
    rounds: number,
    jobCount: number,
  ): Pick<RunData, 'allocOffsets' | 'allocStart' | 'allocJob'> {
    const name = SECTION_NAMES[TAG_ALLOCATION]!;
    this.expectSize(section, 16, 'the allocation counts');
    const storedGpus = this.view.getUint32(section.at, true);
    if (storedGpus !== gpuCount)
      this.fail(section.at, name, 'GPU count differs from the nodes', `${gpuCount}`, `${storedGpus}`);
    const n = this.view.getUint32(section.at + 4, true);
    const width = this.view.getUint32(section.at + 8, true);
    if (width !== 2 && width !== 4) this.fail(section.at + 8, name, 'bad start width', '2 or 4', `${width}`);
    this.expectSize(section, 16 + (gpuCount + 1) * 4 + n * (4 + width), `${n} intervals`);
    const buffer = this.bytes.buffer;
    let p = this.bytes.byteOffset + section.at + 16;
    const allocOffsets = new Uint32Array(buffer, p, gpuCount + 1);
    p += (gpuCount + 1) * 4;
    const allocJob = new Int32Array(buffer, p, n);
    p += n * 4;
    const allocStart = width === 2 ? new Uint16Array(buffer, p, n) : new Uint32Array(buffer, p, n);
    // One pass over the intervals so ownersAt can trust them later without checks.
    const offsetsAt = section.at + 16;
    if (allocOffsets[0] !== 0 || allocOffsets[gpuCount] !== n) {
      this.fail(
        offsetsAt,
        name,
        'bad interval offsets',
        `0 .. ${n}`,
        `${allocOffsets[0]} .. ${allocOffsets[gpuCount]}`,
      );
    }
    for (let g = 0; g < gpuCount; g++) {
      const from = allocOffsets[g]!;
      const to = allocOffsets[g + 1]!;
      if (to < from || (rounds > 0 && to === from) || (rounds > 0 && allocStart[from] !== 0)) {
        this.fail(
          offsetsAt + g * 4,
          name,
          `bad intervals of GPU ${g}`,
          'at least one interval, the first at round 0',
          `${to - from} intervals`,
        );
      }
      for (let i = from; i < to; i++) {
        const job = allocJob[i]!;
        if (job < -1 || job >= jobCount) {
          this.fail(
            p - this.bytes.byteOffset - n * 4 + i * 4,
            name,
            `bad job index in interval ${i}`,
            `-1 .. ${jobCount - 1}`,
            `${job}`,
          );
        }
        if (allocStart[i]! >= rounds || (i > from && allocStart[i]! <= allocStart[i - 1]!)) {
          this.fail(
            p - this.bytes.byteOffset + i * width,
            name,
            `bad start round in interval ${i}`,
            `increasing rounds < ${rounds}`,
            `${allocStart[i]}`,
          );
        }
      }
    }
    return { allocOffsets, allocStart, allocJob };
  }
}
