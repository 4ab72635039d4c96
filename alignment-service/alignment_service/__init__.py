"""alignment-service: audio + expected words/phones → word/phone timestamps (seconds) + per-phone GOP."""
