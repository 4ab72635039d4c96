"""feedback-llm-service: pronunciation assessment → coaching JSON (summary, priorities, tips, drills)."""
