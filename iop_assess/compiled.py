"""The bundled questionnaires, compiled: the validated models dumped as JSON, so a start-up
reads one small JSON file instead of parsing and checking six YAML files.

``questions.json`` (beside this module) records the package version and a SHA-256 of the YAML
files it was made from. It is used only when both still match, and only for the bundled
questionnaires (never for ``--questions`` or ``IOP_ASSESS_QUESTIONS``); ``validate`` always reads
the YAML. It is never written at run time. After changing a questionnaire, regenerate it with::

    uv run python -m iop_assess.compiled

(a test fails while it is stale).
"""

from __future__ import annotations

import hashlib
import json
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from iop_assess import __version__
from iop_assess.model import Questionnaire

COMPILED = Path(__file__).with_name("questions.json")
FORMAT = 1


def yaml_hash(folder: Path) -> str:
    """SHA-256 over the questionnaire files of ``folder`` (names and bytes, in name order)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def compile_folder(folder: Path) -> dict[str, Any]:
    """The compiled form of the questionnaires in ``folder`` (loaded and checked from YAML)."""
    from iop_assess.loader import load_files, questionnaire_paths

    loaded = load_files([(p, f"questions/{p.name}") for p in questionnaire_paths(folder)])
    return {
        "format": FORMAT,
        "version": __version__,
        "yaml_sha256": yaml_hash(folder),
        "questionnaires": [
            lf.questionnaire.model_dump(mode="json", by_alias=True, exclude_none=True)
            for lf in loaded
        ],
    }


def load_compiled(folder: Path) -> list[Questionnaire] | None:
    """The compiled questionnaires when they match ``folder``'s YAML and this version, else
    ``None`` (the caller then reads the YAML)."""
    try:
        data = json.loads(COMPILED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("version") != __version__ or data.get("yaml_sha256") != yaml_hash(folder):
        return None
    return [_build(Questionnaire, q) for q in data["questionnaires"]]


Convert = Callable[[Any], Any]
_PLANS: dict[type[BaseModel], list[tuple[str, str, Convert | None]]] = {}
"""Per model: (field name, key in the dump, how to convert a value; ``None``: as it is)."""


def _build(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """A model from its own dump, without validating again (it was checked when compiled, and
    the hash ties it to the YAML it came from): ``model_construct``, field by field, nested
    models included. This keeps pydantic from building its validators at start-up. How each
    field is converted is worked out once per model, not once per value."""
    plan = _PLANS.get(model)
    if plan is None:
        plan = _PLANS[model] = [
            (name, field.alias or name, _converter(field.annotation))
            for name, field in model.model_fields.items()
        ]
    values = {}
    for name, key, convert in plan:
        if key in data:
            raw = data[key]
            values[name] = convert(raw) if convert is not None and raw is not None else raw
    return model.model_construct(**values)


def _converter(kind: Any) -> Convert | None:
    """How to turn a dumped value of type ``kind`` back into its model (``None``: JSON data is
    already the value). ``None`` stays ``None`` at every level."""
    origin = get_origin(kind)
    if origin is Annotated:
        return _converter(get_args(kind)[0])
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        return _converter(options[0]) if len(options) == 1 else None
    if origin is list:
        (item,) = get_args(kind)
        found = _converter(item)
        if found is None:
            return None
        each: Convert = found
        return lambda raw: [None if r is None else each(r) for r in raw]
    if origin is dict:
        _, item = get_args(kind)
        found = _converter(item)
        if found is None:
            return None
        inner: Convert = found
        return lambda raw: {k: None if v is None else inner(v) for k, v in raw.items()}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        model = kind
        return lambda raw: _build(model, raw)
    return None


def main() -> None:
    from iop_assess.bank import bundled_dir

    data = compile_folder(bundled_dir())
    COMPILED.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {COMPILED} ({len(data['questionnaires'])} questionnaires).")


if __name__ == "__main__":
    main()
