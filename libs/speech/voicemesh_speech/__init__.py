"""Speech-domain code the services share: phones, syllables, weak forms, numbers, Whisper model.

Pure functions and data, no web or platform code: it imports nothing from ``voicemesh``
(checked by import-linter, see docs/architecture.md).
"""
