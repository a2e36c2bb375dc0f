"""digitgui: explore KMeans clustering of handwritten digits."""

__version__ = "0.1.0"
