"""``load()``: typed tables, loaded once per process, never calling a claim a fact."""

from __future__ import annotations

import pandas as pd
import pytest

from dprk_russia import load, read
from dprk_russia.core.schema import tables


def test_load_is_cached_per_process() -> None:
    assert load() is load()


def test_dates_are_dates_figures_integers_categories_categorical() -> None:
    data = load()
    assert pd.api.types.is_datetime64_any_dtype(data.events["date"])
    assert pd.api.types.is_datetime64_any_dtype(data.troop_claims["date_stated"])
    assert pd.api.types.is_integer_dtype(data.troop_claims["figure_low"])
    assert pd.api.types.is_integer_dtype(data.troop_claims["figure_best"])
    assert isinstance(data.troop_claims["counts"].dtype, pd.CategoricalDtype)
    assert isinstance(data.statements["stance"].dtype, pd.CategoricalDtype)
    assert data.events["confidence"].cat.ordered


@pytest.mark.parametrize("name", list(tables()))
def test_every_table_has_the_schema_columns_in_order(name: str) -> None:
    frame = load().table(name)
    assert list(frame.columns) == tables()[name].field_names
    assert frame[tables()[name].primary_key].is_unique


def test_counts_at_least_the_dossier_and_the_article() -> None:
    data = load()
    assert data.events["event_id"].nunique() >= 76
    assert data.troop_claims["claim_id"].nunique() >= 65
    assert len(data.statements) >= 10 and len(data.assessments) >= 3


def test_every_record_has_a_quoted_source() -> None:
    data = load()
    cited = set(data.citations["record_id"])
    for name in ("events", "troop_claims", "statements", "assessments"):
        frame = data.table(name)
        ids = set(frame[tables()[name].primary_key])
        assert ids <= cited, name
    assert data.citations["quote"].str.len().min() > 0


def test_month_precision_is_kept() -> None:
    events = load().events
    month = events[events["date_precision"] == "month"]
    assert len(month) >= 1
    assert (month["date"].dt.day == 1).all()


def test_read_reloads_a_changed_copy(data_copy) -> None:  # type: ignore[no-untyped-def]
    path = data_copy / "troop_claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1500,,1500,", ",1600,,1600,", 1))
    fresh = read(data_copy)
    assert 1600 in set(fresh.troop_claims["figure_low"])
