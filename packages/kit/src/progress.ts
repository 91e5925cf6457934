export interface Progress {
  /** Report `done` of `total` units; `detail` is shown after the bar. Cheap to call often. */
  update(done: number, detail?: string): void;
  /** Clear the bar so later output starts on a clean line. */
  finish(): void;
}

export interface ProgressOptions {
  total: number;
  label: string;
  stream?: NodeJS.WriteStream;
  /** Force on or off; by default only when the stream is a TTY. */
  enabled?: boolean;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
}

const noProgress: Progress = { update() {}, finish() {} };

/** A one-line bar on stderr when it is a terminal; nothing at all otherwise (logs stay clean). */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? Boolean(stream.isTTY);
  if (!enabled) return noProgress;
  const interval = options.intervalMs ?? 100;
  let lastDraw = 0;
  let drawn = false;
  const draw = (done: number, detail: string | undefined, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < interval) return;
    lastDraw = now;
    drawn = true;
    const total = Math.max(options.total, 1);
    const fraction = Math.min(1, Math.max(0, done / total));
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const pct = `${(fraction * 100).toFixed(0).padStart(3)}%`;
    const line = `${options.label} [${bar}] ${pct} ${done}/${options.total}${detail ? ` ${detail}` : ''}`;
    const columns = stream.columns ?? 120;
    stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
  };
  return {
    update: (done, detail) => draw(done, detail, done >= options.total),
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
