"""The command line. The only module that imports Typer; it parses options, calls the core, and
turns the core's errors into messages and exit codes (the README's exit code table)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iop_assess import __version__
from iop_assess.errors import ExitCode, IopAssessError, QuestionnaireError, UsageError
from iop_assess.report.interface import Format

if TYPE_CHECKING:
    from iop_assess.batch import Summary

app = typer.Typer(
    name="iop-assess",
    help=(
        "A private self-assessment that suggests which level of substance-use care may fit. "
        "It is a screening aid, not a diagnosis. In danger now? Call 911, or call or text 988."
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)

QuestionsOption = Annotated[
    Path | None,
    typer.Option(
        "--questions",
        help="Folder of questionnaire files to use instead of the bundled ones.",
        envvar="IOP_ASSESS_QUESTIONS",
        show_envvar=True,
    ),
]


class _Stderr:
    """Lines on stderr, exactly as rich printed them with markup, emoji, highlighting and
    wrapping off, without importing rich (it is imported only where it draws)."""

    def print(self, text: object = "", **_: object) -> None:
        typer.echo(str(text), err=True)


def _err_console() -> _Stderr:
    return _Stderr()


@contextmanager
def reported() -> Iterator[None]:
    """Turn the program's own errors into a message on stderr and the contract's exit code."""
    try:
        yield
    except IopAssessError as exc:
        console = _err_console()
        # Questionnaire problems start each line with file:line:col, so editors can jump to them.
        prefix = "" if isinstance(exc, QuestionnaireError) else "Error: "
        console.print(f"{prefix}{exc.message}", markup=False, emoji=False)
        if exc.hint:
            console.print(exc.hint, markup=False, emoji=False)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        _err_console().print("Stopped.", markup=False)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iop-assess {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A private self-assessment that suggests which level of substance-use care may fit."""


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Questionnaire files or folders (default: the bundled ones)."),
    ] = None,
) -> None:
    """Check questionnaire files; list every problem as file:line:col (exit 3 if any)."""
    from iop_assess.bank import bundled_dir
    from iop_assess.loader import load_files, questionnaire_paths

    with reported():
        targets: list[tuple[Path, str]] = []
        if not paths:
            folder = bundled_dir()
            targets = [(p, f"questions/{p.name}") for p in questionnaire_paths(folder)]
        for path in paths or []:
            if path.is_dir():
                found = questionnaire_paths(path)
                if not found:
                    raise UsageError(f"no questionnaire files (*.yaml) in {path}")
                targets.extend((p, str(p)) for p in found)
            elif path.exists():
                targets.append((path, str(path)))
            else:
                raise UsageError(f"no such file or folder: {path}")
        loaded = load_files(targets)
        items = sum(len(lf.questionnaire.items()) for lf in loaded)
        typer.echo(f"OK: {len(loaded)} questionnaire files, {items} items, no problems found.")


@app.command("list")
def list_questionnaires(questions: QuestionsOption = None) -> None:
    """Show the questionnaires in use: id, version, title, items, source and licence."""
    import textwrap

    from iop_assess.bank import load_bank, questions_dir

    with reported():
        bank = load_bank(questions)
        from rich.console import Console

        width = max(40, min(Console().width, 100))
        lines = [f"Questionnaires in {questions_dir(questions)}:", ""]
        for q in bank.questionnaires:
            count = len(q.items())
            lines.append(f"{q.id} {q.version} - {q.title['en']} ({count} items)")
            for label, text in (("source", q.source), ("licence", q.license)):
                lines += textwrap.wrap(
                    text, width, initial_indent=f"  {label + ':':<9}", subsequent_indent=" " * 11
                )
            lines.append("")
        typer.echo("\n".join(lines).rstrip())


@app.command()
def schema() -> None:
    """Print the JSON Schema of the questionnaire format (for editors' YAML support)."""
    from iop_assess.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command()
