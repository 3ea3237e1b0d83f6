"""What the journal shows people: session lists, the clinic report, exports to files."""
