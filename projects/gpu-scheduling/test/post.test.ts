import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLACEHOLDER, valueAtPath } from 'kit';
import { PHASES } from 'scheduler';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { devlogFigures } from '../src/devlog.ts';
import type { Summary } from '../src/summarize.ts';

const root = join(import.meta.dirname, '..');
const draft = readFileSync(join(root, 'post', 'draft.md'), 'utf8');
const summary = JSON.parse(readFileSync(join(root, 'data', 'summary.json'), 'utf8')) as Summary;
const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(draft) ?? [];
const lookup = (path: string): unknown => valueAtPath(summary, path);

describe('post/draft.md', () => {
  it('has the frontmatter the blog publishes from', () => {
    const meta = parse(frontmatter) as Record<string, unknown>;
    expect(meta.title).toEqual(expect.any(String));
    expect(meta.description).toEqual(expect.any(String));
    expect(String(meta.date)).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(meta.tags).toEqual(expect.arrayContaining([expect.any(String)]));
    // Finished and published for real; the flag must be an explicit boolean.
    expect(typeof meta.draft).toBe('boolean');
  });

  it('resolves every placeholder to a number or text in data/summary.json', () => {
    const paths = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(30);
    const unresolved = paths.filter((path) => !['number', 'string'].includes(typeof lookup(path)));
    expect(unresolved).toEqual([]);
  });

  it("states every figure through a placeholder, the dev log's included", () => {
    // No digits may be left in the prose once placeholders, code, links and chart paths are removed:
    // our figures come from the runs and the log's from devlog.ts, both through summary.json.
    const prose = body
      .replace(PLACEHOLDER, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']');
    expect([...prose.matchAll(/\d[\d,.]*/g)].map((m) => m[0])).toEqual([]);
  });

  it("quotes the dev log's figures as devlog.ts holds them", () => {
    expect(summary.devlog).toEqual(devlogFigures());
    expect(summary.devlog.formatted).toEqual({
      alibabaGpus: '6,200',
      alibabaActiveJobs: '1,700',
      ecosSolveSeconds: '3.0',
    });
  });

  it('reads as prose: no em-dashes, no bullet lists, few headers', () => {
    expect(draft).not.toContain('\u2014');
    expect(body.split('\n').filter((line) => /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line))).toEqual([]);
    expect(body.split('\n').filter((line) => /^#{1,6}\s/.test(line)).length).toBeLessThanOrEqual(3);
  });

  it('shows every chart it references and links the visualizer for a kept run', () => {
    const images = [...body.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images).toHaveLength(6);
    for (const image of images) expect(existsSync(join(root, 'post', image))).toBe(true);
    expect(body).toContain('({{viewer.alibaba.url}})');
    const run = summary.viewer.alibaba!.run.replace('projects/gpu-scheduling/', '');
    expect(existsSync(join(root, run))).toBe(true);
  });

  it('makes only comparisons the data supports', () => {
    const ali = summary.scales.alibaba!;
    const philly = summary.scales.philly!;
    const share = (v: { shares: Record<string, number | null> }, k: string) => v.shares[k] ?? 0;
    const largest = (v: { shares: Record<string, number | null> }) =>
      [...PHASES].sort((a, b) => share(v, b) - share(v, a));
    const mmf = ali.variants.mmf!;
    const fifo = ali.variants.fifo!;
    const previous = summary.previous;
    // "The new one gives ... within X% and Y%", and "Most of the old error was the fill ... under the goldens"
    const gavel = summary.gavel!;
    expect(
      Math.max(gavel.ours.offPct.aware, gavel.ours.offPct.agnostic, gavel.ours.offPct.ratio),
    ).toBeLessThan(1);
    expect(gavel.withoutFill!.belowPct.aware).toBeGreaterThan(gavel.ours.offPct.aware);
    expect(gavel.withoutFill!.belowPct.agnostic).toBeGreaterThan(gavel.ours.offPct.agnostic);
    // "... errors the size of the old engine's"
    expect(gavel.withoutFill!.belowPct.aware).toBeGreaterThan(previous.gavel.awareOffPct / 2);
    expect(Math.abs(gavel.withoutFill!.belowPct.agnostic)).toBeGreaterThan(previous.gavel.agnosticOffPct / 2);
    // "every run was repeated N times"
    expect(ali.timing.repeats).toBeGreaterThan(1);
    expect(philly.timing.repeats).toBe(ali.timing.repeats);
    // "for us it is already the largest phase at 108 GPUs"
    expect(largest(philly.variants.mmf!)[0]).toBe('allocation');
    // "The allocation's share did fall from the first version's ..., because only N% of Philly rounds reset"
    expect(share(philly.variants.mmf!, 'allocation')).toBeLessThan(previous.philly.lpAllocationSharePct);
    expect(philly.variants.mmf!.reallocationSharePct!).toBeLessThan(50);
    // "The Alibaba shares barely moved"; "solves it N times in M rounds"; "a solve costs what it did";
    // "a loop that costs a quarter of what it did"
    expect(Math.abs(share(mmf, 'allocation') - previous.alibaba.lpAllocationSharePct)).toBeLessThan(3);
    expect(Math.abs(share(mmf, 'lp_solve') - previous.alibaba.lpSolveSharePct)).toBeLessThan(3);
    expect(mmf.reallocations!).toBeLessThan(mmf.rounds! / 2);
    expect(mmf.lpMsPerSolve! / previous.alibaba.lpMsPerSolve).toBeGreaterThan(0.75);
    expect(mmf.lpMsPerSolve! / previous.alibaba.lpMsPerSolve).toBeLessThan(1.33);
    expect(mmf.msPerRound! / previous.alibaba.lpMsPerRound).toBeGreaterThan(0.2);
    expect(mmf.msPerRound! / previous.alibaba.lpMsPerRound).toBeLessThan(0.3);
    // "building the model takes ..., about as much as the solve itself"
    expect(share(mmf, 'allocation_build') / share(mmf, 'lp_solve')).toBeGreaterThan(0.67);
    expect(share(mmf, 'allocation_build') / share(mmf, 'lp_solve')).toBeLessThan(1.5);
    // "the cold curve is not even monotonic in this run"
    const cold = summary.lpScaling!.points.map((p) => p.solveMs);
    expect(cold.some((ms, i) => i > 0 && ms < cold[i - 1]!)).toBe(true);
    // "The LP with the migration penalty is still the cheaper of the two", per round and per solve
    const penalty = ali.variants['mmf-penalty']!;
    expect(penalty.msPerRound!).toBeLessThan(mmf.msPerRound!);
    expect(penalty.lpMsPerSolve!).toBeLessThan(mmf.lpMsPerSolve!);
    // "a round is N times faster" at both scales
    expect(ali.singleTypeSpeedup.perRound).toBeGreaterThan(1);
    expect(philly.singleTypeSpeedup.perRound).toBeGreaterThan(1);
    // "does not hand the bottleneck to worker assignment ... allocation still the largest, and the
    // rest is spread thinly"
    const single = ali.variants['single-type']!;
    const [first, ...rest] = largest(single);
    expect(first).toBe('allocation');
    for (const phase of rest) expect(share(single, phase)).toBeLessThan(share(single, 'allocation') / 3);
    expect(share(single, 'worker_assignment')).toBeLessThan(summary.devlog.workerAssignmentPct);
    // "the LP runs at Alibaba scale ... well short of the log's 1,700"
    expect(mmf.maxActiveJobs).toBeLessThan(summary.devlog.alibabaActiveJobs);
    // "A round between resets costs about the same under every policy ... The reset rounds carry the
    // whole difference"; "in the first version ... the busiest of them took"
    const ends = summary.roundTimeEnds.alibaba!;
    const lpEnds = ends.mmf!;
    const stEnds = ends['single-type']!;
    expect(lpEnds.other!.most.ms / stEnds.other!.most.ms).toBeLessThan(1.5);
    expect(lpEnds.reset!.most.ms / stEnds.reset!.most.ms).toBeGreaterThan(3);
    expect(lpEnds.reset!.most.ms).toBeGreaterThan(10 * lpEnds.other!.most.ms);
    expect(previous.alibaba.lpBusiestRoundMs).toBeGreaterThan(lpEnds.reset!.most.ms);
    // "less than the noise of a machine shared with other work, and far from the log's 1.35"
    const logging = summary.logging!;
    expect(logging.verboseOverInfo!).toBeLessThan(1 + (summary.devlog.loggingSpeedup - 1) / 2);
    expect(logging.ratioMax! - logging.ratioMin!).toBeGreaterThanOrEqual(
      Math.abs(logging.verboseOverInfo! - 1),
    );
    // Philly FIFO: "FIFO fell because its runs got longer ... its slowest type ends up its busiest"
    const phillyFifo = philly.variants.fifo!;
    expect(phillyFifo.utilizationPct!).toBeLessThan(previous.philly.fifoUtilizationPct);
    expect(phillyFifo.busiestType).toBe('k80');
    expect(philly.gpuTypes[2]).toBe('K80');
    expect(phillyFifo.utilizationByTypePct.k80!).toBeGreaterThan(phillyFifo.utilizationByTypePct.v100!);
    expect(phillyFifo.rounds!).toBeGreaterThan(2 * philly.variants.mmf!.rounds!);
    expect(phillyFifo.rounds!).toBeGreaterThan(previous.philly.fifoRoundsPerRun);
    // "the three fair-share policies agree completely ... the same schedule"
    expect(ali.sameScheduleAsLp).toEqual(['mmf-penalty', 'single-type']);
    // "The first queue the fill walks is G2's ... ties go in the cluster's order ... every other type stays idle"
    expect(mmf.busiestType).toBe(ali.gpuTypes[0]);
    expect(ali.capacitiesFormatted!.G2).toBe(ali.capacities!.G2!.toLocaleString('en-US'));
    for (const [type, pct] of Object.entries(mmf.utilizationByTypePct))
      if (type !== mmf.busiestType) expect(pct).toBe(0);
    // "never holds more than N active jobs, and they all fit in that one queue"
    expect(mmf.peakRoundUtilizationPct! / 100).toBeLessThan(ali.capacities!.G2! / ali.gpus);
    expect(mmf.peakRoundUtilizationPct!).toBeLessThan(50);
    // "In the first version the LP runs were N% busy"
    expect(previous.alibaba.lpUtilizationPct).toBeLessThan(mmf.utilizationPct!);
    // "The longest wait ... a job that arrives just after a reset waits for the next one"
    const interval = ali.resetInterval!.seconds;
    expect(interval).toBe(ali.config.minReallocationInterval);
    const round = Number(ali.config.roundDuration);
    expect(mmf.longestWaitHours! * 3600).toBeLessThanOrEqual(interval + round);
    expect(mmf.longestWaitHours! * 3600).toBeGreaterThan(interval);
    // "FIFO is the one policy that differs, and it does better"; "under the other three"
    expect(fifo.busiestType).toBe('P100');
    expect(fifo.utilizationByTypePct.P100!).toBeGreaterThan(mmf.utilizationByTypePct.P100!);
    expect(fifo.finishTimeFairness!).toBeLessThan(mmf.finishTimeFairness!);
    for (const name of ['mmf-penalty', 'single-type'])
      expect(ali.variants[name]!.finishTimeFairness).toBe(mmf.finishTimeFairness);
    // "Placement ... no real difference either way ... both placements gave the same schedule"
    for (const scale of [philly, ali]) {
      const byPlacement = scale.fragmentationByPlacement;
      expect(Math.abs(byPlacement.fgd! - byPlacement['first-fit']!)).toBeLessThan(0.2);
      expect(scale.placementKeepsSchedule).toBe(true);
    }
  });
});
