"""Stress tests: the app and its loaders under hostile input, each run in a subprocess."""
