"""Ingest: raw wire stories become Markdown stories under `content/`."""
