"""Entry point for `python -m player`."""

from player.cli import main

if __name__ == "__main__":
    main()
