"""The Qt layer: windows, screens, widgets, theme. It asks the core; it holds no business rules."""
