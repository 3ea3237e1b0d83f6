"""Full screens of the Textual player: picker, playing, stopped, summary."""
