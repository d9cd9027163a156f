"""Command line: parse options, wire read → outputs. No reading or checking logic here."""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .findings import SEVERITY_RANK
from .outputs import FINDING_FORMATS


def argv_lang(argv: list[str]) -> str:
    """The language a command line asks for (`--lang en`, `--lang=en`), before click has
    parsed it: its own usage errors are shown in that language too."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "id"
        if a.startswith("--lang="):
            return "en" if a[7:] == "en" else "id"
    return "id"


def usage_text(e: click.UsageError, lang: str) -> str:
    """A click usage error in the catalog's words: what was wrong, and where to read more."""
    from .outputs.lang import say
    name = getattr(getattr(e, "param", None), "opts", None)
    name = (name or [getattr(getattr(e, "param", None), "human_readable_name", "")])[0] if name else \
        getattr(getattr(e, "param", None), "human_readable_name", "")
    if isinstance(e, click.NoSuchOption):
        hint = say("cli.did_you_mean", lang, options=", ".join(sorted(e.possibilities))) if e.possibilities else ""
        return say("cli.no_such_option", lang, option=e.option_name, hint=hint)
    if isinstance(e, click.MissingParameter):
        if isinstance(e.param, click.Argument) or e.param_type == "argument":
            return say("cli.missing_argument", lang, name=(e.param.human_readable_name if e.param else "").upper())
        return say("cli.missing_option", lang, name=name)
    if isinstance(e, click.BadParameter):
        import re
        m = re.match(r"'(.*)' is not one of (.*)\.$", e.message or "")
        if m:
            return say("cli.bad_choice", lang, name=name, value=m.group(1), choices=m.group(2))
        m = re.match(r"(?:File|Path|Directory) '(.*)' does not exist\.$", e.message or "")
        if m:
            return say("cli.path_missing", lang, name=name, path=m.group(1))
        return say("cli.bad_value", lang, name=name, detail=e.message)
    if isinstance(e, click.BadOptionUsage) and "requires an argument" in (e.message or ""):
        return say("cli.needs_value", lang, option=e.option_name)
    import re
    m = re.match(r"No such command '(.*)'\.$", e.message or "")
    if m:
        return say("cli.no_such_command", lang, command=m.group(1))
    return e.message or str(e)


class LintGroup(click.Group):
    """The command group, whose usage errors — click's and ours — speak the chosen language."""

    def main(self, args=None, prog_name=None, **kw):
        argv = list(sys.argv[1:] if args is None else args)
        lang = argv_lang(argv)
        try:
            rv = super().main(args=argv, prog_name=prog_name or "lakip-lint", standalone_mode=False, **kw)
        except click.UsageError as e:
            from .outputs.lang import say
            if e.ctx is not None:
                click.echo(say("cli.usage", lang, usage=e.ctx.get_usage().split(":", 1)[-1].strip()), err=True)
                click.echo(say("cli.try_help", lang, command=e.ctx.command_path), err=True)
            click.echo("", err=True)
            click.echo(say("cli.error", lang, message=usage_text(e, lang)), err=True)
            sys.exit(2)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        sys.exit(rv if isinstance(rv, int) else 0)


def usage(key: str, lang: str, **params) -> click.UsageError:
    """One of our own usage errors, in the catalog's words (`cli.<key>`)."""
    from .outputs.lang import say
    return click.UsageError(say(f"cli.{key}", lang, **params))


@click.group(cls=LintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lakip-lint")
def main() -> None:
    """lakip-lint: periksa konsistensi angka laporan kinerja (LAKIP) dalam lembar kerja."""


@main.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--no-values", is_flag=True, help="Tables and rows only, without every value.")
@click.option("--verbose", "-v", is_flag=True, help="Print the traceback of an internal error to standard error.")
def extract(workbooks, fmt, lang, no_values, verbose):
    """Show what the linter understood: tables, kinds, rows, values with their cells.

    Exit 0 when every workbook was read without warnings, 1 otherwise.
    """
    from .check import read_isolated
    reports = []
    for p in workbooks:
        report, trace = read_isolated(p)
        reports.append(report)
        if trace and verbose:
            click.echo(f"{p}:\n{trace}", err=True)
    if fmt == "json":
        from .outputs.report_json import render
        click.echo(render(reports, lang))
    else:
        from .outputs.report_text import render
        click.echo(render(reports, lang, values=not no_values))
    worst = max((SEVERITY_RANK[n.severity] for r in reports for n in r.notices), default=0)
    sys.exit(1 if worst >= SEVERITY_RANK["warning"] else 0)


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out += [x.strip() for x in str(v).split(",") if x.strip()]
    return out


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(FINDING_FORMATS)), default=None,
              help="Output format (default text).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--annotate", "annotate", type=click.Path(dir_okay=False), default=None,
              help="Write an annotated COPY of the (single) workbook: offending cells coloured and commented, a Temuan sheet.")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, help="Message language (default id).")
