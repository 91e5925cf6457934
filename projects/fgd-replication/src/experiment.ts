import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createProgress, sharedPath } from 'kit';
import { loadOpenbNodes, loadPodTable, roundsAtPercent, runGrid, writeArrivalsOutputs } from 'scheduler';
import { LINKED_SEED, paperCurveSets, RECORD_EVERY, runLink } from './results-document.ts';

/**
 * Reruns FGD's arrivals experiment, the paper's six policies x seeds 42-51 on the shared openb
 * node and pod lists (`gpusim arrivals` does the same), into data/arrivals/: summary.json,
 * aggregate.csv (median, quartiles and mean over seeds per policy, metric and arrived %), pending.csv
 * and fgd-arrivals.results.json (every seed's curves with the paper's beside them, for the
 * viewer's Results view). `dataDir` holds paper-curves/.
 */
export async function runExperiment(outDir: string, dataDir = join(outDir, '..')): Promise<string[]> {
  const nodes = sharedPath('data', 'scheduler', 'openb_node_list_gpu_node.csv');
  const podsFile = sharedPath('data', 'scheduler', 'openb_pod_list_default.csv');
  if (!nodes || !podsFile)
    throw new Error('the experiment needs ../shared/data/scheduler (openb node and pod lists)');
  const cluster = await loadOpenbNodes(nodes);
  const pods = await loadPodTable(podsFile, cluster);
  const reference = paperCurveSets(dataDir);
  const progress = createProgress({ total: 60, label: 'arrivals' });
  // Where each arrived % is in the run file of the one seed per policy a point opens.
  const rounds = new Map<string, Int32Array>();
  const results = runGrid(cluster, pods, {
    onRun: (done, _total, run) => {
      progress.update(done, `${run.policy} ${run.seed}`);
      if (run.seed === LINKED_SEED) rounds.set(run.policy, roundsAtPercent(run, RECORD_EVERY));
    },
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
    // The per-seed curves are kept once, in the results document (4 decimals), not also as CSV.
    {
      perSeedCurves: false,
      reference,
      runLink: (policy, seed, x) => {
        const at = seed === LINKED_SEED ? rounds.get(policy) : undefined;
        return at ? runLink(outDir, policy, x, at) : undefined;
      },
    },
  );
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = createLogger({ level: 'info', name: 'fgd-replication' });
  const dir = join(fileURLToPath(new URL('..', import.meta.url)), 'data', 'arrivals');
  for (const file of await runExperiment(dir)) log.info(`wrote ${file}`);
}
