"""phoneme-diff-service: expected vs aligned phones + prosody → phone/word errors, lexical stress verdicts, scores 0–100."""
