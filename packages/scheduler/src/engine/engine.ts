import { performance } from 'node:perf_hooks';
import type { Logger, Progress } from 'kit';
import type { Cluster } from '../cluster/cluster.ts';
import { RunRecorder } from '../format/index.ts';
import { M, metricNames, RoundTable } from '../metrics/round-metrics.ts';
import { fillRoundRow } from '../metrics/telemetry.ts';
import {
  clusterFragmentation,
  type FragmentationTable,
  fragmentationTable,
} from '../placement/fragmentation.ts';
import { Placer } from '../placement/placer.ts';
import { createChooseNode } from '../placement/strategies.ts';
import type { AllocationProblem, Policy } from '../policies/types.ts';
import { Profiler } from '../profile/profiler.ts';
import { createRandom, deriveSeed } from '../random.ts';
import type { JobSpec } from '../workload/job.ts';
import { PythonRandom } from '../workload/python-random.ts';
import { type EndReason, SaturationDetector, WindowJctBound } from './end-reason.ts';
import { RoundFill } from './fill.ts';
import { JobStore } from './job-store.ts';
import { SharedPlacement } from './shared-placement.ts';
import type { EngineInput, EngineOutput, MechanismOptions } from './simulate.ts';
import { TimeShares } from './time-shares.ts';

/**
 * Gavel's simulation loop (scheduler.py, simulate), one method per profiled phase, in the order
 * they run each round:
 *
 * - job_arrivals: jobs that arrived by now join (their JCT counts from the true arrival);
 * - allocation: a reset (deficits, time shares) and a new allocation for the jobs active now, when
 *   the job set changed and the minimum interval allows;
 * - priorities: the round's type order and Gavel's fill over one queue per type;
 * - worker_assignment: lease extension and placement, then each job's micro-task: int(T * round)
 *   steps (fewer to finish), ending at start + steps / T (with GPU sharing, placement is
 *   `SharedPlacement`'s, and the fill has already tried each job on the nodes);
 * - event_jump_and_completion: the clock jumps to the latest finish among the round's jobs (so
 *   rounds are a little shorter than the round duration), or over an idle spell to the next event;
 *   every job completes its micro-task, is credited its time, and leaves when done;
 * - telemetry: one row of metrics and the run file's round;
 * - exit_checks.
 */
export class Engine {
  private readonly cluster: Cluster;
  private readonly policy: Policy;
  private readonly mechanism: MechanismOptions;
  private readonly logger: Logger;
  private readonly info: boolean;
  private readonly debug: boolean;
  private readonly profiler: Profiler;
  private readonly wallStart = performance.now();
  private readonly K: number;

  private readonly store: JobStore;
  private readonly shares: TimeShares;
  private readonly fill: RoundFill;
  /** Whole-GPU runs: FGD's table and the placer. GPU-sharing runs: `shared` instead. */
  private readonly fragmentation: FragmentationTable | undefined;
  private readonly placer: Placer | undefined;
  private readonly shared: SharedPlacement | undefined;
  /** Capacity unit of the fill: 1 (GPUs) or 1000 (milli-GPU, with GPU sharing). */
  private readonly unit: number;
  private readonly rounds: RoundTable;
  private readonly recorder: RunRecorder;
  private readonly saturation: SaturationDetector;
  /** The --max-window-jct cut-off, when a window and a limit are given. */
  private readonly jctBound: WindowJctBound | undefined;
  private readonly progress: Progress;
  private readonly showProgress: boolean;
  /** The type order of a round; `baseOrder` reshuffled by `shuffler` for agnostic policies. */
  private readonly baseOrder: readonly number[];
  private readonly typeOrder: Int32Array;
  private readonly shuffler: PythonRandom | undefined;

