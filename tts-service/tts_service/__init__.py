"""tts-service: text or phones with stress → model-pronunciation audio artifact."""
