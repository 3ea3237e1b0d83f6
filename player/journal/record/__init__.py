"""Recording a session in the journal, and what a new session reads of today's earlier ones."""
