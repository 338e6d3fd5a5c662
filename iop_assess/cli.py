"""The command line. The only module that imports Typer; it parses options, calls the core, and
turns the core's errors into messages and exit codes (the README's exit code table)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from iop_assess import __version__
from iop_assess.errors import (
    ExitCode,
    IopAssessError,
    QuestionnaireError,
    UsageError,
    WriteError,
)
from iop_assess.files import reason
from iop_assess.invocation import command
from iop_assess.report.interface import Format
from iop_assess.safetext import clean

if TYPE_CHECKING:
    from rich.console import Console

    from iop_assess.assessment import Assessment
    from iop_assess.batch import Summary
    from iop_assess.interview.prompter import Prompter
    from iop_assess.interview.rich_prompter import RichPrompter
    from iop_assess.interview.screen import Screen


def _skip_coercing_unset_options() -> None:
    """Typer checks every option's value with a pydantic adapter that it builds the first time
    the option is seen, given or not. An option that was not given is ``None``, which needs no
    checking: skipping it saves building an adapter per unset option on every start (``screen``
    has ten). Given values, and required ones, are checked as before. If Typer's internals are
    not what this expects, nothing is changed."""
    try:
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another Typer
        return
    checked = getattr(_TyperParameter, "process_value", None)
    if checked is None or getattr(checked, "_skips_unset", False):  # pragma: no cover
        return

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        if value is None and not self.required:
            return self.callback(ctx, self, value) if self.callback is not None else None
        return checked(self, ctx, value)

    process_value._skips_unset = True  # type: ignore[attr-defined]
    _TyperParameter.process_value = process_value  # type: ignore[method-assign]


_skip_coercing_unset_options()
COMMAND_ORDER = (
    "screen",
    "score",
    "batch",
    "sessions",
    "explain",
    "export",
    "validate",
    "list",
    "schema",
)
"""The order of ``iop-assess --help``: what a person runs first, first."""
HELP = {"help_option_names": ["-h", "--help"]}


class _Group(TyperGroup):
    """Commands in :data:`COMMAND_ORDER` (``screen`` first), not in the order they are defined."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: n for n, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


class _Command(TyperCommand):
    """Help in plain words: arguments by their names (``FILE``, ``[PATH]...``), without
    Typer's braces and type names (``{FILE}``, ``<str>``, ``<list[Path]>``); and a wrong option
    value said plainly (:func:`plain_param_message`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as exc:
            exc.message = plain_param_message(exc.message)
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = _arg_name(param)
            pieces.append(name if param.required else f"[{name}]")
            if param.nargs != 1:
                pieces[-1] += "..."
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                name = _arg_name(param) + ("..." if param.nargs != 1 else "")
                args.append((name, record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _arg_name(param: Any) -> str:
    return str(param.metavar or (param.name or "").upper())


_PLAIN_PARAM_WORDS = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Input should be a valid integer.*$"), "a whole number is needed"),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"it must be \1 or more"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"it must be \1 or less"),
)
"""Typer checks option values with pydantic; its words, made plain (no "Value error, ")."""


def plain_param_message(message: str) -> str:
    """A parameter error in plain words: ``Value error, 'xml' is not one of …`` → ``'xml' is
    not one of …``."""
    for pattern, words in _PLAIN_PARAM_WORDS:
        message = pattern.sub(words, message)
    return message


def _examples(*lines: str) -> str:
    """A help epilog: two or three example commands, shown as typed (``\b`` keeps them from
    being rewrapped)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


