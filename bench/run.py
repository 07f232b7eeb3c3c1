"""`make bench`: one table of figures, each the median of several runs, with its target.

Builds run in a temporary copy of the repository (sharing .venv) so the working tree's
``_build`` is left alone. Timings never fail anything; the figures are also written to
``_build/bench.json`` so they can be compared over time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matplotlib.figure import Figure  # noqa: E402

from dprk_russia import read  # noqa: E402
from dprk_russia.charts import (  # noqa: E402
    claims_chart,
    deployment_chart,
    freeze,
    outcomes_chart,
    stances_chart,
    timeline_chart,
)
from dprk_russia.charts.style import render_figure  # noqa: E402
from dprk_russia.core.synthetic import scaled_copy  # noqa: E402
from dprk_russia.notebook import FIGURE_FORMATS  # noqa: E402
from dprk_russia.publish.build import book_config, chapters, copy_repo  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
rows: list[dict[str, object]] = []


def median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def record(name: str, value: float, unit: str, target: str = "") -> None:
    rows.append({"figure": name, "value": round(value, 3), "unit": unit, "target": target})
    shown = f"{value:,.0f} {unit}" if unit == "KB" else f"{value:.3f} {unit}"
    print(f"{name:<58}{shown:>14}  {target}", flush=True)


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def data_figures() -> None:
    python = sys.executable
    # The package itself imports nothing heavy; its data module brings pandas.
    imported = [python, "-c", "from dprk_russia import load"]
    record(
        "import dprk_russia and its data module (fresh process)",
        median_time(lambda: subprocess.run(imported, check=True)),
        "s",
    )
    read()
    record("load() + validation, real data (warm)", median_time(read, 15), "s", "<= 0.2 s")
    with tempfile.TemporaryDirectory() as tmp:
        for factor, target in ((10, ""), (100, "<= 2 s")):
            data_dir = scaled_copy(ROOT / "data", factor, Path(tmp) / f"x{factor}" / "data")
            record(
                f"load() + validation, synthetic {factor}x",
                median_time(lambda d=data_dir: read(d)),
                "s",
                target,
            )
        big = read(Path(tmp) / "x100" / "data")
        real = read()
        # Each chart as the book makes it: built, laid out once, written as SVG and as PDF.
        charts = (claims_chart, timeline_chart, stances_chart, deployment_chart, outcomes_chart)
        for chart in charts:
            for label, data in (("real", real), ("100x", big)):

                def draw(chart: Callable[..., Figure] = chart, data: object = data) -> None:
                    fig = freeze(chart(data))
                    for fmt in FIGURE_FORMATS.values():
                        render_figure(fig, fmt)

                target = "<= 2 s" if label == "100x" else ""
                record(
                    f"{chart.__name__} + SVG + PDF, {label} data", median_time(draw), "s", target
                )


def build_figures() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        copy_repo(repo)
        env = dict(os.environ, PYTHONPATH=str(repo))
        python = str(ROOT / ".venv" / "bin" / "python")
        build = [python, "-m", "dprk_russia", "build"]
        # What a maintainer runs: make book (validate data/, then build). The copy shares
        # .venv, so -o keeps make from reinstalling into it.
        make_book = ["make", "--no-print-directory", "-o", ".venv/.installed", "book"]
        n = len(chapters())

        def cold() -> None:
            shutil.rmtree(repo / "_build", ignore_errors=True)
            run(make_book, repo, env)

        cold_s = median_time(cold)

        def kernel() -> None:
            code = (
                "from jupyter_client.manager import start_new_kernel\n"
                "km, kc = start_new_kernel(kernel_name='python3')\n"
                "kc.execute_interactive('import dprk_russia; dprk_russia.load()', timeout=120)\n"
                "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
            )
            run([python, "-c", code], repo, env)

        kernel_s = median_time(kernel)
        config = book_config(repo)
        config["execute"]["execute_notebooks"] = "off"
        off_config = repo / "_build" / "off" / "_config.yml"

        def no_execution() -> None:
            shutil.rmtree(repo / "_build" / "off", ignore_errors=True)
            off_config.parent.mkdir(parents=True)
            off_config.write_text(yaml.safe_dump(config))
            jb = str(ROOT / ".venv" / "bin" / "jupyter-book")
            run(
                [
                    jb,
                    "build",
                    str(repo),
                    "--config",
                    str(off_config),
                    "--path-output",
                    str(repo / "_build" / "off"),
                ],
                repo,
                env,
            )

        off_s = median_time(no_execution)
        floor = n * kernel_s + off_s
        record("cold build (make book, fresh _build, all executed)", cold_s, "s", "<= 1.5 x floor")
        record(f"  one kernel start + import + load() (x {n} chapters)", kernel_s, "s")
        record("  same book, execution off", off_s, "s")
        record("  floor = chapters x kernel + execution off", floor, "s")
        record("  ratio cold / floor", cold_s / floor, "x", "<= 1.5")

        cold()
        record(
            "no-change rebuild (make book)",
            median_time(lambda: run(make_book, repo, env)),
            "s",
            "<= 2 s",
        )

        claims = repo / "data" / "troop_claims.csv"
        original = claims.read_text(encoding="utf-8")
        values = iter(["1501", "1502", "1503", "1504", "1505"])

        def one_row() -> None:
            value = next(values)
            claims.write_text(
                re.sub(
                    r"^(C03,[^\n]*?),1500,,1500,",
                    rf"\g<1>,{value},,{value},",
                    original,
                    flags=re.MULTILINE,
                ),
                encoding="utf-8",
            )
            run(make_book, repo, env)

        record(
            "rebuild after changing one row of data/ (make book)",
            median_time(one_row),
            "s",
            "<= cold build",
        )
        claims.write_text(original, encoding="utf-8")
        run(build, repo, env)

        def pdf() -> None:
            shutil.rmtree(repo / "_build" / "latex", ignore_errors=True)
            (repo / "_build" / ".inputs-pdflatex").unlink(missing_ok=True)
            run([*build, "--builder", "pdflatex"], repo, env)

        record("make pdf after install (HTML already built)", median_time(pdf), "s")
        page_figures(repo / "_build" / "html")


def page_figures(html: Path) -> None:
    sizes = {}
    for source in chapters(ROOT):
        chapter = str(source.relative_to(ROOT).with_suffix(""))
        page = html / f"{chapter}.html"
        text = page.read_text(encoding="utf-8")
        size = page.stat().st_size
        for image in set(re.findall(r'src="\.\./_images/([^"]+)"', text)):
            size += (html / "_images" / image).stat().st_size
        sizes[chapter] = size / 1024
    for chapter, kb in sizes.items():
        record(f"page {chapter} (with its figures)", kb, "KB")
    record("page size, median", statistics.median(sizes.values()), "KB", "<= 500 KB")
    record("page size, largest", max(sizes.values()), "KB")


def check_figures() -> None:
    """The inner loop: ``make check`` (lint, types, chapter code, unit tests), as run by hand."""
    check = ["make", "--no-print-directory", "-o", ".venv/.installed", "check"]
    env = dict(os.environ)
    record(
        "make check (lint, types, unit tests)",
        median_time(lambda: run(check, ROOT, env), 1),
        "s",
        "<= 60 s",
    )


def main() -> None:
    print(f"{'figure':<58}{'median':>14}  target  (median of {RUNS} runs)")
    check_figures()
    data_figures()
    build_figures()
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"runs": RUNS, "figures": rows}, indent=2) + "\n")
    print(f"figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
