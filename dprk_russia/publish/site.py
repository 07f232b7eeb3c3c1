"""The folder to publish: ``python -m dprk_russia.publish.site`` (run by ``make site``).

It takes the HTML book (``_build/html``) and the PDF (``_build/latex``), both of which must be
the last successful builds of the current inputs, and assembles ``_build/site``:

- the HTML book, whose every link is relative, so the folder works at any base path (``/`` or
  ``/dprk-troops/``) on any static host;
- ``downloads/``: the PDF, the evidence base zipped (the CSV tables with ``datapackage.json``
  and their SHA-256 checksums), the chapter notebooks with their outputs zipped, and
  ``SHA256SUMS`` for every download;
- each chapter's notebook, offered by the page's download menu, replaced by the executed one
  from the build's execution cache (with outputs);
- the social-card images the pages name (a PNG of each page's first figure, drawn from its SVG
  by Chromium at 1200 × 630 px), when the site's address is configured;
- ``.nojekyll``, so that hosts running Jekyll keep the ``_static`` and ``_images`` folders.

Like the book, the folder is assembled beside the old one and swapped in only when complete.
Zip entries carry the build date and fixed permissions, so the same commit gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html.parser
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

#: Where the downloads live in the site (relative to its root).
DOWNLOADS = "downloads"
PDF = f"{DOWNLOADS}/dprk-troops-in-russia.pdf"
DATA_ZIP = f"{DOWNLOADS}/dprk-troops-evidence.zip"
NOTEBOOKS_ZIP = f"{DOWNLOADS}/dprk-troops-notebooks.zip"
CHECKSUMS = f"{DOWNLOADS}/SHA256SUMS"
#: The size of a social-card image (what Open Graph and Twitter recommend).
CARD_SIZE = (1200, 630)


class SiteError(RuntimeError):
    """The site cannot be assembled (says what to run first)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _zip(entries: list[tuple[str, bytes]], date: str) -> bytes:
    """A zip of ``entries`` whose bytes depend only on them and ``date`` (YYYY-MM-DD)."""
    year, month, day = (int(x) for x in date.split("-"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(max(year, 1980), month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def checksums(entries: list[tuple[str, bytes]]) -> bytes:
    """``sha256sum`` lines for the entries (check with ``sha256sum -c SHA256SUMS``)."""
    return "".join(f"{sha256(data)}  {name}\n" for name, data in entries).encode()


#: Folders the evidence base reads besides its tables: the stored source texts (the quotes of
#: the source article are checked against them) and the map's data, with its provenance.
STORED_TEXTS = "sources"
BESIDE_TABLES = (STORED_TEXTS, "geo")


def data_zip(data_folder: Path, folder: str, date: str) -> bytes:
    """The evidence base: ``datapackage.json``, every table it lists, the stored source texts
    and the map's data (so that the download validates on its own), with checksums."""
    package = data_folder / "datapackage.json"
    meta = json.loads(package.read_text(encoding="utf-8"))
    files = [("datapackage.json", package.read_bytes())]
    for resource in meta["resources"]:
        path = data_folder / resource["path"]
        if not path.is_file():
            raise SiteError(f"{path}: listed in datapackage.json but missing")
        files.append((str(resource["path"]), path.read_bytes()))
    for name in BESIDE_TABLES:
        folder_path = data_folder / name
        for path in sorted(folder_path.rglob("*")) if folder_path.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                files.append((path.relative_to(data_folder).as_posix(), path.read_bytes()))
    files.append(("SHA256SUMS", checksums(files)))
    return _zip([(f"{folder}/{name}", data) for name, data in files], date)


def executed_notebooks(root: Path) -> dict[str, bytes]:
    """Each chapter as the build executed it (``book/<name>.ipynb`` → the notebook's bytes),
    from the execution cache of the current inputs. Cell ids are numbered, so that the bytes
    are the same from build to build."""
    import nbformat
    from jupyter_cache import get_cache

    from .build import cache_path, chapters

    cache_dir = cache_path(root, root / "_build")
    if not (cache_dir / "global.db").is_file():
        raise SiteError(f"no execution cache for the current inputs ({cache_dir}): run make book")
    cache = get_cache(str(cache_dir))
    out = {}
    for path in chapters(root):
        try:
            nb = cache.get_project_notebook(str(path)).nb
            _, merged = cache.merge_match_into_notebook(nb)
        except (KeyError, ValueError) as exc:
            name = path.relative_to(root)
            raise SiteError(f"{name} has no executed notebook in the cache: run make book") from exc
        merged.metadata.pop("source_map", None)
        for i, cell in enumerate(merged.cells):
            cell["id"] = f"cell-{i}"
        rel = path.relative_to(root).with_suffix(".ipynb")
        out[str(rel)] = nbformat.writes(merged).encode("utf-8")  # type: ignore[no-untyped-call]
    return out


def notebooks_readme(version: str, evidence: str) -> bytes:
    return (
        f"The chapters of edition {version} of the report (evidence to {evidence}) as Jupyter\n"
        "notebooks, each with the outputs of the build that published it.\n\n"
        "They read the evidence base through the project's package, dprk_russia: to rerun\n"
        "them, open them in JupyterLab from a clone of the project's repository, after\n"
        "`make book` there has set up its environment (see the README's 'Rerun the notebooks\n"
        "locally').\n"
    ).encode()


class _MetaImages(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("property") == "og:image" and found.get("content"):
            self.images.append(str(found["content"]))


def card_images(site: Path, base: str | None) -> dict[Path, Path]:
    """The social-card PNGs the pages name, each with the SVG it is drawn from."""
    wanted: dict[Path, Path] = {}
    if not base:
        return wanted
    for page in sorted(site.rglob("*.html")):
        parser = _MetaImages()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.images:
            if not url.startswith(base):
                raise SiteError(f"{page.relative_to(site)}: og:image {url} is not under {base}")
            png = site / url[len(base) :]
            svg = png.with_suffix(".svg")
            if png.suffix == ".png" and not png.exists():
                if not svg.is_file():
                    raise SiteError(f"{page.relative_to(site)}: no figure {svg.name} for {url}")
                wanted[png] = svg
    return wanted


def render_cards(cards: dict[Path, Path]) -> None:
    """Draw each SVG centred on a white 1200 × 630 card, with Chromium."""
    if not cards:
        return
    import base64

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise SiteError("Chromium is needed to draw the social-card images (make site installs it)")
    width, height = CARD_SIZE
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": height})
        for png, svg in sorted(cards.items()):
            data = base64.b64encode(svg.read_bytes()).decode("ascii")
            page.set_content(
                f'<html><body style="margin:0;width:{width}px;height:{height}px;'
                'background:#fff;display:flex;align-items:center;justify-content:center">'
                f'<img alt="" src="data:image/svg+xml;base64,{data}" '
                f'style="max-width:{width - 60}px;max-height:{height - 30}px;'
                'width:auto;height:auto"></body></html>'
            )
            page.wait_for_load_state("load")
            page.screenshot(path=str(png))
        browser.close()


def assemble(root: Path, out: Path) -> list[str]:
    """Assemble the site into ``out`` (which must not exist); return what it holds."""
    from ..core.schema import data_dir
    from .build import FINISHED, up_to_date
    from .editions import edition

    build = root / "_build"
    for builder, target in (("html", "make book"), ("pdflatex", "make pdf")):
        if not up_to_date(builder, root, build):
            raise SiteError(
                f"_build/{FINISHED[builder]} is not the build of the current inputs: run {target}"
            )
    ed = edition(root)
    shutil.copytree(build / "html", out)
    downloads = out / DOWNLOADS
    downloads.mkdir()
    files: list[tuple[str, bytes]] = []

    pdf = (build / FINISHED["pdflatex"]).read_bytes()
    files.append((Path(PDF).name, pdf))
    files.append(
        (
            Path(DATA_ZIP).name,
            data_zip(data_dir(), f"dprk-troops-evidence-{ed.version}", ed.built_iso),
        )
    )
    notebooks = executed_notebooks(root)
    for rel, data in notebooks.items():
        chapter = out / "_sources" / rel
        chapter.parent.mkdir(parents=True, exist_ok=True)
        chapter.write_bytes(data)
    folder = f"dprk-troops-notebooks-{ed.version}"
    entries = [(f"{folder}/README.txt", notebooks_readme(ed.version, ed.evidence_date))]
    entries += [(f"{folder}/{rel}", data) for rel, data in sorted(notebooks.items())]
    files.append((Path(NOTEBOOKS_ZIP).name, _zip(entries, ed.built_iso)))
    for name, data in files:
        (downloads / name).write_bytes(data)
    (out / CHECKSUMS).write_bytes(checksums(files))
    (out / ".nojekyll").write_bytes(b"")
    (out / ".buildinfo").unlink(missing_ok=True)  # Sphinx's own bookkeeping, not for readers
    render_cards(card_images(out, ed.url))
    return sorted(str(p.relative_to(out)) for p in downloads.iterdir())


def main(argv: list[str] | None = None) -> int:
    from .build import ROOT, _swap
    from .processes import exclusive

    root = Path(argv[0]).resolve() if argv else ROOT
    build = root / "_build"
    stage, target = build / ".stage-site", build / "site"
    with exclusive(build):
        shutil.rmtree(stage, ignore_errors=True)
        try:
            held = assemble(root, stage)
        except BaseException as exc:
            shutil.rmtree(stage, ignore_errors=True)
            if not isinstance(exc, SiteError):
                raise
            print(f"site: {exc}; _build/site is left as it was", file=sys.stderr)
            return 1
        _swap(stage, target)
    print(f"site: {target} ({', '.join(held)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