app = typer.Typer(
    name="iop-assess",
    help=(
        "A private self-assessment that suggests which level of substance-use care may fit. "
        "It is a screening aid, not a diagnosis. In danger now? Call 911, or call or text 988."
    ),
    epilog=_examples(
        "iop-assess screen                 # answer the questions",
        "iop-assess screen --resume        # go on where you stopped",
        "iop-assess score answers.yaml     # score a file of answers",
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
    cls=_Group,
    context_settings=HELP,
)

QuestionsOption = Annotated[
    Path | None,
    typer.Option(
        "--questions",
        metavar="FOLDER",
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


def _say(console: _Stderr | Console, text: str) -> None:
    """Print a message on ``console`` (standard error): control characters removed, and a
    standard error that is closed or gone (the terminal hung up) never raises."""
    with suppress(OSError, ValueError):
        console.print(clean(text, lines=True), markup=False, emoji=False, highlight=False)


def _silence_output() -> None:
    """After a reader went away (``iop-assess … | head``): point standard output and error at
    /dev/null, so nothing more fails on the way out (the standard Python way, see the
    ``signal`` module's notes on SIGPIPE)."""
    with suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with suppress(AttributeError, OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)


@contextmanager
def _writing_stdout() -> Iterator[None]:
    """Output to standard output: closed, or failing (disk full), is one line and exit 1."""
    if sys.stdout is None:
        raise WriteError("standard output is closed, so nothing could be shown")
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise WriteError(f"could not write to standard output: {reason(exc)}") from None


def _echo(text: str = "", *, nl: bool = True) -> None:
    with _writing_stdout():
        typer.echo(text, nl=nl)


def _stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


@contextmanager
def reported() -> Iterator[None]:
    """Turn the program's own errors into a message on stderr and the contract's exit code;
    a reader that went away ends quietly, and any other file-system error is a message too,
    never a traceback."""
    try:
        yield
    except IopAssessError as exc:
        console = _err_console()
        # Questionnaire problems start each line with file:line:col, so editors can jump to them.
        prefix = "" if isinstance(exc, QuestionnaireError) else "Error: "
        _say(console, f"{prefix}{exc.message}")
        if exc.hint:
            _say(console, exc.hint)
        raise typer.Exit(int(exc.exit_code)) from None
    except BrokenPipeError:
        _silence_output()
        raise typer.Exit(int(ExitCode.WRITE_FAILED)) from None
    except KeyboardInterrupt:
        _say(_err_console(), "Stopped.")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except OSError as exc:  # a file-system problem no check above foresaw: still a message
        where = f"{exc.filename}: " if exc.filename else ""
        _say(_err_console(), f"Error: {where}{reason(exc)}.")
        raise typer.Exit(int(ExitCode.INPUT_INVALID)) from None


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


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess validate                     # the bundled questionnaires",
        "iop-assess validate questions/mine.yaml",
        "iop-assess validate my-questions/       # every .yaml file in a folder",
    ),
)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Questionnaire files or folders (default: the bundled ones).",
            show_default=False,
        ),
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
            try:
                is_folder = stat.S_ISDIR(path.stat().st_mode)
            except FileNotFoundError:
                raise UsageError(f"no such file or folder: {path}") from None
            except OSError as exc:
                raise UsageError(f"cannot open {path}: {reason(exc)}") from None
            if is_folder:
                found = questionnaire_paths(path)
                if not found:
                    raise UsageError(f"no questionnaire files (*.yaml) in {path}")
                targets.extend((p, str(p)) for p in found)
            else:  # a device or pipe is refused when read, as file:1:1 (exit 3)
                targets.append((path, str(path)))
        loaded = load_files(targets)
        items = sum(len(lf.questionnaire.items()) for lf in loaded)
        _echo(f"OK: {len(loaded)} questionnaire files, {items} items, no problems found.")


_TRANSLATION_WORDS = {
    "official": "official wording",
    "official-unverified": "official, unverified wording",
    "project": "our own translation",
    "missing": "not available; the questions are shown in English",
}
"""What ``list`` says about a language's :class:`~iop_assess.model.Translation` status."""


@app.command(
    "list",
    cls=_Command,
    epilog=_examples("iop-assess list", "iop-assess list --questions my-questions/"),
)
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
            lines += [
                f"  {lang + ':':<9}{_TRANSLATION_WORDS[record.status]}"
                for lang, record in q.translations.items()
            ]
            lines.append("")
        _echo("\n".join(lines).rstrip())


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess schema > schema.json",
        "iop-assess schema | python -m json.tool | less",
    ),
)
def schema() -> None:
    """Print the JSON Schema of the questionnaire format (for editors' YAML support)."""
    from iop_assess.model import json_schema

    with reported():
        _echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


