"""Benchmarks run by hand against the configured database; see docs/benchmarks.md."""
