"""Writes test/fixtures/python-random.json: reference draws from CPython's random.Random.

    python3 tools/python-random-vectors.py > test/fixtures/python-random.json

Only the standard library is used; the fixture records the Python version that made it.
"""
import json
import random
import sys

SEEDS = [0, 1, 2, 3, 5, 42, 12345, 2**32 - 1, 2**32, 2**40 + 7, 2**53 - 1]
cases = []
for seed in SEEDS:
    r = random.Random(seed)
    case = {'seed': seed, 'uint32': [r.getrandbits(32) for _ in range(8)]}
    r = random.Random(seed)
    case['random'] = [r.random() for _ in range(8)]
    r = random.Random(seed)
    case['uniform'] = [r.uniform(1.5, 3) for _ in range(4)]
    r = random.Random(seed)
    case['getrandbits'] = [[k, r.getrandbits(k)] for k in (1, 3, 5, 7, 13, 31, 32)]
    r = random.Random(seed)
    case['randbelow'] = [[n, r._randbelow(n)] for n in (1, 2, 3, 5, 26, 19, 100, 1000003)]
    r = random.Random(seed)
    case['choice26'] = [r.choice(range(26)) for _ in range(20)]
    r = random.Random(seed)
    shuffles = []
    for size in (2, 3, 3, 3, 7):
        items = list(range(size))
        r.shuffle(items)
        shuffles.append(items)
    case['shuffle'] = shuffles
    # A long stream, to cross the 624-word regeneration several times.
    r = random.Random(seed)
    for _ in range(5000):
        r.random()
    case['after5000'] = r.random()
    cases.append(case)
json.dump({'python': sys.version.split()[0], 'command': 'python3 tools/python-random-vectors.py',
           'cases': cases}, sys.stdout, indent=1)
sys.stdout.write('\n')
