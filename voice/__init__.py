"""Speech out (espeak-ng via pyttsx3, cached WAVs) and speech in (vosk with a closed grammar)."""
