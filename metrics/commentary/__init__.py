"""Key messages written in the app: an append-only store in SQLite (sqlite) or PostgreSQL (postgres), with its
audit trail, and the one function that opens whichever a setting names (stores)."""
