"""The chapters as notebooks: rerun outside the book, as a reader reruns them in JupyterLab
(``make lab``), each chapter shows every figure of the book as an image where its prose
needs it, and its Markdown holds nothing that JupyterLab with ``jupyterlab-myst`` would show
raw: no ``{glue}`` role, no directive or role it does not render, and an ``{eval}`` whose
value, evaluated in the chapter's kernel, is the text the book shows. The notebook that each
chapter page offers for download carries the outputs, the values and how to rerun it.

The slow tests run every chapter in a kernel (and read ``_build/html``, which ``make test``
builds first); the others check the pieces on small made-up notebooks.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import nbformat
import pytest
from conftest import ROOT, ReaderRun

from dprk_russia.notebook import Shown, _bind
from dprk_russia.publish.build import chapters
from dprk_russia.publish.notebooks import downloadable

HTML = ROOT / "_build" / "html"
CHAPTERS = [str(path.relative_to(ROOT).with_suffix("")) for path in chapters()]

#: JupyterLab's output renderers: rank (the lowest present wins) and whether it renders in a
#: notebook that is not trusted (a downloaded one). From JupyterLab's rendermime defaults.
LAB_RENDERERS = {
    "text/html": (50, True),
    "text/markdown": (60, True),
    "text/latex": (70, True),
    "image/svg+xml": (80, False),
    "image/png": (90, True),
    "image/jpeg": (90, True),
    "application/pdf": (100, False),
    "application/javascript": (110, False),
    "text/plain": (120, True),
}
IMAGES = {"image/svg+xml", "image/png", "image/jpeg"}

#: What jupyterlab-myst renders in these chapters' Markdown, and nothing else is used.
#: ``{web}`` (links to the published site's downloads) and ``{only}`` (text for one output)
#: have no meaning in a notebook rerun locally: JupyterLab shows them as their source text,
#: which still reads ("the report as PDF <downloads/...>"). Every other role is rendered.
ROLES = {"eval", "numref", "ref", "web"}
DIRECTIVES = {"figure", "admonition", "only"}
ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
ROLE_EVAL = re.compile(r"\{eval\}`([^`]*)`")
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{([\w:.-]+)\}(.*)$", re.MULTILINE)
FIGURE = re.compile(r"^```\{figure\}\s*\n:name: (\S+)", re.MULTILINE)
LABEL_TITLE = re.compile(r"^\(([\w-]+)\)=\n# (.+)$", re.MULTILINE)


def lab_shows(bundle: dict[str, Any], trusted: bool) -> str | None:
    """The mime type JupyterLab renders for an output's bundle (None: nothing visible)."""
    shown = [
        (rank, mime)
        for mime, (rank, safe) in LAB_RENDERERS.items()
        if mime in bundle and (trusted or safe)
    ]
    return min(shown)[1] if shown else None


def lab_text(plain: str) -> str:
    """What jupyterlab-myst shows for an inline value's text/plain: outer quotes dropped."""
    match = re.fullmatch(r"([\"'])(.*)\1", plain)
    return match.group(2) if match else plain


def book_text(plain: str) -> str:
    """What the book shows for a glued value's text/plain (as MyST-NB pastes it)."""
    try:
        return str(ast.literal_eval(plain))
    except (SyntaxError, ValueError):
        return plain


