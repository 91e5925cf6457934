/**
 * The arrivals benchmark (`npm run bench -w scheduler -- --only arrivals`, or `npx tsx
 * bench/arrivals.ts`): one FGD run of the paper's workload (openb_pod_list_default inflated to
 * 130%, about 10,900 pods on 1,213 nodes; target under 2 s), then the paper's whole grid, six
 * policies x seeds 42-51 (target under 3 minutes). Needs ../shared/data/scheduler. Prints
 * figures; asserts nothing. `--quick` times the single runs only.
 */
import { sharedPath } from 'kit';
import { loadOpenbNodes } from '../src/cluster/openb-nodes.ts';
import { runArrivals } from '../src/experiments/arrivals.ts';
import { PAPER_POLICIES, PAPER_SEEDS, runGrid } from '../src/experiments/grid.ts';
import { loadPodTable } from '../src/placement/sharing/pods.ts';

export async function runArrivalsBenchmark(quick = false): Promise<string> {
  const nodesFile = sharedPath('data', 'scheduler', 'openb_node_list_gpu_node.csv');
  const podsFile = sharedPath('data', 'scheduler', 'openb_pod_list_default.csv');
  if (!nodesFile || !podsFile) return 'arrivals: skipped (../shared/data/scheduler is absent)';
  const cluster = await loadOpenbNodes(nodesFile);
  const pods = await loadPodTable(podsFile, cluster);
  const lines = [
    `arrivals: ${cluster.nodes.length} nodes, ${cluster.totalGpus} GPUs, ${pods.names.length} pod rows, tune 1.3`,
  ];
  runArrivals(cluster, pods, { policy: 'fgd', seed: 41 }); // warm-up (JIT)
  for (const policy of PAPER_POLICIES) {
    const times: number[] = [];
    let arrivals = 0;
    for (const seed of [42, 43, 44]) {
      const run = runArrivals(cluster, pods, { policy, seed });
      times.push(run.wallSeconds);
      arrivals = run.pods.length;
    }
    times.sort((a, b) => a - b);
    lines.push(
      `  one run, ${policy}: median ${times[1]!.toFixed(2)} s of 3 (${arrivals} arrivals at seed 44)`,
    );
  }
  if (!quick) {
    const started = performance.now();
    const results = runGrid(cluster, pods);
    const seconds = (performance.now() - started) / 1000;
    const runs = results.reduce((sum, result) => sum + result.seeds.length, 0);
    lines.push(
      `  grid, ${PAPER_POLICIES.length} policies x ${PAPER_SEEDS.length} seeds: ${seconds.toFixed(1)} s for ${runs} runs`,
    );
    lines.push(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runArrivalsBenchmark(process.argv.includes('--quick')));
}
