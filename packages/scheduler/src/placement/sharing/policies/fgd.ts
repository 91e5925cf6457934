import { FRAG_CLASS_COUNT, fragOf, nodeFragClasses } from '../fragmentation.ts';
import { MILLI } from '../pods.ts';
import { chooseGpus } from './choose-gpus.ts';
import type { NodeFragMemo } from './frag-memo.ts';
import { MAX_NODE_SCORE, type PolicyContext, type SharePolicy } from './types.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * FGD, fragmentation gradient descent (`FGDScore`): the node (and, for a shared request, the GPU)
 * where placing the pod grows the node's fragmentation least. Score = sigmoid((frag before -
 * frag after) / 1000) x 100, truncated to an integer as in Go; a shared request takes the best of
 * its candidate GPUs (the first by index on ties). Fragmentation is FGD's measure against the
 * target workload (`fragmentation.ts`).
 *
 * Speed: a score depends only on the node's state and the pod's shape, so it is kept per (state,
 * shape). Node states never change once seen (a node moves to a new state), so entries never go
 * stale, and identical nodes share them.
 */
export function fgdPolicy(context: PolicyContext, memo: NodeFragMemo): SharePolicy {
  const { pods, state, cluster, typical } = context;
  const shapes = podShapes(context);
  const scores: Int16Array[] = [];
  const left = new Int32Array(16);
  const after = new Float64Array(FRAG_CLASS_COUNT);

  const fragAfter = (node: number, cpuLeft: number, count: number): number => {
    nodeFragClasses(typical, cluster.nodeType[node]!, cpuLeft, left, 0, count, after, 0);
    return fragOf(after, 0);
  };
  const toScore = (before: number, afterFrag: number) =>
    Math.trunc(sigmoid((before - afterFrag) / 1000) * MAX_NODE_SCORE);

  /** The node's score for the pod: the best candidate GPU for a share, else the one way to place it. */
  const compute = (node: number, pod: number): number => {
    const before = memo.frag(node);
    const cpuLeft = state.cpuLeft[node]! - pods.cpuMilli[pod]!;
    const count = state.sortedLeft(node, left);
    const num = pods.numGpu[pod]!;
    const milli = pods.gpuMilli[pod]!;
    if (num === 1 && milli < MILLI) {
      let best = -1;
      for (let i = 0; i < count; i++) {
        const v = left[i]!;
        if (v < milli || (i > 0 && v === left[i - 1])) continue;
        left[i] = v - milli;
        const score = toScore(before, fragAfter(node, cpuLeft, count));
        left[i] = v;
        if (score > best) best = score;
      }
      return Math.max(best, 0);
    }
    // Whole GPUs (or none): take them from the smallest free shares that fit, as NodeResource.Sub.
    let need = num;
    for (let i = 0; i < count && need > 0; i++) {
      if (milli <= left[i]!) {
        left[i]! -= milli;
        need--;
      }
    }
    return toScore(before, fragAfter(node, cpuLeft, count));
  };

  return {
    name: 'fgd',
    score(node, pod) {
      const id = state.stateId[node]!;
      let row = scores[id];
      if (!row) {
        row = new Int16Array(shapes.count).fill(-1);
        scores[id] = row;
      }
      const shape = shapes.of[pod]!;
      let score = row[shape]!;
      if (score < 0) {
        score = compute(node, pod);
        row[shape] = score;
      }
      return score;
    },
    selectGpus: (node, pod) =>
      chooseGpus(context, node, pod, (n, milli) => {
        // The first GPU by index whose placement scores best.
        const before = memo.frag(n);
        const cpuLeft = state.cpuLeft[n]! - pods.cpuMilli[pod]!;
        const first = cluster.nodeFirstGpu[n]!;
        const count = cluster.nodeGpus[n]!;
        let chosen = -1;
        let best = 0;
        for (let i = 0; i < count; i++) {
          const v = state.milliLeft[first + i]!;
          if (v < milli) continue;
          for (let j = 0; j < count; j++) left[j] = state.milliLeft[first + j]!;
          left[i] = v - milli;
          const score = toScore(before, fragAfter(n, cpuLeft, count));
          if (chosen < 0 || score > best) {
            chosen = first + i;
            best = score;
          }
        }
        return chosen;
      }),
  };
}

/** Pods with the same CPU, milli-GPU, GPU count and allowed models score alike: one id each. */
function podShapes(context: PolicyContext): { of: Int32Array; count: number } {
  const { pods } = context;
  const ids = new Map<string, number>();
  const of = new Int32Array(pods.names.length);
  for (let p = 0; p < of.length; p++) {
    const key = `${pods.cpuMilli[p]}/${pods.gpuMilli[p]}/${pods.numGpu[p]}/${pods.spec[p]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    of[p] = id;
  }
  return { of, count: ids.size };
}