def glued(nb: Any) -> dict[str, dict[str, Any]]:
    """Each output that glued a value, by the name it was glued under."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if "name" in record:
                found[record["name"]] = output
    return found


def hidden(output: Any) -> bool:
    """A value glued without display: JupyterLab shows nothing for it."""
    return bool(output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix"))


def figure_names(chapter: str) -> list[str]:
    return list(FIGURE.findall((ROOT / f"{chapter}.md").read_text(encoding="utf-8")))


# --- Rerun outside the book ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_figure_is_an_image_output_just_above_its_caption(
    reader_runs: dict[str, ReaderRun], chapter: str
) -> None:
    cells = reader_runs[chapter].notebook.cells
    for name in figure_names(chapter):
        where = [
            i
            for i, cell in enumerate(cells)
            if cell.cell_type == "code"
            for o in cell.get("outputs", [])
            if o.get("metadata", {}).get("scrapbook", {}).get("name") == name
        ]
        assert where, f"{chapter}: no cell output glued as {name}"
        cell = cells[where[0]]
        output = next(o for o in cell.outputs if o["metadata"]["scrapbook"]["name"] == name)
        assert output["output_type"] in {"display_data", "execute_result"}
        assert lab_shows(output["data"], trusted=True) in IMAGES, f"{name}: {list(output.data)}"
        caption = cells[where[0] + 1]
        assert caption.cell_type == "markdown", f"{name}: no Markdown after its chart"
        assert re.match(rf"```\{{figure\}}\s*\n:name: {re.escape(name)}\n", caption.source), (
            f"{chapter}: the chart {name} is not just above its figure's caption"
        )


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_markdown_cell_would_show_a_raw_role_or_an_empty_value(
    reader_runs: dict[str, ReaderRun], chapter: str
) -> None:
    run = reader_runs[chapter]
    values = {
        name: book_text(o["data"][o["metadata"]["scrapbook"]["mime_prefix"] + "text/plain"])
        for name, o in glued(run.notebook).items()
    }
    titles = {
        label: title
        for path in chapters()
        for label, title in LABEL_TITLE.findall(path.read_text(encoding="utf-8"))
    }
    evals = 0
    for cell in run.notebook.cells:
        if cell.cell_type != "markdown":
            continue
        assert "{glue" not in cell.source, f"{chapter}: a glue role or directive is left"
        for directive, _argument in DIRECTIVE.findall(cell.source):
            assert directive in DIRECTIVES, f"{chapter}: JupyterLab shows {{{directive}}} raw"
        for role, text in ROLE.findall(cell.source):
            assert role in ROLES, f"{chapter}: JupyterLab shows {{{role}}} raw"
            if role == "ref":  # unresolved in a lone notebook: the text must be given
                title, _, label = text.rpartition(" <")
                assert title and titles.get(label.rstrip(">")) == title, text
            if role == "eval":
                evals += 1
                result = run.expressions.get(text, {})
                assert result.get("status") == "ok", f"{chapter}: {text}: {result}"
                shown = lab_text(result["data"]["text/plain"])
                assert shown.strip(), f"{chapter}: {{eval}}`{text}` is empty"
                assert shown == values[text], f"{chapter}: {text} shows {shown!r} in JupyterLab"
    markdown = "".join(c.source for c in run.notebook.cells if c.cell_type == "markdown")
    assert evals == markdown.count("{eval}`")


# --- The notebook each chapter page offers ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_downloaded_notebook_carries_outputs_values_and_how_to_rerun_it(
    reader_runs: dict[str, ReaderRun], chapter: str
) -> None:
    path = HTML / "_sources" / f"{chapter}.ipynb"
    assert path.exists(), f"{path} was not built (run make book)"
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert "`dprk_russia`" in first.source and "make lab" in first.source
    code = [c for c in nb.cells if c.cell_type == "code"]
    reader_code = [c for c in reader_runs[chapter].notebook.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [c.source for c in reader_code]
    for mine, theirs in zip(code, reader_code, strict=True):
        shown = [o for o in theirs.outputs if not hidden(o)]
        assert [lab_shows(o.get("data", {}), True) for o in mine.outputs] == [
            lab_shows(o.get("data", {}), True) for o in shown
        ], f"{chapter}: the outputs of {mine.source[:60]!r}"
    outputs = glued(nb)
    for name in figure_names(chapter):
        # Opened from a download, the notebook is not trusted: JupyterLab shows no SVG.
        assert lab_shows(outputs[name]["data"], trusted=False) in IMAGES, name
    reader = {n: r["data"]["text/plain"] for n, r in reader_runs[chapter].expressions.items()}
    for cell in nb.cells[1:]:
        if cell.cell_type != "markdown":
            continue
        names = list(dict.fromkeys(ROLE_EVAL.findall(cell.source)))
        stored = {
            e["expression"]: lab_text(e["result"]["data"]["text/plain"])
            for e in cell.metadata.get("user_expressions", [])
        }
        assert stored == {n: lab_text(reader[n]) for n in names}, cell.source[:80]


# --- The pieces ------------------------------------------------------------------------------


def test_a_glued_text_shows_in_jupyterlab_as_the_book_shows_it() -> None:
    from IPython.lib.pretty import pretty

    for text in ["18 October 2024", 'It\'s "x"', "'quoted'", "two\nlines", "back\\slash"]:
        shown = lab_text(pretty(Shown(text)))
        assert shown == book_text(repr(text)).replace("\n", " "), text


class _Shell:
    def __init__(self) -> None:
        self.user_ns: dict[str, Any] = {}


def test_glued_values_become_variables_but_never_replace_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import IPython

    shell = _Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    shell.user_ns["article_date"] = len  # an imported function, say
    _bind({"n_things": 3, "when": "18 October 2024"})
    assert shell.user_ns["n_things"] == 3 and isinstance(shell.user_ns["when"], Shown)
    _bind({"n_things": 4})  # a rerun binds a glued name again
    assert shell.user_ns["n_things"] == 4
    with pytest.raises(ValueError, match="'article_date' is already a variable"):
        _bind({"article_date": "21 October 2024"})
    assert shell.user_ns["article_date"] is len


def _output(name: str, data: dict[str, Any], hidden: bool) -> Any:
    prefix = "application/papermill.record/" if hidden else ""
    return nbformat.v4.new_output(
        "display_data",
        data={prefix + k: v for k, v in data.items()},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}},
    )


def test_the_offered_notebook_keeps_what_shows_and_stores_each_value() -> None:
    nb = nbformat.v4.new_notebook(metadata={"jupytext": {"x": 1}, "source_map": [1, 2]})
    first = nbformat.v4.new_code_cell("glue_all(...)")
    first.outputs = [
        _output("n", {"text/plain": "3"}, hidden=True),
        _output("when", {"text/plain": "'18 October 2024'"}, hidden=True),
    ]
    chart = nbformat.v4.new_code_cell("glue_figure(...)")
    chart.outputs = [_output("fig-a", {"image/png": "iVBOR", "text/plain": "<Figure>"}, False)]
    nb.cells = [
        first,
        nbformat.v4.new_markdown_cell("We hold {eval}`n` records from {eval}`when`; {eval}`n`."),
        chart,
        nbformat.v4.new_markdown_cell("No values here."),
    ]
    out = downloadable(nb, "The report")
    assert "The report" in out.cells[0].source and "make lab" in out.cells[0].source
    assert out.cells[1].outputs == []  # the hidden records are left out
    assert out.cells[3].outputs == chart.outputs
    assert out.cells[2].metadata["user_expressions"] == [
        {
            "expression": "n",
            "result": {"status": "ok", "data": {"text/plain": "3"}, "metadata": {}},
        },
        {
            "expression": "when",
            "result": {
                "status": "ok",
                "data": {"text/plain": "'18 October 2024'"},
                "metadata": {},
            },
        },
    ]
    assert "user_expressions" not in out.cells[4].metadata
    assert "jupytext" not in out.metadata and "source_map" not in out.metadata
    assert nb.cells[0].outputs and "user_expressions" not in nb.cells[1].metadata  # untouched
