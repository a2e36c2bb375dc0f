"""The pieces of an exported script: plain numpy / scikit-learn code, one piece a step.

Each function returns Python source that, run in order, reads the data, maps it into
the feature space, fits and scores exactly as the app did. The reading code is checked
by :func:`digitgui.reports.script.check_loading` before it is written anywhere.
"""

from __future__ import annotations

import textwrap

from digitgui.model.config import KMeansConfig
from digitgui.model.io.source import DataSource
from digitgui.model.metrics import SILHOUETTE_MAX_SAMPLES
from digitgui.model.minibatch import CONVERGENCE, MAX_EPOCHS
from digitgui.model.space import (
    IsomapSpace,
    PCASpace,
    RawPixels,
    SpectralSpace,
    StandardizedPixels,
)


class NotReproducible(ValueError):
    """Plain numpy / scikit-learn code cannot redo this step; the message says why."""


AS_LABELS = '''
def as_labels(values):
    """True labels as whole numbers 0..10000 as they are; any other labels (text,
    fractions, negative or huge numbers) numbered 0, 1, ... in sorted order."""
    values = np.asarray(values)
    if values.dtype.kind in "biuf" and np.array_equal(values, np.round(values)):
        if values.size == 0 or (values.min() >= 0 and values.max() <= 10_000):
            return values.astype(np.int64)
    return np.unique(values, return_inverse=True)[1].astype(np.int64).reshape(-1)
'''

AS_DIGITS = """
# As the app does: colour pictures become grey, pictures become rows of pixels, and
# 8×8 pictures with values above 16 are rescaled to the digits' 0..16.
if X.ndim == 4 and X.shape[-1] in (3, 4):
    X = X[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
X = X.astype(np.float64).reshape(len(X), -1)
if X.shape[1] == 64 and X.min() >= 0 and X.max() > 16:
    X = X * (16.0 / X.max())
"""


def columns_code(columns: tuple[int, ...]) -> str:
    """A short literal for a list of column numbers (a range when they follow each other)."""
    items = list(columns)
    if len(items) > 3 and items == list(range(items[0], items[-1] + 1)):
        return f"list(range({items[0]}, {items[-1] + 1}))"
    return repr(items)


def load_code(source: DataSource | None) -> str:
    """Code that defines ``X`` (n, d) float64 and ``y`` (n,) int64 or None.

    Raises
    ------
    NotReproducible
        For data made in code, a folder of pictures, or pictures converted through the
        drawing recipe.
    """
    if source is None:
        raise NotReproducible("the data was made inside the app, not read from a file")
    if source.kind == "sklearn-digits":
        return (
            "from sklearn.datasets import load_digits\n\n"
            "digits = load_digits()  # 1797 handwritten digits, 8×8 pixels, values 0..16\n"
            "X = digits.data.astype(np.float64)\n"
            "y = digits.target.astype(np.int64)\n"
        )
    if source.kind == "folder" or source.converted:
        raise NotReproducible(
            "the pictures were converted to 8×8 by the app's drawing recipe (crop, fit the "
            "digit box, count 4×4 blocks), which is not plain numpy"
        )
    path = f"PATH = {source.path!r}\n"
    if source.kind == "optdigits":
        return (
            path + "table = np.loadtxt(PATH, delimiter=',')  # UCI optdigits: 64 pixels, digit\n"
            "X = table[:, :64]\ny = table[:, 64].astype(np.int64)\n"
        )
    if source.kind == "npy":
        code = path + "X = np.load(PATH, allow_pickle=False)\ny = None\n"
        if source.label_column is not None:
            code += AS_LABELS + (
                f"\nLABEL_COLUMN = {source.label_column}\n"
                "y = as_labels(X[:, LABEL_COLUMN])\n"
                "X = np.delete(X, LABEL_COLUMN, axis=1)\n"
            )
        return code + AS_DIGITS
    if source.kind == "npz":
        code = path + "with np.load(PATH, allow_pickle=False) as archive:\n"
        code += f"    X = archive[{source.data_key!r}]\n"
        if source.label_key is None:
            return code + "y = None\n" + AS_DIGITS
        code += f"    labels = archive[{source.label_key!r}]\n"
        return AS_LABELS + "\n" + code + "y = as_labels(labels)\n" + AS_DIGITS
    if source.kind == "table":
        return _table_code(source) + AS_DIGITS
    raise NotReproducible(f"files of kind {source.kind!r} are not known to the exporter")


