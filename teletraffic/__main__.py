"""``python -m teletraffic`` runs the command line, exactly like ``teletraffic``."""

from teletraffic.cli import main

if __name__ == "__main__":
    main()