  private active: number[] = [];
  private pending: JobSpec | undefined;
  /** Jobs whose micro-task is in flight. */
  private readonly dispatched: number[] = [];
  private readonly busy: Float64Array;
  private time = 0;
  private roundStart = 0;
  private roundEnd = 0;
  /** Gavel's current_round_start_time / current_round_end_time (for the execution-time credit). */
  private creditFrom = 0;
  private lastRoundEnd = Number.NaN;
  private lastReset = 0;
  private resetDone = false;
  private forceReset = false;
  private jobSetChanged = false;
  private arrivals = 0;
  private finishing: number[] = [];
  private kept = 0;
  private running = 0;
  private completed = 0;
  private jctSum = 0;
  private windowDone = 0;
  private reallocations = 0;
  private leaseExtensions = 0;
  private placements = 0;
  private policyWarnings = 0;
  private endReason: EndReason | undefined;

  constructor(private readonly input: EngineInput) {
    const { cluster, workload, policy, logger, mechanism } = input;
    this.cluster = cluster;
    this.policy = policy;
    this.mechanism = mechanism;
    this.logger = logger;
    this.info = logger.enabled('info');
    this.debug = logger.enabled('debug');
    this.profiler = new Profiler(input.profile);
    this.K = cluster.gpuTypes.length;
    const { sharing } = input;
    this.store = new JobStore(this.K, sharing ? { scale: sharing.scale } : undefined);
    this.shares = new TimeShares(this.K, mechanism.roundDuration);
    const rules = {
      leftoverFill: mechanism.leftoverFill && !policy.onlyWhereAllocated,
      onlyWhereAllocated: policy.onlyWhereAllocated === true,
      unallocatedJobs: mechanism.unallocatedJobs,
    };
    if (sharing) {
      const shared = new SharedPlacement(cluster, this.store, sharing.pods, sharing.policy, input.seed);
      this.shared = shared;
      this.unit = 1000;
      this.fill = new RoundFill(
        cluster.capacities.map((gpus) => gpus * 1000),
        rules,
        (j, k) => shared.admit(j, k),
      );
    } else {
      this.unit = 1;
      this.fill = new RoundFill(cluster.capacities, rules);
      this.fragmentation = fragmentationTable(cluster, workload.sizeMix);
      this.placer = new Placer(
        cluster,
        createChooseNode(input.placement, cluster, {
          random: createRandom(deriveSeed(input.seed, 10)),
          fragmentation: this.fragmentation,
        }),
      );
    }
    const names = metricNames(cluster.gpuTypes, sharing !== undefined);
    this.rounds = new RoundTable(names);
    this.recorder = new RunRecorder({
      config: input.config,
      gpuTypes: [...cluster.gpuTypes],
      nodes: cluster.nodes.map((node) => ({ type: node.type, gpus: node.gpus })),
      metricNames: names,
    });
    this.saturation = new SaturationDetector(mechanism.roundDuration);
    this.jctBound =
      input.window && (input.maxWindowJct !== undefined || input.windowDeadline !== undefined)
        ? new WindowJctBound(input.window, input.maxWindowJct)
        : undefined;
    const total = input.window ? input.window.last - input.window.first : (workload.total ?? 0);
    this.showProgress = input.progress !== undefined;
    this.progress = input.progress?.(total) ?? { update() {}, finish() {} };
    this.busy = new Float64Array(this.K);
    this.baseOrder = input.typeOrder ? [...input.typeOrder] : cluster.gpuTypes.map((_, k) => k);
    this.typeOrder = Int32Array.from(this.baseOrder);
    // Gavel shuffles with Random(seed + 5) for policies whose name lacks "Perf".
    this.shuffler = policy.heterogeneityAgnostic ? new PythonRandom(input.seed + 5) : undefined;
    this.pending = workload.next();
    this.time = this.pending ? this.pending.arrival : 0;
  }

  async run(): Promise<EngineOutput> {
    const { profiler } = this;
    while (this.endReason === undefined) {
      const roundStart = profiler.now();
      let mark = roundStart;
      this.jobArrivals();
      mark = profiler.lap('job_arrivals', mark);
      const policyStart = mark;
      const allocated = await this.allocation();
      mark = profiler.lap('allocation', mark);
      const policyMs = allocated ? mark - policyStart : 0;
      this.priorities();
      mark = profiler.lap('priorities', mark);
      this.workerAssignment();
      mark = profiler.lap('worker_assignment', mark);
      const recorded = this.active.length > 0;
      this.eventJumpAndCompletion();
      mark = profiler.lap('event_jump_and_completion', mark);
      if (recorded) this.telemetry();
      this.retireFinished();
      mark = profiler.lap('telemetry', mark);
      this.exitChecks(recorded);
      const end = profiler.lap('exit_checks', mark);
      if (recorded) profiler.endRound(end - roundStart, policyMs);
    }
    this.progress.finish();
    return this.output();
  }

