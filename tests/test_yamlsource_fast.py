"""The fast path of the YAML reader builds exactly what the careful path builds.

``parse_text`` reads plain files in one pass over the parser's events (libyaml's C parser when
ruamel.yaml.clib is installed, else ruamel's own) and hands anything unusual to the careful path
(ruamel's round-trip loader plus the safety scan). For every file here, the fast path either gives
up or gives the same data and the same position for every key and value, with either parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iop_assess import yamlsource
from iop_assess.yamlsource import Located, YamlProblems

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [*ROOT.glob("questions/*.yaml"), *ROOT.glob("tests/assets/**/*.yaml")]
    + [*ROOT.glob("tests/assets/**/*.json")]
)
SNIPPETS = [
    "",
    "# only a comment\n",
    "a: 1\nb: -2\nc: +3\nd: 007\n",
    "a: true\nb: False\nc: null\nd: ~\ne: NULL\n",
    "a: yes\nb: no\nc: on\n",  # YAML 1.2: text
    "1: x\n01: y\n",
    "a: 'q'\nb: \"esc \\u263a\"\nc: |\n  line\n  two\nd: >-\n  folded\n  text\n",
    "a: |2\n    indented\nb: |+\n  keep\n\n",
    "[1, [2, {a: b}], {c: [d]}]\n",
    "a:\n- 1\n- 2\nb:\n  - c: 1\n    d: 2\n",
    "a: 1\r\nb: [x, y]\r\n",
    "\ufeffa: 1\n",
    "a: café ☃\n",
    "key with spaces: value with: colon\n",
    "a: 2.5\nb: 1e3\n",  # decimals: the careful path
    "a: 2001-12-14\n",
    "a: 0x1F\nb: 1_000\n",
    "a: &x 1\nb: *x\n",
    "<<: {a: 1}\n",
    "a: !!str 5\n",
    "a: !custom x\n",
    "%YAML 1.1\n---\na: yes\n",
    "--- a\n--- b\n",
    "a: 1\na: 2\n",
    "? [a]\n: 1\n",
    "true: x\n",
    "a:\nb:\n",
    "a: {b: , c: }\n",
    "a: |#\n  x\n",
    "a: 'x\n",
    "a:\tb\n",
    "a: " + "[" * 45 + "]" * 45 + "\n",
    "a: " + "9" * 5000 + "\n",
]


def both_ways(text: str) -> tuple[Any, Any]:
    """What the fast path gives (or ``None``), and what the careful path gives."""
    use_c = yamlsource._tools().c_parser is not None and yamlsource._c_agrees(text)
    fast = yamlsource._parse_fast(text, "f.yaml", use_c=use_c)
    try:
        careful: Any = _shape(yamlsource._parse_careful(text, "f.yaml"))
    except YamlProblems as exc:
        careful = [str(p) for p in exc.problems]
    return (None if fast is None else _shape(fast)), careful


def _shape(located: Located) -> tuple[Any, dict[Any, Any], dict[Any, Any]]:
    def positions(found: dict[Any, Any]) -> dict[Any, Any]:
        return {path: yamlsource._position(place) for path, place in found.items()}

    return located.data, positions(located.values), positions(located.keys)


@pytest.fixture(params=["libyaml", "ruamel"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "libyaml":
        if yamlsource._tools().c_parser is None:
            pytest.skip("ruamel.yaml.clib is not installed")
    else:
        monkeypatch.setattr(yamlsource._tools(), "c_parser", None)
    return str(request.param)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same_both_ways(parser: str, path: Path) -> None:
    fast, careful = both_ways(path.read_text("utf-8"))
    if fast is not None:
        assert fast == careful


def test_real_files_take_the_fast_path() -> None:
    """With ruamel's parser always; libyaml, when installed, reads all but the odd file (it
    refuses ``full?}`` in a flow mapping), which then goes to ruamel's parser."""
    texts = [p.read_text("utf-8") for p in sorted(ROOT.glob("questions/*.yaml"))]
    assert all(yamlsource._parse_fast(t, "q.yaml", use_c=False) is not None for t in texts)
    if yamlsource._tools().c_parser is not None:
        with_c = [yamlsource._parse_fast(t, "q.yaml", use_c=True) for t in texts]
        assert sum(found is not None for found in with_c) >= len(texts) - 1


@pytest.mark.parametrize("text", SNIPPETS)
def test_tricky_text_reads_the_same_both_ways(parser: str, text: str) -> None:
    fast, careful = both_ways(text)
    if fast is not None:
        assert fast == careful
    assert not isinstance(careful, list) or fast is None  # problems: always the careful path


MUTATIONS = st.sampled_from(
    list(":-[]{}&*!|>'\"#%@`,?~\t\r\n ") + ["|#", ">-", "1.5", "null", "yes", "- ", ": ", "é"]
)


@settings(max_examples=200, deadline=None)
@given(
    source=st.sampled_from([p for p in FILES if p.suffix == ".yaml"][:20]),
    edits=st.lists(st.tuples(st.floats(0, 1), MUTATIONS), min_size=1, max_size=4),
)
def test_mutated_files_read_the_same_both_ways(
    source: Path, edits: list[tuple[float, str]]
) -> None:
    text = source.read_text("utf-8")
    for where, piece in edits:
        cut = int(where * len(text))
        text = text[:cut] + piece + text[cut:]
    for c_parser in {yamlsource._tools().c_parser, None}:
        saved = yamlsource._tools().c_parser
        yamlsource._tools().c_parser = c_parser
        try:
            fast, careful = both_ways(text)
        finally:
            yamlsource._tools().c_parser = saved
        if fast is not None:
            assert fast == careful
