"""Benchmarks (not tests): each measures a ratio in one run and records it in BENCHMARKS.md.

Run them all with `make bench` (`python -m bench`), or one with `python -m bench.<name>`.
"""
