"""Chapters that read the same in the book and as notebooks: a Sphinx extension.

Each chapter is a MyST notebook that a reader may rerun in JupyterLab (``make lab``). There,
``jupyterlab-myst`` renders its Markdown: an inline ``{eval}`name``` is evaluated in the
chapter's kernel, and a chart is the output of the code cell that draws it, with the caption
below it in a ``{figure}`` that has no image. The book reads the same source from Jupyter
Book's execution cache, where no kernel is running, so this extension gives both constructs
their book meaning from the values the chapter glued (:func:`dprk_russia.notebook.glue_all`,
:func:`~dprk_russia.notebook.glue_figure`):

- ``{eval}`name``` pastes the text glued under ``name``, exactly as ``{glue:text}`` would
  (MyST-NB evaluates ``{eval}`` only in its "inline" execution mode, which would execute every
  chapter again, one after another, inside each HTML and PDF build);
- a ``{figure}`` with no image pastes the chart glued under its ``:name:``, numbered and with
  its caption; a ``{figure}`` with an image is Sphinx's own;
- the PDF's appendix starts before the document named by ``report_latex_appendix`` (a raw
  LaTeX block in that chapter would show as text in JupyterLab).

The notebook that each chapter page offers for download is the executed chapter, with its
outputs, the values of its ``{eval}`` roles (as ``jupyterlab-myst`` stores them) and a first
cell saying how to get the package it imports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.directives.patches import Figure
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What an ``{eval}`` role may hold in this book: one name (MyST-NB's own default pattern).
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: An inline ``{eval}`` role in a Markdown cell.
EVAL_ROLE = re.compile(r"\{eval\}`([^`]*)`")

#: The first cell of each downloadable notebook.
HOW_TO_RUN = """\
**Rerunning this chapter.** This notebook is a chapter of the report *{title}*, saved with
the outputs of the build that made the web book. Its code imports `dprk_russia`, the report's
own package, which is not published on a package index: it comes with the report's source.
In a copy of the source (Python 3.11 and `make` are all it needs), run `make lab`; it sets
up `.venv` with the package and the pinned requirements, and opens JupyterLab on the
chapters, where each `.md` chapter opens as a notebook: *Run → Run All Cells*. This file
runs there too, with the *Python 3* kernel of `.venv`. The values in the text are filled in
by the `jupyterlab-myst` extension, which `make lab` installs; Jupyter without it shows each
value's name in its place.
"""


def _paste_text_role() -> type:
    from myst_nb.ext.glue.roles import PasteTextRole

    from .source_role import has_address, source_link

    class EvalRole(PasteTextRole):  # type: ignore[misc]
        """``{eval}`name```: the value the chapter glued under ``name``, as ``{glue:text}``;
        where the chapter glued an address beside it (``name_url``), a link to that page."""

        def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
            if not NAME.fullmatch(self.text):
                message = self.document.reporter.warning(
                    f"{{eval}}`{self.text}`: the book pastes glued values, so an {{eval}} "
                    "role holds one name that the chapter glued (glue_all), not an expression",
                    line=self.line,
                )
                return [], [message]
            if has_address(self.document, self.text):  # a source: its publisher, linked
                return source_link(self, self.text)
            return super().run()  # type: ignore[no-any-return]

    return EvalRole


class GluedFigure(Figure):
    """``{figure}``: with an image, Sphinx's figure; without one, the chart the chapter glued
    under the figure's ``:name:`` (shown just above it in JupyterLab), numbered, with its
    caption."""

    required_arguments = 0
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments:
            return super().run()
        from myst_nb.ext.glue.directives import PasteFigureDirective

        name = self.options.get("name")
        if not name:
            raise self.error(
                "a {figure} without an image needs a :name:, the name its chart was glued "
                "under (glue_figure)"
            )
        paste = PasteFigureDirective(
            "glue:figure",
            [name],
            {k: v for k, v in self.options.items() if k in PasteFigureDirective.option_spec},
            self.content,
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        )
        return paste.run()  # type: ignore[no-any-return]


def _latex_appendix(app: Sphinx, doctree: nodes.document) -> None:
    """Start the PDF's appendix before the first appendix chapter."""
    if app.env.docname == app.config.report_latex_appendix:
        doctree.insert(0, nodes.raw("", "\\appendix\n", format="latex"))


def glued_text(nb: Any) -> dict[str, str]:
    """The plain text of each value a notebook glued without displaying it, by name."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            prefix = record.get("mime_prefix", "")
            if "name" in record and prefix + "text/plain" in output.get("data", {}):
                values[record["name"]] = output["data"][prefix + "text/plain"]
    return values


def downloadable(executed: Any, title: str) -> Any:
    """The notebook a chapter page offers: the executed chapter, each Markdown cell carrying
    the values of its ``{eval}`` roles as ``jupyterlab-myst`` stores them (so they show before
    the notebook is rerun), and a first cell saying how to rerun it. The hidden glue records
    are left out: JupyterLab shows nothing for them, and a rerun makes them again."""
    import copy

    import nbformat

    nb = copy.deepcopy(executed)
    values = glued_text(nb)
    nb.metadata.pop("jupytext", None)  # how the .md source is written, not this file
    nb.metadata.pop("source_map", None)  # MyST-NB's line numbers in the .md source
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not o.get("metadata", {}).get("scrapbook", {}).get("mime_prefix")
            ]
            continue
        found = [
            {
                "expression": name,
                "result": {"status": "ok", "data": {"text/plain": values[name]}, "metadata": {}},
            }
            for name in dict.fromkeys(EVAL_ROLE.findall(cell.source))
            if name in values
        ]
        if found:
            cell.metadata["user_expressions"] = found
    how_to_run = nbformat.v4.new_markdown_cell(HOW_TO_RUN.format(title=title))  # type: ignore[no-untyped-call]
    nb.cells.insert(0, how_to_run)
    return nb


def _offer_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write each chapter's executed notebook (.ipynb) beside its source, for the download
    button."""
    if context.get("page_source_suffix") != ".md":
        return
    source = Path(app.srcdir) / f"{pagename}.md"
    if not source.exists() or "kernelspec:" not in source.read_text(encoding="utf-8"):
        return
    import nbformat
    from jupyter_cache import get_cache
    from myst_nb.core.read import myst_nb_reader_plugin

    # The chapter as MyST-NB read it, with the outputs it found in the execution cache.
    cache = get_cache(app.config.nb_execution_cache_path)
    try:
        _, executed = cache.merge_match_into_notebook(myst_nb_reader_plugin(str(source)))
    except KeyError:
        logger.warning(f"{pagename}: not in the execution cache, so no notebook to offer")
        return
    nb = downloadable(executed, app.config.html_title)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)  # type: ignore[no-untyped-call]
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    # Registered after MyST-NB (a later extension), so these take the place of its own.
    app.add_role("eval", _paste_text_role()(), override=True)
    app.add_directive("figure", GluedFigure, override=True)
    app.add_config_value("report_latex_appendix", "", "env", [str])
    app.connect("doctree-read", _latex_appendix)
    app.connect("html-page-context", _offer_notebook, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