class AnsweredBy(StrEnum):
    """``--answered-by`` (see :data:`iop_assess.assessment.ANSWERED_BY`)."""

    self = "self"
    counselor_read = "counselor_read"
    counselor_entered = "counselor_entered"


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="text|md|html|json|csv|fhir|summary",
        help="Report format: text, md, html, json, csv, fhir or summary "
        "(default: from the file name, else text).",
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Replace an output file that already exists."),
]
AnsweredByOption = Annotated[
    AnsweredBy | None,
    typer.Option(
        "--answered-by",
        metavar="self|counselor_read|counselor_entered",
        help="Who answered: self, counselor_read (a counselor read the questions) or "
        "counselor_entered (a counselor typed in answers given elsewhere).",
        show_default=False,
    ),
]


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess score answers.yaml",
        "iop-assess score answers.yaml --format html --out report.html",
        "cat answers.json | iop-assess score - --format json",
    ),
)
def score(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="The answers file (.yaml, .yml or .json), or - to read it from standard input.",
            show_default=False,
        ),
    ],
    fmt: FormatOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write the report to this file (readable only by you) instead of the screen.",
        ),
    ] = None,
    force: ForceOption = False,
    answered_by: AnsweredByOption = None,
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

    from iop_assess.answers import STDIN, read_answers
    from iop_assess.assessment import assess_set
    from iop_assess.bank import load_bank
    from iop_assess.deliver import destination, write
    from iop_assess.report import render

    with reported():
        bank = load_bank(questions)
        # before anything is read: a bad target wastes no one's time
        inputs = [] if file == STDIN else [Path(file)]
        where = destination(out, fmt, inputs=inputs, force=force)
        if out is None and sys.stdout is None:
            raise WriteError(
                "standard output is closed, so the result could not be shown "
                "(--out FILE writes it to a file)"
            )
        given = read_answers(bank, file)
        assessment = assess_set(bank, given, answered_by=answered_by.value if answered_by else None)
        err = _err_console()
        for warning in given.warnings:
            _say(err, f"Warning: {warning}")
        if where.target is not None:
            written = write(where, assessment, plain=plain)
            _say(err, f"Report written to {written.path} ({where.format.value})")
        elif where.format is Format.text and not plain and _stdout_is_terminal():
            from rich.console import Console

            from iop_assess.report.text import print_report

            with _writing_stdout():
                print_report(assessment, Console(highlight=False, emoji=False))
        else:
            width = (
                shutil.get_terminal_size().columns
                if where.format is Format.text and _stdout_is_terminal()
                else None
            )
            _echo(render(assessment, where.format, width=width, plain=plain), nl=False)


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


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess batch screens.csv --out results.csv",
        "iop-assess batch screens.jsonl --out results.jsonl --jobs 2",
        "iop-assess batch screens.csv --out - | head",
    ),
)
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
            metavar="FILE",
            help="Where to write the results: .csv or .jsonl (readable only by you), or - for "
            "CSV on standard output.",
            show_default=False,
        ),
    ],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Worker processes to score with, 1 or more (default 1).",
            show_default=False,
        ),
    ] = 1,
    force: ForceOption = False,
    questions: QuestionsOption = None,
) -> None:
    """Score many answer sets at once: one result row per input row, in the same order.

    A row that cannot be scored keeps its place with its error column filled, and the batch goes
    on. Exit code 0 when every row was scored, 1 when any row had an error, 4 when the input
    cannot be read at all. The output appears only once every row is done.
    """
    from iop_assess.bank import load_bank
    from iop_assess.batch import Summary, header, open_sink, open_source, run
    from iop_assess.batch.sinks import FORMATS
    from iop_assess.output import check_target, open_target

    with reported():
        if jobs < 1:
            raise UsageError(f"--jobs must be 1 or more, not {jobs}")
        path = None if out == "-" else Path(out)
        if path is not None and path.suffix.lower() not in FORMATS:
            raise UsageError(
                f"cannot tell the output type from '{path.suffix or path.name}'; "
                "use a .csv or .jsonl file, or - for standard output"
            )
        if path is not None and path.resolve() == input_file.resolve():
            raise UsageError("--out names the input file; choose another file for the results")
        target = None
        if path is not None:
            target = check_target(
                path, inputs=[input_file], replace_existing=force, what="the output"
            )
        bank = load_bank(questions)
        summary = Summary()
        columns = header(bank)
        try:
            with (
                open_source(bank, input_file) as source,
                _progress_bar(source.size) as bar,
                nullcontext(sys.stdout) if target is None else open_target(target) as stream,
            ):

                def tick(rows: int) -> None:
                    if bar is not None and rows % 25 == 0:
                        bar(rows, source.done())

                suffix = ".csv" if path is None else path.suffix.lower()
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
            left = "" if path is None else f"; {path} was not written"
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


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess export > questionnaires.json",
        "iop-assess export phq9 --out phq9.json",
    ),
)
def export(
    questionnaire_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="One questionnaire's id (see iop-assess list); default: all of them.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="fhir",
            help="fhir: FHIR R4 Questionnaire resources (JSON).",
        ),
    ] = ExportFormat.fhir,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="Write to this file (readable only by you)."
        ),
    ] = None,
    force: ForceOption = False,
    questions: QuestionsOption = None,
) -> None:
    """Export the questionnaires for other systems: one FHIR R4 Questionnaire each.

    With an ID, that questionnaire's Questionnaire resource; without, a Bundle of all of them.
    Needs the optional FHIR support (pip install 'iop-assess[fhir]').
    """
    from iop_assess.bank import load_bank
    from iop_assess.errors import OutputError
    from iop_assess.fhir.questionnaire import questionnaires
    from iop_assess.fhir.validate import problems
    from iop_assess.output import check_target, write_target

    with reported():
        target = None
        if out is not None:
            target = check_target(out, replace_existing=force, what="the export")
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
        if target is None:
            typer.echo(text, nl=False)
        else:
            write_target(target, text)
            _err_console().print(f"Written to {out}", markup=False, emoji=False, highlight=False)


