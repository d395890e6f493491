"""Offline kiosks: record changes in an outbox, send them to the central server when it is back.

* :func:`kiosk.sync.capture.install_capture` — hook a kiosk's session factory so every
  learner-side change is also written to ``sync_outbox`` in the same transaction.
* :class:`kiosk.sync.sender.OutboxSender` — sends pending changes (a background thread).
* :func:`kiosk.sync.apply.apply_changes` — the server-side merge rules, idempotent by UUID.
* :class:`kiosk.sync.status.SyncStatus` — pending count, last success, plain Vietnamese message.
"""