def _table_code(source: DataSource) -> str:
    quote = "'\"'" if source.delimiter is not None else "None"
    code = f"""PATH = {source.path!r}
DELIMITER = {source.delimiter!r}  # None: cells are separated by spaces
FEATURE_COLUMNS = {columns_code(source.feature_columns)}  # counted from 0
LABEL_COLUMN = {source.label_column!r}

with open(PATH, encoding="utf-8-sig", newline="") as stream:
    lines = [line.rstrip("\\r") for line in stream.read().split("\\n")]
# Blank lines and lines starting with # are skipped{", the first line is the header" if source.header else ""}.
lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
"""  # noqa: E501
    if source.header:
        code += "lines = lines[1:]\n"
    if source.decimal_comma:
        code += 'lines = [line.replace(",", ".") for line in lines]  # decimal commas\n'
    code += (
        "X = np.loadtxt(lines, delimiter=DELIMITER, usecols=FEATURE_COLUMNS, comments=None,\n"
        f"               quotechar={quote}, ndmin=2, dtype=np.float64)\n"
        "y = None\n"
    )
    if source.label_column is None:
        return code
    if source.text_labels:
        if source.delimiter is None:
            cells = "[line.split()[LABEL_COLUMN] for line in lines]"
        else:
            cells = "[row[LABEL_COLUMN].strip() for row in csv.reader(lines, delimiter=DELIMITER)]"
        return "import csv\n" + AS_LABELS + "\n" + code + f"y = as_labels(np.array({cells}))\n"
    return (
        AS_LABELS
        + "\n"
        + code
        + "y = as_labels(np.loadtxt(lines, delimiter=DELIMITER, usecols=[LABEL_COLUMN],\n"
        f"                       comments=None, quotechar={quote}, dtype=np.float64))\n"
    )


def space_code(space) -> str:
    """Code mapping ``X`` into ``features`` as the app's feature space did."""
    name = type(space).__name__
    if isinstance(space, RawPixels) and name == "RawPixels":
        return "features = X  # raw pixels: KMeans sees the data as it is\n"
    if type(space) is StandardizedPixels:
        return (
            "from sklearn.preprocessing import StandardScaler\n\n"
            "features = StandardScaler().fit_transform(X)  # each pixel: mean 0, variance 1\n"
        )
    if type(space) is PCASpace:
        return (
            "from sklearn.decomposition import PCA\n\n"
            f"features = PCA({space.n_components}, whiten={space.whiten}, "
            f"random_state={space.random_state}).fit_transform(X)\n"
        )
    if type(space) is IsomapSpace:
        isomap = f"Isomap(n_neighbors={space.n_neighbors}, n_components={space.n_components})"
        return f"""from sklearn.manifold import Isomap

if len(X) <= {space.max_fit_samples}:
    features = {isomap}.fit_transform(X)
else:  # fitted on a seeded subsample, the rest placed by transform (as the app does)
    rows = np.sort(np.random.default_rng({space.random_state}).choice(
        len(X), {space.max_fit_samples}, replace=False))
    isomap = {isomap}.fit(X[rows])
    features = np.concatenate([isomap.transform(X[i:i + 2000]) for i in range(0, len(X), 2000)])
"""
    if type(space) is SpectralSpace:
        return (
            "from sklearn.manifold import SpectralEmbedding\n\n"
            f"features = SpectralEmbedding(n_components={space.n_components}, "
            f"affinity='nearest_neighbors', n_neighbors={space.n_neighbors}, "
            f"random_state={space.random_state}).fit_transform(X)\n"
        )
    raise NotReproducible(f"the feature space {space.name!r} has no plain scikit-learn recipe")


def kmeans_code(config: KMeansConfig) -> str:
    """Code fitting KMeans on ``features``: defines ``labels`` and ``centroids``."""
    if config.method == "kmeans":
        args = ", ".join(f"{key}={value!r}" for key, value in config.sklearn_kwargs().items())
        call = "\n".join(textwrap.wrap(f"kmeans = KMeans({args})", 88, subsequent_indent=" " * 16))
        return (
            "from sklearn.cluster import KMeans\n\n"
            f"{call}.fit(features)\n"
            "labels, centroids = kmeans.labels_, kmeans.cluster_centers_\n"
        )
    return f"""from sklearn.cluster import MiniBatchKMeans
from sklearn.utils import check_random_state

# Mini-batch KMeans as the app runs it: partial_fit over shuffled chunks, at most
# {MAX_EPOCHS} passes, stopping once no centre moves more than {CONVERGENCE} of the spread.
rng = check_random_state({config.random_state!r})
batch = min({config.batch_size}, len(features))
chunks = int(np.ceil(len(features) / batch))
kmeans = MiniBatchKMeans(n_clusters={config.n_clusters}, init={config.init!r},
                         n_init={config.resolved_n_init}, batch_size=batch,
                         random_state={config.random_state!r})
scale = float(np.sqrt(features.var(axis=0).sum())) or 1.0
previous = None
for epoch in range(min({config.max_iter}, {MAX_EPOCHS})):
    order = rng.permutation(len(features))
    for chunk in range(chunks):
        kmeans.partial_fit(features[order[chunk * batch:(chunk + 1) * batch]])
    centers = kmeans.cluster_centers_.copy()
    if previous is not None and np.abs(centers - previous).max() < {CONVERGENCE} * scale:
        break
    previous = centers
labels, centroids = kmeans.predict(features), kmeans.cluster_centers_
"""


