"""The contracts of every service's ``POST /process``: pydantic models shared by the services,
their fixtures and the orchestrator's clients. Units: seconds (float), Hz, dB, scores 0–100,
phones in ARPAbet (CMUdict, stress digits 0/1/2 on vowels) plus IPA."""
