import { type PodTable, podMilliGpu } from '../placement/sharing/pods.ts';
import type { GoRandom } from '../random-go/go-random.ts';

/**
 * The order in which the FGD simulator submits pods (`Simulate` in pkg/simulator/core.go, with the
 * paper's `--shuffle-pod=true -tune 1.3 -tuneseed S`): after `rand.Seed(S)` (and one `rand.Int()`
 * spent on a debug log line), the pods sorted by name are shuffled; then, while the total GPU
 * request stays within `tune` x the cluster's GPU capacity, pods drawn uniformly from the name-
 * sorted list are appended as copies ("tune up"; above the target, random pods are removed
 * instead). As in Go, the stop test adds only the drawn pod's per-GPU milli-GPU, not its total,
 * so a multi-GPU draw can overshoot the target. Returns pod rows in submission order.
 */
export function submissionOrder(
  pods: PodTable,
  capacityMilli: number,
  tune: number,
  random: GoRandom,
): Int32Array {
  random.int63();
  const byName = Array.from({ length: pods.names.length }, (_, p) => p).sort((a, b) =>
    pods.names[a]! < pods.names[b]! ? -1 : pods.names[a]! > pods.names[b]! ? 1 : 0,
  );
  const order = byName.slice();
  random.shuffle(order.length, (i, j) => {
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  });
  if (!(tune > 0)) return Int32Array.from(order);
  let total = 0;
  for (const p of order) total += podMilliGpu(pods, p);
  const target = tune * capacityMilli;
  if (total > target) {
    while (total > target) {
      const at = random.intn(order.length);
      total -= podMilliGpu(pods, order[at]!);
      order.splice(at, 1);
    }
    return Int32Array.from(order);
  }
  if (total === target) return Int32Array.from(order);
  for (;;) {
    const p = byName[random.intn(byName.length)]!;
    if (total + pods.gpuMilli[p]! > target) break;
    total += podMilliGpu(pods, p);
    order.push(p);
  }
  return Int32Array.from(order);
}