def estimator_code(method: str) -> str:
    """Code for a clustering made by another algorithm (``Clustering.method``)."""
    estimator = method.split("(", 1)[0]
    where = "sklearn.mixture" if estimator == "GaussianMixture" else "sklearn.cluster"
    return f"""from {where} import {estimator}

labels = {method}.fit_predict(features)
# As the app shows it: noise (-1) becomes one more cluster, the last, and each cluster's
# centre is the mean of its members.
if (labels < 0).any():
    labels = np.where(labels < 0, labels.max() + 1, labels)
sums = np.zeros((labels.max() + 1, features.shape[1]))
np.add.at(sums, labels, features)
centroids = sums / np.bincount(labels)[:, None]
"""


def metrics_code(names: list[tuple[str, str]], with_labels: bool) -> str:
    """Code computing and printing every metric the metrics panel shows, as it shows them.

    ``names`` are (metric key, label shown) in the panel's order.
    """
    shown = ",\n".join(f"    ({key!r}, {label!r})" for key, label in names)
    external = ""
    if with_labels:
        external = """hcv = metrics.homogeneity_completeness_v_measure(y, labels)
homogeneity, completeness, v_measure = hcv
classes, column = np.unique(y, return_inverse=True)
contingency = np.zeros((len(centroids), len(classes)), dtype=np.int64)
np.add.at(contingency, (labels, column), 1)
rows, cols = linear_sum_assignment(contingency, maximize=True)
scores.update(
    adjusted_rand=metrics.adjusted_rand_score(y, labels),
    adjusted_mutual_info=metrics.adjusted_mutual_info_score(y, labels),
    normalized_mutual_info=metrics.normalized_mutual_info_score(y, labels),
    homogeneity=homogeneity,
    completeness=completeness,
    v_measure=v_measure,
    fowlkes_mallows=metrics.fowlkes_mallows_score(y, labels),
    matched_accuracy=contingency[rows, cols].sum() / len(labels),
    majority_accuracy=contingency.max(axis=1).sum() / len(labels),
)
"""
    return f"""from scipy.optimize import linear_sum_assignment
from sklearn import metrics


def shown(value):
    \"\"\"A metric as the app shows it: 4 decimals below 1, 4 significant digits below
    1000, whole numbers with thousands separators above.\"\"\"
    if value is None or not np.isfinite(value):
        return "—"
    size = abs(value)
    if size >= 1000:
        return f"{{value:,.0f}}"
    if size >= 1:
        return f"{{value:.{{4 - len(str(int(size)))}}f}}"
    return f"{{value:.4f}}"


scores = {{}}
sizes = np.bincount(labels, minlength=len(centroids))
if 2 <= np.count_nonzero(sizes) < len(features):
    # Above {SILHOUETTE_MAX_SAMPLES:,} samples the silhouette (O(n²)) uses a seeded sample.
    sample = np.arange(len(features))
    if len(features) > {SILHOUETTE_MAX_SAMPLES}:
        sample = np.random.RandomState(0).permutation(len(features))[:{SILHOUETTE_MAX_SAMPLES}]
    scores["silhouette"] = metrics.silhouette_score(features[sample], labels[sample])
    scores["calinski_harabasz"] = metrics.calinski_harabasz_score(features, labels)
    scores["davies_bouldin"] = metrics.davies_bouldin_score(features, labels)
gaps = features - centroids[labels]
scores["inertia"] = np.einsum("ij,ij->", gaps, gaps)
{external}
SHOWN = [
{shown},
]
for key, label in SHOWN:
    print(f"{{label}}: {{shown(scores.get(key))}}")
"""


def plot_code(square: bool, raw_pixels: bool) -> str:
    """Code drawing each cluster's centre (in pixels where they are pictures)."""
    centres = (
        "centres = centroids  # KMeans ran on the pixels: its centroids are pictures\n"
        if raw_pixels
        else "# The centroids live in the feature space; the picture of a cluster is the mean\n"
        "# of its members' pixels.\n"
        "centres = np.array([X[labels == c].mean(axis=0) for c in range(len(centroids))])\n"
    )
    if square:
        draw = """side = int(round(np.sqrt(X.shape[1])))
columns = min(len(centres), 10)
rows = int(np.ceil(len(centres) / columns))
fig, axes = plt.subplots(rows, columns, figsize=(1.2 * columns, 1.4 * rows), squeeze=False)
for ax in axes.flat:
    ax.axis("off")
for c, (ax, centre) in enumerate(zip(axes.flat, centres)):
    ax.imshow(centre.reshape(side, side), cmap="gray_r", interpolation="nearest")
    ax.set_title(f"C{c}", fontsize=8)
"""
    else:
        draw = """fig, ax = plt.subplots(figsize=(8, 4))
ax.imshow(centres, aspect="auto", cmap="viridis", interpolation="nearest")
ax.set_xlabel("feature")
ax.set_ylabel("cluster")
"""
    return (
        "import matplotlib.pyplot as plt\n\n"
        + centres
        + draw
        + 'fig.suptitle("Cluster centres")\nplt.show()\n'
    )