  /** Everything that arrived by now joins, with Gavel's initial time shares. */
  private jobArrivals(): void {
    const { store, info } = this;
    this.arrivals = 0;
    while (this.pending && this.pending.arrival <= this.time) {
      const spec = this.pending;
      const j = store.add(spec);
      this.shares.admit(store, j);
      this.active.push(j);
      this.arrivals++;
      this.jctBound?.arrived(spec.id, spec.arrival, store.isolatedTime[j]!);
      if (info) {
        this.logger.record('EVENT', {
          event: 'arrival',
          time: spec.arrival,
          job: spec.id,
          type: spec.jobType,
          scaleFactor: spec.scaleFactor,
        });
      }
      this.pending = this.input.workload.next();
    }
    if (this.arrivals > 0) this.jobSetChanged = true;
  }

  /**
   * Gavel's _update_priorities reset: when the job set changed and the interval allows (or no
   * reset happened yet, or Gavel's last_reset_time == 0 rule, or a forced reset), deficits and
   * time shares restart and the policy allocates the jobs active now. True when it ran.
   */
  private async allocation(): Promise<boolean> {
    const { mechanism, store, active, policy, profiler, K } = this;
    const allowed =
      this.time - this.lastReset >= mechanism.minReallocationInterval ||
      !this.resetDone ||
      this.forceReset ||
      (mechanism.earlyReset && this.lastReset === 0);
    if (!this.jobSetChanged || !allowed) return false;
    this.shares.reset(store, active, this.time - this.lastReset);
    this.lastReset = this.time;
    this.resetDone = true;
    this.forceReset = false;
    this.jobSetChanged = false;
    if (active.length === 0) return false;

    const previousAllocation = new Map<string, Float64Array>();
    const jobs = active.map((j) => {
      const job = store.problemJobs[j]!;
      job.stepsRemaining = store.totalSteps[j]! - store.stepsDone[j]!;
      job.timeSinceArrival = this.time - store.arrival[j]!;
      if (anyPositive(store.allocation, j * K, K)) {
        previousAllocation.set(job.id, store.allocation.slice(j * K, j * K + K));
      }
      return job;
    });
    const problem: AllocationProblem = {
      workerTypes: this.cluster.gpuTypes,
      capacities: this.cluster.capacities,
      jobs,
      previousAllocation,
    };
    const result = await policy.allocate(problem);
    if (result.x.length !== jobs.length * K) {
      throw new Error(
        `policy ${policy.name} returned ${result.x.length} fractions, expected ${jobs.length * K}`,
      );
    }
    const { stats } = result;
    if (stats.fellBack) {
      this.policyWarnings++;
      this.logger.warn(
        `policy ${policy.name} at t=${this.time}: ${stats.message ?? 'failed'}; kept the previous allocation`,
      );
    } else if (stats.message && this.debug) {
      this.logger.debug(`policy ${policy.name} at t=${this.time}: ${stats.message}`);
    }
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      store.inAllocation[j] = 1;
      for (let k = 0; k < K; k++) store.allocation[j * K + k] = result.x[a * K + k]!;
    }
    this.fill.rebuild(store, active);
    // Build / solve / read is the split of an LP policy's call; other policies report zeros,
    // which as rows would only dilute the counts.
    if (stats.lpSolves > 0) {
      profiler.addSub('allocation_build', stats.buildSeconds * 1000);
      profiler.addSub('lp_solve', stats.solveSeconds * 1000);
      profiler.noteSolve(jobs.length, stats.solveSeconds * 1000);
      profiler.addSub('allocation_read', stats.readSeconds * 1000);
    }
    this.reallocations++;
    return true;
  }

  /** The round's type order (shuffled for agnostic policies, every round as Gavel) and the fill. */
  private priorities(): void {
    const { store, active, typeOrder } = this;
    if (this.shuffler) {
      const order = [...this.baseOrder];
      this.shuffler.shuffle(order);
      typeOrder.set(order);
    }
    for (let a = 0; a < active.length; a++) store.scheduled[active[a]!] = -1;
    this.shared?.beginWalk();
    this.running = this.fill.run(store, this.shares, active, typeOrder, this.busy);
  }

  /**
   * Lease extension (a job that stays on its type keeps its GPUs), placement of the rest largest
   * first, then the micro-tasks: int(T * round) steps, or what is left, ending at start + steps / T.
   */
  private workerAssignment(): void {
    const { profiler } = this;
    const assignStart = profiler.now();
    if (this.shared) this.assignShared(assignStart);
    else this.assignWhole(assignStart);
    this.dispatch();
  }

  /** GPU-sharing runs: SharedPlacement keeps leases and places the rest (the fill already tried them). */
  private assignShared(assignStart: number): void {
    const { store, active, profiler } = this;
    const shared = this.shared!;
    const before = this.debug ? active.map((j) => shared.nodeOf(j)) : [];
    this.kept = shared.assign(active);
    let running = 0;
    for (let a = 0; a < active.length; a++) if (store.scheduled[active[a]!]! >= 0) running++;
    if (this.debug) {
      active.forEach((j, a) => {
        const node = shared.nodeOf(j);
        if (node >= 0 && node !== before[a])
          this.logger.debug(
            `round t=${this.time}: job ${store.id[j]} placed on node ${this.cluster.nodes[node]!.name ?? node} (${this.cluster.gpuTypes[store.scheduled[j]!]})`,
          );
      });
    }
    this.leaseExtensions += this.kept;
    this.placements += running - this.kept;
    profiler.addSub('placement', profiler.now() - assignStart);
  }

  private assignWhole(assignStart: number): void {
    const { store, active, profiler } = this;
    const placer = this.placer!;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const held = store.held[j];
      if (held && store.heldType[j] !== store.scheduled[j]) {
        placer.release(held);
        store.held[j] = null;
        store.heldType[j] = -1;
      }
    }
    const toPlace: number[] = [];
    this.kept = 0;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      if (store.scheduled[j]! < 0) continue;
      if (store.held[j]) this.kept++;
      else toPlace.push(j);
    }
    const leaseMark = profiler.now();
    profiler.addSub('lease_extension', leaseMark - assignStart);
    toPlace.sort((a, b) => store.scaleFactor[b]! - store.scaleFactor[a]! || a - b);
    for (const j of toPlace) {
      const type = store.scheduled[j]!;
      const gpus = placer.place(j, type, store.scaleFactor[j]!, new Int32Array(store.scaleFactor[j]!));
      store.held[j] = gpus;
      store.heldType[j] = type;
      if (this.debug) {
        this.logger.debug(
          `round t=${this.time}: job ${store.id[j]} placed on ${this.cluster.gpuTypes[type]} GPUs ${gpus.join(' ')}`,
        );
      }
    }
    this.leaseExtensions += this.kept;
    this.placements += toPlace.length;
    profiler.addSub('placement', profiler.now() - leaseMark);
  }

  /** Each chosen job's micro-task: int(T * round) steps, or what is left, ending at start + steps / T. */
  private dispatch(): void {
    const { store, active, K } = this;
    const duration = this.mechanism.roundDuration;
    this.dispatched.length = 0;
    this.roundStart = this.time;
    let end = this.time;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const k = store.scheduled[j]!;
      if (k < 0) continue;
      if (Number.isNaN(store.start[j]!)) store.start[j] = this.time;
      const throughput = store.throughputs[j * K + k]!;
      const left = store.totalSteps[j]! - store.stepsDone[j]!;
      // Python's int() truncates; a job slower than a step per round makes fractional progress.
      const whole = Math.trunc(throughput * duration);
      const steps = Math.min(whole > 0 ? whole : throughput * duration, left);
      const finish = this.time + steps / throughput;
      store.roundSteps[j] = steps;
      store.roundFinish[j] = finish;
      if (finish > end) end = finish;
      this.dispatched.push(j);
    }
    this.roundEnd = this.dispatched.length > 0 ? end : this.idleUntil();
  }

  /**
   * When nothing runs although jobs are active (they wait for an allocation), the round lasts
   * until the next event: the next arrival or, with `wait`, the moment a reset is allowed. Gavel
   * (`hold`) waits for the next arrival only; with every job arrived and the forced reset on, the
   * reset comes at once.
   */
  private idleUntil(): number {
    const { mechanism } = this;
    if (this.active.length === 0) return this.pending ? this.pending.arrival : this.time;
    // Only a change of the job set can bring a reset, so only then is its time an event.
    const resetAt = this.jobSetChanged
      ? Math.max(this.time, this.lastReset + mechanism.minReallocationInterval)
      : Number.POSITIVE_INFINITY;
    if (this.pending) {
      const next = Math.max(this.time, this.pending.arrival);
      return mechanism.unallocatedJobs === 'hold' ? next : Math.min(next, resetAt);
    }
    if (!this.jobSetChanged) {
      throw new Error(
        `simulation stalled at t=${this.time}: ${this.active.length} jobs are active, none can run and no event is due`,
      );
    }
    return mechanism.forcedReset && this.input.workload.total !== undefined ? this.time : resetAt;
  }

  /** The clock moves to the round's end; every micro-task completes there and is credited. */
  private eventJumpAndCompletion(): void {
    const { store, dispatched, mechanism, shares, jctBound } = this;
    this.time = this.roundEnd;
    this.finishing.length = 0;
    if (dispatched.length > 0) {
      // Gavel measures execution time from the previous round's end (an idle spell included).
      if (mechanism.idleCredit) {
        if (!Number.isNaN(this.lastRoundEnd)) this.creditFrom = this.lastRoundEnd;
        this.lastRoundEnd = this.roundEnd;
      } else this.creditFrom = this.roundStart;
      for (const j of dispatched) {
        const k = store.scheduled[j]!;
        const finish = store.roundFinish[j]!;
        shares.credit(store, j, k, finish - this.creditFrom);
        store.stepsDone[j]! += store.roundSteps[j]!;
        if (jctBound)
          jctBound.progressed(
            store.id[j]!,
            (store.roundSteps[j]! * store.isolatedTime[j]!) / store.totalSteps[j]!,
          );
        if (store.totalSteps[j]! - store.stepsDone[j]! <= 0) {
          store.finish[j] = finish;
          this.finishing.push(j);
        }
      }
    } else if (
      mechanism.forcedReset &&
      !this.pending &&
      this.input.workload.total !== undefined &&
      this.active.length > 0
    ) {
      // Gavel's trace mode: every job arrived and nothing ran, so the next reset comes now
      // (last_reset_time = 0, which also makes that reset's deficits count from t = 0).
      this.lastReset = 0;
      this.forceReset = true;
    }
    if (this.finishing.length === 0) return;
    const { input, info } = this;
    for (const j of this.finishing) {
      this.completed++;
      const jct = store.finish[j]! - store.arrival[j]!;
      this.jctSum += jct;
      const id = store.id[j]!;
      if (input.window && id >= input.window.first && id < input.window.last) this.windowDone++;
      this.jctBound?.finished(id, store.arrival[j]!, jct);
      if (info) this.logger.record('EVENT', { event: 'completion', time: store.finish[j], job: id, jct });
    }
  }

  /** One row of metrics and the run file's round (owners as placed at the round's start). */
  private telemetry(): void {
    const { store, rounds, info, shared } = this;
    const row = rounds.row;
    if (shared) shared.refreshHolders();
    const fragmented = shared
      ? shared.fragmentedGpus()
      : clusterFragmentation(this.cluster, this.fragmentation!, this.placer!.free);
    fillRoundRow(row, this.cluster, store, this.active, this.busy, this.unit, fragmented, {
      time: this.roundStart,
      duration: this.time - this.roundStart,
      running: this.running,
      completed: this.completed,
      arrivals: this.arrivals,
      jctSum: this.jctSum,
      kept: this.kept,
    });
    if (shared) row[row.length - 1] = shared.shared.size;
    rounds.commit();
    if (shared) this.recorder.recordRound(this.roundStart, shared.owner, row, shared.shared);
    else this.recorder.recordRound(this.roundStart, this.placer!.owner, row);
    if (info) {
      const record: Record<string, number> = { round: rounds.count - 1 };
      for (let m = 0; m < rounds.names.length; m++) record[rounds.names[m]!] = row[m]!;
      this.logger.record('TELEMETRY', record);
    }
    if (this.showProgress) {
      this.progress.update(
        this.input.window ? this.windowDone : this.completed,
        `round ${rounds.count}, t=${Math.round(this.time)} s, ${this.active.length} active`,
      );
    }
  }

  /** Finished jobs give their GPUs back at the round's end, once the round is recorded. */
  private retireFinished(): void {
    const { store } = this;
    if (this.finishing.length === 0) return;
    for (const j of this.finishing) {
      const held = store.held[j];
      if (held) this.placer!.release(held);
      this.shared?.release(j);
      store.held[j] = null;
      store.heldType[j] = -1;
      store.scheduled[j] = -1;
    }
    this.active = this.active.filter((j) => Number.isNaN(store.finish[j]!));
    this.jobSetChanged = true;
  }

  private exitChecks(recorded: boolean): void {
    const { input } = this;
    if (input.window && this.windowDone >= input.window.last - input.window.first) this.endReason = 'window';
    else if (!input.window && this.active.length === 0 && !this.pending) this.endReason = 'completed';
    else if (input.maxSimTime !== undefined && this.time >= input.maxSimTime) this.endReason = 'max-sim-time';
    else if (
      input.maxWallTime !== undefined &&
      (performance.now() - this.wallStart) / 1000 >= input.maxWallTime
    )
      this.endReason = 'max-wall-time';
    else if (input.signal?.aborted) this.endReason = 'aborted';
    else if (this.jctBound?.exceeded(this.time)) this.endReason = 'jct-cutoff';
    else if (this.pastWindowDeadline()) this.endReason = 'window-deadline';
    else if (
      recorded &&
      !input.workload.total &&
      this.saturation.push(
        this.arrivals,
        this.finishing.length,
        this.rounds.row[M.utilization]!,
        this.rounds.row[M.queued]!,
      )
    ) {
      this.endReason = 'saturated';
    }
  }

  private pastWindowDeadline(): boolean {
    const deadline = this.input.windowDeadline;
    const allArrivedAt = this.jctBound?.allArrivedAt;
    return deadline !== undefined && allArrivedAt !== undefined && this.time >= allArrivedAt + deadline;
  }

  private output(): EngineOutput {
    const { store } = this;
    const wallSeconds = (performance.now() - this.wallStart) / 1000;
    const n = store.count;
    const runFile = this.recorder.finish({
      id: store.id.slice(0, n),
      jobType: Array.from(store.jobTypeIndex.subarray(0, n), (t) => store.jobTypeNames[t]!),
      scaleFactor: store.scaleFactor.slice(0, n),
      arrival: store.arrival.slice(0, n),
      start: store.start.slice(0, n),
      finish: store.finish.slice(0, n),
      priorityWeight: store.priorityWeight.slice(0, n),
    });
    return {
      store,
      rounds: this.rounds,
      runFile,
      endReason: this.endReason!,
      endTime: this.time,
      profile: this.profiler.report(wallSeconds, this.rounds.count),
      profileRounds: this.profiler.roundTable(),
      reallocations: this.reallocations,
      leaseExtensions: this.leaseExtensions,
      placements: this.placements,
      spreadPlacements: this.placer?.spreadPlacements ?? 0,
      sharedPlacementFallbacks: this.shared?.fallbacks,
      policyWarnings: this.policyWarnings,
      windowJctBound:
        this.endReason === 'jct-cutoff' || this.endReason === 'window-deadline'
          ? this.jctBound?.lowerBound(this.time)
          : undefined,
    };
  }
}

function anyPositive(values: Float64Array, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (values[i]! > 0) return true;
  return false;
}
