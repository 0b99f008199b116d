"""Performance benchmarks and a bounded load test; not part of the pytest suite (no test_*.py files).

    .venv/bin/python -m tests.benchmarks.run     # medians, each beside its reference, in < 5 min
    .venv/bin/python -m tests.benchmarks.load    # 30 concurrent browser users, 3 rounds

See the docstrings of run.py and load.py for what each printed figure means.
"""
