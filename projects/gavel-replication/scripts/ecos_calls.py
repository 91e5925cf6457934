"""Gavel's own answer to finish-time fairness calls: each call of a JSON file (the shape of
packages/scheduler/test/fixtures/ftf-ecos-calls.json) is solved by Gavel's finish_time_fairness.py
with ECOS, its cumulative isolated time preset, and the file is written again with `ecosX` and
`ecosIsolated` filled in (row-major jobs x types, in the call's order).

    python3 scripts/ecos_calls.py <gavel checkout> <calls.json>

Needs numpy, cvxpy and ECOS importable and a checkout of stanford-futuredata/gavel (c4fa400 here).
The policy module imports nothing of Gavel's runtime, so no stand-ins are needed. Takes a few
seconds for calls of a hundred jobs.
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import warnings

if len(sys.argv) != 3:
    print('usage: python3 scripts/ecos_calls.py <gavel checkout> <calls.json>', file=sys.stderr)
    sys.exit(2)
checkout, path = sys.argv[1], sys.argv[2]
scheduler_dir = os.path.join(os.path.abspath(checkout), 'scheduler')
sys.path[:0] = [scheduler_dir, os.path.join(scheduler_dir, 'policies')]
warnings.filterwarnings('ignore')

import numpy as np  # noqa: E402
from job_id_pair import JobIdPair  # noqa: E402
from policies import finish_time_fairness  # noqa: E402

FIELDS = ('mode', 'types', 'capacities', 'ids', 'scale', 'throughputs', 'stepsRemaining', 'timeSinceArrival',
          'cumulativeIsolated')


def fail(message):
    print(f'ecos_calls.py: {path}: {message}', file=sys.stderr)
    sys.exit(1)


try:
    with open(path) as f:
        fixture = json.load(f)
except (OSError, ValueError) as error:
    fail(f'cannot read it as JSON ({error})')
if not isinstance(fixture, dict) or not isinstance(fixture.get('calls'), list):
    fail('expected an object with a "calls" array')
for n, call in enumerate(fixture['calls']):
    missing = [name for name in FIELDS if name not in call]
    if missing:
        fail(f'calls[{n}]: missing {", ".join(missing)}')
    if call['mode'] not in ('aware', 'agnostic'):
        fail(f'calls[{n}].mode: expected "aware" or "agnostic", got {call["mode"]!r}')
    if len(call['capacities']) != len(call['types']):
        fail(f'calls[{n}].capacities: expected one per type ({len(call["types"])} types)')
    if any(len(call[name]) != len(call['ids']) for name in FIELDS[4:]):
        fail(f'calls[{n}]: expected one entry per job in every per-job field ({len(call["ids"])} jobs)')
for call in fixture['calls']:
    types = call['types']
    ids = [JobIdPair(int(i), None) for i in call['ids']]
    throughputs = {j: dict(zip(types, call['throughputs'][n])) for n, j in enumerate(ids)}
    scale = {j: call['scale'][n] for n, j in enumerate(ids)}
    weights = {j: 1.0 for j in ids}
    since = {j: call['timeSinceArrival'][n] for n, j in enumerate(ids)}
    remaining = {j: call['stepsRemaining'][n] for n, j in enumerate(ids)}
    spec = dict(zip(types, call['capacities']))
    if call['mode'] == 'agnostic':
        policy = finish_time_fairness.FinishTimeFairnessPolicy('ECOS')
        perf = policy._finish_time_fairness_perf_policy
    else:
        policy = perf = finish_time_fairness.FinishTimeFairnessPolicyWithPerf('ECOS')
    for n, j in enumerate(ids):
        perf._cumulative_isolated_time[j] = call['cumulativeIsolated'][n]
    with contextlib.redirect_stdout(io.StringIO()):
        answer = policy.get_allocation(throughputs, scale, weights, since, remaining, spec)
    call['ecosX'] = [round(answer[j][t], 9) for j in ids for t in types]
    call['ecosIsolated'] = [float(np.ravel(perf._isolated_throughputs_prev_iteration[j])[0]) for j in ids]
directory = os.path.dirname(os.path.abspath(path))
with tempfile.NamedTemporaryFile('w', dir=directory, delete=False, suffix='.tmp') as out:
    json.dump(fixture, out, separators=(',', ':'))
os.replace(out.name, path)
print(f'{len(fixture["calls"])} calls solved by ECOS; wrote {path}', file=sys.stderr)
