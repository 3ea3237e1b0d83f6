"""Entry point for `python -m player`."""

from player.start import main

if __name__ == "__main__":
    main()
