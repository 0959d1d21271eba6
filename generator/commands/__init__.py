"""The commands' own work: whole commands that are no pipeline (`init`, `people`), and around the
pipelines of `ingest/` and `build/` what `cli.py` should not hold: printers, errors to exit codes,
the claim on an output folder.

Below, the exit codes every command shares; 130, 143 and 129 after a signal are
`interrupts.exit_code`.
"""

EXIT_OK = 0
"""All went well."""
EXIT_REJECTED = 1
"""The command finished but rejected some input (a bad story, a broken link)."""
EXIT_USAGE = 2
"""A usage error: bad options, a bad site.toml, an output folder Morgue may not replace."""
