"""One point of a Gavel figure from Gavel's own simulator: the average JCT of jobs 4000..4999, as
run_sweep_continuous.py measures it, on 36:36:36 with Gavel's defaults (360 s rounds, 1,920 s
between resets, multi-GPU jobs). Prints one JSON line, which data/solver-check.json records.

    python3 scripts/gavel_window.py <gavel checkout> <gavel policy> <jobs/hour> <seed>
    python3 scripts/gavel_window.py ~/gavel finish_time_fairness 2.6 0

Needs numpy, cvxpy and ECOS importable (Gavel's requirements; pip wheels are enough) and a checkout
of stanford-futuredata/gavel (c4fa400 here). The simulator imports modules only its physical
deployment uses (gRPC runtime, psutil, matrix completion); empty stand-ins for them are written to a
temporary folder. A run takes 20 to 25 minutes on one core at 2.6 jobs/hour.

Where ECOS gives up on a call (it did once in one run), Gavel would stop with cvxpy's SolverError;
this script solves that call with Clarabel instead and counts it in the output.
"""
import contextlib
import io
import json
import logging
import os
import sys
import tempfile
import time

checkout, policy_name, rate, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
scheduler_dir = os.path.join(os.path.abspath(checkout), 'scheduler')
stand_ins = tempfile.mkdtemp(prefix='gavel-stand-ins-')
os.makedirs(os.path.join(stand_ins, 'runtime', 'rpc'))
for name in ('psutil.py', 'matrix_completion.py', os.path.join('runtime', '__init__.py')):
    open(os.path.join(stand_ins, name), 'w').close()
with open(os.path.join(stand_ins, 'runtime', 'rpc', '__init__.py'), 'w') as f:
    f.write('scheduler_server = None\nscheduler_client = None\n')
sys.path[:0] = [stand_ins, scheduler_dir, os.path.join(scheduler_dir, 'policies')]

import cvxpy as cp  # noqa: E402
import numpy as np  # noqa: E402
import job_id_pair  # noqa: E402
import scheduler  # noqa: E402
import utils  # noqa: E402

fallbacks = 0
solve = cp.Problem.solve


def solve_or_fall_back(self, *args, **kwargs):
    global fallbacks
    try:
        return solve(self, *args, **kwargs)
    except cp.error.SolverError:
        fallbacks += 1
        kwargs['solver'] = 'CLARABEL'
        return solve(self, *args, **kwargs)


cp.Problem.solve = solve_or_fall_back
policy = utils.get_policy(policy_name, solver='ECOS', seed=seed)
sched = scheduler.Scheduler(
    policy,
    throughputs_file=os.path.join(scheduler_dir, 'simulation_throughputs.json'),
    seed=seed,
    time_per_iteration=360,
    simulate=True,
    profiling_percentage=1.0,
    num_reference_models=26,
    minimum_time_between_allocation_resets=1920,
)
logging.getLogger('scheduler').setLevel(logging.ERROR)
window = set(job_id_pair.JobIdPair(i, None) for i in range(4000, 5000))
started = time.time()
with contextlib.redirect_stdout(io.StringIO()):
    sched.simulate(
        cluster_spec={'v100': 36, 'p100': 36, 'k80': 36},
        lam=3600.0 / rate,
        jobs_to_complete=window,
        generate_multi_gpu_jobs=True,
    )
hours = float(np.mean([sched._job_completion_times[j] for j in window])) / 3600
print(json.dumps({
    'policy': policy_name,
    'rate': rate,
    'seed': seed,
    'windowAvgJctHours': hours,
    'wallSeconds': round(time.time() - started),
    'clarabelFallbacks': fallbacks,
}))
