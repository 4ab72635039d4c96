"""phoneme-map-service: text → ARPAbet phones with lexical stress, syllables and IPA for every word."""
