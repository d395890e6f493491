"""The Qt-free core of Học vụ số Kiosk: settings, database, services, kiosk session, reports."""
