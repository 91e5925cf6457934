/**
 * Puts every job on one GPU type so that the waterfilled levels come out as even as
 * possible: the integral cousin of the max-min LP.
 *
 * On type k at level L, job i uses g_ik L GPUs with g_ik = s_i / c_ik, and it can never get
 * more than rho = c_ik there. So the assignment balances sum_i g_ik / n_k across the types
 * (makespan scheduling on unrelated machines) while keeping every job off the types where
 * its cap c_ik is below the level we aim for. We approach it with prices per GPU, like the
 * LP's capacity duals: each job goes where lambda_k g_ik is cheapest among its allowed
 * types, and over-demanded types get dearer (multiplicatively, with a shrinking step) until
 * the demand evens out. Prices instead of "fastest type first" are what keeps the slow
 * types busy: a job moves to a T4 once the T4 is cheap enough to be its comparative
 * advantage, which is how the LP uses them too.
 *
 * The level we aim for starts at U = min_i max_k c_ik (no allocation can beat it) and is
 * lowered to what the best assignment reached, which lets jobs onto more types; a few
 * rounds settle it. The best assignment seen, by a lower bound on its min rho, wins.
 * O(rounds * iterations * J * K).
 */
export interface AssignmentInput {
  /** c_ik row-major J x K (0 where the job cannot run). */
  c: Float64Array;
  /** s_i. */
  s: Float64Array;
  capacities: Float64Array;
  /** Price updates per round. */
  iterations?: number;
  rounds?: number;
  /** Single-job moves of the final rebalancing. */
  moves?: number;
}

/** Iterations without a better bound after which a later round stops. */
const LATER_ROUND_PATIENCE = 4;

export function assignTypes(input: AssignmentInput): Int32Array {
  const { c, s, capacities } = input;
  const K = capacities.length;
  const J = s.length;
  const iterations = input.iterations ?? 40;
  const rounds = input.rounds ?? 3;
  const g = new Float64Array(J * K).fill(Number.POSITIVE_INFINITY);
  const usable = new Uint8Array(K);
  let capBound = Number.POSITIVE_INFINITY;
  for (let i = 0; i < J; i++) {
    let bestC = 0;
    for (let k = 0; k < K; k++) {
      const cik = c[i * K + k]!;
      if (cik > 0 && capacities[k]! > 0) {
        g[i * K + k] = s[i]! / cik;
        usable[k] = 1;
        if (cik > bestC) bestC = cik;
      }
    }
    if (bestC > 0) capBound = Math.min(capBound, bestC);
  }
  let totalGpus = 0;
  for (let k = 0; k < K; k++) if (usable[k]) totalGpus += capacities[k]!;

  const price = new Float64Array(K).fill(1);
  const assignment = new Int32Array(J).fill(-1);
  let best = assignment.slice();
  let bestBound = -1;
  const load = new Float64Array(K);
  let target = capBound;

  // The (job, type) pairs a round allows, packed per job (CSR): the price loop then touches
  // only those, with no threshold test and no index arithmetic in its hot path.
  const pairStart = new Int32Array(J + 1);
  const pairType = new Int32Array(J * K);
  const pairGpus = new Float64Array(J * K);

  for (let round = 0; round < rounds; round++) {
    const threshold = target * (1 - 1e-9);
    let pairs = 0;
    for (let i = 0; i < J; i++) {
      pairStart[i] = pairs;
      for (let k = 0; k < K; k++) {
        if (c[i * K + k]! < threshold || !usable[k]) continue;
        pairType[pairs] = k;
        pairGpus[pairs++] = g[i * K + k]!;
      }
    }
    pairStart[J] = pairs;
    let lastGain = 0;
    for (let it = 0; it < iterations; it++) {
      load.fill(0);
      for (let i = 0; i < J; i++) {
        let bestK = -1;
        let bestCost = Number.POSITIVE_INFINITY;
        let bestGpus = 0;
        const end = pairStart[i + 1]!;
        for (let p = pairStart[i]!; p < end; p++) {
          const k = pairType[p]!;
          const cost = price[k]! * pairGpus[p]!;
          if (cost < bestCost) {
            bestCost = cost;
            bestK = k;
            bestGpus = pairGpus[p]!;
          }
        }
        assignment[i] = bestK;
        if (bestK >= 0) load[bestK]! += bestGpus;
      }
      // min rho >= min(target, n_k / load_k): caps only ever free capacity for the others.
      let bound = target;
      let totalLoad = 0;
      for (let k = 0; k < K; k++) {
        if (!usable[k]) continue;
        totalLoad += load[k]!;
        if (load[k]! > 0) bound = Math.min(bound, capacities[k]! / load[k]!);
      }
      if (bound > bestBound) {
        bestBound = bound;
        best = assignment.slice();
        lastGain = it;
      }
      // Nothing beats the target of this round (every job at its cap or above the level).
      if (totalLoad === 0 || bestBound >= target * (1 - 1e-12)) break;
      // A later round starts from prices already tuned: give up on it once it stalls.
      // (On 140 random problems, J = 200..1,700 at 1..1/100 of the Alibaba capacities,
      // later rounds never improved the final min rho; the rebalancing below already uses
      // the pairs their lower target allows.) The first round gets its full budget, since
      // it often gains again after long plateaus.
      if (round > 0 && it - lastGain >= LATER_ROUND_PATIENCE) break;
      const average = totalLoad / totalGpus;
      const step = 0.6 / (1 + it / 6);
      for (let k = 0; k < K; k++) {
        if (!usable[k]) continue;
        const ratio = load[k]! / capacities[k]! / average;
        price[k]! *= Math.min(2, Math.max(0.5, ratio)) ** step;
      }
    }
    if (bestBound >= target * 0.999) break;
    target = bestBound;
  }
  rebalance(best, c, g, capacities, {
    threshold: Math.min(target, capBound) * (1 - 1e-9),
    ceiling: capBound,
    maxMoves: input.moves ?? 4 * K * K,
  });
  fillIdleTypes(best, c, g, capacities, usable, bestBound);
  return best;
}

