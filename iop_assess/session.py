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
import sys
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
    SessionBusy,
    SessionFileError,
    UsageError,
)
from iop_assess.files import NotRegularFile, TooLarge, kind, read_limited, reason
from iop_assess.invocation import command
from iop_assess.model import Lang

if sys.platform != "win32":
    import fcntl

FORMAT = "iop-assess-session"
SCHEMA_VERSION = 1
HOME_ENV = "IOP_ASSESS_HOME"
MAX_FILE_BYTES = 5_000_000
"""A session file larger than this is treated as damaged (real ones are a few kilobytes)."""

Status = Literal["in_progress", "completed"]
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_GENERATED_ID = re.compile(r"^[0-9a-f]{8}$")
"""How the program names the sessions it creates (``secrets.token_hex(4)``)."""
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
    """Counselor notes by section id (and ``general``)."""
    path: Path | None = field(default=None, compare=False)
    """The file it was read from or saved to; ``None`` until saved."""
    full: bool = False
    """Every question of each instrument is asked (``screen --full``), not the short form."""

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
            # written only when set, so a short-screen session stays readable by older versions
            **({"full": True} if self.full else {}),
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
    full: bool = False


_UNION_TAGS = {"str", "int", "list[union[str,int]]", "constrained-str", "none"}


def _damaged(path: Path, detail: str, *, ours: bool = False) -> SessionFileError:
    hint = "It was left as it is. Start a new session"
    if ours or _GENERATED_ID.fullmatch(path.stem):
        hint += f", or delete this one with `{command('sessions', 'delete', path.stem)}`"
    return SessionFileError(
        f"The session file {path} is damaged: {detail}.",
        reason="damaged",
        hint=hint + ".",
        ours=ours,
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
        raw = read_limited(path, MAX_FILE_BYTES)
    except NotRegularFile:
        raise InputError(f"{path} is not a session file (it is not a regular file).") from None
    except TooLarge:
        raise _damaged(path, f"it is larger than {MAX_FILE_BYTES // 1_000_000} MB") from None
    except OSError as exc:
        raise InputError(
            f"Could not read the session file {path}: {reason(exc)}.",
            hint="Check that the file exists and that you may read it.",
        ) from None
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
    except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
        raise _damaged(path, "it holds a number too long to be an answer") from None
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
            ours=True,
        )
    if not data.get("id"):
        raise _damaged(path, "it has no session id", ours=True)
    try:
        checked = _SessionFile.model_validate_json(raw)
    except ValidationError as exc:
        raise _damaged(path, _shape_problems(exc), ours=True) from None
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
        full=checked.full,
    )


# ---------------------------------------------------------------------------------------------
# Writing a file


