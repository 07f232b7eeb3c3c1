"""Shared data module of the report on North Korean troops in Russia.

``load()`` gives the validated evidence base; the chapters take every table, chart and number
from here.
"""

from .loading import Dataset, load, read
from .validation import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load", "read"]
