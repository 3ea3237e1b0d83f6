"""Reading the journal back: sessions and events, one session's figures, numbers over many."""
