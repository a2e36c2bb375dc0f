"""Reading and writing files: data sets, model files, and the safety helpers they share.

Nothing here unpickles; every write is atomic (``atomic.py``).
"""
