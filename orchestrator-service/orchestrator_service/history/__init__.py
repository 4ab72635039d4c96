"""Attempts: storing each ``/process`` answer, listing them per role, and progress."""
