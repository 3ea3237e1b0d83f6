"""The journal's SQLite file: schema, store, who writes, privacy, backups and deletion."""
