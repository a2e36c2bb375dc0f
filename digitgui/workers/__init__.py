"""Worker layer: QtCore only. Moves model computations to a thread."""
