"""Speech out (espeak-ng through pyttsx3, cached WAVs) and speech in (vosk with a closed grammar)."""
