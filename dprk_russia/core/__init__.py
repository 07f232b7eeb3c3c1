"""The evidence: the schema (read from data/datapackage.json), safe reading of the files,
the validation rules, and the typed tables."""
