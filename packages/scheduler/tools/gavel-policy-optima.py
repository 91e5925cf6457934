"""Writes test/fixtures/gavel-policy-inputs.json: the max-min inputs of Gavel's policy tests and
each one's LP optimum, solved independently with SciPy's linprog.

    python3 tools/gavel-policy-optima.py > test/fixtures/gavel-policy-inputs.json

The inputs are those of scheduler/tests/policies_tests.py (stanford-futuredata/gavel) and
src/scheduler/tests/policy_allocation_tests.py (Turquoise-T/cs244c-GPU_fragment). The optimum is
max t such that t <= s_i sum_k T_ik x_ik / (w_i P_i) for every job, sum_k x_ik <= 1,
sum_i s_i x_ik <= n_k, x >= 0, with P_i = sum_k T_ik n_k / N; agnostic: every usable T_ik = 1.
"""
import itertools
import json
import sys

import numpy as np
from scipy.optimize import linprog

TYPES = ['v100', 'p100', 'k80']


def optimum(throughputs, scale_factors, weights, cluster, agnostic):
    T = np.array([[t[k] for k in TYPES] for t in throughputs], dtype=float)
    if agnostic:
        T = (T > 0).astype(float)
    n = np.array([cluster[k] for k in TYPES], dtype=float)
    s = np.array(scale_factors, dtype=float)
    w = np.array(weights, dtype=float)
    m, K = T.shape
    P = (T * n).sum(axis=1) / n.sum()
    c = T * (s / (w * P))[:, None]
    nv = m * K + 1
    A, b = [], []
    for i in range(m):
        row = np.zeros(nv); row[i * K:(i + 1) * K] = -c[i]; row[-1] = 1; A.append(row); b.append(0)
        row = np.zeros(nv); row[i * K:(i + 1) * K] = 1; A.append(row); b.append(1)
    for k in range(K):
        row = np.zeros(nv); row[k:m * K:K] = s; A.append(row); b.append(n[k])
    cost = np.zeros(nv); cost[-1] = -1
    bounds = [(0, 0) if c.flat[q] == 0 else (0, None) for q in range(m * K)] + [(None, None)]
    res = linprog(cost, A_ub=np.array(A), b_ub=np.array(b), bounds=bounds, method='highs')
    assert res.status == 0
    return res.x[-1]


two = [{'v100': 2.0, 'p100': 1.0, 'k80': 0.5}, {'v100': 3.0, 'p100': 2.0, 'k80': 1.0}]
cases = []
for sfs, cluster in itertools.product([[1, 1], [2, 1], [2, 2], [4, 1]],
                                      [{'v100': 4, 'p100': 4, 'k80': 4}, {'v100': 4, 'p100': 8, 'k80': 6}]):
    cases.append({'test': 'policies_tests.py test_isolated', 'throughputs': two, 'scaleFactors': sfs,
                  'priorityWeights': [1, 1], 'cluster': cluster})
cases.append({'test': 'policies_tests.py test_max_min_fairness_with_perf', 'throughputs': two,
              'scaleFactors': [1, 1], 'priorityWeights': [1, 1], 'cluster': {'v100': 1, 'p100': 2, 'k80': 3}})
cases.append({'test': 'policy_allocation_tests.py TestZeroThroughputEnforcement',
              'throughputs': [{'v100': 10.0, 'p100': 5.0, 'k80': 2.0}, {'v100': 8.0, 'p100': 4.0, 'k80': 0.0},
                              {'v100': 6.0, 'p100': 3.0, 'k80': 1.0}, {'v100': 4.0, 'p100': 2.0, 'k80': 0.0}],
              'scaleFactors': [1, 1, 1, 1], 'priorityWeights': [1, 1, 1, 1],
              'cluster': {'v100': 12, 'p100': 12, 'k80': 12}})
cases.append({'test': 'policy_allocation_tests.py TestClusterCapacityEnforcement',
              'throughputs': [{'v100': 10.0, 'p100': 5.0, 'k80': 2.0}, {'v100': 8.0, 'p100': 4.0, 'k80': 1.5},
                              {'v100': 6.0, 'p100': 3.0, 'k80': 1.0}, {'v100': 4.0, 'p100': 2.0, 'k80': 0.8}],
              'scaleFactors': [1, 1, 1, 1], 'priorityWeights': [1, 1, 1, 1],
              'cluster': {'v100': 12, 'p100': 12, 'k80': 12}})
for case in cases:
    args = (case['throughputs'], case['scaleFactors'], case['priorityWeights'], case['cluster'])
    case['optimum'] = {'max-min-fairness': optimum(*args, agnostic=False),
                       'max-min-fairness-agnostic': optimum(*args, agnostic=True)}
json.dump({'command': 'python3 tools/gavel-policy-optima.py', 'python': sys.version.split()[0],
           'cases': cases}, sys.stdout, indent=1)
sys.stdout.write('\n')