@click.option("--select", multiple=True, help="Only these rules/notices: ids, names or id prefixes (LKP2).")
@click.option("--ignore", multiple=True, help="Skip these rules/notices: ids, names or id prefixes.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when a finding at or above this severity exists (default warning).")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Extra folder of rule files (YAML) to load with the built-in ones.")
@click.option("--statistics", is_flag=True, help="Per rule: checks that ran, passed, failed, could not run.")
@click.option("--quiet", "-q", is_flag=True, help="Findings only, no summary or related cells.")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
              help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), default=None,
              help="Write the current findings as a baseline file.")
@click.option("--prune-baseline", is_flag=True, help="With --baseline: drop entries that no longer occur.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True),
              help="A lakip-lint.toml or pyproject.toml to use instead of searching upwards.")
@click.option("--verbose", "-v", is_flag=True, help="Print the traceback of an internal error (LKP010) to standard error.")
@click.option("--engine", type=click.Choice(["native", "gx"]), default=None,
              help="Evaluate the expectation rules natively (default) or through Great Expectations.")
def check(paths, fmt, output, annotate, lang, select, ignore, fail_on, rule_dirs, statistics, quiet,
          baseline, write_baseline, prune_baseline, config_path, verbose, engine):
    """Check workbooks (files or folders): every rule on every table, findings with cells.

    Exit 0: nothing at or above --fail-on; 1: findings (an unreadable workbook is one);
    2: usage, configuration or rule-file error.
    """
    from pathlib import Path

    from .check import SelectorError, check_paths, missing_paths
    from .config import ConfigError, _read, find_config
    from .rules import RuleFileError
    from . import suppress
    from .outputs.lang import say
    from .rules import gx
    try:
        if config_path:
            p = Path(config_path)
            config = _read(p, own_file=p.name != "pyproject.toml") or {}
        else:
            config, config_path = find_config()
        suppressions = suppress.load(config, config_path)
        base = suppress.read_baseline(baseline) if baseline and os.path.exists(baseline) else None
    except (ConfigError, suppress.SuppressionError) as e:
        raise click.UsageError(str(e))
    lang = lang or config.get("lang", "id")
    ui = lang if lang in ("id", "en") else "id"
    engine = engine or config.get("engine", "native")
    if engine == "gx" and not gx.available():
        raise usage("gx_missing", ui)
    gx.use_engine(engine)
    if baseline and base is None and not write_baseline:
        raise usage("baseline_missing", ui, path=baseline)
    if prune_baseline and not baseline:
        raise usage("prune_needs_baseline", ui)
    fmt = fmt or config.get("format", "text")
    fail_on = fail_on or config.get("fail-on", "warning")
    if fail_on not in SEVERITY_RANK or lang not in ("id", "en") or fmt not in FINDING_FORMATS:
        raise usage("config_values", ui)
    select = _split(select) or _split(config.get("select", []))
    ignore = _split(ignore) + _split(config.get("ignore", []))
    missing = missing_paths(list(paths))
    if missing:
        raise usage("not_found", lang, paths=", ".join(missing))
    from .check import WORKBOOK_SUFFIXES, collect
    if not collect(list(paths)):
        raise usage("no_workbooks", lang, suffixes=", ".join(WORKBOOK_SUFFIXES), paths=", ".join(paths))
    try:
        result = check_paths(list(paths), config, select, ignore,
                             tuple(rule_dirs) + tuple(config.get("rules", [])))
    except RuleFileError as e:
        _rule_file_error(e, lang)
    except SelectorError as e:
        raise usage("unknown_selector", lang, keys=", ".join(e.keys))
    if verbose:
        for path, trace in result.tracebacks:
            click.echo(f"{path}:\n{trace}", err=True)
    from .check import apply_decisions
    seen = apply_decisions(result, suppressions, base)
    if write_baseline:
        n = suppress.write_baseline(write_baseline, result.findings)
        click.echo(say("cli.baseline_written", lang, n=n, path=write_baseline), err=True)
    if prune_baseline and seen is not None:
        n = suppress.prune_baseline(baseline, seen)
        click.echo(say("cli.baseline_pruned", lang, n=n, path=baseline), err=True)
    if annotate:
        if len(result.reports) != 1:
            raise usage("annotate_one", lang)
        from .outputs.annotate import write_annotated
        write_annotated(result.reports[0], result.findings, annotate, lang)
        if fmt == "text" and not quiet:
            click.echo(say("cli.annotated_copy", lang, path=annotate), err=True)
    colour = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if fmt == "text":
        from .outputs.findings_text import render
        text = render(result, lang, colour=colour, quiet=quiet)
        if statistics:
            from .outputs.statistics import render as stats
            text += "\n\n" + stats(result, lang)
    else:
        from .outputs import renderer
        text = renderer(fmt).render(result, lang)
    if output:
        _write_atomically(output, text)
    else:
        click.echo(text, nl=bool(text) and not text.endswith("\n"))
    sys.exit(1 if result.worst() >= SEVERITY_RANK[fail_on] else 0)


