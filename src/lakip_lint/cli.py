"""Command line: parse options, wire read → outputs. No reading or checking logic here."""
from __future__ import annotations

import sys

import click

from . import __version__
from .findings import SEVERITY_RANK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lakip-lint")
def main() -> None:
    """lakip-lint: periksa konsistensi angka laporan kinerja (LAKIP) dalam lembar kerja."""


@main.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--no-values", is_flag=True, help="Tables and rows only, without every value.")
def extract(workbooks, fmt, lang, no_values):
    """Show what the linter understood: tables, kinds, rows, values with their cells.

    Exit 0 when every workbook was read without warnings, 1 otherwise.
    """
    from .read import read_report
    reports = [read_report(p) for p in workbooks]
    if fmt == "json":
        from .outputs.report_json import render
        click.echo(render(reports, lang))
    else:
        from .outputs.report_text import render
        click.echo(render(reports, lang, values=not no_values))
    worst = max((SEVERITY_RANK[n.severity] for r in reports for n in r.notices), default=0)
    sys.exit(1 if worst >= SEVERITY_RANK["warning"] else 0)


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
