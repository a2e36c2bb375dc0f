"""Model layer: numpy and scikit-learn only. Nothing here may import Qt or a plot backend."""

from digitgui.model.clustering import ClusteringResult, FitCancelled, fit_kmeans
from digitgui.model.config import ConfigError, KMeansConfig
from digitgui.model.dataset import Dataset, load_digits_dataset
from digitgui.model.features import (
    EmptyDrawingError,
    features_from_image,
    features_from_strokes,
    ink_from_picture,
)
from digitgui.model.loaders import DatasetError, load_dataset
from digitgui.model.metrics import METRIC_INFO, Evaluation, evaluate, silhouette_values
from digitgui.model.persistence import ModelFileError, SavedModel, load_model, save_model

__all__ = [
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
    "evaluate",
    "features_from_image",
    "features_from_strokes",
    "fit_kmeans",
    "ink_from_picture",
    "load_dataset",
    "load_digits_dataset",
    "load_model",
    "save_model",
    "silhouette_values",
]
