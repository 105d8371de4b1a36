"""History across reporting periods: the store (SQLite or PostgreSQL) and what changed."""
