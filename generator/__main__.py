"""`python -m generator`: the `morgue` command, for when its script is not on the PATH."""

from generator.cli import main

if __name__ == "__main__":
    main(prog_name="morgue")
