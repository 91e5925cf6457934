import { randomFitGpu } from '../gpu-select.ts';
import { chooseGpus } from './choose-gpus.ts';
import type { PolicyContext, SharePolicy } from './types.ts';

/**
 * Random-fit (`RandomScore`): a uniformly random feasible node, drawn in PreScore with
 * `rand.Intn(len(nodes))`, and a uniformly random GPU that fits for a shared request.
 */
export function randomPolicy(context: PolicyContext): SharePolicy {
  return {
    name: 'random',
    score: () => 0,
    choose: (feasible, count) => feasible[context.random.intn(count)]!,
    selectGpus: (node, pod) =>
      chooseGpus(context, node, pod, (n, milli) => randomFitGpu(context.state, n, milli, context.random)),
  };
}