class ExplainFormat(StrEnum):
    text = "text"
    md = "md"


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess explain | less",
        "iop-assess explain --format md > explained.md",
    ),
)
def explain(
    fmt: Annotated[
        ExplainFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="text|md",
            help="text (for the terminal) or md (Markdown).",
        ),
    ] = ExplainFormat.text,
) -> None:
    """Show every rule: what it sets, when it fires, what the person reads, and its source."""
    from iop_assess.rules import catalogue

    with reported():
        if fmt is ExplainFormat.md:
            _echo(catalogue.markdown(), nl=False)
            return
        _echo(catalogue.text(shutil.get_terminal_size().columns))


# -- sessions ------------------------------------------------------------------------------------

sessions_app = typer.Typer(
    help="Saved sessions: list, show, delete or purge them.",
    epilog=_examples(
        "iop-assess sessions list",
        "iop-assess sessions show 3fa2b1c9",
        "iop-assess sessions delete 3fa2b1c9",
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=_Group,
    context_settings=HELP,
)
app.add_typer(sessions_app, name="sessions")

SessionRef = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The session id (or its first few letters), or a session file.",
        show_default=False,
    ),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]


def _plain(text: str) -> str:
    """One line of text from a file, safe to print to a terminal (no control characters)."""
    return clean(text)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _confirm(question: str) -> bool:
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:  # input closed: treat as "no"
        _echo()
        return False


