"""ParamsPanel: KMeans parameters, the feature space, Run and Cancel, and fit progress."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.config import (
    ALGORITHMS,
    INITS,
    MAX_CLUSTERS,
    MIN_CLUSTERS,
    ConfigError,
    KMeansConfig,
)
from digitgui.widgets.palette import plot_colors

METHOD_LABELS = {"kmeans": "KMeans (exact)", "minibatch": "Mini-batch KMeans (fast)"}


class ParamsPanel(QWidget):
    """Edits a :class:`KMeansConfig` and a feature-space name.

    Signals
    -------
    run_requested(KMeansConfig, str) : Run pressed (or Ctrl+R); the config and space name.
    cancel_requested() : Cancel pressed (or Esc in the panel).
    """

    run_requested = Signal(object, str)
    cancel_requested = Signal()

    def __init__(self, space_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paramsPanel")
        self.setAccessibleName("Clustering parameters")
        self.k = _spin(MIN_CLUSTERS, MAX_CLUSTERS, "clustersSpin", "Number of clusters k")
        self._wanted_k: int | None = None  # the k asked for, above the data's sample count
        self._limiting = False
        self.k.valueChanged.connect(self._on_k_value_changed)
        self.init = _combo(INITS, "initCombo", "How the first centroids are chosen")
        self.n_init = _spin(0, 100, "nInitSpin", "Restarts; the best by inertia is kept")
        self.n_init.setSpecialValueText("auto")
        self.max_iter = _spin(1, 10_000, "maxIterSpin", "Most Lloyd iterations per restart")
        self.seed = _spin(0, 2**31 - 1, "seedSpin", "Random seed: the same seed, the same fit")
        self.random_seed = QCheckBox("new seed each run")
        self.random_seed.setObjectName("randomSeedCheck")
        self.random_seed.setToolTip(
            "Draw a new seed for every run; the seed box shows the one used, so unticking "
            "this and pressing Run repeats that run"
        )
        self.random_seed.toggled.connect(self._on_random_seed_toggled)
        self.algorithm = _combo(ALGORITHMS, "algorithmCombo", "Lloyd or Elkan: same result")
        self.method = _combo(
            METHOD_LABELS.values(),
            "methodCombo",
            "Exact KMeans, or mini-batch KMeans: approximate but faster on large data",
        )
        self.space = _combo(space_names, "spaceCombo", "What KMeans clusters: the features")
        self.method.currentTextChanged.connect(self._on_method_changed)

        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("runButton")
        self.run_button.setAccessibleName("Run clustering")
        self.run_button.setToolTip("Fit KMeans with these parameters (Ctrl+R)")
        self.run_button.setShortcut("Ctrl+R")
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName("Cancel clustering")
        self.cancel_button.setToolTip("Stop the running fit at its next restart")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("fitProgress")
        self.progress.setAccessibleName("Fit progress")
        self.progress.setTextVisible(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.error = QLabel()
        self.error.setObjectName("paramsError")
        self.error.setWordWrap(True)
        dark = plot_colors(self).dark  # a red that reads on the palette's background
        self.error.setStyleSheet(f"color: {'#ff7b7b' if dark else '#b00020'}")
        self.error.hide()

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow docks
        form.addRow("Clusters (k)", self.k)
        form.addRow("Init", self.init)
        form.addRow("Restarts (n_init)", self.n_init)
        form.addRow("Max iterations", self.max_iter)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.random_seed)
        form.addRow("Seed", seed_row)
        form.addRow("Algorithm", self.algorithm)
        form.addRow("Method", self.method)
        form.addRow("Feature space", self.space)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.run_button.clicked.connect(self._on_run_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.set_config(KMeansConfig())

    def set_config(self, config: KMeansConfig) -> None:
        self.k.setValue(config.n_clusters)
        self.init.setCurrentText(config.init)
        self.n_init.setValue(0 if config.n_init == "auto" else int(config.n_init))
        self.max_iter.setValue(config.max_iter)
        self.random_seed.setChecked(config.random_state is None)
        if config.random_state is not None:
            self.seed.setValue(int(config.random_state))
        self.algorithm.setCurrentText(config.algorithm)
        self.set_method(config.method)
        self._tol = config.tol
        self._batch_size = config.batch_size

    def set_max_clusters(self, samples: int) -> None:
        """Allow at most ``samples`` clusters (a fit needs a sample per cluster).

        A k lowered to fit a small data set comes back once the limit allows it again.
        """
        limit = max(MIN_CLUSTERS, min(MAX_CLUSTERS, int(samples)))
        wanted = self._wanted_k if self._wanted_k is not None else self.k.value()
        self._limiting = True
        try:
            self.k.setMaximum(limit)
            self.k.setValue(min(wanted, limit))
        finally:
            self._limiting = False
        self._wanted_k = wanted if wanted > limit else None

    def _on_k_value_changed(self, _value: int) -> None:
        if not self._limiting:  # the user (or a config) chose k: nothing to restore
            self._wanted_k = None

    def set_method(self, method: str) -> None:
        self.method.setCurrentText(METHOD_LABELS[method])

    def config(self) -> KMeansConfig:
        """The parameters shown; raises ``ConfigError`` if they do not make a config."""
        return KMeansConfig(
            n_clusters=self.k.value(),
            init=self.init.currentText(),
            n_init="auto" if self.n_init.value() == 0 else self.n_init.value(),
            max_iter=self.max_iter.value(),
            tol=self._tol,
            random_state=None if self.random_seed.isChecked() else self.seed.value(),
            algorithm=self.algorithm.currentText(),
            method=next(k for k, v in METHOD_LABELS.items() if v == self.method.currentText()),
            batch_size=self._batch_size,
        )

    def space_name(self) -> str:
        return self.space.currentText()

    def set_busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)  # busy until the first restart reports
        elif self.progress.maximum() == 0:  # finished before any progress was reported
            self.progress.setRange(0, 1)
            self.progress.setValue(1)

    def set_progress(self, done: int, total: int, text: str | None = None) -> None:
        """Progress of the running fit; ``text`` says what is counted (restarts by default)."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(text or f"restart {done} of {total}")

    def show_finished(self, text: str) -> None:
        """A full bar saying what the finished fit did (not the last "restart n of m")."""
        if self.progress.maximum() == 0:  # still "busy": no progress was reported
            self.progress.setRange(0, 1)
        self.progress.setValue(self.progress.maximum())
        self.progress.setFormat(text)

    def show_seed_used(self, seed: int) -> None:
        """Put the seed drawn for a "new seed each run" fit in the seed box."""
        self.seed.setValue(int(seed))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _on_random_seed_toggled(self, on: bool) -> None:
        self.seed.setEnabled(not on)

    def _on_method_changed(self, text: str) -> None:
        exact = text == METHOD_LABELS["kmeans"]
        self.algorithm.setEnabled(exact)
        self.algorithm.setToolTip(
            "Lloyd or Elkan: same result"
            if exact
            else "Mini-batch KMeans has no Lloyd/Elkan choice: this applies to exact KMeans"
        )

    def _on_run_clicked(self) -> None:
        try:
            config = self.config()
        except ConfigError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.run_requested.emit(config, self.space_name())


def _spin(low: int, high: int, name: str, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setObjectName(name)
    spin.setAccessibleName(tip)
    spin.setToolTip(tip)
    return spin


def _combo(items, name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    # Narrow docks: the box may be narrower than its longest item (the list shows it all).
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.setObjectName(name)
    combo.setAccessibleName(tip)
    combo.setToolTip(tip)
    return combo
