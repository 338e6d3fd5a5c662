"""Saved interview sessions: owner-only JSON files, written atomically after every answer.

A session is like a FHIR QuestionnaireResponse with status ``in-progress``: the answers so far,
the questionnaires' ids **and versions**, and the item to ask next. Files live in
``platformdirs.user_state_path("iop-assess") / "sessions"`` (or ``$IOP_ASSESS_HOME/sessions``),
the folder is mode 0700 and every file 0600. Nothing is written until a session is saved.

A file that cannot be used — damaged, foreign or from a newer version — is never overwritten or
deleted implicitly. Error messages name files and item ids, never a person's answers.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from iop_assess.answers import CLIENT_MAX, coerce
from iop_assess.atomic import write_private
from iop_assess.bank import Answer, Bank
from iop_assess.errors import (
    InputError,
    OutputError,
    SaveError,
    SessionFileError,
    UsageError,
)
from iop_assess.model import Lang

FORMAT = "iop-assess-session"
SCHEMA_VERSION = 1
HOME_ENV = "IOP_ASSESS_HOME"
MAX_FILE_BYTES = 5_000_000
"""A session file larger than this is treated as damaged (real ones are a few kilobytes)."""

Status = Literal["in_progress", "completed"]
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TEMP_SUFFIX = ".tmp"
"""Suffix of the temporary files of :func:`~iop_assess.atomic.write_private`."""


def sessions_dir() -> Path:
    """Where sessions are kept: ``$IOP_ASSESS_HOME/sessions`` when set, else the user's state
    folder from platformdirs. Nothing is created here."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser() / "sessions"
    import platformdirs

    return platformdirs.user_state_path("iop-assess") / "sessions"


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    """UTC ISO 8601 with microseconds, so sessions saved one after another sort in order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------
# The session


@dataclass(frozen=True)
class QuestionnaireVersion:
    id: str
    version: str


@dataclass(frozen=True)
class Session:
    """One saved (or not yet saved) interview. Treat ``answers`` and ``notes`` as read-only:
    make changed copies with :meth:`with_answer` or :func:`dataclasses.replace`."""

    id: str
    created: datetime
    updated: datetime
    status: Status
    counselor: bool
    client: str | None
    lang: Lang
    questionnaires: tuple[QuestionnaireVersion, ...]
    answers: dict[str, Answer] = field(hash=False)
    position: str | None = None
    """The item id to ask next, or ``None`` (start from the first item that applies)."""
    notes: dict[str, str] = field(default_factory=dict, hash=False)
    """Counselor notes by section id."""
    path: Path | None = field(default=None, compare=False)
    """The file it was read from or saved to; ``None`` until saved."""

    @property
    def answered(self) -> int:
        return len(self.answers)

    def with_answer(self, item_id: str, value: Answer, *, position: str | None) -> Session:
        """A copy with one more (or a changed) answer and the next item to ask."""
        answers = dict(self.answers)
        answers[item_id] = value
        return replace(self, answers=answers, position=position)

    def completed(self) -> Session:
        return replace(self, status="completed", position=None)

    def to_json(self) -> dict[str, Any]:
        """The file's content (``path`` is not stored)."""
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "created": _stamp(self.created),
            "updated": _stamp(self.updated),
            "status": self.status,
            "counselor": self.counselor,
            "client": self.client,
            "lang": self.lang,
            "questionnaires": [{"id": q.id, "version": q.version} for q in self.questionnaires],
            "answers": self.answers,
            "position": self.position,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class DamagedSession:
    """A file in the sessions folder that cannot be read; listed, never touched implicitly."""

    path: Path
    id: str
    reason: str
    """``damaged``, ``foreign``, ``newer`` or ``unreadable``."""
    message: str
    modified: datetime


# ---------------------------------------------------------------------------------------------
# Reading a file


