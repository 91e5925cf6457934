"""Solves the LP problems bench/native-lp.ts wrote with SciPy's linprog (native HiGHS).

    python3 bench/native-lp.py DIR [METHOD ...]

Each DIR/*.json holds one max-min LP as HiGHS column-wise arrays (null = infinite bound). Prints
one JSON line per problem and method: {"file", "method", "seconds", "objective", "status"}, the
seconds being the median of three linprog calls (scipy's own conversion included).
"""
import glob
import json
import os
import sys
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_matrix, vstack


def load(path):
    with open(path) as f:
        p = json.load(f)
    m = p['matrix']
    a = csc_matrix((m['values'], m['indices'], m['starts']), shape=(p['numRows'], p['numCols'])).tocsr()
    lower = np.array([-np.inf if v is None else v for v in p['rowLower']])
    upper = np.array([np.inf if v is None else v for v in p['rowUpper']])
    up = np.isfinite(upper)
    low = np.isfinite(lower)
    a_ub = vstack([a[up], -a[low]]).tocsc()
    b_ub = np.concatenate([upper[up], -lower[low]])
    sign = -1.0 if p['maximize'] else 1.0
    cost = sign * np.array(p['colCost'])
    bounds = [(lo, None if hi is None else hi) for lo, hi in zip(p['colLower'], p['colUpper'])]
    return cost, a_ub, b_ub, bounds, sign


def main():
    folder = sys.argv[1]
    methods = sys.argv[2:] or ['highs-ds', 'highs-ipm', 'highs']
    for path in sorted(glob.glob(os.path.join(folder, '*.json'))):
        cost, a_ub, b_ub, bounds, sign = load(path)
        for method in methods:
            times = []
            result = None
            for _ in range(3):
                start = time.perf_counter()
                result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method=method)
                times.append(time.perf_counter() - start)
            times.sort()
            print(json.dumps({
                'file': os.path.basename(path),
                'method': method,
                'seconds': times[1],
                'objective': None if result.status != 0 else sign * result.fun,
                'status': int(result.status),
            }), flush=True)


if __name__ == '__main__':
    main()
