"""asr-service: audio → transcript + word timestamps (seconds) with confidence."""
