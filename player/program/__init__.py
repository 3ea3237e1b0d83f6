"""Programs over weeks: phases of routines, the next-morning check, and progression."""
