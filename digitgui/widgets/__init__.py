"""Widgets: one per file. They take data in and emit intent out; they never fit."""
