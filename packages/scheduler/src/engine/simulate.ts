import { performance } from 'node:perf_hooks';
import type { Logger, Progress } from 'kit';
import type { Cluster } from '../cluster/cluster.ts';
import { RunRecorder } from '../format/index.ts';
import { M, metricNames, RoundTable } from '../metrics/round-metrics.ts';
import { fillRoundRow } from '../metrics/telemetry.ts';
import { fragmentationTable } from '../placement/fragmentation.ts';
import { Placer } from '../placement/placer.ts';
import { createChooseNode, type PlacementName } from '../placement/strategies.ts';
import type { AllocationProblem, Policy } from '../policies/types.ts';
import { type ProfileReport, type ProfileRounds, Profiler } from '../profile/profiler.ts';
import { createRandom, deriveSeed } from '../random.ts';
import type { JobSpec, Workload } from '../workload/job.ts';
import { type EndReason, SaturationDetector, WindowJctBound } from './end-reason.ts';
import { JobStore } from './job-store.ts';
import { Selector } from './select.ts';

export interface EngineInput {
  cluster: Cluster;
  workload: Workload;
  policy: Policy;
  placement: PlacementName;
  seed: number;
  roundDuration: number;
  minReallocationInterval: number;
  maxSimTime: number | undefined;
  maxWallTime: number | undefined;
  /** Job ids [first, last) whose completion ends a steady-state run. */
  window: { first: number; last: number } | undefined;
  /** Seconds: end the run once the window's average JCT is sure to exceed this (needs a window). */
  maxWindowJct: number | undefined;
  /** Written into the run file header. */
  config: Record<string, unknown>;
  logger: Logger;
  /** Makes the progress display for a run of `total` units (window jobs or all jobs); none when absent. */
  progress: ((total: number) => Progress) | undefined;
  signal: AbortSignal | undefined;
  /** Time every phase (see Profiler). */
  profile: boolean;
}

export interface EngineOutput {
  store: JobStore;
  rounds: RoundTable;
  runFile: Uint8Array;
  endReason: EndReason;
  /** Simulated seconds at the end. */
  endTime: number;
  profile: ProfileReport;
  profileRounds: ProfileRounds | undefined;
  reallocations: number;
  leaseExtensions: number;
  placements: number;
  spreadPlacements: number;
  policyWarnings: number;
}

