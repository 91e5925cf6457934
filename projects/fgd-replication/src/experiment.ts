import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createProgress, sharedPath } from 'kit';
import { loadOpenbNodes, loadPodTable, runGrid, writeArrivalsOutputs } from 'scheduler';

/**
 * Reruns FGD's arrivals experiment, the paper's six policies x seeds 42-51 on the shared openb
 * node and pod lists (`gpusim arrivals` does the same), into data/arrivals/: summary.json,
 * aggregate.csv (median, quartiles and mean over seeds per policy, metric and arrived %), pending.csv.
 */
export async function runExperiment(outDir: string): Promise<string[]> {
  const nodes = sharedPath('data', 'scheduler', 'openb_node_list_gpu_node.csv');
  const podsFile = sharedPath('data', 'scheduler', 'openb_pod_list_default.csv');
  if (!nodes || !podsFile)
    throw new Error('the experiment needs ../shared/data/scheduler (openb node and pod lists)');
  const cluster = await loadOpenbNodes(nodes);
  const pods = await loadPodTable(podsFile, cluster);
  const progress = createProgress({ total: 60, label: 'arrivals' });
  const results = runGrid(cluster, pods, {
    onRun: (done, _total, run) => progress.update(done, `${run.policy} ${run.seed}`),
  });
  progress.finish();
  const written = await writeArrivalsOutputs(
    outDir,
    {
      nodes: '../shared/data/scheduler/openb_node_list_gpu_node.csv',
      pods: '../shared/data/scheduler/openb_pod_list_default.csv',
      tune: 1.3,
      seeds: results[0]!.seeds,
      totalGpus: cluster.totalGpus,
      nodeCount: cluster.nodes.length,
      podRows: pods.names.length,
    },
    results,
    // Per-seed curves are large and reproducible: the committed data keeps the aggregate only.
    { perSeedCurves: false },
  );
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = createLogger({ level: 'info', name: 'fgd-replication' });
  const dir = join(fileURLToPath(new URL('..', import.meta.url)), 'data', 'arrivals');
  for (const file of await runExperiment(dir)) log.info(`wrote ${file}`);
}
