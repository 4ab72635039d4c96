"""Who is calling: API keys (``Authorization: Bearer``), browser sessions, roles."""
