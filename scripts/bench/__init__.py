"""Benchmark: our sales assistant against Rasa's own `rasa init` example bot (`make bench`).

Run as `python -m scripts.bench`; how each figure is measured is in docs/bench-method.md.
"""
