/**
 * Why a run stopped. `completed`: every job of a finite workload finished; `window`: every job of
 * the measurement window finished; `max-sim-time` / `max-wall-time`: a limit was hit; `saturated`:
 * the cluster stayed full while completions fell far behind arrivals and the queue kept growing;
 * `jct-cutoff`: the window's average JCT can no longer stay under `--max-window-jct`;
 * `window-deadline`: the window was still unfinished `--window-deadline` seconds after its last job
 * arrived; `aborted`: the caller's AbortSignal fired.
 */
export type EndReason =
  | 'completed'
  | 'window'
  | 'max-sim-time'
  | 'max-wall-time'
  | 'saturated'
  | 'jct-cutoff'
  | 'window-deadline'
  | 'aborted';

/**
 * A lower bound on the measurement window's average JCT while the run is going: finished window
 * jobs count their JCT; an unfinished one that has arrived at least its age plus the time its
 * remaining steps take at its fastest throughput (no job ever runs faster); the rest 0. Once it
 * exceeds the limit the run cannot end under it, so stopping there loses no point below the
 * limit: a cut-off that is exact and the same on every machine, unlike a wall-clock timeout.
 */
export class WindowJctBound {
  private finishedSum = 0;
  private waitingArrivals = 0;
  private waitingWork = 0;
  private arrivals = 0;
  /** When the window's last job arrived; undefined until then. */
  allArrivedAt: number | undefined;
  /** Seconds of work left at the fastest throughput, per unfinished window job. */
  private readonly work = new Map<number, number>();

  /** `limit`: the average JCT past which `exceeded` holds (Infinity to only keep the bound). */
  constructor(
    private readonly window: { first: number; last: number },
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  private inWindow(id: number): boolean {
    return id >= this.window.first && id < this.window.last;
  }

  /** `work`: the job's steps over its fastest throughput, in seconds. */
  arrived(id: number, arrival: number, work: number): void {
    if (!this.inWindow(id)) return;
    this.work.set(id, work);
    this.waitingArrivals += arrival;
    this.waitingWork += work;
    if (++this.arrivals === this.window.last - this.window.first) this.allArrivedAt = arrival;
  }

  /** The job did `seconds` of its work (steps over its fastest throughput). */
  progressed(id: number, seconds: number): void {
    const left = this.work.get(id);
    if (left === undefined) return;
    const done = Math.min(left, seconds);
    this.work.set(id, left - done);
    this.waitingWork -= done;
  }

  finished(id: number, arrival: number, jct: number): void {
    const left = this.work.get(id);
    if (left === undefined) return;
    this.work.delete(id);
    this.waitingArrivals -= arrival;
    this.waitingWork -= left;
    this.finishedSum += jct;
  }

  /** The bound at time `now` (every unfinished window job is still unfinished then). */
  lowerBound(now: number): number {
    const jobs = this.window.last - this.window.first;
    const waiting = this.work.size;
    return (this.finishedSum + waiting * now - this.waitingArrivals + Math.max(0, this.waitingWork)) / jobs;
  }

  exceeded(now: number): boolean {
    return this.lowerBound(now) > this.limit;
  }
}

/**
 * Saturation, judged over consecutive spans of at least 200 rounds and 48 simulated hours: a span
 * is overloaded when mean utilization >= 97%, completions are under half the arrivals and the
 * queue grew by more than a quarter of the arrivals. Three overloaded spans in a row end the run;
 * a burst of long jobs fills one span, not three.
 */
export class SaturationDetector {
  private readonly span: number;
  private readonly spansNeeded: number;
  private rounds = 0;
  private arrived = 0;
  private completed = 0;
  private busy = 0;
  private queuedAtStart = 0;
  private overloadedSpans = 0;

  constructor(roundDuration: number, spansNeeded = 3) {
    this.span = Math.max(200, Math.ceil((48 * 3600) / roundDuration));
    this.spansNeeded = spansNeeded;
  }

  /** Adds one round; true when the run looks saturated. */
  push(arrivals: number, completions: number, utilization: number, queued: number): boolean {
    this.rounds++;
    this.arrived += arrivals;
    this.completed += completions;
    this.busy += utilization;
    if (this.rounds < this.span) return false;
    const overloaded =
      this.busy / this.rounds >= 0.97 &&
      this.arrived > 0 &&
      this.completed < 0.5 * this.arrived &&
      queued - this.queuedAtStart > 0.25 * this.arrived;
    this.overloadedSpans = overloaded ? this.overloadedSpans + 1 : 0;
    this.rounds = 0;
    this.arrived = 0;
    this.completed = 0;
    this.busy = 0;
    this.queuedAtStart = queued;
    return this.overloadedSpans >= this.spansNeeded;
  }
}