@sessions_app.command(
    "list",
    cls=_Command,
    epilog=_examples("iop-assess sessions list", "iop-assess sessions list | less"),
)
def sessions_list() -> None:
    """Show the saved sessions, newest first: id, status, answers, client and versions."""
    from iop_assess.session import Session, SessionStore

    with reported():
        store = SessionStore()
        entries = store.list()
        if not entries:
            _echo(f"No saved sessions. (They would be kept in {store.root}.)")
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
                lines.append(f"  questionnaires: {_plain(versions) or 'none'}")
            else:
                kind = "not a session file" if entry.reason == "foreign" else "cannot be opened"
                lines.append(f"{entry.id}  {kind}  modified {_when(entry.modified)}")
                lines.append(f"  {_plain(entry.message)}")
            lines.append("")
        lines.append(f"See one with `{command('sessions', 'show', 'ID')}`.")
        _echo(clean("\n".join(lines), lines=True))


@sessions_app.command(
    "show",
    cls=_Command,
    epilog=_examples(
        "iop-assess sessions show 3fa2b1c9", "iop-assess sessions show ./my-session.json"
    ),
)
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
            f"  questionnaires: {_plain(versions) or 'none'}",
            f"  next question:  {_plain(session.position or '-')}",
            f"  file:           {session.path}",
            "",
            f"Answers ({session.answered}):",
        ]
        width = max((len(_plain(item_id)) for item_id in session.answers), default=0)
        for item_id, value in session.answers.items():
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            lines.append(f"  {_plain(item_id) + ':':<{width + 1}} {_plain(shown)}")
        if not session.answers:
            lines.append("  (none yet)")
        if session.notes:
            lines += ["", "Notes:"]
            lines += [
                f"  {_plain(section)}: {_plain(text)}" for section, text in session.notes.items()
            ]
        _echo(clean("\n".join(lines), lines=True))


@sessions_app.command(
    "delete",
    cls=_Command,
    epilog=_examples("iop-assess sessions delete 3fa2b1c9", "iop-assess sessions delete 3fa --yes"),
)
def sessions_delete(ref: SessionRef, yes: YesOption = False) -> None:
    """Delete one saved session (asks first unless --yes).

    Only session files in the sessions folder are deleted; any other file is refused (exit 4).
    """
    from iop_assess.session import Session, SessionStore

    with reported():
        store = SessionStore()
        found = store.deletable(ref)
        if isinstance(found, Session):
            what = f"session {found.id} ({found.answered} answered)"
        else:
            what = f"the damaged session file {found.path}"
        if not yes and not _confirm(f"Delete {what}? This cannot be undone."):
            _echo("Nothing was deleted.")
            return
        store.delete(found.path if found.path is not None else ref)
        _echo(f"Deleted {what}.")


@sessions_app.command(
    "purge",
    cls=_Command,
    epilog=_examples("iop-assess sessions purge", "iop-assess sessions purge --yes"),
)
def sessions_purge(yes: YesOption = False) -> None:
    """Delete every saved session (asks first unless --yes).

    Files in the sessions folder that are not sessions are kept, and so are sessions open in
    another window.
    """
    from iop_assess.session import SessionStore

    with reported():
        store = SessionStore()
        count = 0
        for path in store.files():
            try:
                store.deletable(path)
            except IopAssessError:
                continue
            count += 1
        if not count:
            store.purge()  # still clear what interrupted saves left behind
            _echo("No saved sessions." + _busy_note(store.busy()))
            return
        noun = "session" if count == 1 else "sessions"
        question = f"Delete all {count} saved {noun} in {store.root}? This cannot be undone."
        if not yes and not _confirm(question):
            _echo("Nothing was deleted.")
            return
        deleted = store.purge()
        busy = store.busy()
        noun = "session" if deleted == 1 else "sessions"
        _echo(f"Deleted {deleted} saved {noun}." + _busy_note(busy))


def _busy_note(busy: tuple[Path, ...]) -> str:
    if not busy:
        return ""
    names = ", ".join(p.stem for p in busy)
    return f" Kept {names}, open in another window."


def _plain_wanted(flag: bool) -> bool:
    """``--plain``, or ``NO_COLOR`` set (https://no-color.org), or ``TERM=dumb``."""
    return flag or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