class _QuestionnaireVersion(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    id: Annotated[str, Field(min_length=1, max_length=64)]
    version: Annotated[str, Field(min_length=1, max_length=32)]


class _SessionFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    format: Literal["iop-assess-session"]
    schema_version: Literal[1]
    id: Annotated[str, Field(pattern=_ID.pattern)]
    created: AwareDatetime
    updated: AwareDatetime
    status: Status
    counselor: bool
    client: Annotated[str, Field(max_length=CLIENT_MAX)] | None
    lang: Lang
    questionnaires: list[_QuestionnaireVersion]
    answers: dict[str, str | int | list[str | int]]
    position: str | None
    notes: dict[str, str]


_UNION_TAGS = {"str", "int", "list[union[str,int]]", "constrained-str", "none"}


def _damaged(path: Path, detail: str) -> SessionFileError:
    return SessionFileError(
        f"The session file {path} is damaged: {detail}.",
        reason="damaged",
        hint=(
            "It was left as it is. Start a new session, or delete this one with "
            f"`iop-assess sessions delete {path.stem}`."
        ),
    )


def _shape_problems(exc: ValidationError) -> str:
    """Where the shape is wrong, by field name only: the values (answers) are never quoted."""
    found: dict[str, str] = {}
    for error in exc.errors():
        parts = [str(p) for p in error["loc"]]
        clean = [p for p in parts if p not in _UNION_TAGS]
        where = ".".join(clean) or "the file"
        if where in found:
            continue
        if error["type"] == "missing":
            found[where] = f"'{where}' is missing"
        elif error["type"] == "extra_forbidden":
            found[where] = f"'{where}' is not a session field"
        elif len(clean) != len(parts):
            found[where] = f"'{where}' has the wrong type"
        else:
            msg = str(error["msg"])
            found[where] = f"'{where}': {msg[0].lower()}{msg[1:]}"
    texts = list(found.values())
    more = f" (and {len(texts) - 3} more)" if len(texts) > 3 else ""
    return "; ".join(texts[:3]) + more


def read_session(path: Path) -> Session:
    """Read and check one session file. Raises :class:`SessionFileError` (damaged, foreign or
    newer) or :class:`InputError` (cannot be read at all)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputError(f"{path} is not a session file (it is not a regular file).")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"Could not read the session file {path}: {exc.strerror or exc}.",
            hint="Check that the file exists and that you may read it.",
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _damaged(path, f"it is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _damaged(path, "it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _damaged(
            path, f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise _damaged(path, "it is nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionFileError(
            f"{path} is not an iop-assess session file.",
            reason="foreign",
            hint=f'A session file has "format": "{FORMAT}". The file was left as it is.',
        )
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise SessionFileError(
            f"The session {path} was saved by a newer version of iop-assess "
            f"(session format {version}; this version reads format {SCHEMA_VERSION}).",
            reason="newer",
            hint="Update iop-assess to open it. The file was left as it is.",
        )
    if not data.get("id"):
        raise _damaged(path, "it has no session id")
    try:
        checked = _SessionFile.model_validate_json(raw)
    except ValidationError as exc:
        raise _damaged(path, _shape_problems(exc)) from None
    return Session(
        id=checked.id,
        created=checked.created,
        updated=checked.updated,
        status=checked.status,
        counselor=checked.counselor,
        client=checked.client,
        lang=checked.lang,
        questionnaires=tuple(QuestionnaireVersion(q.id, q.version) for q in checked.questionnaires),
        answers=dict(checked.answers),
        position=checked.position,
        notes=dict(checked.notes),
        path=path,
    )


# ---------------------------------------------------------------------------------------------
# Writing a file


def _dump(session: Session) -> bytes:
    return (json.dumps(session.to_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The store


class SessionStore:
    """The saved sessions in one folder (default: :func:`sessions_dir`)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else sessions_dir()

    # -- creating and saving ---------------------------------------------------------------------

    def new(
        self, bank: Bank, *, counselor: bool = False, client: str | None = None, lang: Lang = "en"
    ) -> Session:
        """A fresh, unsaved session for the questionnaires of ``bank`` (nothing is written)."""
        if client is not None:
            client = client.strip() or None
        if client is not None and (
            len(client) > CLIENT_MAX or any(not ch.isprintable() for ch in client)
        ):
            raise UsageError(
                f"the client label must be one line of at most {CLIENT_MAX} characters",
                hint="Use a short code or initials, not a full name.",
            )
        session_id = secrets.token_hex(4)
        while (self.root / f"{session_id}.json").exists():  # pragma: no cover - 1 in 4 billion
            session_id = secrets.token_hex(4)
        moment = _now()
        return Session(
            id=session_id,
            created=moment,
            updated=moment,
            status="in_progress",
            counselor=counselor,
            client=client,
            lang=lang,
            questionnaires=tuple(
                QuestionnaireVersion(q.id, q.version) for q in bank.questionnaires
            ),
            answers={},
            position=None,
            notes={},
        )

    def save(self, session: Session) -> Session:
        """Write the session atomically and return the saved copy (new ``updated``, ``path``).

        Raises :class:`SaveError` when it cannot be written (the answers are still in the
        session you passed) or when the file in its place is not this session (it is never
        overwritten).
        """
        path = session.path or self.root / f"{session.id}.json"
        self._guard(path, session.id)
        saved = replace(session, updated=_now(), path=path)
        still = "Your answers are still in memory."
        try:
            if path.parent == self.root:
                self._make_root()
            write_private(path, _dump(saved))
        except OSError as exc:
            raise SaveError(
                f"Could not save the answers to {path}: {exc.strerror or exc}.",
                hint=f"{still} Check the folder's permissions, then try again.",
            ) from None
        except OutputError as exc:
            problem = exc.message.removeprefix(f"could not write {path}: ")
            raise SaveError(
                f"Could not save the answers to {path}: {problem}",
                hint=f"{still} {exc.hint}".strip(),
            ) from None
        return saved

    def _make_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if stat.S_IMODE(self.root.stat().st_mode) != 0o700:
            os.chmod(self.root, 0o700)

    def _guard(self, path: Path, session_id: str) -> None:
        if not path.exists() and not path.is_symlink():
            return
        if path.is_symlink() or not path.is_file():
            raise SaveError(
                f"{path} is not a regular file, so it was not replaced.",
                hint="Your answers are still in memory; they can be saved as a new session.",
            )
        try:
            existing = read_session(path)
        except InputError as exc:
            raise SaveError(
                f"{path} could not be read as this session, so it was not replaced ({exc.message})",
                hint="Your answers are still in memory; they can be saved as a new session.",
            ) from None
        if existing.id != session_id:
            raise SaveError(
                f"{path} holds another session ({existing.id}), so it was not replaced.",
                hint="Your answers are still in memory; they can be saved as a new session.",
            )

    # -- finding ---------------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """The ``*.json`` files of the sessions folder (temporary files excluded)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p
            for p in self.root.iterdir()
            if p.suffix == ".json"
            and not p.name.startswith(".")
            and p.is_file()
            and not p.is_symlink()
        )

    def resolve(self, ref: str | Path) -> Path:
        """The file of a session: ``ref`` is an id, a unique start of an id, or a path."""
        text = str(ref)
        if isinstance(ref, Path) or "/" in text or os.sep in text or text.endswith(".json"):
            path = Path(ref).expanduser()
            if not path.is_file():
                raise InputError(f"No session file at {path}.")
            return path
        not_found = InputError(
            f"No saved session with id '{text}'.",
            hint="Run `iop-assess sessions list` to see the saved sessions.",
        )
        if not _ID.fullmatch(text):
            raise not_found
        exact = self.root / f"{text}.json"
        if exact.is_file() and not exact.is_symlink():
            return exact
        matches = [p for p in self.files() if p.stem.startswith(text)]
        if not matches:
            raise not_found
        if len(matches) > 1:
            raise InputError(
                f"The id '{text}' fits more than one session: "
                + ", ".join(p.stem for p in matches)
                + ".",
                hint="Type more of the id.",
            )
        return matches[0]

    def load(self, ref: str | Path) -> Session:
        """Read a session by id, unique id start, or path."""
        return read_session(self.resolve(ref))

    def list(self) -> list[Session | DamagedSession]:
        """Every session, newest first; files that cannot be read are listed as damaged."""
        found: list[Session | DamagedSession] = []
        for path in self.files():
            try:
                found.append(read_session(path))
            except InputError as exc:
                reason = exc.reason if isinstance(exc, SessionFileError) else "unreadable"
                try:
                    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                except OSError:
                    modified = datetime.fromtimestamp(0, UTC)
                found.append(DamagedSession(path, path.stem, reason, exc.message, modified))
        return sorted(
            found, key=lambda s: s.updated if isinstance(s, Session) else s.modified, reverse=True
        )

    def latest(self) -> Session | None:
        """The most recently saved session that is still in progress."""
        for entry in self.list():
            if isinstance(entry, Session) and entry.status == "in_progress":
                return entry
        return None

    # -- deleting --------------------------------------------------------------------------------

    def delete(self, ref: str | Path) -> Path:
        """Delete one session file (a damaged one too, when named); return its path. A file
        that is not an iop-assess session is refused."""
        path = self.resolve(ref)
        try:
            read_session(path)
        except SessionFileError as exc:
            if exc.reason == "foreign":
                raise InputError(
                    f"{path} is not an iop-assess session file, so it was not deleted."
                ) from None
        except InputError:
            pass
        try:
            path.unlink()
        except OSError as exc:
            raise InputError(f"Could not delete {path}: {exc.strerror or exc}.") from None
        return path

    def purge(self) -> int:
        """Delete every session file (damaged ones too) and any leftover temporary files;
        files that are not iop-assess sessions are kept. Returns how many sessions were
        deleted."""
        count = 0
        for path in self.files():
            try:
                read_session(path)
            except SessionFileError as exc:
                if exc.reason == "foreign":
                    continue
            except InputError:
                pass
            try:
                path.unlink()
            except OSError as exc:
                raise InputError(
                    f"Could not delete {path}: {exc.strerror or exc}.",
                    hint=f"{count} sessions were deleted before this one.",
                ) from None
            count += 1
        if self.root.is_dir():
            for temp in self.root.glob(f".*.json.*{_TEMP_SUFFIX}"):
                with suppress(OSError):
                    temp.unlink()
        return count


