"""The load benchmark's parts (bench/bench_load.py runs them)."""
