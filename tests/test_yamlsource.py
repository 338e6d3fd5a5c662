"""The YAML reader parses a plain file once (the fast path, see test_yamlsource_fast.py), and the
careful path, which names every refusal, is one pass too: its safety refusals watch the same event
stream that ruamel composes from (the broken-file tests in test_loader.py check the refusals)."""

from __future__ import annotations

from unittest import mock

import pytest
from ruamel.yaml.scanner import Scanner

from iop_assess import yamlsource
from iop_assess.bank import bundled_dir
from iop_assess.yamlsource import YamlProblems, parse_text


def _scans(text: str) -> int:
    """How often ruamel's own scanner reads ``text`` on the careful path."""
    real = Scanner.fetch_stream_start
    with mock.patch.object(Scanner, "fetch_stream_start", autospec=True, side_effect=real) as spy:
        try:
            yamlsource._parse_careful(text, "q.yaml")
        except YamlProblems:
            pass
    return spy.call_count


def test_a_questionnaire_file_is_parsed_once() -> None:
    text = (bundled_dir() / "core.yaml").read_text("utf-8")
    fast = mock.patch.object(yamlsource, "_parse_fast", wraps=yamlsource._parse_fast)
    careful = mock.patch.object(yamlsource, "_parse_careful", wraps=yamlsource._parse_careful)
    with fast as fast_spy, careful as careful_spy:
        parse_text(text, "core.yaml")
    assert (fast_spy.call_count, careful_spy.call_count) == (1, 0)
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
