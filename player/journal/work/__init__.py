"""The work a session did: each exercise's result and the session's figures (below the store)."""