def score(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="The answers file (.yaml, .yml or .json), or - to read it from standard input.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Report format: text, md, html or json.")
    ] = Format.text,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the report to this file (readable only by you) instead of the screen.",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Plain linear text: no boxes or colour (for screen readers)."),
    ] = False,
    questions: QuestionsOption = None,
) -> None:
    """Score an answers file and show which level of care may fit.

    Exit code 0 whatever the level; 4 if the answers file cannot be read or has problems (all
    of them are listed). Needs no network and writes nothing unless --out is given.
    """

    from iop_assess.answers import read_answers
    from iop_assess.assess import assess
    from iop_assess.atomic import write_private
    from iop_assess.bank import load_bank
    from iop_assess.report import render

    with reported():
        bank = load_bank(questions)
        given = read_answers(bank, file)
        result = assess(
            bank,
            given.answers,
            warnings=given.warnings,
            notes=given.notes,
            client=given.client,
        )
        err = _err_console()
        for warning in given.warnings:
            err.print(f"Warning: {warning}", markup=False, emoji=False)
        if out is not None:
            write_private(out, render(result, fmt, plain=plain))
            err.print(f"Report written to {out}", markup=False, emoji=False, highlight=False)
        elif fmt is Format.text and not plain and sys.stdout.isatty():
            from rich.console import Console

            from iop_assess.report.text import print_report

            print_report(result, Console(highlight=False, emoji=False))
        else:
            width = (
                shutil.get_terminal_size().columns
                if fmt is Format.text and sys.stdout.isatty()
                else None
            )
            typer.echo(render(result, fmt, width=width, plain=plain), nl=False)


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr (rows, rows/s, time left) when stderr is a terminal; rich is
    imported only then."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("Scoring"),
        BarColumn(),
        TextColumn("{task.fields[rows]:,} rows, {task.fields[rate]:,.0f} rows/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("batch", total=total or None, rows=0, rate=0.0)
    started = time.monotonic()

    def update(rows: int, done: int) -> None:
        rate = rows / max(time.monotonic() - started, 1e-6)
        bar.update(task, completed=done, rows=rows, rate=rate)

    with bar:
        yield update


def _batch_summary(summary: Summary, out: str) -> list[str]:
    noun = "row" if summary.rows == 1 else "rows"
    levels = ", ".join(
        f"{count:,} {level}"
        for level, count in sorted(summary.levels.items(), key=lambda lc: (-lc[1], lc[0]))
    )
    lines = [f"{summary.rows:,} {noun} scored" + (f": {levels}." if levels else ".")]
    if summary.errors:
        lines.append(
            f"{summary.errors:,} {'row has' if summary.errors == 1 else 'rows have'} an error "
            "(see the error column); the other rows were scored."
        )
    if out != "-":
        lines.append(f"Results written to {out}")
    return lines


@app.command()
def batch(
    input_file: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="The answer sets: .csv (a header of item ids, optional id column) or .jsonl.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            help="Where to write the results: .csv or .jsonl (readable only by you), or - for "
            "CSV on standard output.",
            show_default=False,
        ),
    ],
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Worker processes to score with (default 1)."),
    ] = 1,
    questions: QuestionsOption = None,
) -> None:
    """Score many answer sets at once: one result row per input row, in the same order.

    A row that cannot be scored keeps its place with its error column filled, and the batch goes
    on. Exit code 0 when every row was scored, 1 when any row had an error, 4 when the input
    cannot be read at all. The output appears only once every row is done.
    """
    from iop_assess.atomic import private_stream
    from iop_assess.bank import load_bank
    from iop_assess.batch import Summary, header, open_sink, open_source, run
    from iop_assess.batch.sinks import FORMATS

    with reported():
        target = None if out == "-" else Path(out)
        if target is not None and target.suffix.lower() not in FORMATS:
            raise UsageError(
                f"cannot tell the output type from '{target.suffix or target.name}'; "
                "use a .csv or .jsonl file, or - for standard output"
            )
        if target is not None and target.resolve() == input_file.resolve():
            raise UsageError("--out names the input file; choose another file for the results")
        bank = load_bank(questions)
        summary = Summary()
        columns = header(bank)
        try:
            with (
                open_source(bank, input_file) as source,
                _progress_bar(source.size) as bar,
                nullcontext(sys.stdout) if target is None else private_stream(target) as stream,
            ):

                def tick(rows: int) -> None:
                    if bar is not None and rows % 25 == 0:
                        bar(rows, source.done())

                suffix = ".csv" if target is None else target.suffix.lower()
                sink = open_sink(stream, columns, suffix)
                run(
                    bank,
                    source.rows,
                    sink,
                    jobs=jobs,
                    questions=questions,
                    progress=tick,
                    summary=summary,
                )
        except KeyboardInterrupt:
            done = f"{summary.rows:,} {'row was' if summary.rows == 1 else 'rows were'} done"
            left = "" if target is None else f"; {target} was not written"
            _err_console().print(
                f"Stopped: {done}{left}. Run the command again to score them all.", markup=False
            )
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        err = _err_console()
        for line in _batch_summary(summary, out):
            err.print(line, markup=False, emoji=False, highlight=False)
        if summary.errors:
            raise typer.Exit(int(ExitCode.BATCH_ROW_ERRORS))


