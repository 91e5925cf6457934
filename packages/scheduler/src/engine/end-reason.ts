/**
 * Why a run stopped. `completed`: every job of a finite workload finished; `window`: every job of
 * the measurement window finished; `max-sim-time` / `max-wall-time`: a limit was hit; `saturated`:
 * the cluster stayed full while completions fell far behind arrivals and the queue kept growing;
 * `aborted`: the caller's AbortSignal fired.
 */
export type EndReason = 'completed' | 'window' | 'max-sim-time' | 'max-wall-time' | 'saturated' | 'aborted';

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
