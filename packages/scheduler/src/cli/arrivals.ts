import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger, createProgress, InputError, levelFromFlags, sharedPath, writeFileAtomic } from 'kit';
import { loadOpenbNodes } from '../cluster/openb-nodes.ts';
import { runArrivals } from '../experiments/arrivals.ts';
import { PAPER_POLICIES, runGrid } from '../experiments/grid.ts';
import { arrivalsSummary, writeArrivalsOutputs } from '../experiments/outputs.ts';
import { arrivalsRecorder } from '../experiments/run-file.ts';
import { loadPodTable } from '../placement/sharing/pods.ts';
import { SHARE_POLICY_NAMES, type SharePolicyName } from '../placement/sharing/policies/types.ts';

const EXAMPLES = `
Examples:
  gpusim arrivals --out out/fgd                       # the paper's grid: 6 policies x seeds 42-51
  gpusim arrivals --policy fgd,random --seeds 42 -q --out out/fgd-42
  gpusim arrivals --nodes nodes.csv --pods ../shared/data/scheduler/openb_pod_list_gpushare60.csv --out out/gpushare60
`;

interface ArrivalsFlags {
  runFile?: string;
  recordEvery: string;
  nodes?: string;
  pods?: string;
  policy: string;
  seeds: string;
  tune: string;
  out?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/** `gpusim arrivals`: FGD's arrivals-only experiment (Weng et al., ATC 2023, Fig. 7 and 9). */
export function registerArrivalsCommand(program: Command): void {
  program
    .command('arrivals')
    .description(
      "FGD's experiment: pods arrive and never leave until the arrived GPU demand reaches --tune x capacity; curves per policy and seed.",
    )
    .option('--nodes <file>', 'openb node list CSV (default: the shared openb_node_list_gpu_node.csv)')
    .option('--pods <file>', 'openb pod list CSV (default: the shared openb_pod_list_default.csv)')
    .option(
      '--policy <names>',
      `comma-separated, or "all" for the paper's six (${SHARE_POLICY_NAMES.join(', ')})`,
      'all',
    )
    .option('--seeds <list>', 'seeds: 42-51, or 42,43', '42-51')
    .option('--tune <ratio>', 'arrived GPU demand to reach, as a multiple of capacity', '1.3')
    .option(
      '--out <dir>',
      "write summary.json, curves.csv, aggregate.csv, pending.csv and fgd-arrivals.results.json (the viewer's Results view) here",
    )
    .option('--run-file <file>', 'also record the first policy and seed as a run.gpuviz for the viewer')
    .option('--record-every <n>', 'arrivals per recorded round in --run-file', '10')
    .option('-q, --quiet', 'warnings only')
    .option('-v, --verbose', 'one line per run')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: ArrivalsFlags) => {
      const logger = createLogger({ level: levelFromFlags(flags) });
      const nodesFile = flags.nodes ?? defaultInput('openb_node_list_gpu_node.csv', '--nodes');
      const podsFile = flags.pods ?? defaultInput('openb_pod_list_default.csv', '--pods');
      const policies = parsePolicies(flags.policy);
      const seeds = parseSeeds(flags.seeds);
      const tune = Number(flags.tune);
      if (!(tune > 0)) throw InputError.expected({ field: '--tune' }, 'a ratio > 0 such as 1.3', flags.tune);
      const every = Number(flags.recordEvery);
      if (!Number.isInteger(every) || every < 1)
        throw InputError.expected({ field: '--record-every' }, 'a whole number >= 1', flags.recordEvery);
      const cluster = await loadOpenbNodes(nodesFile);
      const pods = await loadPodTable(podsFile, cluster);
      const progress = createProgress({ total: policies.length * seeds.length, label: 'arrivals' });
      const started = performance.now();
      const results = runGrid(cluster, pods, {
        policies,
        seeds,
        tune,
        onRun: (done, _total, run) => {
          progress.update(done, `${run.policy} seed ${run.seed}`);
          logger.debug(
            `RUN ${JSON.stringify({ policy: run.policy, seed: run.seed, arrivals: run.pods.length, seconds: Number(run.wallSeconds.toFixed(3)) })}`,
          );
        },
      });
      progress.finish();
      const config = {
        nodes: nodesFile,
        pods: podsFile,
        tune,
        seeds,
        totalGpus: cluster.totalGpus,
        nodeCount: cluster.nodes.length,
        podRows: pods.names.length,
      };
      const seconds = (performance.now() - started) / 1000;
      if (flags.out) {
        const written = await writeArrivalsOutputs(resolve(flags.out), config, results);
        logger.info(`wrote ${written.join(', ')} (${seconds.toFixed(1)} s)`);
      } else {
        process.stdout.write(`${JSON.stringify(arrivalsSummary(config, results), null, 2)}\n`);
      }
      if (flags.runFile) {
        const recorder = arrivalsRecorder(cluster, pods, {
          policy: policies[0]!,
          seed: seeds[0]!,
          every,
          tune,
        });
        runArrivals(cluster, pods, {
          policy: policies[0]!,
          seed: seeds[0]!,
          tune,
          onArrival: recorder.onArrival,
        });
        await writeFileAtomic(resolve(flags.runFile), recorder.finish());
        logger.info(`wrote ${flags.runFile} (${policies[0]} seed ${seeds[0]})`);
      }
      for (const result of results) {
        const at = result.stats.unallocated_gpu.median[100];
        logger.info(
          `${result.policy}: unallocated GPU at 100% arrived demand ${at?.toFixed(2)}% (median of ${seeds.length})`,
        );
      }
    });
}

function defaultInput(name: string, flag: string): string {
  const path = sharedPath('data', 'scheduler', name);
  if (!path)
    throw new InputError(
      { field: flag },
      `expected a file (the default ../shared/data/scheduler/${name} is absent)`,
    );
  return path;
}

export function parsePolicies(text: string): SharePolicyName[] {
  if (text.trim() === 'all') return [...PAPER_POLICIES];
  const names = text.split(',').map((part) => part.trim());
  for (const name of names) {
    if (!(SHARE_POLICY_NAMES as readonly string[]).includes(name))
      throw InputError.expected(
        { field: '--policy' },
        `"all" or names among ${SHARE_POLICY_NAMES.join(', ')}`,
        name,
      );
  }
  return names as SharePolicyName[];
}

export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!range) throw InputError.expected({ field: '--seeds' }, 'seeds such as 42-51 or 42,43', part);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw InputError.expected({ field: '--seeds' }, 'a range low-high', part);
    for (let seed = from; seed <= to; seed++) seeds.push(seed);
  }
  if (seeds.length === 0 || seeds.length > 10000)
    throw InputError.expected({ field: '--seeds' }, '1 to 10,000 seeds', text);
  return seeds;
}
