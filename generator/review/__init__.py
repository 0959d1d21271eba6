"""The editors' review of the people and organisations vocabularies (`morgue people merge`...).

    retag.py         how a review moves the slugs of a story's list: renamed, merged, removed
    front_matter.py  one front matter list of a story rewritten in its text, every other byte kept
    vocabulary.py    a vocabulary file read for review, and entries edited in its text
    plans.py         confirm, rename, merge, reject: checked against the vocabulary, as a `Plan`
    apply.py         a plan carried out under ingest's lock: stories, ledger, vocabulary last

One implementation serves every kind that has review (`TermKind.PEOPLE`, `ORGANISATIONS`).
"""
