"""`python -m generator`: the `morgue` command, for when its script is not on the PATH."""

from generator.cli import run

if __name__ == "__main__":
    run()
