"""Benchmarks: quality, latency and training-speed tables; run each module with python -m."""