class ExportFormat(StrEnum):
    fhir = "fhir"


@app.command()
def export(
    questionnaire_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One questionnaire's id (see iop-assess list); default: all of them.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="fhir: FHIR R4 Questionnaire resources (JSON)."),
    ] = ExportFormat.fhir,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file (readable only by you)."),
    ] = None,
    questions: QuestionsOption = None,
) -> None:
    """Export the questionnaires for other systems: one FHIR R4 Questionnaire each.

    With an ID, that questionnaire's Questionnaire resource; without, a Bundle of all of them.
    Needs the optional FHIR support (pip install 'iop-assess[fhir]').
    """
    from iop_assess.atomic import write_private
    from iop_assess.bank import load_bank
    from iop_assess.errors import OutputError
    from iop_assess.fhir.questionnaire import questionnaires
    from iop_assess.fhir.validate import problems

    with reported():
        bank = load_bank(questions)
        known = [q.id for q in bank.questionnaires]
        if questionnaire_id is not None and questionnaire_id not in known:
            raise UsageError(
                f"no questionnaire '{questionnaire_id}'; the questionnaires are {', '.join(known)}"
            )
        resources = questionnaires(bank, questionnaire_id)
        document = (
            resources[0]
            if questionnaire_id is not None
            else {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"fullUrl": r["url"], "resource": r} for r in resources],
            }
        )
        found = problems(document)
        if found:
            raise OutputError(f"the FHIR export failed its R4 check: {found[0]}")
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if out is None:
            typer.echo(text, nl=False)
        else:
            write_private(out, text)
            _err_console().print(f"Written to {out}", markup=False, emoji=False, highlight=False)


class ExplainFormat(StrEnum):
    text = "text"
    md = "md"


@app.command()
def explain(
    fmt: Annotated[
        ExplainFormat,
        typer.Option("--format", "-f", help="text (for the terminal) or md (Markdown)."),
    ] = ExplainFormat.text,
) -> None:
    """Show every rule: what it sets, when it fires, what the person reads, and its source."""
    from iop_assess.rules import catalogue

    if fmt is ExplainFormat.md:
        typer.echo(catalogue.markdown(), nl=False)
        return
    typer.echo(catalogue.text(shutil.get_terminal_size().columns))


# -- sessions ------------------------------------------------------------------------------------

