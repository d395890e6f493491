"""Screens, one per module. Each renders state, forwards input, and can be previewed alone."""
