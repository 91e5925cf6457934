"""Independent check of gpusim's finish-time fairness and makespan LPs with SciPy's linprog.

Reads one JSON problem on stdin: capacities (K), scale (J), T (J x K throughputs as the policy
sees them), R (steps left), t (seconds since arrival), D (C + R / iso). Prints JSON with
  ftf:      min over x of max_i (t_i + R_i / thr_i(x)) / D_i, by bisection on the level rho
            (feasible iff some x has thr_i(x) >= R_i / (rho D_i - t_i) for all i);
  makespan: min over x of max_i R_i / thr_i(x), from one LP in u = 1 / makespan.
Only the formulation is shared with gpusim, not the code or the solver.
"""
import json
import sys

import numpy as np
from scipy.optimize import linprog


def constraints(n, s, J, K):
    # sum_k x_ik <= 1 and sum_i s_i x_ik <= n_k, x >= 0; variables row-major x[i * K + k].
    rows, rhs = [], []
    for i in range(J):
        row = np.zeros(J * K)
        row[i * K:(i + 1) * K] = 1
        rows.append(row)
        rhs.append(1.0)
    for k in range(K):
        row = np.zeros(J * K)
        for i in range(J):
            row[i * K + k] = s[i]
        rows.append(row)
        rhs.append(n[k])
    return np.array(rows), np.array(rhs)


def feasible(T, need, A, b, J, K):
    rows = [A]
    rhs = [b]
    for i in range(J):
        row = np.zeros(J * K)
        row[i * K:(i + 1) * K] = -T[i]
        rows.append(row[None, :])
        rhs.append(np.array([-need[i]]))
    res = linprog(np.zeros(J * K), A_ub=np.vstack(rows), b_ub=np.concatenate(rhs),
                  bounds=(0, None), method="highs")
    return res.status == 0


def main():
    p = json.load(sys.stdin)
    n = np.array(p["capacities"], dtype=float)
    s = np.array(p["scale"], dtype=float)
    T = np.array(p["T"], dtype=float)
    R = np.array(p["R"], dtype=float)
    t = np.array(p["t"], dtype=float)
    D = np.array(p["D"], dtype=float)
    J, K = T.shape
    A, b = constraints(n, s, J, K)

    # Makespan: max u s.t. thr_i(x) - R_i u >= 0, with u in units of 1 / mean(R) so that the
    # solver's absolute tolerances do not swamp it (u itself is about 1e-5 per second).
    scale = float(np.mean(R))
    c = np.zeros(J * K + 1)
    c[-1] = -1
    rows = [np.hstack([A, np.zeros((A.shape[0], 1))])]
    for i in range(J):
        row = np.zeros(J * K + 1)
        row[i * K:(i + 1) * K] = -T[i]
        row[-1] = R[i] / scale
        rows.append(row[None, :])
    res = linprog(c, A_ub=np.vstack(rows), b_ub=np.concatenate([b, np.zeros(J)]),
                  bounds=(0, None), method="highs")
    makespan = scale / res.x[-1]

    lo = float(np.max(t / D))  # below this some job could never make it
    hi = lo + 1.0
    while not feasible(T, R / (hi * D - t), A, b, J, K):
        hi = lo + 2 * (hi - lo)
    for _ in range(100):
        mid = (lo + hi) / 2
        if np.all(mid * D > t) and feasible(T, R / (mid * D - t), A, b, J, K):
            hi = mid
        else:
            lo = mid
        if hi - lo <= 1e-11 * hi:
            break
    json.dump({"ftf": hi, "makespan": makespan}, sys.stdout)


main()