/** Runs the round loop. Pure apart from the logger and the progress display it is given. */
export async function simulate(input: EngineInput): Promise<EngineOutput> {
  const { cluster, workload, policy, logger, roundDuration: duration } = input;
  const K = cluster.gpuTypes.length;
  const info = logger.enabled('info');
  const debug = logger.enabled('debug');
  const profiler = new Profiler(input.profile);
  const wallStart = performance.now();

  const store = new JobStore(K);
  const fragmentation = fragmentationTable(cluster, workload.sizeMix);
  const placer = new Placer(
    cluster,
    createChooseNode(input.placement, cluster, {
      random: createRandom(deriveSeed(input.seed, 10)),
      fragmentation,
    }),
  );
  const selector = new Selector(cluster.capacities);
  const names = metricNames(cluster.gpuTypes);
  const rounds = new RoundTable(names);
  const recorder = new RunRecorder({
    config: input.config,
    gpuTypes: [...cluster.gpuTypes],
    nodes: cluster.nodes.map((node) => ({ type: node.type, gpus: node.gpus })),
    metricNames: names,
  });
  const saturation = new SaturationDetector(duration);
  const jctBound =
    input.window && input.maxWindowJct !== undefined
      ? new WindowJctBound(input.window, input.maxWindowJct)
      : undefined;
  const progressTotal = input.window ? input.window.last - input.window.first : (workload.total ?? 0);
  // The detail text is only built when there is a display to show it.
  const showProgress = input.progress !== undefined;
  const progress = input.progress?.(progressTotal) ?? { update() {}, finish() {} };

  let active: number[] = [];
  const finishing: number[] = [];
  const busy = new Float64Array(K);
  let pending: JobSpec | undefined = workload.next();
  let time = pending ? pending.arrival : 0;
  let jobSetChanged = false;
  let lastAllocation = Number.NEGATIVE_INFINITY;
  let sinceReallocation = 0;
  let completed = 0;
  let jctSum = 0;
  let windowDone = 0;
  let reallocations = 0;
  let leaseExtensions = 0;
  let placements = 0;
  let policyWarnings = 0;
  let endReason: EndReason | undefined;

  const admit = (spec: JobSpec) => {
    const j = store.add(spec);
    active.push(j);
    jctBound?.arrived(spec.id, spec.arrival);
    if (info) {
      logger.record('EVENT', {
        event: 'arrival',
        time: spec.arrival,
        job: spec.id,
        type: spec.jobType,
        scaleFactor: spec.scaleFactor,
      });
    }
  };

  while (endReason === undefined) {
    const roundStart = profiler.now();
    let mark = roundStart;

    // job_arrivals: everything that arrived by the start of this round joins now.
    let arrivals = 0;
    while (pending && pending.arrival <= time) {
      admit(pending);
      arrivals++;
      pending = workload.next();
    }
    if (arrivals > 0) jobSetChanged = true;
    mark = profiler.lap('job_arrivals', mark);

    if (active.length === 0) {
      if (!pending) {
        endReason = 'completed';
        break;
      }
      // Nothing to run: jump to the next arrival.
      time = pending.arrival;
      profiler.lap('event_jump_and_completion', mark);
      continue;
    }

    // allocation: only when the job set changed and the interval allows it.
    let policyMs = 0;
    if (jobSetChanged && time - lastAllocation >= input.minReallocationInterval) {
      const allocationStart = mark;
      const previousAllocation = new Map<string, Float64Array>();
      const jobs = active.map((j) => {
        const problemJob = store.problemJobs[j]!;
        // Gavel's num_steps_remaining and times_since_start, for the policies that read them.
        problemJob.stepsRemaining = store.totalSteps[j]! - store.stepsDone[j]!;
        problemJob.timeSinceArrival = time - store.arrival[j]!;
        if (anyPositive(store.allocation, j * K, K)) {
          previousAllocation.set(problemJob.id, store.allocation.slice(j * K, j * K + K));
        }
        return problemJob;
      });
      const problem: AllocationProblem = {
        workerTypes: cluster.gpuTypes,
        capacities: cluster.capacities,
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
        policyWarnings++;
        logger.warn(
          `policy ${policy.name} at t=${time}: ${stats.message ?? 'failed'}; kept the previous allocation`,
        );
      } else if (stats.message && debug) logger.debug(`policy ${policy.name} at t=${time}: ${stats.message}`);
      for (let a = 0; a < active.length; a++) {
        const j = active[a]!;
        for (let k = 0; k < K; k++) {
          store.allocation[j * K + k] = result.x[a * K + k]!;
          store.recentTime[j * K + k] = 0;
        }
      }
      // Build / solve / read is the split of an LP policy's call; other policies report zeros,
      // which as rows would only dilute the counts.
      if (stats.lpSolves > 0) {
        profiler.addSub('allocation_build', stats.buildSeconds * 1000);
        profiler.addSub('lp_solve', stats.solveSeconds * 1000);
        profiler.noteSolve(jobs.length, stats.solveSeconds * 1000);
        profiler.addSub('allocation_read', stats.readSeconds * 1000);
      }
      sinceReallocation = 0;
      lastAllocation = time;
      jobSetChanged = false;
      reallocations++;
      mark = profiler.lap('allocation', mark);
      policyMs = mark - allocationStart;
    }

    // priorities and greedy selection per type.
    for (let a = 0; a < active.length; a++) store.scheduled[active[a]!] = -1;
    const candidates = selector.prioritize(store, active, sinceReallocation);
    const running = selector.select(store, candidates, store.scheduled, busy);
    mark = profiler.lap('priorities', mark);

    // worker_assignment: lease extension, then placement of the rest (largest jobs first).
    const assignStart = mark;
    let kept = 0;
    const toPlace: number[] = [];
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const held = store.held[j];
      if (held && store.heldType[j] !== store.scheduled[j]) {
        placer.release(held);
        store.held[j] = null;
        store.heldType[j] = -1;
      }
    }
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      if (store.scheduled[j]! < 0) continue;
      if (store.held[j]) kept++;
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
      if (debug)
        logger.debug(
          `round t=${time}: job ${store.id[j]} placed on ${cluster.gpuTypes[type]} GPUs ${gpus.join(' ')}`,
        );
    }
    leaseExtensions += kept;
    placements += toPlace.length;
    mark = profiler.lap('worker_assignment', mark);
    profiler.addSub('placement', mark - leaseMark);

    // event_jump_and_completion: progress, completions within the round, deficits.
    finishing.length = 0;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const base = j * K;
      for (let k = 0; k < K; k++) store.deficit[base + k]! += store.allocation[base + k]! * duration;
      const k = store.scheduled[j]!;
      if (k < 0) continue;
      if (Number.isNaN(store.start[j]!)) store.start[j] = time;
      store.recentTime[base + k]! += duration;
      store.deficit[base + k]! -= duration;
      const throughput = store.throughputs[base + k]!;
      const left = store.totalSteps[j]! - store.stepsDone[j]!;
      if (left <= throughput * duration) {
        store.stepsDone[j] = store.totalSteps[j]!;
        store.finish[j] = time + left / throughput;
        finishing.push(j);
      } else store.stepsDone[j]! += throughput * duration;
    }
    sinceReallocation += duration;
    for (const j of finishing) {
      completed++;
      const jct = store.finish[j]! - store.arrival[j]!;
      jctSum += jct;
      const id = store.id[j]!;
      if (input.window && id >= input.window.first && id < input.window.last) windowDone++;
      jctBound?.finished(id, store.arrival[j]!, jct);
      if (info) logger.record('EVENT', { event: 'completion', time: store.finish[j], job: id, jct });
    }
    mark = profiler.lap('event_jump_and_completion', mark);

    // telemetry: one row of metrics and the run-file round, with this round's owners.
    const row = rounds.row;
    fillRoundRow(row, cluster, store, active, busy, fragmentation, placer.free, {
      time,
      running,
      completed,
      arrivals,
      jctSum,
      kept,
    });
    rounds.commit();
    recorder.recordRound(time, placer.owner, row);
    if (info) {
      const record: Record<string, number> = { round: rounds.count - 1 };
      for (let m = 0; m < names.length; m++) record[names[m]!] = row[m]!;
      logger.record('TELEMETRY', record);
    }
    // A job finishing mid-round frees its GPUs at the round end, as in Gavel.
    if (finishing.length > 0) {
      for (const j of finishing) {
        const held = store.held[j];
        if (held) placer.release(held);
        store.held[j] = null;
        store.heldType[j] = -1;
        store.scheduled[j] = -1;
      }
      active = active.filter((j) => Number.isNaN(store.finish[j]!));
      jobSetChanged = true;
    }
    time += duration;
    if (showProgress) {
      progress.update(
        input.window ? windowDone : completed,
        `round ${rounds.count}, t=${Math.round(time)} s, ${active.length} active`,
      );
    }
    mark = profiler.lap('telemetry', mark);

    // exit_checks.
    if (input.window && windowDone >= input.window.last - input.window.first) endReason = 'window';
    else if (!input.window && active.length === 0 && !pending) endReason = 'completed';
    else if (input.maxSimTime !== undefined && time >= input.maxSimTime) endReason = 'max-sim-time';
    else if (input.maxWallTime !== undefined && (performance.now() - wallStart) / 1000 >= input.maxWallTime)
      endReason = 'max-wall-time';
    else if (input.signal?.aborted) endReason = 'aborted';
    else if (jctBound?.exceeded(time)) endReason = 'jct-cutoff';
    else if (
      !workload.total &&
      saturation.push(arrivals, finishing.length, row[M.utilization]!, row[M.queued]!)
    ) {
      endReason = 'saturated';
    }
    const end = profiler.lap('exit_checks', mark);
    profiler.endRound(end - roundStart, policyMs);
  }
  progress.finish();

  const wallSeconds = (performance.now() - wallStart) / 1000;
  const runFile = recorder.finish({
    id: store.id.slice(0, store.count),
    jobType: Array.from(store.jobTypeIndex.subarray(0, store.count), (t) => store.jobTypeNames[t]!),
    scaleFactor: store.scaleFactor.slice(0, store.count),
    arrival: store.arrival.slice(0, store.count),
    start: store.start.slice(0, store.count),
    finish: store.finish.slice(0, store.count),
    priorityWeight: store.priorityWeight.slice(0, store.count),
  });
  return {
    store,
    rounds,
    runFile,
    endReason,
    endTime: time,
    profile: profiler.report(wallSeconds, rounds.count),
    profileRounds: profiler.roundTable(),
    reallocations,
    leaseExtensions,
    placements,
    spreadPlacements: placer.spreadPlacements,
    policyWarnings,
  };
}

function anyPositive(values: Float64Array, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (values[i]! > 0) return true;
  return false;
}
