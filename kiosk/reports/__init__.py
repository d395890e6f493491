"""Printed documents and exports (Qt-free; the UI previews and prints what these produce).

Documents (each takes frozen records from :mod:`kiosk.reports.data`, returns the PDF bytes and
saves them atomically when given a path; all text is NFC-normalised; a Vietnamese font found on
the system is embedded):

* :func:`kiosk.reports.slip.render_progress_slip` — A5 progress slip, ≥ 14 pt, code + QR;
  :func:`kiosk.reports.slip.render_slip_batch` — many slips in one PDF, with progress/cancel.
* :func:`kiosk.reports.cards.render_card_sheet` — A4 sheets of 10 learner cards with cut marks.
* :func:`kiosk.reports.certificate.render_certificate` / ``render_certificates`` — A4 landscape.
* :func:`kiosk.reports.attendance.render_session_attendance` / ``render_month_attendance`` —
  A4 landscape, 40 rows on one page, signature column, stamp box.
* :func:`kiosk.reports.class_report.render_class_report` — with completion and attendance charts.

Printing (:mod:`kiosk.reports.printing`): :class:`~kiosk.reports.printing.CupsPrinting` (``lp`` /
``lpstat``), :func:`~kiosk.reports.printing.save_and_print` (save first, then print),
:func:`~kiosk.reports.printing.run_batch` (one PDF per document, progress and cancel).
Exports (:mod:`kiosk.reports.export`): CSV with BOM and XLSX, formula-injection safe.
Fonts (:mod:`kiosk.reports.fonts`): :func:`~kiosk.reports.fonts.register_fonts`,
:func:`~kiosk.reports.fonts.font_files` for the Qt side.
"""
