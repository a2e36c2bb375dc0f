"""MainWindow: composition and wiring only. Every view renders from AppState."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
)

from digitgui.app.close_guard import CloseGuard
from digitgui.app.dialogs import show_message
from digitgui.app.drawing_controller import DrawingController
from digitgui.app.file_controller import FileController
from digitgui.app.fit_controller import FitController
from digitgui.app.my_drawings_controller import MyDrawingsController
from digitgui.app.settings import Settings
from digitgui.app.state import AppState
from digitgui.app.warmup import settle_after_start_up, start_child_server, warm_up_job
from digitgui.app.window_geometry import (
    arrange_docks,
    fit_to_screen,
    restore_placement,
    save_placement,
)
from digitgui.app.window_menus import WindowMenus
from digitgui.model.clustering import Clustering
from digitgui.model.dataset import Dataset, load_digits_dataset
from digitgui.model.io.atomic import discard_unfinished_writes
from digitgui.model.space import SPACES
from digitgui.widgets.centroid_gallery import CentroidGallery
from digitgui.widgets.cluster_members import ClusterMembersView
from digitgui.widgets.draw_panel import DrawPanel
from digitgui.widgets.fit_scroll_area import FitScrollArea
from digitgui.widgets.metrics_panel import MetricsPanel
from digitgui.widgets.params_panel import ParamsPanel
from digitgui.widgets.tab_list import TabList
from digitgui.widgets.task_progress import TaskProgress
from digitgui.widgets.tsne_settings import TsneSettingsBox

#: Closing waits at most this long, in all, for the worker threads to end.
SHUTDOWN_SECONDS = 2.0


class MainWindow(QMainWindow):
    """The digitgui main window. ``MainWindow()`` loads the digits and starts the default fit.

    ``tabs_ready()`` is emitted once the exploration tabs have been added; ``closed()``
    once the window has closed for good (jobs stopped, settings written).
    """

    tabs_ready = Signal()
    closed = Signal()

    def __init__(self, dataset: Dataset | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.state = AppState(dataset or load_digits_dataset(), self)
        self._fitted_to_screen = False
        self._tabs_to_build: list | None = None  # presenter modules of tabs not built yet
        self._layout_restored = False
        self._build_views()
        self._build_docks()
        self._build_menus()
        self._connect()
        self._restore()
        self._update_title()
        self.fits.run_panel()

    # -- construction -------------------------------------------------------------------
    def _build_views(self) -> None:
        self.gallery = CentroidGallery()
        self.members = ClusterMembersView()
        clusters = QSplitter(Qt.Orientation.Vertical)
        clusters.setObjectName("clustersSplitter")
        clusters.addWidget(self.gallery)
        clusters.addWidget(self.members)
        clusters.setStretchFactor(0, 3)
        clusters.setStretchFactor(1, 2)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(clusters, "Clusters")
        self.tab_list = TabList(self.tabs, self)
        self.setCentralWidget(self.tabs)
        # The exploration tabs come once a worker has imported what they need (see
        # warmup.py), so that neither the first paint nor the GUI thread waits for it.
        # It starts after the first fit, which comes first for the user.
        self._warmup = self.state.make_runner("warmup")
        self._warmup.finished.connect(self._add_explore_tabs)
        self._warmup.finished.connect(start_child_server)  # GUI thread: see its note
        self._warmup.failed.connect(self._add_explore_tabs)
        self.state.fit_runner.busy_changed.connect(self._on_fit_runner_busy_changed)
        self.status_dataset = QLabel()
        self.statusBar().addPermanentWidget(self.status_dataset)

    def _build_docks(self) -> None:
        self.params = ParamsPanel(list(SPACES))
        self.draw = DrawPanel()
        self.metrics = MetricsPanel()
        self.docks: dict[str, QDockWidget] = {}
        # Parameters and metrics scroll rather than push the window past a small screen;
        # the draw panel keeps its canvas square and scrolls its answer itself.
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        for name, title, widget, area in (
            ("paramsDock", "Parameters", FitScrollArea(self.params), left),
            ("metricsDock", "Metrics", FitScrollArea(self.metrics), left),
            ("drawDock", "Draw a digit", self.draw, right),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[name] = dock

    def _build_menus(self) -> None:
        self.task_progress = TaskProgress()
        self.statusBar().addPermanentWidget(self.task_progress)
        self.files = FileController(self.state, self.settings, self, self.task_progress)
        self.close_guard = CloseGuard(self, self.files)  # a file being written is finished
        self.menus = WindowMenus(
            self, self.state, self.settings, self.files, self.docks, self.tab_list.menu
        )
        self.recent_menu, self.quit_action = self.menus.recent_menu, self.menus.quit_action

    def _connect(self) -> None:
        state = self.state
        # Before the fit controller's handler (slots run in connection order): new data
        # with fewer samples than k would fail its first fit and leave nothing shown.
        state.dataset_changed.connect(self._on_state_dataset_changed_limit_k)
        self.fits = FitController(state, self.params, self)
        self.drawing = DrawingController(state, self.draw, self)
        self.draw.add_shortcuts_to(self)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        state.cluster_selected.connect(self._on_state_cluster_selected)
        state.dataset_changed.connect(self._on_state_dataset_changed)
        state.message.connect(self.statusBar().showMessage)
        # After the status bar listens: loading the drawings may have something to say.
        self.my_drawings = MyDrawingsController(
            state, self.draw.canvas, self.draw.my_drawings, self.drawing, self, self.settings
        )
        self.drawing.assigned.connect(self._on_drawing_assigned)
        for view in (self.gallery, self.metrics):
            view.cluster_clicked.connect(state.select_cluster)
        self.members.sample_clicked.connect(state.select_sample)
        self.files.error.connect(self._on_files_error)
        self.files.config_loaded.connect(self.params.set_config)
        self.setAcceptDrops(True)

    def _restore(self) -> None:
        self.params.set_config(self.settings.config())
        space = self.settings.space()
        if space in SPACES:
            self.params.space.setCurrentText(space)
        self.draw.pen_slider.setValue(self.settings.pen_width())
        self.params.set_max_clusters(self.state.dataset.n_samples)
        self._layout_restored = restore_placement(self, self.settings)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not self._fitted_to_screen:
            # The window manager's frame is known, and dock sizes stick, once shown.
            self._fitted_to_screen = True
            QTimer.singleShot(0, self._on_first_shown)

    @Slot()
    def _on_first_shown(self) -> None:
        fit_to_screen(self)
        if not self._layout_restored:
            arrange_docks(self, self.docks, self.params)

    @Slot(bool)
    def _on_fit_runner_busy_changed(self, busy: bool) -> None:
        if not busy and self._tabs_to_build is None and not self._warmup.busy:
            self._warmup.submit("warm-up", warm_up_job)

    @property
    def explore_tabs_built(self) -> bool:
        """True once every exploration tab is there (``tabs_ready`` has been emitted)."""
        return self._tabs_to_build == []

    @Slot()
    def _add_explore_tabs(self) -> None:
        from digitgui.app.explore_tabs import PRESENTERS

        if self.state.is_shut_down or self._tabs_to_build is not None:  # closed, or started
            return
        self._tabs_to_build = list(PRESENTERS)
        self._add_next_explore_tab()

    @Slot()
    def _add_next_explore_tab(self) -> None:
        # One tab per event-loop turn: building them all in one slot froze drawing for
        # about 0.6 s just after start-up.
        if self.state.is_shut_down or not self._tabs_to_build:
            return
        title, widget = self._tabs_to_build.pop(0).build(self.state)  # reads state.clustering
        self.tabs.addTab(FitScrollArea(widget), title)  # scrolls rather than widen the window
        self.tab_list.sync()
        if self._tabs_to_build:
            QTimer.singleShot(0, self._add_next_explore_tab)
            return
        for tsne in self.tabs.findChildren(TsneSettingsBox):
            tsne.set_values(*self.settings.tsne_settings())
        settle_after_start_up()  # libraries, widgets and tabs are all there now
        self.tabs_ready.emit()

    # -- reactions ----------------------------------------------------------------------
    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        self.gallery.set_views(clustering.views)
        self.metrics.set_clustering(clustering)
        selected = self.state.selected_cluster
        self.gallery.set_selected(selected)
        self.metrics.set_selected(selected)
        if selected < 0:
            self.state.select_cluster(0)
        else:
            self.members.show_cluster(clustering.views, selected)

    @Slot(int)
    def _on_state_cluster_selected(self, cluster: int) -> None:
        self.gallery.set_selected(cluster)
        self.metrics.set_selected(cluster)
        if cluster >= 0 and self.state.clustering is not None:
            self.members.show_cluster(self.state.clustering.views, cluster)

    @Slot(int)
    def _on_drawing_assigned(self, cluster: int) -> None:
        self.gallery.set_highlight(cluster if cluster >= 0 else None)

    @Slot(object)
    def _on_state_dataset_changed_limit_k(self, dataset: Dataset) -> None:
        before = self.params.k.value()
        self.params.set_max_clusters(dataset.n_samples)
        if self.params.k.value() < before:
            self.statusBar().showMessage(
                f"{dataset.n_samples} samples: k lowered from {before} to {self.params.k.value()}",
                10_000,
            )

    @Slot(object)
    def _on_state_dataset_changed(self, _dataset: Dataset) -> None:
        self.gallery.set_views(None)
        self.metrics.set_clustering(None)
        self.members.clear()
        self._update_title()

    def _update_title(self) -> None:
        dataset = self.state.dataset
        self.setWindowTitle(dataset.name)  # Qt appends " — digitgui"
        self.status_dataset.setText(f"{dataset.n_samples:,} samples × {dataset.n_features}")

    # -- files --------------------------------------------------------------------------
    @Slot(str, str)
    def _on_files_error(self, title: str, message: str) -> None:
        show_message(self, QMessageBox.Icon.Warning, title, message, "fileErrorDialog")
        self.statusBar().showMessage(f"{title}: {message}", 10_000)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        urls = [url for url in event.mimeData().urls() if url.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.files.open_data(urls[0].toLocalFile())

    # -- dialogs ------------------------------------------------------------------------
    def show_getting_started(self) -> None:
        """Help → Getting started (see :class:`WindowMenus`)."""
        self.menus.show_getting_started()

    def offer_getting_started(self) -> bool:
        """Getting started at launch unless declined; True if shown (see :class:`WindowMenus`)."""
        return self.menus.offer_getting_started()

    # -- shutdown -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        # Gone from the screen at once; then every job is cancelled and all worker
        # threads get one shared deadline (jobs without a cancel point run in child
        # processes, which are terminated), and only then are the settings written.
        # Except while a save or export is being written: the window then stays until
        # the file is written (see CloseGuard), and closes by itself.
        if not self.state.is_shut_down and self.close_guard.hold_close():
            event.ignore()
            return
        self.hide()
        if not self.state.is_shut_down:
            self.state.shutdown(SHUTDOWN_SECONDS)
            # A write given up (Quit anyway, or still running at the deadline) leaves no
            # temporary file behind: the process is about to leave without it.
            discard_unfinished_writes()
            if not self.menus.reset_requested:
                self._save_settings()
            self.closed.emit()
        super().closeEvent(event)

    def _save_settings(self) -> None:
        try:
            self.settings.set_config(self.params.config())
        except ValueError:
            pass  # an invalid config in the panel is not worth remembering
        self.settings.set_space(self.params.space_name())
        self.settings.set_pen_width(self.draw.pen_slider.value())
        for tsne in self.tabs.findChildren(TsneSettingsBox):
            self.settings.set_tsne_settings(*tsne.values())
        save_placement(self, self.settings)
        self.settings.sync()
