"""Fuzzing: seeded mutations of the samples (mutate.py) and a harness that runs the real
command line on them under time and memory limits (harness.py). Used by tests/test_fuzz.py
(a fixed-seed smoke run in CI) and bench/fuzz.py (long campaigns on new seeds)."""
