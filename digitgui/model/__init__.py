"""Model layer: numpy and scikit-learn only. Nothing here may import Qt or a plot backend.

The public names below are loaded on first use (PEP 562), so that importing one small
module (``digitgui.model.config``) does not import scikit-learn: the app's window can be
painted before that second-long import happens.
"""

from importlib import import_module

_WHERE = {
    "Clustering": "clustering",
    "ClusteringResult": "kmeans",
    "cluster_dataset": "clustering",
    "FitCancelled": "jobs",
    "fit_kmeans": "kmeans",
    "ConfigError": "config",
    "KMeansConfig": "config",
    "Dataset": "dataset",
    "load_digits_dataset": "dataset",
    "EmptyDrawingError": "features",
    "features_from_image": "features",
    "features_from_strokes": "features",
    "ink_from_picture": "features",
    "DigitGuess": "guess",
    "UNLIKE_THRESHOLD": "guess",
    "guess_digit": "guess",
    "typicality": "guess",
    "DatasetError": "io.datasets",
    "load_dataset": "io.datasets",
    "METRIC_INFO": "metrics",
    "Evaluation": "metrics",
    "evaluate": "metrics",
    "silhouette_values": "metrics",
    "ModelFileError": "io.model_file",
    "SavedModel": "io.model_file",
    "load_model": "io.model_file",
    "save_model": "io.model_file",
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'digitgui.model' has no attribute {name!r}")
    value = getattr(import_module(f"digitgui.model.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "Clustering",
    "METRIC_INFO",
    "ClusteringResult",
    "ConfigError",
    "Dataset",
    "DatasetError",
    "EmptyDrawingError",
    "Evaluation",
    "FitCancelled",
    "KMeansConfig",
    "ModelFileError",
    "SavedModel",
    "cluster_dataset",
    "evaluate",
    "features_from_image",
    "features_from_strokes",
    "fit_kmeans",
    "ink_from_picture",
    "DigitGuess",
    "UNLIKE_THRESHOLD",
    "guess_digit",
    "typicality",
    "load_dataset",
    "load_digits_dataset",
    "load_model",
    "save_model",
    "silhouette_values",
]
