"""voice-conversion-service: model audio + learner voice → the model audio with the learner's pitch and vocal-tract length (not timbre cloning)."""
