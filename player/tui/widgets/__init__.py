"""Small widgets of the Textual player: pain scale, countdown, breathing bar, progress."""