@app.command(
    cls=_Command,
    epilog=_examples(
        "iop-assess screen",
        "iop-assess screen --resume",
        "iop-assess screen --counselor --client A-17 --report a17.md",
    ),
)
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
        Path | None,
        typer.Option(
            "--session", metavar="FILE", help="The session file to save to (or to continue)."
        ),
    ] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not save answers on this computer.")
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Ask every question of each questionnaire, not the short screen (AUDIT-C, "
            "PHQ-2 and GAD-2 first, the rest only above their cut-offs).",
        ),
    ] = False,
    counselor: Annotated[
        bool,
        typer.Option(
            "--counselor", help="Counselor mode: item ids, running totals, notes, answers file."
        ),
    ] = False,
    client: Annotated[
        str | None,
        typer.Option(
            "--client",
            metavar="LABEL",
            help="A label for the client, like a case number (not a name).",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", metavar="FILE", help="Write the report to this file without asking."
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            metavar="text|md|html|json|csv|fhir|summary",
            help="Report format (default: from the file name, else text).",
        ),
    ] = None,
    answers_out: Annotated[
        Path | None,
        typer.Option(
            "--answers-out",
            metavar="FILE",
            help="Counselor mode: where to write the answers file.",
        ),
    ] = None,
    force: ForceOption = False,
    answered_by: AnsweredByOption = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Plain linear text: no boxes or colour (also NO_COLOR)."),
    ] = False,
    questions: QuestionsOption = None,
) -> None:
    """Answer the questions here, one at a time; see which level of care may fit.

    Answers are saved after each one (unless --no-save). Stop any time with q or Ctrl-C and
    continue later with --resume. The short screen asks the AUDIT-C, PHQ-2 and GAD-2 first and
    the rest of each only above its cut-off; --full asks every question.
    """
    from iop_assess.bank import load_bank
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
            force=force,
            answered_by=answered_by.value if answered_by else None,
            full=full,
        )
        first = Screen(bank, options)
        run: Screen | None = first
        try:
            if first.finished:
                run = _show_finished(first, plain, err)
            if run is not None:
                _run_screen(run, plain, err)
        finally:
            first.close()
            if run is not None and run is not first:
                run.close()


