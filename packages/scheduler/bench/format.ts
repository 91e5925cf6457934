// Run-file benchmark at Alibaba scale: `npx tsx bench/format.ts` (prints figures, asserts nothing).
// The run is synthetic (toy FIFO scheduler with random preemption as lease churn), written with the
// real RunRecorder, so it measures the format and not the engine.
import { readRunFile, synthesizeRun } from '../src/format/index.ts';

const churn = Number(process.env.CHURN ?? 0.05);
let recordMs = 0;
let last = performance.now();
const synthStart = last;
const run = synthesizeRun({
  preset: 'alibaba',
  rounds: 4500,
  jobs: 45_000,
  churn,
  seed: 42,
  roundDuration: 600,
  onRound: () => {
    last = performance.now();
  },
});
const finishMs = performance.now() - last;
recordMs = performance.now() - synthStart;

const readStart = performance.now();
const file = readRunFile(run.bytes);
const readMs = performance.now() - readStart;

const out = new Int32Array(file.gpuCount);
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const round = Math.floor(Math.random() * file.roundCount);
  const t = performance.now();
  file.ownersAt(round, out);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const quantile = (q: number) => times[Math.floor(q * (times.length - 1))]!;
const running = file.metric('running')!;
const mid = Math.floor(file.roundCount / 2);

console.log(
  `GPUs ${file.gpuCount}, rounds ${file.roundCount}, jobs ${file.jobs.id.length}, running at mid-run ${running[mid]}, churn ${churn}/job/round`,
);
console.log(
  `intervals (ownership changes) ${file.intervalCount.toLocaleString('en-US')}, ${(file.intervalCount / file.roundCount).toFixed(0)} per round`,
);
console.log(`file size ${(run.bytes.length / 1e6).toFixed(2)} MB (target <= 50 MB)`);
console.log(`write (finish) ${finishMs.toFixed(0)} ms; synthetic run + recording ${recordMs.toFixed(0)} ms`);
console.log(`read + validate + checksum ${readMs.toFixed(0)} ms`);
console.log(
  `ownersAt random round: median ${quantile(0.5).toFixed(3)} ms, p95 ${quantile(0.95).toFixed(3)} ms, max ${quantile(1).toFixed(3)} ms`,
);
console.log(
  'BENCH',
  JSON.stringify({
    sizeBytes: run.bytes.length,
    intervals: file.intervalCount,
    finishMs,
    readMs,
    ownersAtMedianMs: quantile(0.5),
    ownersAtP95Ms: quantile(0.95),
  }),
);
