"""The forge's workflows (``.github/workflows``): tests on pull requests, a deploy with GitHub's
own Pages actions on the main branch and on edition tags, a weekly link check that never blocks.
They cannot run here; these tests hold them to that shape and to steps that exist locally."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from conftest import ROOT

FLOWS = ROOT / ".github" / "workflows"


def flow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def uses(data: dict[str, Any]) -> list[str]:
    return [str(s["uses"]).split("@")[0] for s in steps(data) if "uses" in s]


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


@pytest.mark.parametrize("name", ["test.yml", "deploy.yml", "linkcheck.yml"])
def test_every_make_command_a_workflow_runs_is_a_target_of_the_makefile(name: str) -> None:
    runs = "\n".join(str(s.get("run", "")) for s in steps(flow(name)))
    called = set(re.findall(r"^\s*make ([a-z][a-z-]*)", runs, re.MULTILINE))
    assert called, f"{name} runs no make target"
    assert called <= make_targets()


def test_pull_requests_run_the_whole_test_suite() -> None:
    data = flow("test.yml")
    assert "pull_request" in data["on"]
    assert any(str(s.get("run", "")).strip() == "make test" for s in steps(data))


def test_main_and_edition_tags_deploy_the_site_folder_with_the_pages_actions() -> None:
    data = flow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"] and data["on"]["push"]["tags"] == ["v*"]
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= (
        set(uses(data))
    )
    build = steps(data)
    site = next(s for s in build if s.get("run") == "make site")
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(s for s in build if str(s.get("uses", "")).startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "_build/site"
    checkout = next(s for s in build if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # tags and the commit date


def test_the_link_check_is_weekly_and_never_blocks() -> None:
    data = flow("linkcheck.yml")
    assert data["on"]["schedule"][0]["cron"].split()[-1] in "0123456"
    assert all(job.get("continue-on-error") is True for job in data["jobs"].values())
    assert "pull_request" not in data["on"] and "push" not in data["on"]