class _Stop(BaseException):
    """A request to end (SIGTERM) or a hang-up (SIGHUP): stop like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """While the interview runs, SIGTERM and SIGHUP raise :class:`_Stop` (the previous handlers
    come back afterwards, so a second signal while stopping ends the program at once)."""

    def stop(signum: int, _frame: object) -> None:
        raise _Stop(signum)

    previous: dict[int, Any] = {}
    for sig in _STOP_SIGNALS:
        with suppress(ValueError, OSError):  # not the main thread: leave the defaults
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _prompter(plain: bool) -> tuple[Prompter, RichPrompter | None]:
    """The rich prompter at a terminal; otherwise one that reads answers line by line."""
    from iop_assess.interview import ScriptedPrompter
    from iop_assess.interview.rich_prompter import make_console

    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        from iop_assess.interview.rich_prompter import RichPrompter

        # questions on the terminal; when stdout is redirected, only the result goes there
        console = make_console(plain=plain, stderr=not _stdout_is_terminal())
        rich_prompter = RichPrompter(console, plain=plain)
        return rich_prompter, rich_prompter
    # Piped answers, one per line; the questions go to stderr, the answers are not written
    # back (stderr may be a log). Input closed from the start (``<&-``) stops at the first
    # question, like an empty file.
    columns = shutil.get_terminal_size((80, 24)).columns
    lines = stdin if stdin is not None else []
    return ScriptedPrompter(lines, out=sys.stderr, width=columns, echo=False), None


def _show_result(assessment: Assessment, rich_prompter: RichPrompter | None, plain: bool) -> None:
    if rich_prompter is not None and not plain and _stdout_is_terminal():
        from iop_assess.report.text import print_report

        with _writing_stdout():
            print_report(assessment, rich_prompter.console)
    else:
        from iop_assess.report import render

        width = rich_prompter.console.width if rich_prompter is not None else None
        _echo(render(assessment, Format.text, width=width, plain=plain), nl=False)


def _stopped(run: Screen, err: Console) -> None:
    """What a person reads on stopping: where the answers are and how to go on; after a safety
    answer, 911 and 988 are the last lines on the screen."""
    _say(err, f"\nStopped. {run.resume_hint()}")
    _crisis_last(run, err)


def _crisis_last(run: Screen, err: Console) -> None:
    """After a safety answer, 911 and 988 are the last lines on the screen, however the
    screen ends (stopped, a result seen early, or every question answered)."""
    lines = run.crisis_lines()
    if lines:
        _say(err, "\n" + "\n".join(lines))


def _show_finished(run: Screen, plain: bool, err: Console) -> Screen | None:
    """A finished session was opened: show its result again and offer a new session (the new
    session's screen, or ``None``)."""
    prompter, rich_prompter = _prompter(plain)
    assessment = run.score(run.past_outcome())
    _say(err, f"Session {run.session.id} is finished. Here is its result again.")
    _show_result(assessment, rich_prompter, plain)
    try:
        answer = prompter.line("Start a new session now? (y/N): ").strip().lower()
    except (EOFError, KeyboardInterrupt):
        answer = ""
    if answer not in ("y", "yes"):
        _say(err, "Nothing was changed. To start a new session: " + command("screen"))
        return None
    return run.new_session()


def _run_screen(run: Screen, plain: bool, err: Console) -> None:
    from iop_assess.interview import QuitRequested

    prompter, rich_prompter = _prompter(plain)
    interviewing = True
    try:
        with _stop_on_signals():
            try:
                outcome = run.interview(prompter)
            except IopAssessError as exc:
                exc.hint = "\n".join(h for h in (exc.hint, run.resume_hint()) if h)
                raise
            interviewing = False
            assessment = run.score(outcome)
            _show_result(assessment, rich_prompter, plain)
            for line in run.outputs(prompter, outcome, assessment):
                _say(err, line)
            if assessment.counselor:
                from iop_assess.report import render

                summary = render(assessment, Format.summary)
                _echo(f"\nSummary for the clinical note:\n{summary}", nl=False)
            hint = run.finish_hint()
            if hint:
                _say(err, hint)
            _crisis_last(run, err)
    except QuitRequested:
        _stopped(run, err)
        raise typer.Exit(int(ExitCode.OK)) from None
    except (KeyboardInterrupt, EOFError, _Stop) as exc:
        run.finish_interrupted()  # a save the interrupt cut short is done again
        code = ExitCode.INTERRUPTED
        if isinstance(exc, _Stop):
            code = ExitCode.HANGUP if exc.signum == _SIGHUP else ExitCode.TERMINATED
        _stopped(run, err)
        raise typer.Exit(int(code)) from None
    except (IopAssessError, BrokenPipeError):
        raise
    except Exception as exc:
        if not interviewing:
            raise
        _say(err, f"Error: something went wrong ({type(exc).__name__}). {run.resume_hint()}")
        raise typer.Exit(1) from None


_SIGHUP = getattr(signal, "SIGHUP", -1)


def _hold_closed_descriptors() -> None:
    """When the program starts with standard input, output or error closed (``<&-``, ``>&-``),
    Python sets ``sys.stdin`` (…) to ``None``; the commands then say so. The descriptor number
    itself is given /dev/null, so no file the program opens later (a session, its lock) can
    take number 0, 1 or 2 and be written to by mistake."""
    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            with suppress(OSError):
                opened = os.open(os.devnull, mode)
                if opened != fd:  # pragma: no cover - a lower descriptor was closed too
                    os.dup2(opened, fd)
                    os.close(opened)


def main() -> None:
    """Console-script entry point."""
    _hold_closed_descriptors()
    app(prog_name="iop-assess")


if __name__ == "__main__":  # pragma: no cover
    main()
