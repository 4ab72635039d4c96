"""The openai engine's prompt (from the seven templates) and answer validation."""