sessions_app = typer.Typer(
    help="Saved sessions: list, show, delete or purge them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(sessions_app, name="sessions")

SessionRef = Annotated[
    str, typer.Argument(help="The session id (or its first few letters), or a session file.")
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]


def _plain(text: str) -> str:
    """One line of text, safe to print to a terminal (no control characters)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _confirm(question: str) -> bool:
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:  # input closed: treat as "no"
        typer.echo()
        return False


@sessions_app.command("list")
def sessions_list() -> None:
    """Show the saved sessions, newest first: id, status, answers, client and versions."""
    from iop_assess.session import Session, SessionStore

    with reported():
        store = SessionStore()
        entries = store.list()
        if not entries:
            typer.echo(f"No saved sessions. (They would be kept in {store.root}.)")
            return
        lines = [f"Saved sessions in {store.root}, newest first:", ""]
        for entry in entries:
            if isinstance(entry, Session):
                status = entry.status.replace("_", " ")
                lines.append(
                    f"{entry.id}  {status}  {entry.answered} answered  "
                    f"updated {_when(entry.updated)}"
                )
                if entry.client:
                    lines.append(f"  client: {_plain(entry.client)}")
                versions = ", ".join(f"{q.id} {q.version}" for q in entry.questionnaires)
                lines.append(f"  questionnaires: {versions or 'none'}")
            else:
                kind = "not a session file" if entry.reason == "foreign" else "cannot be opened"
                lines.append(f"{entry.id}  {kind}  modified {_when(entry.modified)}")
                lines.append(f"  {_plain(entry.message)}")
            lines.append("")
        lines.append("See one with `iop-assess sessions show ID`.")
        typer.echo("\n".join(lines))


@sessions_app.command("show")
def sessions_show(ref: SessionRef) -> None:
    """Show one session's answers by item id (for a counselor)."""
    from iop_assess.session import SessionStore

    with reported():
        session = SessionStore().load(ref)
        status = session.status.replace("_", " ")
        versions = ", ".join(f"{q.id} {q.version}" for q in session.questionnaires)
        lines = [
            f"Session {session.id} ({status})",
            f"  client:         {_plain(session.client or '-')}",
            f"  counselor:      {'yes' if session.counselor else 'no'}",
            f"  started:        {_when(session.created)}",
            f"  updated:        {_when(session.updated)}",
            f"  questionnaires: {versions or 'none'}",
            f"  next question:  {session.position or '-'}",
            f"  file:           {session.path}",
            "",
            f"Answers ({session.answered}):",
        ]
        width = max((len(item_id) for item_id in session.answers), default=0)
        for item_id, value in session.answers.items():
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            lines.append(f"  {item_id + ':':<{width + 1}} {_plain(shown)}")
        if not session.answers:
            lines.append("  (none yet)")
        if session.notes:
            lines += ["", "Notes:"]
            lines += [f"  {section}: {_plain(text)}" for section, text in session.notes.items()]
        typer.echo("\n".join(lines))


@sessions_app.command("delete")
def sessions_delete(ref: SessionRef, yes: YesOption = False) -> None:
    """Delete one saved session (asks first unless --yes)."""
    from iop_assess.errors import SessionFileError
    from iop_assess.session import SessionStore

    with reported():
        store = SessionStore()
        path = store.resolve(ref)
        try:
            session = store.load(path)
            what = f"session {session.id} ({session.answered} answered)"
        except SessionFileError as exc:
            if exc.reason == "foreign":
                raise
            what = f"the damaged session file {path}"
        if not yes and not _confirm(f"Delete {what}? This cannot be undone."):
            typer.echo("Nothing was deleted.")
            return
        store.delete(path)
        typer.echo(f"Deleted {what}.")


@sessions_app.command("purge")
def sessions_purge(yes: YesOption = False) -> None:
    """Delete every saved session (asks first unless --yes)."""
    from iop_assess.session import DamagedSession, SessionStore

    with reported():
        store = SessionStore()
        entries = store.list()
        count = sum(
            1 for e in entries if not (isinstance(e, DamagedSession) and e.reason == "foreign")
        )
        if not count:
            typer.echo("No saved sessions.")
            return
        noun = "session" if count == 1 else "sessions"
        question = f"Delete all {count} saved {noun} in {store.root}? This cannot be undone."
        if not yes and not _confirm(question):
            typer.echo("Nothing was deleted.")
            return
        deleted = store.purge()
        typer.echo(f"Deleted {deleted} saved {'session' if deleted == 1 else 'sessions'}.")


def _plain_wanted(flag: bool) -> bool:
    """``--plain``, or ``NO_COLOR`` set (https://no-color.org), or ``TERM=dumb``."""
    return flag or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


@app.command()
def screen(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="ID|PATH",
            help="With --resume: the session to continue (default: the latest one).",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue a saved session where it stopped.")
    ] = False,
    session: Annotated[
        Path | None, typer.Option("--session", help="The session file to save to (or to continue).")
    ] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not save answers on this computer.")
    ] = False,
    counselor: Annotated[
        bool,
        typer.Option(
            "--counselor", help="Counselor mode: item ids, running totals, notes, answers file."
        ),
    ] = False,
    client: Annotated[
        str | None,
        typer.Option("--client", help="A label for the client, like a case number (not a name)."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the report to this file without asking.")
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", help="Report format (default: from the file name, else text)."),
    ] = None,
    answers_out: Annotated[
        Path | None,
        typer.Option("--answers-out", help="Counselor mode: where to write the answers file."),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Plain linear text: no boxes or colour (also NO_COLOR)."),
    ] = False,
    questions: QuestionsOption = None,
) -> None:
    """Answer the questions here, one at a time; see which level of care may fit.

    Answers are saved after each one (unless --no-save). Stop any time with q or Ctrl-C and
    continue later with: iop-assess screen --resume
    """
    from iop_assess.bank import load_bank
    from iop_assess.interview import QuitRequested, ScriptedPrompter
    from iop_assess.interview.prompter import Prompter
    from iop_assess.interview.rich_prompter import make_console
    from iop_assess.interview.screen import Screen, ScreenOptions

    plain = _plain_wanted(plain)
    err = make_console(plain=plain, stderr=True)
    with reported():
        if no_save and (session is not None or resume):
            raise UsageError("--no-save cannot be used with --session or --resume")
        bank = load_bank(questions)
        options = ScreenOptions(
            counselor=counselor,
            client=client,
            save=not no_save,
            session_path=session,
            resume=resume,
            resume_ref=ref,
            report=report,
            format=fmt.value if fmt else None,
            answers_out=answers_out,
        )
        run = Screen(bank, options)
        interactive = sys.stdin.isatty()
        rich_prompter = None
        prompter: Prompter
        if interactive:
            from iop_assess.interview.rich_prompter import RichPrompter

            # questions on the terminal; when stdout is redirected, only the result goes there
            console = make_console(plain=plain, stderr=not sys.stdout.isatty())
            prompter = rich_prompter = RichPrompter(console, plain=plain)
        else:
            columns = shutil.get_terminal_size((80, 24)).columns
            prompter = ScriptedPrompter(sys.stdin, out=sys.stderr, width=columns)
        try:
            outcome = run.interview(prompter)
        except QuitRequested:
            err.print(f"\nStopped. {run.resume_hint()}", markup=False)
            raise typer.Exit(int(ExitCode.OK)) from None
        except (KeyboardInterrupt, EOFError):
            err.print(f"\nStopped. {run.resume_hint()}", markup=False)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except IopAssessError as exc:
            exc.hint = "\n".join(h for h in (exc.hint, run.resume_hint()) if h)
            raise
        except Exception as exc:
            err.print(
                f"Error: something went wrong ({type(exc).__name__}). {run.resume_hint()}",
                markup=False,
            )
            raise typer.Exit(1) from None
        result = run.score(outcome)
        if rich_prompter is not None and not plain and sys.stdout.isatty():
            from iop_assess.report.text import print_report

            print_report(result, rich_prompter.console)
        else:
            from iop_assess.report import render

            width = rich_prompter.console.width if rich_prompter is not None else None
            typer.echo(render(result, Format.text, width=width, plain=plain), nl=False)
        for line in run.outputs(prompter, outcome, result):
            err.print(line, markup=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="iop-assess")


if __name__ == "__main__":  # pragma: no cover
    main()
