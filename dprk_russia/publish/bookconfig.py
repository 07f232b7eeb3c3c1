"""What each build adds to the book's configuration: the edition, the site's address and the
PDF's layout.

:func:`configure` is applied to the ``_config.yml`` that the build writes for Sphinx (see
``build_config`` in the build module). It adds:

- MyST substitutions that state the edition (``{{ edition_version }}``, ``{{
  edition_evidence_date }}``, ``{{ edition_built }}``, ``{{ edition_citation }}`` …);
- ``html_baseurl``, the web edition's address, when one is configured (canonical links and
  social-card addresses; the PDF prints it wherever it points to the web edition);
- for the PDF: a title page with the edition and the date of the evidence, an imprint page
  with the citation, one-sided pages that open anywhere (no blank pages), figures kept where
  their text places them, and addresses that may break at any character.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .editions import Edition, edition
from .escaping import latex_text


def _url(url: str | None) -> str:
    # Site addresses are held to plain characters (see editions.site_url): safe in \url{}.
    return r"\url{" + url + "}" if url else ""


def title_page(ed: Edition) -> str:
    """The PDF's title page and, overleaf, its imprint: edition, dates, address, citation."""
    web = r"\par\medskip{\large The web edition: " + _url(ed.url) + r"\par}" if ed.url else ""
    web_imprint = (
        r"The web edition, with the interactive explorer and the downloads: "
        + _url(ed.url)
        + r"\par\medskip"
        if ed.url
        else ""
    )
    return rf"""
\begingroup
\hypersetup{{pageanchor=false}}
\begin{{titlepage}}
\sffamily\raggedright
\noindent\rule{{\textwidth}}{{1pt}}\par
\vspace*{{2cm}}
{{\Huge\bfseries {latex_text(ed.title)}\par}}
\vspace{{1.5cm}}
{{\LARGE Edition {latex_text(ed.version)}\par}}
\vspace{{0.6cm}}
{{\Large The evidence up to {latex_text(ed.evidence_date)}, the date of the newest record\par}}
\vspace{{0.3cm}}
{{\large Built on {latex_text(ed.built)}\par}}
{web}
\vfill
{{\LARGE {latex_text(ed.author)}\par}}
\vspace{{1cm}}
\noindent\rule{{\textwidth}}{{1pt}}\par
\end{{titlepage}}
\thispagestyle{{empty}}
\vspace*{{\fill}}
\noindent{{\sffamily\bfseries This edition}}\par\medskip
\noindent Edition {latex_text(ed.version)}. The evidence runs to {latex_text(ed.evidence_date)},
the date of the newest record; this copy was built on {latex_text(ed.built)}.\par\medskip
\noindent {web_imprint}
\noindent{{\sffamily\bfseries How to cite}}\par\medskip
\noindent {latex_text(ed.citation())}\par\medskip
\noindent Appendix \emph{{This edition}} lists what changed in the evidence since the previous
edition.\par\bigskip
\noindent{{\sffamily\bfseries Licence}}\par\medskip
\noindent Text and data: Creative Commons Attribution 4.0 (CC BY 4.0). Quotes remain their
publishers'.\par
\clearpage
\endgroup
"""


#: The PDF's layout rules, added to the LaTeX preamble.
LAYOUT = r"""
\usepackage{xurl}
\usepackage[section]{placeins}
\renewcommand{\topfraction}{0.9}
\renewcommand{\bottomfraction}{0.8}
\renewcommand{\textfraction}{0.07}
\renewcommand{\floatpagefraction}{0.75}
\setcounter{topnumber}{2}
\widowpenalty=10000
\clubpenalty=10000
% A figure and its caption fit the page: the chart at most 0.78 of the text height (Sphinx
% allows the whole text height, and a tall chart's caption then ran into the next heading).
\makeatletter
\AtBeginDocument{\spx@image@maxheight=0.78\textheight}
\makeatother
"""


def configure(config: dict[str, Any], root: Path, builder: str) -> dict[str, Any]:
    """Add the edition and the layout to one build's configuration (in place; also returned)."""
    ed = edition(root)
    if ed.url is None:
        print(
            "no site address configured (SITE_URL or html.baseurl in _config.yml): pages carry "
            "no canonical or social-card addresses, and the PDF names no address for the web "
            "edition",
            file=sys.stderr,
        )
    parse = config.setdefault("parse", {})
    parse["myst_substitutions"] = {**parse.get("myst_substitutions", {}), **ed.substitutions()}
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["html_baseurl"] = ed.url or ""
    sphinx["today"] = ed.built
    if builder in ("pdflatex", "latex"):
        latex = sphinx.setdefault("latex_elements", {})
        latex["extraclassoptions"] = "openany,oneside"
        latex["maketitle"] = title_page(ed)
        # Figures float (a tall one kept in place would leave half a page empty), but never
        # past the end of their section (placeins), and may fill most of a page. Addresses
        # break at any character (xurl). No widows or orphans: a paragraph's last line alone
        # at the top of a page reads as a stray.
        latex["figure_align"] = "!htbp"
        latex["preamble"] = latex.get("preamble", "") + LAYOUT
    return config
