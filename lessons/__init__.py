"""Lesson and simulation content: schema, loader, and the pure engines that play it (no Qt)."""
