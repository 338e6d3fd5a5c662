"""`iop-assess sessions list | show | delete | purge`, driven through Typer's CliRunner.

Every test keeps its sessions in its own folder through ``IOP_ASSESS_HOME``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iop_assess.bank import Bank, load_bank
from iop_assess.cli import app
from iop_assess.session import Session, SessionStore

ASSETS = Path(__file__).parent / "assets" / "sessions"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ASSETS / "questions_v1")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> SessionStore:
    return SessionStore(home / "sessions")


def run(home: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(
        app,
        list(args),
        input=input,
        env={"IOP_ASSESS_HOME": str(home), "COLUMNS": "100"},
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


def saved(store: SessionStore, bank: Bank, client: str | None = None) -> Session:
    session = store.new(bank, counselor=True, client=client)
    session = session.with_answer("mood_1", 2, position="mood_2")
    session = session.with_answer("mood_help", ["friends", "exercise"], position="mood_words")
    session = session.with_answer("mood_words", "declined", position=None)
    return store.save(session)


def put_broken(store: SessionStore, name: str, stem: str) -> Path:
    store.root.mkdir(parents=True, exist_ok=True)
    target = store.root / f"{stem}.json"
    shutil.copyfile(ASSETS / "broken" / name, target)
    return target


# -- list --------------------------------------------------------------------------------------


def test_list_with_no_sessions_says_so_and_creates_nothing(home: Path) -> None:
    code, out, _ = run(home, "sessions", "list")
    assert code == 0
    assert out.startswith("No saved sessions.")
    assert str(home / "sessions") in out
    assert not home.exists()


def test_list_shows_each_session_newest_first(home: Path, store: SessionStore, bank: Bank) -> None:
    older = saved(store, bank, client="case 12")
    newer = store.save(store.new(bank).completed())
    code, out, _ = run(home, "sessions", "list")
    assert code == 0
    assert f"Saved sessions in {store.root}, newest first:" in out
    assert out.index(newer.id) < out.index(older.id)
    assert f"{older.id}  in progress  3 answered  updated " in out
    assert f"{newer.id}  completed  0 answered  updated " in out
    assert "  client: case 12" in out
    assert "  questionnaires: mood 1.0.0" in out


def test_list_shows_damaged_files_without_failing(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    good = saved(store, bank)
    put_broken(store, "bad_json.json", "0badf11e")
    put_broken(store, "foreign.json", "package")
    code, out, _ = run(home, "sessions", "list")
    assert code == 0
    assert good.id in out
    assert "0badf11e  cannot be opened" in out
    assert "is damaged: it is not valid JSON" in out
    assert "package  not a session file" in out


# -- show --------------------------------------------------------------------------------------


def test_show_lists_the_answers_by_item_id(home: Path, store: SessionStore, bank: Bank) -> None:
    session = saved(store, bank, client="case 12")
    code, out, _ = run(home, "sessions", "show", session.id[:5])
    assert code == 0
    assert f"Session {session.id} (in progress)" in out
    assert "  client:         case 12" in out
    assert "  counselor:      yes" in out
    assert "Answers (3):" in out
    assert "  mood_1:     2" in out
    assert "  mood_help:  friends, exercise" in out
    assert "  mood_words: declined" in out


def test_show_an_unknown_id_exits_4(home: Path) -> None:
    code, out, err = run(home, "sessions", "show", "deadbeef")
    assert code == 4
    assert out == ""
    assert "Error: No saved session with id 'deadbeef'." in err
    assert "iop-assess sessions list" in err


def test_show_a_damaged_file_exits_4_and_leaves_it(home: Path, store: SessionStore) -> None:
    path = put_broken(store, "wrong_shape.json", "5ca1ab1e")
    before = path.read_bytes()
    code, _, err = run(home, "sessions", "show", "5ca1ab1e")
    assert code == 4
    assert f"Error: The session file {path} is damaged:" in err
    assert "private sentence" not in err
    assert path.read_bytes() == before


# -- delete ------------------------------------------------------------------------------------


def test_delete_asks_first_and_keeps_the_session_on_no(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved(store, bank)
    code, out, _ = run(home, "sessions", "delete", session.id, input="n\n")
    assert code == 0
    assert f"Delete session {session.id} (3 answered)? This cannot be undone." in out
    assert "Nothing was deleted." in out
    assert store.load(session.id) == session


def test_delete_with_closed_input_deletes_nothing(
    home: Path, store: SessionStore, bank: Bank
) -> None:
    session = saved(store, bank)
    code, out, _ = run(home, "sessions", "delete", session.id, input="")
    assert code == 0
    assert "Nothing was deleted." in out
    assert session.path is not None and session.path.exists()


def test_delete_on_yes(home: Path, store: SessionStore, bank: Bank) -> None:
    session = saved(store, bank)
    code, out, _ = run(home, "sessions", "delete", session.id, input="y\n")
    assert code == 0
    assert f"Deleted session {session.id} (3 answered)." in out
    assert store.list() == []


def test_delete_with_yes_flag_does_not_ask(home: Path, store: SessionStore, bank: Bank) -> None:
    keep = saved(store, bank)
    gone = saved(store, bank)
    code, out, _ = run(home, "sessions", "delete", "--yes", gone.id)
    assert code == 0
    assert "?" not in out
    assert [s.id for s in store.list()] == [keep.id]


def test_delete_a_damaged_session_by_id(home: Path, store: SessionStore) -> None:
    path = put_broken(store, "newer.json", "a1b2c3d4")
    code, out, _ = run(home, "sessions", "delete", "a1b2", "--yes")
    assert code == 0
    assert f"Deleted the damaged session file {path}." in out
    assert not path.exists()


def test_delete_refuses_a_foreign_file(home: Path, store: SessionStore) -> None:
    path = put_broken(store, "foreign.json", "package")
    code, _, err = run(home, "sessions", "delete", "package", "--yes")
    assert code == 4
    assert f"Error: {path} is not an iop-assess session file." in err
    assert path.exists()


def test_delete_an_unknown_id_exits_4(home: Path) -> None:
    code, _, err = run(home, "sessions", "delete", "deadbeef", "--yes")
    assert code == 4
    assert "Error: No saved session with id 'deadbeef'." in err


# -- purge -------------------------------------------------------------------------------------


def test_purge_asks_then_deletes_every_session(home: Path, store: SessionStore, bank: Bank) -> None:
    saved(store, bank)
    saved(store, bank)
    put_broken(store, "bad_json.json", "0badf11e")
    foreign = put_broken(store, "foreign.json", "package")
    code, out, _ = run(home, "sessions", "purge", input="n\n")
    assert code == 0
    assert f"Delete all 3 saved sessions in {store.root}? This cannot be undone." in out
    assert "Nothing was deleted." in out
    assert len(store.files()) == 4
    code, out, _ = run(home, "sessions", "purge", input="y\n")
    assert code == 0
    assert "Deleted 3 saved sessions." in out
    assert store.files() == [foreign]


def test_purge_with_yes_and_nothing_saved(home: Path, store: SessionStore, bank: Bank) -> None:
    saved(store, bank)
    code, out, _ = run(home, "sessions", "purge", "--yes")
    assert (code, out.strip()) == (0, "Deleted 1 saved session.")
    code, out, _ = run(home, "sessions", "purge", "--yes")
    assert (code, out.strip()) == (0, "No saved sessions.")


def test_sessions_commands_have_help(home: Path) -> None:
    code, out, _ = run(home, "sessions", "--help")
    assert code == 0
    for command in ("list", "show", "delete", "purge"):
        assert command in out
