"""A small Sphinx extension for the book's HTML: no thebe, no duplicated inline scripts.

Jupyter Book always loads sphinx-thebe, whose inline configuration script can be written twice
to a page (the browser then logs "Identifier 'THEBE_JS_URL' has already been declared") and
which names a CDN. The report does not offer live code on its pages (readers rerun the
notebooks in JupyterLab), so thebe's scripts are dropped and any duplicate script is removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def _clean_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in scripts:
        key = (
            str(getattr(script, "filename", script)),
            str(getattr(script, "attributes", {}).get("body", "")),
        )
        if _is_thebe(script) or key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def _offer_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write each chapter as a notebook (.ipynb) beside its source, for the download button.

    The chapters are MyST Markdown notebooks; readers who rerun them locally want .ipynb.
    """
    if context.get("page_source_suffix") != ".md":
        return
    source = Path(app.srcdir) / f"{pagename}.md"
    if not source.exists() or "kernelspec:" not in source.read_text(encoding="utf-8"):
        return
    import jupytext

    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(jupytext.read(source), target, fmt="ipynb")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _offer_notebook, priority=100)
    app.connect("html-page-context", _clean_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
