"""Editions: the version, the dates and the citation each build states, and the evidence
changelog between two editions (a git tag and the working tree), tested on a repository made
here with two tagged editions."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, read_rows, write_rows

from dprk_russia import load
from dprk_russia.publish import changelog, editions
from dprk_russia.views.records import coverage


def test_the_newest_record_is_the_date_the_chapters_print() -> None:
    newest = editions.newest_record(DATA)
    assert editions.format_day(newest) == coverage(load())["latest_date"]


def test_the_build_date_is_source_date_epoch_else_the_commit_date(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026, 00:00 UTC
    assert editions.build_date(ROOT) == (dt.date(2026, 1, 1), "SOURCE_DATE_EPOCH")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(editions.EditionError, match="SOURCE_DATE_EPOCH"):
        editions.build_date(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    repo = make_repo(tmp_path)
    commit(repo, "first", when="2026-02-03T23:30:00-05:00")
    assert editions.build_date(repo) == (dt.date(2026, 2, 4), "commit")  # in UTC
    plain = tmp_path / "plain"  # not a git checkout
    plain.mkdir()
    assert editions.build_date(plain)[1] == "today"


def test_the_site_address_comes_from_configuration_and_must_be_plain(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "_config.yml").write_text("html:\n  baseurl: https://a.example.org/r\n")
    monkeypatch.delenv("SITE_URL", raising=False)
    assert editions.site_url(tmp_path) == "https://a.example.org/r/"
    monkeypatch.setenv("SITE_URL", "https://b.example.org/")
    assert editions.site_url(tmp_path) == "https://b.example.org/"
    monkeypatch.setenv("SITE_URL", 'https://b.example.org/x"><script>')
    with pytest.raises(editions.EditionError, match="SITE_URL"):
        editions.site_url(tmp_path)


def test_citation_cff_is_valid_cff_1_2_and_names_this_version() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):  # required by CFF 1.2
        assert cff.get(key), key
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert str(cff["version"]) == editions.version(ROOT)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["title"] == config["title"] and cff["authors"][0]["name"] == config["author"]
    assert cff["type"] in ("software", "dataset")


def test_the_ready_citation_names_author_year_title_edition_and_address() -> None:
    ed = editions.Edition(
        "A title", "A team", "1.2.0", "5 May 2026", "2026-05-05", "6 June 2026",
        "2026-06-06", "commit", "https://x.example.org/r/", "v1.1.0",
    )  # fmt: skip
    assert ed.citation() == (
        "A team (2026). A title. Edition 1.2.0, evidence to 5 May 2026. https://x.example.org/r/"
    )


# --- The changelog between two editions ---------------------------------------------------


def make_repo(tmp_path: Path) -> Path:
    """A repository with the project's files that an edition reads: pyproject.toml and data/."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    for name in ["datapackage.json", *[p.name for p in DATA.glob("*.csv")]]:
        (repo / "data" / name).write_bytes((DATA / name).read_bytes())
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "0.1.0"\n')
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "editions@example.org")
    git(repo, "config", "user.name", "Editions test")
    return repo


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    import os

    full = {**os.environ, **(env or {})}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=full)


