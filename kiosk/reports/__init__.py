"""Printed documents and exports: progress slips, learner cards, certificates, attendance sheets,
class reports (reportlab, a Vietnamese font found on the system), printing through CUPS, and CSV /
XLSX exports. Qt-free: the UI previews and prints what these functions produce.
"""
