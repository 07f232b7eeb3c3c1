"""Every chart of the book, as the book writes it, fits its canvas.

The book writes each chart's whole canvas (no 'tight' crop, see ``charts.render_figure``), so
a title, label or legend that runs past the edge would be cut off on the page. These tests lay
each chart out as the book does and check every piece of text against the canvas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from book_charts import CHARTS
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from dprk_russia import Dataset, load
from dprk_russia.charts import (
    freeze,
    outcomes_chart,
    stances_chart,
    timeline_chart,
)
from dprk_russia.charts.style import note_of


def texts(fig: Figure) -> list[Text]:
    found = fig.findobj(lambda a: isinstance(a, Text) and a.get_visible() and a.get_text())
    return [t for t in found if isinstance(t, Text)]


def as_written(name: str) -> tuple[Figure, Any]:
    """The chart laid out as the book writes it, and a renderer to measure it with."""
    fig = CHARTS[name](load())
    FigureCanvasAgg(fig)
    freeze(fig)
    return fig, fig.canvas.get_renderer()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_text_runs_past_the_edge_of_the_chart(name: str) -> None:
    fig, renderer = as_written(name)
    page = fig.bbox
    outside = [
        t.get_text()
        for t in texts(fig)
        if (box := t.get_window_extent(renderer)).x0 < page.x0 - 1
        or box.x1 > page.x1 + 1
        or box.y0 < page.y0 - 1
        or box.y1 > page.y1 + 1
    ]
    assert outside == [], f"{name}: text cut off at the edge: {outside}"


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_two_titles_or_notes_of_a_panel_overlap(name: str) -> None:
    fig, renderer = as_written(name)
    for ax in fig.axes:
        tops = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
        tops += [t for t in ax.texts if t.get_text()]
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in tops]
        clashes = [
            (a, b)
            for i, (a, box_a) in enumerate(boxes)
            for b, box_b in boxes[i + 1 :]
            if box_a.overlaps(box_b)
        ]
        assert clashes == [], f"{name}: overlapping titles or notes: {clashes}"


@pytest.fixture(scope="module")
def hundredfold(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    from conftest import DATA

    from dprk_russia import read
    from dprk_russia.core.synthetic import scaled_copy

    return read(scaled_copy(DATA, 100, tmp_path_factory.mktemp("x100") / "data"))


@pytest.mark.parametrize("chart", [timeline_chart, stances_chart, outcomes_chart])
@pytest.mark.slow  # building 100 times the data takes seconds: make test, not make check
def test_at_100_times_the_data_a_chart_stays_a_page_and_says_what_it_left_out(
    chart: Callable[[Dataset], Figure], hundredfold: Dataset
) -> None:
    fig = chart(hundredfold)
    assert fig.get_size_inches()[1] <= 10.0, "the chart grew past a page"
    assert note_of(fig.axes[0]), "a crowded chart must say that markers overlap or rows were cut"
    FigureCanvasAgg(fig)
    freeze(fig)
    sizes = [c.get_sizes()[0] for ax in fig.axes for c in ax.collections if len(c.get_offsets())]
    assert min(sizes) ** 0.5 / 72 >= 0.03, "markers shrank below legibility"


def test_every_title_states_its_finding_with_the_numbers_the_prose_glues() -> None:
    """Each chart's title carries the values the chapters glue for the same finding, computed
    by the same view functions: a title can never state a number the prose contradicts."""
    from dprk_russia.views.assessments import track_values
    from dprk_russia.views.chronology import timeline_values
    from dprk_russia.views.claims import claims_frame, first_and_latest, widest_disagreement
    from dprk_russia.views.concepts import disclosure, stance_split

    data = load()
    d, v, s = disclosure(data), timeline_values(data), stance_split(data)
    claims = claims_frame(data)
    kr = first_and_latest(claims, "South Korea", ["in_russia"], "kr")
    loss = widest_disagreement(claims, ["killed", "wounded", "casualties"], "loss")
    t = track_values(data)
    expected = {
        "disclosure": [d["russia_confirmation_days"], d["dprk_confirmation_days"]],
        "deployment": [d["first_report_date"], d["russia_confirmation_days"]],
        "timeline": [v["window_count"], v["n_day_events"], v["window_start"], v["window_end"]],
        "stances": [s["n_critical"], s["n_critical_countries"], s["n_partner_shielding"]],
        "claims": [kr["kr_first_figure"], kr["kr_latest_figure"], loss["loss_ratio"]],
        "outcomes": [t["n_tested"], t["n_borne_out"], t["n_not_borne_out"], t["n_mixed"]],
    }
    for name, values in expected.items():
        title = " ".join(CHARTS[name](data).get_suptitle().split())
        for value in values:
            assert str(value) in title, f"{name}: {value!r} missing from its title {title!r}"
