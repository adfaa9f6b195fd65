"""Hostile input, one module per entry point; the payloads live in ``payloads``.

Each case asserts the exact outcome (status or exit code, the message naming the field
or file) and, for refused input, that no row and no stored file changed
(``checks.nothing_written``). ``docs/hostile-inputs.md`` lists what each entry point
has been tried with; add a module here (wire copy, search, feeds, JSON-LD…) and a row
there for each new way data gets in or out.
"""
