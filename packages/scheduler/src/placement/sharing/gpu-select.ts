import type { GoRandom } from '../../random-go/go-random.ts';
import { MILLI } from './pods.ts';
import type { ShareState } from './state.ts';

/**
 * Which GPUs of the chosen node a pod gets, as the FGD simulator's Open-Gpu-Share plugin picks
 * them. A whole-GPU pod always takes the first fully free GPUs by index. A pod sharing a GPU
 * takes, depending on the policy: the tightest GPU that fits ("best", first index on ties), a
 * uniformly random one that fits ("random"), or the first one that fits ("first").
 */
export function exclusiveGpus(state: ShareState, node: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const first = state.cluster.nodeFirstGpu[node]!;
  const end = first + state.cluster.nodeGpus[node]!;
  let taken = 0;
  for (let g = first; g < end && taken < count; g++) if (state.milliLeft[g] === MILLI) out[taken++] = g;
  if (taken < count) throw new Error(`internal: node ${node} has fewer than ${count} free GPUs`);
  return out;
}

export function bestFitGpu(state: ShareState, node: number, milli: number): number {
  const first = state.cluster.nodeFirstGpu[node]!;
  const end = first + state.cluster.nodeGpus[node]!;
  let best = -1;
  for (let g = first; g < end; g++) {
    const left = state.milliLeft[g]!;
    if (left >= milli && (best < 0 || left < state.milliLeft[best]!)) best = g;
  }
  return best;
}

export function firstFitGpu(state: ShareState, node: number, milli: number): number {
  const first = state.cluster.nodeFirstGpu[node]!;
  const end = first + state.cluster.nodeGpus[node]!;
  for (let g = first; g < end; g++) if (state.milliLeft[g]! >= milli) return g;
  return -1;
}

/** Reservoir sampling over the GPUs that fit, one draw per candidate, as Go's random fit does. */
export function randomFitGpu(state: ShareState, node: number, milli: number, random: GoRandom): number {
  const first = state.cluster.nodeFirstGpu[node]!;
  const end = first + state.cluster.nodeGpus[node]!;
  let chosen = -1;
  let candidates = 0;
  for (let g = first; g < end; g++) {
    if (state.milliLeft[g]! >= milli && random.intn(++candidates) === 0) chosen = g;
  }
  return chosen;
}
