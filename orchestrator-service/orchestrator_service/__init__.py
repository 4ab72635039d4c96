"""orchestrator-service: ``POST /process`` fans out to the seven services and returns one JSON."""
