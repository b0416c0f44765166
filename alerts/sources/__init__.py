"""Where articles come from: files and folders, JSONL dumps, RSS/Atom feeds and lists of article pages.

Every reader yields `Article` objects, or `InputError`s for inputs that cannot be used, so that one bad
file or line is reported (and quarantined by a storing run) while the rest goes on.
"""