def _write_atomically(path: str, text: str) -> None:
    """Write next to the target, then rename: a reader never sees half a report."""
    from .atomic import write_atomically
    write_atomically(path, text if not text or text.endswith("\n") else text + "\n")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option("--interval", type=float, default=5.0, show_default=True, help="Seconds between scans (polling).")
@click.option("--settle", type=float, default=10.0, show_default=True,
              help="A file counts as arrived when size and mtime stayed the same this many seconds.")
@click.option("--native", is_flag=True, help="Use the operating system's file events instead of polling.")
@click.option("--once", is_flag=True, help="Scan once, check what has arrived, and exit (cron / Task Scheduler).")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), default=None,
              help="Status log (default DIRECTORY/lakip-lint.log).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
@click.option("--verbose", "-v", is_flag=True, help="Print tracebacks of internal errors to standard error.")
def watch(directory, interval, settle, native, once, log_path, lang, rule_dirs, verbose):
    """Watch a shared folder: check every workbook that arrives, write NAME.lakip.html/.json beside it."""
    from .watch import WatchOptions, run
    sys.exit(run(WatchOptions(directory=directory, interval=interval, settle=settle, native=native, once=once,
                              log_path=log_path, lang=lang, rule_dirs=tuple(rule_dirs), verbose=verbose)))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder for ringkasan.xlsx and index.html.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: number of CPUs).")
@click.option("--reference", type=click.Path(dir_okay=False, exists=True), default=None,
              help="BSKJI reference workbook (official SAKIP / financial-report values per satker).")
@click.option("--previous", type=click.Path(file_okay=False, exists=True), default=None,
              help="Folder of last year's reports, for year-over-year checks.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
@click.option("--engine", type=click.Choice(["gx", "native"]), default=None,
              help="Expectation rules through Great Expectations (once per batch; the default when "
                   "lakip-lint[gx] is installed) or natively.")
def screen(paths, out, jobs, reference, previous, lang, rule_dirs, engine):
    """BSKJI screening: check many balai reports in parallel, rank and compare them."""
    from .rules import gx
    from .screen import ScreenOptions, run
    if engine == "gx" and not gx.available():
        raise usage("gx_missing", lang)
    sys.exit(run(ScreenOptions(paths=list(paths), out=out, jobs=jobs, reference=reference, previous=previous,
                               lang=lang, rule_dirs=tuple(rule_dirs), engine=engine)))


@main.group(invoke_without_command=True)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
@click.pass_context
def rules(ctx, lang, rule_dirs):
    """List the rules (id, name, severity, kind, title)."""
    ctx.ensure_object(dict)
    ctx.obj.update(lang=lang, rule_dirs=tuple(rule_dirs))
    if ctx.invoked_subcommand is None:
        from .outputs.rules_text import listing
        click.echo(listing(_load_rules_or_exit(ctx.obj["rule_dirs"], lang), lang))


def _rule_file_error(e, lang: str):
    from .outputs.lang import say
    click.echo(say("cli.rule_file_invalid", lang, error=str(e)), err=True)
    sys.exit(2)


def _load_rules_or_exit(rule_dirs, lang: str = "id"):
    from .rules import RuleFileError, load_rules
    try:
        return load_rules(rule_dirs)
    except RuleFileError as e:
        _rule_file_error(e, lang)


@rules.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None)
@click.pass_context
def explain(ctx, rule, lang):
    """What a rule checks, why it matters, an example and the fix."""
    from .outputs.rules_text import explain as render, find
    lang = lang or ctx.obj.get("lang", "id")
    found = find(_load_rules_or_exit(ctx.obj.get("rule_dirs", ()), lang), rule)
    if found is None:
        raise usage("unknown_rule", lang, rule=rule)
    click.echo(render(found, lang), nl=False)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def template(out, lang):
    """Write a blank workbook with every table's headers and the Ikhtisar sheet."""
    from .template import write_template
    write_template(out, lang)
    click.echo(out)


if __name__ == "__main__":
    main()
