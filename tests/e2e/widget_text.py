"""Every text a window could show or read aloud, for "nothing of the last learner" checks."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def widget_texts(root: QWidget) -> list[str]:
    """Text, accessible name/description, tool tip and placeholder of ``root`` and every child.

    Hidden widgets are included on purpose: a screen kept in the stack could show them again.
    """
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        out += [w.accessibleName(), w.accessibleDescription(), w.toolTip(), w.windowTitle()]
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QLineEdit):
            out += [w.text(), w.placeholderText()]
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            out.append(w.toPlainText())
    return [t for t in out if t]


def leftovers(root: QWidget, secrets: list[str]) -> list[str]:
    """Texts in ``root`` that contain any of ``secrets`` (case-insensitive); empty means clean."""
    needles = [s.casefold() for s in secrets if s]
    return [t for t in widget_texts(root) if any(n in t.casefold() for n in needles)]
