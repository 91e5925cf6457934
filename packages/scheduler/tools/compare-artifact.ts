/**
 * Compares `gpusim arrivals` curves with the FGD artifact's cached results, seed by seed:
 *
 *   npx gpusim arrivals --out out/fgd
 *   npx tsx tools/compare-artifact.ts out/fgd/curves.csv <dir with the artifact's
 *     analysis_allo_discrete.csv, analysis_frag_discrete.csv, analysis_frag_ratio_discrete.csv>
 *
 * The artifact files are `experiments/analysis/expected_results/` of
 * hkust-adsl/kubernetes-scheduler-simulator (not kept in this repo). Prints, per metric and
 * policy, how many seeds agree at every point to the 0.01 the artifact prints, and the worst gap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from 'kit';

const [curvesFile, artifactDir] = process.argv.slice(2);
if (!curvesFile || !artifactDir) {
  console.error('usage: tsx tools/compare-artifact.ts <curves.csv> <artifact expected_results dir>');
  process.exit(2);
}
const ARTIFACT_NAMES: Record<string, string> = {
  random: '01-Random',
  dotprod: '02-DotProd',
  clustering: '03-GpuClustering',
  packing: '04-GpuPacking',
  bestfit: '05-BestFit',
  fgd: '06-FGD',
};
const ours = new Map<string, Record<string, string>>();
for (const { values } of parseCsv(readFileSync(curvesFile, 'utf8'), curvesFile).records)
  ours.set(`${values.policy}/${values.seed}/${values.x}`, values);

const files: [string, string, (value: number) => number][] = [
  ['analysis_allo_discrete.csv', 'unallocated_gpu', (value) => 100 - value],
  ['analysis_frag_discrete.csv', 'frag_over_total', (value) => value],
  ['analysis_frag_ratio_discrete.csv', 'frag_rate', (value) => value],
];
for (const [file, metric, toOurs] of files) {
  const path = join(artifactDir, file);
  const rows = parseCsv(readFileSync(path, 'utf8'), path).records.filter(
    ({ values }) => values.workload === 'openb_pod_list_default',
  );
  for (const [policy, name] of Object.entries(ARTIFACT_NAMES)) {
    let exact = 0;
    let seeds = 0;
    let worst = 0;
    for (const { values } of rows.filter(({ values }) => values.sc_policy === name)) {
      let gap = 0;
      let compared = 0;
      for (let x = 0; x <= 130; x++) {
        const theirs = values[String(x)];
        const mine = ours.get(`${policy}/${values.seed}/${x}`)?.[metric];
        if (theirs === undefined || theirs === '' || mine === undefined || mine === '') continue;
        gap = Math.max(gap, Math.abs(toOurs(Number(theirs)) - Number(mine)));
        compared++;
      }
      if (compared === 0) continue;
      seeds++;
      if (gap <= 0.0105) exact++;
      worst = Math.max(worst, gap);
    }
    console.log(
      `${metric.padEnd(16)} ${policy.padEnd(11)} ${exact}/${seeds} seeds within 0.01 at every point, worst gap ${worst.toFixed(3)}`,
    );
  }
}
