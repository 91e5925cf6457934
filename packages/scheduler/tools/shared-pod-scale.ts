/**
 * How a pod that asks for part of a GPU should count in Gavel's allocation and fill: as the
 * GPUs it asks for (`fraction`, gpusim's choice: a quarter-GPU pod has scale factor 0.25 and
 * takes 250 milli-GPU of its type in the fill) or as a whole GPU (`whole`, with placement still
 * sharing), beside no sharing at all. Runs the openb default pod list with arrivals 2,000x closer
 * together on one node in four of the openb node list (bench/pod-list.ts), fgd placement:
 *
 *   npx tsx tools/shared-pod-scale.ts [--speedup 2000] [--every 4] [--policy fifo,max-min-fairness]
 *
 * Prints per policy and mode the average JCT, the mean delay (JCT minus run time) over all pods,
 * the shared ones and the whole-GPU ones, the longest wait to start, and the mean JCT over run
 * time (finish-time fairness; short pods waiting for a reset dominate it).
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from 'kit';
import { compressedPodList, nodeListPart, openbFiles } from '../bench/pod-list.ts';
import { runSimulation } from '../src/index.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const speedup = Number(flag('--speedup', '2000'));
const every = Number(flag('--every', '4'));
const policies = flag('--policy', 'fifo,max-min-fairness,single-type').split(',');
const files = openbFiles();
if (!files) {
  console.error('needs the shared openb node and pod lists (../shared/data/scheduler)');
  process.exit(2);
}
const podList = compressedPodList(files.pods, speedup);
// Whether each pod (by row, the job id) asks for part of a GPU, whatever the run made of it.
const podMilli = parseCsv(readFileSync(podList, 'utf8'), podList).records.map(({ values }) =>
  Number(values.gpu_milli),
);
const cluster = every > 1 ? nodeListPart(files.nodes, every) : files.nodes;
console.log(
  `openb default pod list, arrivals ${speedup}x closer, one node in ${every} of the openb node list, fgd placement\n`,
);
console.log(
  '| policy | shared pods count as | avg JCT | mean delay (JCT - run time): all / shared pods / whole-GPU pods | longest wait to start | mean JCT / run time |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const policy of policies) {
  for (const mode of ['fraction', 'whole', 'no sharing'] as const) {
    const result = await runSimulation(
      {
        cluster,
        podList,
        policy: policy as 'fifo',
        placement: 'fgd',
        roundDuration: 600,
        ...(mode === 'no sharing' ? { gpuSharing: false } : {}),
      },
      mode === 'no sharing' ? {} : { sharedPodScale: mode },
    );
    const { jobs, summary } = result;
    let longest = 0;
    // [delay sum, count] over all pods, shared pods, whole-GPU pods.
    const delay = { all: [0, 0], shared: [0, 0], whole: [0, 0] };
    for (let j = 0; j < jobs.id.length; j++) {
      longest = Math.max(longest, jobs.start[j]! - jobs.arrival[j]!);
      const late = jobs.jct[j]! - jobs.isolatedTime[j]!;
      for (const entry of [delay.all, podMilli[jobs.id[j]!]! < 1000 ? delay.shared : delay.whole]) {
        entry[0]! += late;
        entry[1]!++;
      }
    }
    const hours = (seconds: number) => `${(seconds / 3600).toFixed(2)} h`;
    const mean = ([sum, count]: number[]) => hours(sum! / count!);
    console.log(
      `| ${policy} | ${mode === 'no sharing' ? 'a whole GPU, not shared' : mode} | ${hours(summary.metrics.avgJct ?? Number.NaN)} | ${mean(delay.all)} / ${mean(delay.shared)} / ${mean(delay.whole)} | ${hours(longest)} | ${(summary.metrics.finishTimeFairness.mean ?? Number.NaN).toFixed(1)} |`,
    );
  }
}
