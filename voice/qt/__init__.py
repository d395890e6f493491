"""Qt side of the voice: playback, the speaker, the microphone and the recogniser.

Only this sub-package imports PySide6; the engines in :mod:`voice` stay Qt-free.
"""
