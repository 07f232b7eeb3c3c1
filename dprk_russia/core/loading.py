"""Loading: the validated evidence base as typed pandas tables, read once per process.

Chapters never read a CSV themselves; they call :func:`load` and get the same validated tables,
so a change to one row of ``data/`` reaches every chart and sentence that depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .reading import RawTable
from .schema import Policy, Table, data_dir, policy, tables
from .validation import check

#: Categories with a natural order (for sorting and for legends that read low to high).
_ORDERED = {"confidence": ["low", "medium", "high"], "date_precision": ["year", "month", "day"]}


@dataclass(frozen=True)
class Dataset:
    """The whole evidence base. Each attribute is a DataFrame indexed by nothing in particular."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    events: pd.DataFrame
    troop_claims: pd.DataFrame
    statements: pd.DataFrame
    assessments: pd.DataFrame
    assessment_outcomes: pd.DataFrame
    citations: pd.DataFrame
    searches: pd.DataFrame
    corrections: pd.DataFrame
    texts: dict[str, str]
    directory: Path

    @property
    def policy(self) -> Policy:
        """The report's declared rules: period, the article's source id, record tables."""
        return policy(self.directory)

    @property
    def article_source(self) -> str:
        """The source id of the article this report started from."""
        return self.policy.article_source

    def primary_key(self, table: str) -> str:
        """The column holding a table's ids."""
        return tables(self.directory)[table].primary_key

    def labels(self, table: str, field: str) -> dict[str, str]:
        """How the book names each category of a field, in the schema's order."""
        return tables(self.directory)[table].field(field).label()

    def table(self, name: str) -> pd.DataFrame:
        """A table by its name in the data package."""
        frame: pd.DataFrame = getattr(self, name)
        return frame


def _column(table: Table, name: str, values: list[str]) -> pd.Series:
    f = table.field(name)
    if f.type == "date":
        return pd.Series(pd.to_datetime(values, format="%Y-%m-%d"), name=name)
    if f.type == "integer":
        ints = [int(v) if v else None for v in values]
        dtype = "int64" if f.required else "Int64"
        return pd.Series(ints, dtype=dtype, name=name)
    if f.type == "boolean":
        return pd.Series([v == "true" for v in values], dtype=bool, name=name)
    if f.enum is not None:
        order = _ORDERED.get(name.removeprefix("published_"))
        cats = order if order and set(order) == set(f.enum) else list(f.enum)
        cat = pd.Categorical(
            [v if v else None for v in values], categories=cats, ordered=bool(order)
        )
        return pd.Series(cat, name=name)
    return pd.Series([v if v else None for v in values], dtype="string", name=name)


def to_frame(raw: RawTable) -> pd.DataFrame:
    """Type one validated table by its schema."""
    names = raw.table.field_names
    cols = {n: _column(raw.table, n, [r.values[n] for r in raw.rows]) for n in names}
    return pd.DataFrame(cols, columns=names)


def read(directory: str | Path | None = None) -> Dataset:
    """Validate and load the data, without the per-process cache (for tests and tools)."""
    root = data_dir(directory)
    raws, texts = check(root)
    frames = {name: to_frame(raw) for name, raw in raws.items()}
    return Dataset(texts=texts, directory=root, **frames)


_CACHE: dict[Path, Dataset] = {}


def load(directory: str | Path | None = None) -> Dataset:
    """The validated dataset, loaded once per process and per data folder.

    Raises :class:`dprk_russia.DataError` listing every problem if the data does not validate.
    """
    root = data_dir(directory)
    if root not in _CACHE:
        _CACHE[root] = read(root)
    return _CACHE[root]
