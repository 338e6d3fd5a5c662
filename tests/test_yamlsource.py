"""The YAML reader parses each file once: its safety refusals watch the same event stream that
ruamel composes from (the broken-file tests in test_loader.py check the refusals themselves)."""

from __future__ import annotations

from unittest import mock

import pytest
from ruamel.yaml.scanner import Scanner

from iop_assess.bank import bundled_dir
from iop_assess.yamlsource import YamlProblems, parse_text


def _scans(text: str) -> int:
    real = Scanner.fetch_stream_start
    with mock.patch.object(Scanner, "fetch_stream_start", autospec=True, side_effect=real) as spy:
        try:
            parse_text(text, "q.yaml")
        except YamlProblems:
            pass
    return spy.call_count


def test_a_questionnaire_file_is_scanned_once() -> None:
    text = (bundled_dir() / "core.yaml").read_text("utf-8")
    assert _scans(text) == 1


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "%YAML 1.1\n---\na: yes\n", "a:\n  <<: {b: 1}\n"],
    ids=["alias", "duplicate-key", "yaml-1.1", "merge-key"],
)
def test_refused_files_are_scanned_once_too(text: str) -> None:
    assert _scans(text) == 1


def test_an_alias_is_never_resolved_even_to_a_defined_anchor() -> None:
    with pytest.raises(YamlProblems) as caught:
        parse_text("a: &x [1, 2]\nb: *x\nc: *x\n", "q.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "q.yaml:2:4: YAML aliases (*x) are not allowed; use option_sets to share answer choices "
        "(2 aliases found)"
    ]
