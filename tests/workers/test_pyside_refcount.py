"""Guard against a Qt binding that corrupts Python's reference counts on signal emission.

PySide6 6.12.0 releases one reference to ``True`` per emitted signal. On Python 3.11,
where ``True`` is not immortal, the app then dies with "deallocating True or False"
after enough signals (a drawing session emits thousands). pyproject.toml keeps 6.12.0
out; this test catches any other release that does the same.
"""

import sys

from PySide6.QtCore import QObject, Signal, Slot


class _Emitter(QObject):
    number = Signal(int)
    flag = Signal(bool)

    @Slot(int)
    def on_number(self, _value: int) -> None:
        pass


def test_signal_emission_keeps_reference_counts(qapp):
    emitter = _Emitter()
    emitter.number.connect(emitter.on_number)
    emitter.flag.connect(emitter.on_number)
    before_true, before_false = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.number.emit(5)
        emitter.flag.emit(False)
    assert sys.getrefcount(True) >= before_true
    assert sys.getrefcount(False) >= before_false
