"""Conversation practice: a spoken turn (ASR → assessment → tutor LLM → TTS per phrase) for
``POST /converse``, and the streamed dialog of ``WS /converse/stream`` (server VAD, barge-in,
follow-up window, wake word)."""
