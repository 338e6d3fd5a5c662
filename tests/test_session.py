"""Saved sessions: never lose an answer, never touch a file that is not ours, keep it private.

Session files under test live in tests/assets/sessions/; the two small question banks there
(questions_v1, questions_v2) stand for the questionnaires before and after an update.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iop_assess.bank import Answer, Bank, load_bank
from iop_assess.errors import ExitCode, InputError, SaveError, SessionFileError
from iop_assess.model import DECLINED
from iop_assess.session import (
    MAX_FILE_BYTES,
    DamagedSession,
    QuestionnaireVersion,
    Session,
    SessionStore,
    read_session,
    reconcile,
    resume,
    sessions_dir,
)

ASSETS = Path(__file__).parent / "assets" / "sessions"
SECRET = "I drink alone every night"


@pytest.fixture(scope="module")
def bank_v1() -> Bank:
    return load_bank(ASSETS / "questions_v1")


@pytest.fixture(scope="module")
def bank_v2() -> Bank:
    return load_bank(ASSETS / "questions_v2")


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "state" / "sessions")


def answered(store: SessionStore, bank: Bank) -> Session:
    """A saved session with one answer of every kind."""
    session = store.new(bank, counselor=True, client="case 12")
    session = session.with_answer("mood_1", 3, position="mood_2")
    session = session.with_answer("mood_days", 20, position="mood_help")
    session = session.with_answer("mood_help", ["friends", "exercise"], position="mood_words")
    session = session.with_answer("mood_words", SECRET, position=None)
    return store.save(session)


def put(store: SessionStore, name: str, stem: str | None = None) -> Path:
    """Copy an asset file into the sessions folder (as ``<stem>.json``)."""
    store.root.mkdir(parents=True, exist_ok=True)
    target = store.root / f"{stem or Path(name).stem}.json"
    shutil.copyfile(ASSETS / name, target)
    return target


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- where sessions live -----------------------------------------------------------------------


def test_home_environment_variable_chooses_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOP_ASSESS_HOME", str(tmp_path))
    assert sessions_dir() == tmp_path / "sessions"
    assert SessionStore().root == tmp_path / "sessions"


def test_default_folder_is_the_users_state_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("IOP_ASSESS_HOME", raising=False)
    assert sessions_dir() == platformdirs.user_state_path("iop-assess") / "sessions"


def test_a_new_session_writes_nothing_until_saved(store: SessionStore, bank_v1: Bank) -> None:
    session = store.new(bank_v1, client="  AB  ")
    assert session.path is None
    assert session.status == "in_progress"
    assert session.client == "AB"
    assert session.questionnaires == (QuestionnaireVersion("mood", "1.0.0"),)
    assert len(session.id) == 8
    assert not store.root.exists()
    assert store.list() == []
    assert store.latest() is None


# -- saving and loading ------------------------------------------------------------------------


def test_round_trip_keeps_every_answer(store: SessionStore, bank_v1: Bank) -> None:
    saved = answered(store, bank_v1)
    assert saved.path == store.root / f"{saved.id}.json"
    loaded = store.load(saved.id)
    assert loaded == saved
    assert loaded.answers == {
        "mood_1": 3,
        "mood_days": 20,
        "mood_help": ["friends", "exercise"],
        "mood_words": SECRET,
    }
    assert loaded.counselor is True
    assert loaded.client == "case 12"
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    assert data["format"] == "iop-assess-session"
    assert data["schema_version"] == 1
    assert data["questionnaires"] == [{"id": "mood", "version": "1.0.0"}]
    assert data["created"].endswith("Z") and data["updated"].endswith("Z")


_ids = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
_values = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(max_size=40),
    st.lists(st.one_of(st.integers(0, 99), st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True))),
)


@settings(max_examples=40, deadline=None)
@given(
    answers=st.dictionaries(_ids, _values, max_size=12),
    notes=st.dictionaries(_ids, st.text(max_size=60), max_size=3),
    client=st.none() | st.text(min_size=1, max_size=30).filter(str.isprintable),
)
def test_any_answers_survive_a_save_and_load(
    tmp_path_factory: pytest.TempPathFactory,
    bank_v1: Bank,
    answers: dict[str, Answer],
    notes: dict[str, str],
    client: str | None,
) -> None:
    store = SessionStore(tmp_path_factory.mktemp("roundtrip") / "sessions")
    session = replace(store.new(bank_v1, client=client), answers=answers, notes=notes)
    saved = store.save(session)
    loaded = store.load(saved.id)
    assert loaded == saved
    assert list(loaded.answers) == list(answers)


def test_save_after_every_answer_updates_the_same_file(store: SessionStore, bank_v1: Bank) -> None:
    session = store.save(store.new(bank_v1))
    session = store.save(session.with_answer("mood_1", DECLINED, position="mood_2"))
    session = store.save(session.with_answer("mood_2", 0, position="mood_3").completed())
    assert store.files() == [session.path]
    loaded = store.load(session.id)
    assert loaded.answers == {"mood_1": "declined", "mood_2": 0}
    assert loaded.status == "completed"
    assert loaded.position is None
    assert loaded.updated >= loaded.created


def test_files_are_owner_only(store: SessionStore, bank_v1: Bank) -> None:
    old = os.umask(0o022)
    try:
        saved = answered(store, bank_v1)
    finally:
        os.umask(old)
    assert saved.path is not None
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700


def test_an_existing_open_folder_is_made_owner_only(store: SessionStore, bank_v1: Bank) -> None:
    store.root.mkdir(parents=True)
    store.root.chmod(0o755)
    store.save(store.new(bank_v1))
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_crash_mid_write_keeps_the_old_file_and_leaves_no_temp_file(
    store: SessionStore, bank_v1: Bank, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    saved = answered(store, bank_v1)
    assert saved.path is not None
    before = saved.path.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, disk_full)
    changed = saved.with_answer("mood_2", 1, position="mood_3")
    with pytest.raises(SaveError) as caught:
        store.save(changed)
    monkeypatch.undo()
    assert caught.value.exit_code == ExitCode.INPUT_INVALID
    assert caught.value.message.endswith(": the disk is full.")
    assert "still in memory" in caught.value.hint
    assert SECRET not in caught.value.message + caught.value.hint
    assert saved.path.read_bytes() == before
    assert leftovers(store.root) == []
    # The answers were not lost: the same session saves once the disk has room again.
    again = store.save(changed)
    assert store.load(again.id).answers["mood_2"] == 1


def test_an_interrupt_mid_write_removes_the_temp_file(
    store: SessionStore, bank_v1: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = answered(store, bank_v1)
    assert saved.path is not None
    before = saved.path.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save(saved.with_answer("mood_2", 2, position=None))
    monkeypatch.undo()
    assert saved.path.read_bytes() == before
    assert leftovers(store.root) == []


def test_a_folder_that_cannot_be_made_is_a_clear_save_error(tmp_path: Path, bank_v1: Bank) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = SessionStore(blocker / "sessions")
    session = store.new(bank_v1).with_answer("mood_words", SECRET, position=None)
    with pytest.raises(SaveError) as caught:
        store.save(session)
    assert "Could not save the answers to" in caught.value.message
    assert "Your answers are still in memory" in caught.value.hint
    assert SECRET not in caught.value.message + caught.value.hint
    assert session.answers["mood_words"] == SECRET


# -- finding sessions --------------------------------------------------------------------------


def test_load_by_unique_prefix_or_path(store: SessionStore) -> None:
    put(store, "good.json", "600dcafe")
    put(store, "good.json", "6011beef")
    good = store.root / "600dcafe.json"
    assert store.load("600d").id == "600dcafe"
    assert store.load(good).answers["mood_help"] == ["friends", "exercise"]
    assert store.load(str(good)).notes == {"mood": "Talked about sleep."}
    with pytest.raises(InputError, match=r"fits more than one session: 600dcafe, 6011beef"):
        store.load("60")


@pytest.mark.parametrize("ref", ["deadbeef", "../etc/passwd", "no such id"])
def test_an_unknown_id_is_input_error(store: SessionStore, ref: str) -> None:
    with pytest.raises(InputError) as caught:
        store.load(ref)
    assert caught.value.exit_code == ExitCode.INPUT_INVALID


def test_list_is_newest_first_and_latest_skips_completed(
    store: SessionStore, bank_v1: Bank
) -> None:
    first = store.save(store.new(bank_v1, client="first"))
    second = store.save(store.new(bank_v1, client="second"))
    done = store.save(store.new(bank_v1, client="done").completed())
    listed = store.list()
    assert [s.id for s in listed] == [done.id, second.id, first.id]
    latest = store.latest()
    assert latest is not None and latest.id == second.id
    # Saving the first one again makes it the latest.
    store.save(first.with_answer("mood_1", 0, position="mood_2"))
    latest = store.latest()
    assert latest is not None and latest.id == first.id


# -- files that cannot be used -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        (
            "bad_json.json",
            "damaged",
            "is damaged: it is not valid JSON (Expecting ',' delimiter at line 1, column 96).",
        ),
        ("foreign.json", "foreign", "is not an iop-assess session file."),
        (
            "newer.json",
            "newer",
            "was saved by a newer version of iop-assess (session format 2; "
            "this version reads format 1).",
        ),
        ("no_id.json", "damaged", "is damaged: it has no session id."),
        (
            "wrong_shape.json",
            "damaged",
            "is damaged: 'status': input should be 'in_progress' or 'completed'; "
            "'counselor': input should be a valid boolean; "
            "'answers.mood_1' has the wrong type.",
        ),
    ],
)
def test_unusable_files_are_clear_errors_and_left_alone(
    store: SessionStore, bank_v1: Bank, name: str, reason: str, message: str
) -> None:
    path = put(store, f"broken/{name}", "0badf11e")
    before = path.read_bytes()
    with pytest.raises(SessionFileError) as caught:
        store.load("0badf11e")
    error = caught.value
    assert error.exit_code == ExitCode.INPUT_INVALID
    assert error.reason == reason
    assert str(path) in error.message
    assert error.message.endswith(message)
    assert "left as it is" in error.hint
    assert "private sentence" not in error.message
    # Listed as damaged, never a crash.
    [entry] = store.list()
    assert isinstance(entry, DamagedSession)
    assert (entry.id, entry.reason) == ("0badf11e", reason)
    # A session that would be saved in its place does not overwrite it.
    intruder = replace(store.new(bank_v1), id="0badf11e")
    with pytest.raises(SaveError, match="so it was not replaced"):
        store.save(intruder)
    assert path.read_bytes() == before
    assert store.latest() is None
    assert leftovers(store.root) == []


def test_a_huge_file_is_damaged_without_being_read_whole(store: SessionStore) -> None:
    store.root.mkdir(parents=True)
    huge = store.root / "0b16f11e.json"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(SessionFileError, match="is damaged: it is larger than 5 MB"):
        store.load("0b16f11e")


@pytest.mark.parametrize("target", ["folder", "/dev/zero"])
def test_something_that_is_not_a_file_is_not_read(tmp_path: Path, target: str) -> None:
    path = tmp_path if target == "folder" else Path(target)
    with pytest.raises(InputError, match="is not a session file") as caught:
        read_session(path)
    assert caught.value.exit_code == ExitCode.INPUT_INVALID


def test_a_file_holding_another_session_is_not_overwritten(
    store: SessionStore, bank_v1: Bank
) -> None:
    path = put(store, "good.json", "12345678")
    before = path.read_bytes()
    session = replace(store.new(bank_v1), id="12345678")
    with pytest.raises(SaveError, match=r"holds another session \(600dcafe\)"):
        store.save(session)
    assert path.read_bytes() == before


# -- deleting ----------------------------------------------------------------------------------


def test_delete_removes_one_session(store: SessionStore, bank_v1: Bank) -> None:
    keep = store.save(store.new(bank_v1))
    gone = answered(store, bank_v1)
    assert store.delete(gone.id[:6]) == gone.path
    assert [s.id for s in store.list()] == [keep.id]
    with pytest.raises(InputError, match=f"No saved session with id '{gone.id}'"):
        store.delete(gone.id)


def test_delete_removes_a_damaged_session_when_named(store: SessionStore) -> None:
    path = put(store, "broken/bad_json.json", "0badf11e")  # named like a session
    store.delete("0badf11e")
    assert not path.exists()


def test_delete_refuses_a_foreign_file(store: SessionStore) -> None:
    path = put(store, "broken/foreign.json")
    with pytest.raises(InputError, match="not an iop-assess session file. It was not deleted"):
        store.delete("foreign")
    assert path.exists()


def test_purge_deletes_every_session_but_keeps_foreign_files(
    store: SessionStore, bank_v1: Bank
) -> None:
    answered(store, bank_v1)
    store.save(store.new(bank_v1))
    put(store, "broken/bad_json.json", "0badf11e")
    put(store, "broken/newer.json")
    foreign = put(store, "broken/foreign.json")
    (store.root / ".abc.json.1234.tmp").write_text("{")
    assert store.purge() == 4
    assert store.files() == [foreign]
    assert leftovers(store.root) == []
    assert store.purge() == 0


def test_purge_without_a_folder_deletes_nothing(store: SessionStore) -> None:
    assert store.purge() == 0
    assert not store.root.exists()


# -- after the questionnaires change -----------------------------------------------------------


def test_same_versions_keep_every_answer(store: SessionStore, bank_v1: Bank) -> None:
    session = store.load(put(store, "good.json"))
    kept, again, messages = reconcile(session, bank_v1)
    assert kept == session.answers
    assert again == []
    assert messages == []


def test_changed_version_keeps_valid_answers_and_asks_the_rest_again(
    store: SessionStore, bank_v2: Bank
) -> None:
    session = store.load(put(store, "good.json"))
    kept, again, messages = reconcile(session, bank_v2)
    assert kept == {
        "mood_2": 1,
        "mood_help": ["friends", "exercise"],
        "mood_words": "declined",
    }
    assert again == ["mood_1", "mood_3", "mood_days"]
    assert messages == [
        "The 'Mood check' questions changed since this session was saved (1.0.0 → 1.1.0); "
        "3 answers will be asked again.",
        "The 'Sleep' questions were added since this session was saved; they will be asked.",
    ]


def test_changed_version_with_every_answer_still_fitting(
    store: SessionStore, bank_v1: Bank, bank_v2: Bank
) -> None:
    session = store.new(bank_v1).with_answer("mood_2", 2, position="mood_3")
    kept, again, messages = reconcile(session, bank_v2)
    assert kept == {"mood_2": 2}
    assert again == []
    assert messages[0] == (
        "The 'Mood check' questions changed since this session was saved (1.0.0 → 1.1.0); "
        "your answers to them still fit and were kept."
    )


def test_answers_to_questions_that_no_longer_exist_are_set_aside(
    store: SessionStore, bank_v1: Bank, bank_v2: Bank
) -> None:
    session = store.new(bank_v2).with_answer("sleep_hours", 7, position=None)
    session = session.with_answer("mood_2", 0, position=None)
    kept, again, messages = reconcile(session, bank_v1)
    assert kept == {"mood_2": 0}
    assert again == []
    assert messages == [
        "The 'Mood check' questions changed since this session was saved (1.1.0 → 1.0.0); "
        "your answers to them still fit and were kept.",
        "The 'sleep' questions are no longer used.",
        "1 answer is to questions that no longer exist; they were set aside.",
    ]


def test_resume_brings_the_session_up_to_date(store: SessionStore, bank_v2: Bank) -> None:
    session = store.load(put(store, "good.json", "600dcafe"))
    updated, result = resume(session, bank_v2)
    assert updated.answers == result.kept
    assert updated.questionnaires == (
        QuestionnaireVersion("mood", "1.1.0"),
        QuestionnaireVersion("sleep", "1.0.0"),
    )
    assert updated.position == "mood_words"
    saved = store.save(updated)
    assert reconcile(store.load(saved.id), bank_v2) == (saved.answers, [], [])


def test_a_session_saved_before_the_version_2_questions_resumes(tmp_path: Path) -> None:
    """A session from core 1.0.0 loads: its answers still fit, and the questions version 2
    added (or now asks of everyone) are simply unanswered and will be asked."""
    from iop_assess.bank import load_bank
    from iop_assess.interview import Interview, ScriptedPrompter

    bank = load_bank()
    path = tmp_path / "c0de0001.json"
    path.write_bytes((ASSETS / "core_v1.json").read_bytes())
    session = read_session(path)
    updated, changes = resume(session, bank)
    assert changes.ask_again == []
    assert (
        "The 'Core assessment' questions changed since this session was saved (1.0.0 → 3.0.0); "
        "your answers to them still fit and were kept." in changes.messages
    )
    assert updated.answers == session.answers
    prompter = ScriptedPrompter([""])
    interview = Interview(bank, prompter, answers=updated.answers)
    with pytest.raises(EOFError):
        interview.run()
    # pregnancy is no longer asked of men: that answer is set aside, the rest are kept
    assert "pregnant" not in interview.answers
    left = [i for i in interview.applicable() if i not in interview.answers]
    assert {"prescribed_meds", "withdrawal_support", "suicide_plan"} <= set(left)
    assert left.index("prescribed_meds") < left.index("suicide_plan")