def commit(repo: Path, message: str, when: str = "2026-01-01T00:00:00+00:00") -> None:
    git(repo, "add", "-A")
    git(
        repo,
        "commit",
        "-q",
        "-m",
        message,
        env={"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when},
    )


def set_version(repo: Path, value: str) -> None:
    (repo / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "{value}"\n')


def edit(repo: Path, table: str, key: str, record: str, field: str, value: str) -> None:
    path = repo / "data" / f"{table}.csv"
    header, rows = read_rows(path)
    for row in rows:
        if row[key] == record:
            row[field] = value
    write_rows(path, header, rows)


@pytest.fixture
def two_editions(tmp_path: Path) -> Path:
    """v0.1.0 (the real data), v0.2.0 with one claim changed, one event added and one citation
    removed; the working tree (0.3.0) changes one more event."""
    repo = make_repo(tmp_path)
    commit(repo, "edition 0.1.0")
    git(repo, "tag", "v0.1.0")
    edit(repo, "troop_claims", "claim_id", "C03", "figure_low", "1700")
    edit(repo, "troop_claims", "claim_id", "C03", "figure_high", "1700")
    header, rows = read_rows(repo / "data" / "events.csv")
    new = dict(rows[-1], event_id="E9999", date="2026-03-17", description="A test event.")
    write_rows(repo / "data" / "events.csv", header, [*rows, new])
    header, rows = read_rows(repo / "data" / "citations.csv")
    gone = rows[5]["citation_id"]
    write_rows(repo / "data" / "citations.csv", header, [r for r in rows if r is not rows[5]])
    set_version(repo, "0.2.0")
    commit(repo, "edition 0.2.0")
    git(repo, "tag", "v0.2.0")
    git(repo, "tag", "not-an-edition")
    (repo / "gone.txt").write_text(gone)
    set_version(repo, "0.3.0")
    edit(repo, "events", "event_id", "E01", "confidence", "medium")
    return repo


def test_the_previous_edition_is_the_highest_lower_version_tag(two_editions: Path) -> None:
    tags = editions.edition_tags(two_editions)
    assert [t.name for t in tags] == ["v0.1.0", "v0.2.0"]
    assert editions.previous_edition(two_editions).name == "v0.2.0"  # type: ignore[union-attr]
    assert editions.previous_edition(two_editions, "0.2.0").name == "v0.1.0"  # type: ignore[union-attr]
    assert editions.previous_edition(two_editions, "0.1.0") is None


def test_the_working_tree_is_compared_with_the_previous_edition_field_by_field(
    two_editions: Path,
) -> None:
    comp = changelog.compare_editions(two_editions, data_folder=two_editions / "data")
    assert comp.since == "v0.2.0" and comp.version == "0.3.0"
    assert [(c.table, c.record, c.kind) for c in comp.changes] == [("events", "E01", "changed")]
    (field,) = comp.changes[0].fields
    assert (field.field, field.old, field.new) == ("confidence", "high", "medium")
    assert "1 record added" not in changelog.introduction(comp)
    assert "0 records added, 1 changed and 0 removed" in changelog.introduction(comp)


def test_two_tagged_editions_compare_record_by_record(two_editions: Path) -> None:
    old = changelog.read_ref(two_editions, "v0.1.0")
    new = changelog.read_ref(two_editions, "v0.2.0")
    changes = changelog.compare(old, new)
    gone = (two_editions / "gone.txt").read_text()
    summary = [(c.table, c.record, c.kind) for c in changes]
    assert summary == [
        ("events", "E9999", "added"),
        ("troop_claims", "C03", "changed"),
        ("citations", gone, "removed"),
    ]
    claim = changes[1]
    assert [(f.field, f.new) for f in claim.fields] == [
        ("figure_low", "1700"),
        ("figure_high", "1700"),
    ]
    assert "2026-03-17 · A test event." in changes[0].label
    frame = changelog.changes_frame(
        changelog.Comparison("0.2.0", "", "v0.1.0", "", True, new, changes)
    )
    assert list(frame["Change"]) == ["added", "changed", "removed"]
    assert "figure_low: “" in frame["What changed"][1] and "” → “1700”" in frame["What changed"][1]


def test_the_project_changelog_has_one_section_per_edition_newest_first(
    two_editions: Path,
) -> None:
    text = changelog.project_changelog(two_editions)
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert [h.split(" — ")[0] for h in heads] == [
        "## Edition 0.3.0",
        "## Edition 0.2.0",
        "## Edition 0.1.0",
    ]
    assert "## Edition 0.2.0 — evidence to 17 March 2026" in text  # the added event's date
    assert "- `C03` (Stated troop numbers): figure_low: `" in text
    assert "is the first edition" in text.split("## Edition 0.1.0")[1]


def test_a_first_edition_and_a_copy_without_history_say_so(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    commit(repo, "edition 0.1.0")
    first = changelog.compare_editions(repo, data_folder=repo / "data")
    assert first.since is None and first.changes == []
    assert "is the first edition" in changelog.introduction(first)
    plain = tmp_path / "plain"
    (plain / "data").mkdir(parents=True)
    (plain / "pyproject.toml").write_bytes((repo / "pyproject.toml").read_bytes())
    for f in (repo / "data").iterdir():
        (plain / "data" / f.name).write_bytes(f.read_bytes())
    copy = changelog.compare_editions(plain, data_folder=plain / "data")
    assert "no git history" in changelog.introduction(copy)


def test_an_unreadable_edition_is_named(two_editions: Path) -> None:
    with pytest.raises(changelog.ChangelogError, match=r"v9\.9\.9"):
        changelog.read_ref(two_editions, "v9.9.9")
    (two_editions / "data" / "events.csv").write_text(
        "event_id,date\nE1,2026-01-01\nE1,2026-01-02\n"
    )
    with pytest.raises(changelog.ChangelogError, match="E1 appears twice"):
        changelog.read_folder(two_editions / "data")


def test_the_committed_changelog_starts_with_this_edition() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("## "))
    assert first.startswith(f"## Edition {editions.version(ROOT)} — evidence to ")
