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


def _build(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """A model from its own dump, without validating again (it was checked when compiled, and
    the hash ties it to the YAML it came from): ``model_construct``, field by field, nested
    models included. This keeps pydantic from building its validators at start-up."""
    values = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in data:
            values[name] = _value(field.annotation, data[key])
    return model.model_construct(**values)


def _value(kind: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = get_origin(kind)
    if origin is Annotated:
        return _value(get_args(kind)[0], raw)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        return _value(options[0], raw) if len(options) == 1 else raw
    if origin is list:
        (item,) = get_args(kind)
        return [_value(item, r) for r in raw]
    if origin is dict:
        _, item = get_args(kind)
        return {k: _value(item, v) for k, v in raw.items()}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return _build(kind, raw)
    return raw


def main() -> None:
    from iop_assess.bank import bundled_dir

    data = compile_folder(bundled_dir())
    COMPILED.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {COMPILED} ({len(data['questionnaires'])} questionnaires).")


if __name__ == "__main__":
    main()