def _dump(session: Session) -> bytes:
    return (json.dumps(session.to_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# One window per session: an advisory lock beside the file


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _busy(path: Path) -> SessionBusy:
    return SessionBusy(
        f"This session is open in another window ({path}).",
        hint=(
            "Go on with it there, or close that window first. A window that was closed or "
            "killed does not keep the session locked."
        ),
    )


class SessionLock:
    """An exclusive ``flock`` on ``.<name>.lock`` beside a session file, held while one window
    works on the session, so a second window cannot write over it. The lock belongs to the open
    file, so the system drops it when the process ends, however it ends: a lock left by a killed
    process never blocks. (The session file itself cannot carry the lock: every save replaces
    it with a new file.)"""

    def __init__(self, session_path: Path) -> None:
        self.session_path = session_path
        self.path = _lock_path(session_path)
        self._fd: int | None = None

    def acquire(self) -> SessionLock:
        """Take the lock or raise :class:`SessionBusy` at once; ``OSError`` when the lock file
        cannot be made (the session could not be saved there either)."""
        if sys.platform == "win32":  # pragma: no cover - no flock there: one window is trusted
            return self
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        while True:
            fd = os.open(self.path, flags, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise _busy(self.session_path) from None
            except BaseException:
                os.close(fd)
                raise
            # The holder before us may have removed the lock file after we opened it: the lock
            # counts only while our file is still the one under that name.
            try:
                named = os.stat(self.path, follow_symlinks=False)
            except FileNotFoundError:
                os.close(fd)
                continue
            mine = os.fstat(fd)
            if (named.st_dev, named.st_ino) == (mine.st_dev, mine.st_ino):
                self._fd = fd
                return self
            os.close(fd)

    def release(self) -> None:
        """Remove the lock file and drop the lock (in that order, so a window waiting for it
        never holds a lock on a removed file)."""
        if self._fd is None:
            return
        with suppress(OSError):
            os.unlink(self.path)
        with suppress(OSError):
            os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def is_busy(path: Path) -> bool:
    """Whether another window holds the session at ``path`` (False when it cannot be told)."""
    lock = SessionLock(path)
    try:
        lock.acquire()
    except SessionBusy:
        return True
    except OSError:
        return False
    lock.release()
    return False


# ---------------------------------------------------------------------------------------------
# The store


_TEMP_NAME = re.compile(r"^\.(?P<name>.+\.json)\.[0-9A-Za-z]+" + re.escape(_TEMP_SUFFIX) + "$")


def _stale_temps(folder: Path, name: str | None = None) -> list[Path]:
    """Temporary files of interrupted saves in ``folder`` (of the session file ``name`` only,
    when given)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match and (name is None or match["name"] == name):
            found.append(entry)
    return found


def _folder_error(folder: Path, exc: OSError) -> InputError:
    return InputError(
        f"Cannot read the sessions folder {folder}: {reason(exc)}.",
        hint="It should belong to you, with mode 700 (chmod 700 on it fixes that).",
    )


class SessionStore:
    """The saved sessions in one folder (default: :func:`sessions_dir`)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else sessions_dir()
        self._held: dict[Path, SessionLock] = {}

    # -- creating and saving ---------------------------------------------------------------------

    def new(
        self,
        bank: Bank,
        *,
        counselor: bool = False,
        client: str | None = None,
        lang: Lang = "en",
        full: bool = False,
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
        while self._taken(session_id):  # pragma: no cover - 1 in 4 billion
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
            full=full,
        )

    def _taken(self, session_id: str) -> bool:
        try:
            return (self.root / f"{session_id}.json").exists()
        except OSError:  # the folder cannot be looked into; check_folder says why
            return False

    def check_folder(self, path: Path | None = None) -> None:
        """Raise :class:`SaveError` now when sessions (or the session file ``path``) could not
        be saved: the folder (for the sessions folder: the nearest one above it, when it does
        not exist yet) cannot be entered or written, or is not a folder."""
        folder = path.parent if path is not None else self.root
        hint = (
            "Check that folder's permissions (it should be yours, mode 700), choose another "
            "file with --session, or run with --no-save to keep nothing."
        )
        try:
            probe = folder
            if path is not None and not folder.exists():  # only the sessions folder is made
                raise SaveError(
                    f"Answers cannot be saved in {folder}: the folder does not exist.",
                    hint="Create the folder first, or choose another place with --session.",
                )
            while not probe.exists() and probe.parent != probe:
                probe = probe.parent
            if not probe.is_dir():
                problem = f"{probe} is not a folder"
            elif not os.access(probe, os.W_OK | os.X_OK):
                problem = "permission denied"
            else:
                return
        except OSError as exc:
            problem = reason(exc)
        raise SaveError(f"Answers cannot be saved in {folder}: {problem}.", hint=hint)

    def hold(self, path: Path) -> None:
        """Lock the session file ``path`` for this window until :meth:`close` (nothing happens
        when it is already held). Raises :class:`SessionBusy` when another window holds it."""
        if path in self._held:
            return
        self._held[path] = SessionLock(path).acquire()

    def close(self) -> None:
        """Let go of every session this store holds."""
        for lock in self._held.values():
            lock.release()
        self._held.clear()

    def save(self, session: Session) -> Session:
        """Write the session atomically and return the saved copy (new ``updated``, ``path``).

        Raises :class:`SaveError` when it cannot be written (the answers are still in the
        session you passed), when another window has the session open, or when the file in
        its place is not this session (it is never overwritten). Temporary files left by an
        interrupted save of this session are removed.
        """
        path = session.path or self.root / f"{session.id}.json"
        still = "Your answers are still in memory."
        try:
            if path.parent == self.root:
                self._make_root()
            lock = self._held.get(path)
            transient = None if lock is not None else SessionLock(path).acquire()
        except SessionBusy as exc:
            raise SaveError(exc.message, hint=f"{still} {exc.hint}") from None
        except OSError as exc:
            raise SaveError(
                f"Could not save the answers to {path}: {reason(exc)}.",
                hint=f"{still} Check the folder's permissions, then try again.",
            ) from None
        try:
            return self._write(session, path, still)
        finally:
            if transient is not None:
                transient.release()

    def _write(self, session: Session, path: Path, still: str) -> Session:
        self._guard(path, session.id)
        saved = replace(session, updated=_now(), path=path)
        for temp in _stale_temps(path.parent, path.name):  # we hold the lock: nobody writes it
            with suppress(OSError):
                temp.unlink()
        try:
            write_private(path, _dump(saved))
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
        try:
            info = path.lstat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise SaveError(
                f"Could not save the answers to {path}: {reason(exc)}.",
                hint="Your answers are still in memory; they can be saved as a new session.",
            ) from None
        if not stat.S_ISREG(info.st_mode):
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
        """The ``*.json`` files of the sessions folder (temporary files excluded). Raises
        :class:`InputError` when the folder cannot be read."""
        try:
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
        except OSError as exc:
            raise _folder_error(self.root, exc) from None

    def resolve(self, ref: str | Path) -> Path:
        """The file of a session: ``ref`` is an id, a unique start of an id, or a path."""
        text = str(ref)
        try:
            return self._resolve(ref, text)
        except OSError as exc:
            raise InputError(f"Cannot look for the session {text}: {reason(exc)}.") from None

    def _resolve(self, ref: str | Path, text: str) -> Path:
        if isinstance(ref, Path) or "/" in text or os.sep in text or text.endswith(".json"):
            path = Path(ref).expanduser()
            if not path.is_file():
                if path.exists():
                    what = kind(path.stat().st_mode)
                    raise InputError(f"{path} is not a session file (it is {what}).")
                raise InputError(f"No session file at {path}.")
            return path
        not_found = InputError(
            f"No saved session with id '{text}'.",
            hint=f"Run `{command('sessions', 'list')}` to see the saved sessions.",
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
                reason_ = exc.reason if isinstance(exc, SessionFileError) else "unreadable"
                try:
                    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                except OSError:
                    modified = datetime.fromtimestamp(0, UTC)
                found.append(DamagedSession(path, path.stem, reason_, exc.message, modified))
        return sorted(
            found, key=lambda s: s.updated if isinstance(s, Session) else s.modified, reverse=True
        )

    def latest(self) -> Session | None:
        """The most recently saved session that is still in progress."""
        for entry in self.list():
            if isinstance(entry, Session) and entry.status == "in_progress":
                return entry
        return None

    def latest_to_resume(self) -> Session | DamagedSession | None:
        """:meth:`latest`; when there is none, the newest session file that cannot be read
        (a foreign file does not count), so the caller can say why nothing can be resumed."""
        damaged: DamagedSession | None = None
        for entry in self.list():
            if isinstance(entry, Session):
                if entry.status == "in_progress":
                    return entry
            elif damaged is None and entry.reason != "foreign":
                damaged = entry
        return damaged

    # -- deleting --------------------------------------------------------------------------------

    def deletable(self, ref: str | Path) -> Session | DamagedSession:
        """What deleting ``ref`` would delete, or :class:`InputError` (exit code 4) saying why it
        will not be deleted. Only files in the sessions folder are deleted, and of those only
        session files: readable ones, ones that say they are sessions however damaged, and
        unreadable ones named like the sessions the program makes (``3fa2b1c9.json``). Anything
        else — a note, a settings file, a file elsewhere — is kept, and so is a session open in
        another window."""
        path = self.resolve(ref)
        kept = "It was not deleted."
        try:
            inside = path.parent.resolve() == self.root.resolve()
            regular = stat.S_ISREG(path.lstat().st_mode)
        except OSError as exc:
            raise InputError(f"Cannot check {path}: {reason(exc)}. {kept}") from None
        if not inside:
            raise InputError(
                f"{path} is not in the sessions folder ({self.root}). {kept}",
                hint=f"`{command('sessions', 'delete')}` deletes only saved sessions in that "
                "folder.",
            )
        if not regular or not _ID.fullmatch(path.stem) or path.suffix != ".json":
            raise InputError(f"{path} is not a session file. {kept}")
        try:
            found: Session | DamagedSession = read_session(path)
        except SessionFileError as exc:
            if exc.reason == "foreign" or not (exc.ours or _GENERATED_ID.fullmatch(path.stem)):
                raise InputError(
                    f"{path} is not an iop-assess session file. {kept}",
                    hint="Session files are named by their id, like 3fa2b1c9.json.",
                ) from None
            found = DamagedSession(path, path.stem, exc.reason, exc.message, _modified(path))
        except InputError as exc:
            raise InputError(f"{exc.message} {kept}") from None
        if is_busy(path):
            raise _busy(path)
        return found

    def delete(self, ref: str | Path) -> Path:
        """Delete one session file (see :meth:`deletable`); return its path."""
        found = self.deletable(ref)
        path = found.path
        assert path is not None  # a session read from a file knows its path
        try:
            path.unlink()
        except OSError as exc:
            raise InputError(f"Could not delete {path}: {reason(exc)}.") from None
        for temp in _stale_temps(path.parent, path.name):
            with suppress(OSError):
                temp.unlink()
        return path

    def purge(self) -> int:
        """Delete every session file (damaged ones too) and the temporary files of interrupted
        saves; files that are not iop-assess sessions are kept, and so are sessions open in
        another window (see :meth:`busy`). Returns how many sessions were deleted."""
        count = 0
        held: set[str] = set()
        for path in self.files():
            try:
                self.deletable(path)
            except SessionBusy:
                held.add(path.name)
                continue
            except InputError:
                continue
            try:
                path.unlink()
            except OSError as exc:
                raise InputError(
                    f"Could not delete {path}: {reason(exc)}.",
                    hint=f"{count} sessions were deleted before this one.",
                ) from None
            count += 1
        for temp in _stale_temps(self.root):
            match = _TEMP_NAME.match(temp.name)
            if match and match["name"] not in held:
                with suppress(OSError):
                    temp.unlink()
        return count

    def busy(self) -> tuple[Path, ...]:
        """The session files in the folder that are open in another window."""
        return tuple(path for path in self.files() if is_busy(path))


def _modified(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return datetime.fromtimestamp(0, UTC)


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
