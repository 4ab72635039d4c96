"""Voice profiles: samples a learner records once, prepared into a voice-conversion profile
(voice-conversion-service ``POST /profiles`` measures the Praat engine's F0/formant statistics
over all samples) that ``/process`` can speak the model audio in."""
