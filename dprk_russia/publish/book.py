"""What the book is made of: its configuration and its chapters, in table-of-contents order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The repository: the book's configuration, chapters and data live here.
ROOT = Path(__file__).resolve().parents[2]


def book_config(root: Path = ROOT) -> dict[str, Any]:
    """The book's ``_config.yml``."""
    import yaml

    config: dict[str, Any] = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config


def chapters(root: Path = ROOT) -> list[Path]:
    """The chapter sources, in table-of-contents order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def files(entries: list[dict[str, Any]]) -> list[str]:
        found = []
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            found += files(entry.get("chapters", []) + entry.get("sections", []))
        return found

    names = [toc["root"], *files(toc.get("chapters", []) + toc.get("parts", []))]
    return [root / f"{name}.md" for name in names]
