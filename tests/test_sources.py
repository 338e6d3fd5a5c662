"""The project's own list of sources (docs/sources.md): every citation in the code, the rules and
the questionnaires names a listed id, and nothing in the package or the docs points to files
outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iop_assess import sources
from iop_assess.bank import load_bank
from iop_assess.resources import DISCLAIMER
from iop_assess.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "sources.md"
SHIPPED = [
    *sorted((ROOT / "iop_assess").rglob("*.py")),
    *sorted((ROOT / "questions").glob("*.yaml")),
]
PROSE = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
BRACKETED = re.compile(r"(?<!ignore)\[([a-z][a-z0-9]+(?:-[a-z0-9]+)+)(?:[ ;,][^\]]*)?\]")
"""A citation in free text: ``[asam-awm-2020 Rec II.5]`` or ``[bush-1998; bradley-2003]``."""
IN_CODE = re.compile(r"""\bcite\(\s*["']([^"']+)["']""")
OUTSIDE = re.compile(
    r"clinical\.md|contract\.md|rules\.md|spanish-fhir\.md|software\.md|shared/|\bS\d{1,3}b?\b"
)


def listed() -> dict[str, str]:
    """id: full citation, read from docs/sources.md."""
    found: dict[str, str] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"- `([^`]+)` — (.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def cited_in(text: str) -> set[str]:
    ids: set[str] = set()
    for match in BRACKETED.finditer(text):
        whole = match.group(0)[1:-1]
        ids |= {part.split()[0] for part in whole.split(";") if part.strip()}
    return ids | set(IN_CODE.findall(text))


def test_docs_sources_is_the_list_in_the_package() -> None:
    assert DOCS.read_text(encoding="utf-8") == sources.markdown(), (
        "docs/sources.md is out of date: regenerate it from iop_assess.sources.markdown()"
    )
    assert list(listed()) == list(sources.SOURCES)


def test_every_source_has_a_full_citation() -> None:
    for source in sources.SOURCES.values():
        assert re.search(r"(19|20)\d\d", source.citation) or source.url, source.id
        assert len(source.citation) > 60, source.id
        assert not source.url or source.url.startswith("https://"), source.id


def test_every_rule_cites_listed_sources() -> None:
    ids = set(listed())
    for rule in RULES:
        assert rule.cites, rule.id
        for cite in rule.cites:
            assert cite.id in ids, (rule.id, cite.id)


@pytest.mark.parametrize("path", SHIPPED + PROSE, ids=lambda p: str(p.relative_to(ROOT)))
def test_citations_in_code_questionnaires_and_docs_name_listed_sources(path: Path) -> None:
    unknown = cited_in(path.read_text(encoding="utf-8")) - set(listed())
    assert unknown == set(), f"{path.name} cites {sorted(unknown)}, which docs/sources.md lacks"


def test_a_citation_of_an_unknown_id_is_caught() -> None:
    assert cited_in("see [asam-awm-2020 Rec II.5] and [no-such-2099]") == {
        "asam-awm-2020",
        "no-such-2099",
    }
    assert cited_in('cite("made-up-id", "x")') == {"made-up-id"}
    with pytest.raises(KeyError):
        sources.cite("made-up-id")


def test_every_instrument_and_questionnaire_cites_a_listed_source() -> None:
    bank = load_bank()
    ids = set(listed())
    for questionnaire in bank.questionnaires:
        assert cited_in(questionnaire.source) & ids, questionnaire.id
    for instrument in bank.instruments.values():
        assert cited_in(instrument.cutoff_source) & ids, instrument.id
        for sub in instrument.subscales:
            if sub.cutoff_source:
                assert cited_in(sub.cutoff_source) & ids, sub.id
        if instrument.short_form is not None:
            assert cited_in(instrument.short_form.cutoff_source) & ids, instrument.id


@pytest.mark.parametrize("path", SHIPPED + PROSE, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_points_to_files_outside_the_repository(path: Path) -> None:
    found = [
        f"{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_outside_pointer_check_finds_them() -> None:
    for text in ("see clinical.md §4.1", "shared/spec/rules.md", "(S29 Rec II.5)", "S84b"):
        assert OUTSIDE.search(text), text
    assert not OUTSIDE.search("US 988 911 SAMHSA FMLA asam-awm-2020")
    assert not OUTSIDE.search(DISCLAIMER)
