"""Publishing the report: the book build, its assets and its Sphinx extensions."""