/**
 * Prices leave the loads a little uneven (many jobs flip together at a price). This evens
 * them out move by move: take a job off the type with the lowest level n_k / load_k and put
 * it where the lower of the two new levels is highest, while that beats the old lowest level.
 * It stops once the lowest level reaches the ceiling min_i max_k c_ik, which no job's rho
 * can exceed: from there the levels no longer limit min rho and further moves only
 * reshuffle jobs (with the real Alibaba capacities this skips all 4K^2 moves, each a scan
 * of the crowded type's jobs; min rho came out identical on 140 random problems).
 */
function rebalance(
  assignment: Int32Array,
  c: Float64Array,
  g: Float64Array,
  capacities: Float64Array,
  limits: { threshold: number; ceiling: number; maxMoves: number },
): void {
  const { threshold, ceiling, maxMoves } = limits;
  const K = capacities.length;
  const J = assignment.length;
  const load = new Float64Array(K);
  for (let i = 0; i < J; i++) {
    const k = assignment[i]!;
    if (k >= 0) load[k]! += g[i * K + k]!;
  }
  const level = (k: number, extra: number) => capacities[k]! / (load[k]! + extra);
  for (let move = 0; move < maxMoves; move++) {
    let worst = -1;
    for (let k = 0; k < K; k++) {
      if (load[k]! > 0 && (worst < 0 || level(k, 0) < level(worst, 0))) worst = k;
    }
    if (worst < 0) return;
    const current = level(worst, 0);
    if (current >= ceiling) return;
    let bestJob = -1;
    let bestTo = -1;
    let bestLevel = current;
    for (let i = 0; i < J; i++) {
      if (assignment[i] !== worst) continue;
      const freed = level(worst, -g[i * K + worst]!);
      if (freed <= bestLevel) continue;
      for (let k = 0; k < K; k++) {
        if (k === worst || c[i * K + k]! < threshold) continue;
        const after = Math.min(freed, level(k, g[i * K + k]!));
        if (after > bestLevel) {
          bestLevel = after;
          bestJob = i;
          bestTo = k;
        }
      }
    }
    if (bestJob < 0) return;
    load[worst]! -= g[bestJob * K + worst]!;
    load[bestTo]! += g[bestJob * K + bestTo]!;
    assignment[bestJob] = bestTo;
  }
}

/**
 * A type that some job could use must not sit idle: give each idle type the job that
 * costs it the fewest GPUs per unit of level, taken from the most crowded type, as long as
 * its cap there does not drop below the level already reached.
 */
function fillIdleTypes(
  assignment: Int32Array,
  c: Float64Array,
  g: Float64Array,
  capacities: Float64Array,
  usable: Uint8Array,
  level: number,
): void {
  const K = capacities.length;
  const J = assignment.length;
  const load = new Float64Array(K);
  const members = new Int32Array(K);
  for (let i = 0; i < J; i++) {
    const k = assignment[i]!;
    if (k < 0) continue;
    load[k]! += g[i * K + k]!;
    members[k]!++;
  }
  for (let idle = 0; idle < K; idle++) {
    if (!usable[idle] || members[idle]! > 0) continue;
    let pick = -1;
    let pickScore = Number.POSITIVE_INFINITY;
    for (let i = 0; i < J; i++) {
      const from = assignment[i]!;
      if (from < 0 || members[from]! < 2 || !(c[i * K + idle]! > 0)) continue;
      // Prefer jobs that keep their level and come from crowded types.
      const capPenalty = c[i * K + idle]! < level ? 1e6 : 0;
      const score = capPenalty + g[i * K + idle]! * (capacities[from]! / load[from]!);
      if (score < pickScore) {
        pickScore = score;
        pick = i;
      }
    }
    if (pick < 0) continue;
    const from = assignment[pick]!;
    load[from]! -= g[pick * K + from]!;
    members[from]!--;
    assignment[pick] = idle;
    load[idle]! += g[pick * K + idle]!;
    members[idle]!++;
  }
}