# ---------------------------------------------------------------------------------------------
# After the questionnaires change


class Reconciled(NamedTuple):
    kept: dict[str, Answer]
    """Saved answers that still fit the current items, normalised, in saved order."""
    ask_again: list[str]
    """Item ids whose saved answer no longer fits, in asking order."""
    messages: list[str]
    """Plain sentences about what changed, for the person."""


def _answers_word(count: int) -> str:
    return "1 answer" if count == 1 else f"{count} answers"


def reconcile(session: Session, bank: Bank) -> Reconciled:
    """Check a saved session's answers against the current questionnaires.

    Answers that still validate are kept; the others must be asked again; answers to items that
    no longer exist are set aside. The messages say in plain words what changed.
    """
    saved = {q.id: q.version for q in session.questionnaires}
    kept: dict[str, Answer] = {}
    again: set[str] = set()
    again_by_q: dict[str, int] = {}
    gone = 0
    for item_id, value in session.answers.items():
        ref = bank.items.get(item_id)
        if ref is None:
            gone += 1
            continue
        try:
            kept[item_id] = coerce(ref, value)
        except ValueError:
            again.add(item_id)
            qid = ref.questionnaire.id
            again_by_q[qid] = again_by_q.get(qid, 0) + 1
    messages: list[str] = []
    for q in bank.questionnaires:
        title = q.title.get(session.lang) or q.title["en"]
        old = saved.get(q.id)
        count = again_by_q.get(q.id, 0)
        if old is None:
            messages.append(
                f"The '{title}' questions were added since this session was saved; "
                "they will be asked."
            )
        elif old != q.version:
            change = f"The '{title}' questions changed since this session was saved "
            change += f"({old} → {q.version}); "
            if count:
                messages.append(change + f"{_answers_word(count)} will be asked again.")
            else:
                messages.append(change + "your answers to them still fit and were kept.")
        elif count:
            messages.append(
                f"{_answers_word(count)} to the '{title}' questions no longer fit and will be "
                "asked again."
            )
    current = {q.id for q in bank.questionnaires}
    messages.extend(
        f"The '{qid}' questions are no longer used." for qid in saved if qid not in current
    )
    if gone:
        verb = "is" if gone == 1 else "are"
        messages.append(
            f"{_answers_word(gone)} {verb} to questions that no longer exist; they were set aside."
        )
    return Reconciled(kept, [i for i in bank.items if i in again], messages)


def resume(session: Session, bank: Bank) -> tuple[Session, Reconciled]:
    """The session brought up to date with ``bank`` (kept answers, current versions; the
    position is cleared when its item no longer exists), and what changed."""
    result = reconcile(session, bank)
    position = session.position if session.position in bank.items else None
    updated = replace(
        session,
        answers=result.kept,
        questionnaires=tuple(QuestionnaireVersion(q.id, q.version) for q in bank.questionnaires),
        position=position,
    )
    return updated, result
