"""One message catalog per language (issue 16): both catalogs hold the same keys with the same
placeholders, every key the code names exists, every rule's message has both languages, and
no rendered message of the samples leaves a placeholder unfilled."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from conftest import ROOT
from lakip_lint.check import check_one
from lakip_lint.findings import Finding, Number, phrase
from lakip_lint.messages import NOTICES
from lakip_lint.outputs.lang import catalog, message, say, tolerance, value
from lakip_lint.rules import load_rules

SRC = ROOT / "src" / "lakip_lint"


def placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_both_catalogs_hold_the_same_keys_with_the_same_placeholders():
    ind, eng = catalog("id"), catalog("en")
    assert len(ind) > 150
    assert sorted(set(ind) ^ set(eng)) == []
    differ = [(k, placeholders(ind[k]), placeholders(eng[k])) for k in ind if placeholders(ind[k]) != placeholders(eng[k])]
    assert differ == []
    assert [k for k in ind if not ind[k].strip() or not eng[k].strip()] == []


def test_every_rule_message_and_title_has_both_languages_with_the_same_placeholders():
    rules = load_rules()
    bad = []
    for r in rules:
        for field_ in ("message", "title"):
            d = getattr(r, field_)
            if not d.get("id") or not d.get("en"):
                bad.append((r.id, field_, "missing language"))
            elif placeholders(d["id"]) != placeholders(d["en"]):
                bad.append((r.id, field_, placeholders(d["id"]) ^ placeholders(d["en"])))
    assert bad == []


def _keys_named_in_code() -> set[str]:
    keys = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\b(?:phrase|say|plural)\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""", text))
        keys |= set(re.findall(r"""["'](reason\.[a-z_]+)["']""", text))
    return keys


def test_every_key_the_code_names_is_in_the_catalog():
    keys = _keys_named_in_code()
    assert len(keys) > 60
    missing = sorted(k for k in keys if k not in catalog("id") and not any(c.startswith(k + ".") for c in catalog("id")))
    assert missing == []
    assert sorted(f"notice.{k}" for k in NOTICES if f"notice.{k}" not in catalog("id")) == []


def test_the_catalog_test_sees_a_missing_key(tmp_path, monkeypatch):
    """The check above fails when the code names a key the catalog lacks."""
    fake = tmp_path / "src" / "lakip_lint"
    fake.mkdir(parents=True)
    (fake / "x.py").write_text('phrase("reason.nobody_wrote_this")\n', encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "SRC", fake)
    with pytest.raises(AssertionError):
        test_every_key_the_code_names_is_in_the_catalog()


@pytest.mark.parametrize("name", ["bspji-pekanbaru-2023.xlsx", "bspji-pekanbaru-2023-rapi.xlsx"])
def test_no_placeholder_is_left_unfilled_in_either_language(name):
    _, found, _, _ = check_one(str(ROOT / "samples" / name), load_rules(), {}, {})
    assert found
    left = [(f.code, lang, message(f, lang)) for f in found for lang in ("id", "en")
            if re.search(r"\{[a-z_]+\}", message(f, lang))]
    assert left == []


def test_a_scaled_figure_is_quoted_as_written_with_its_reading():
    n = Number(__import__("decimal").Decimal("738960000"), 2, None, scale=1_000_000,
               shown=__import__("decimal").Decimal("738.96"))
    assert value(n, "id") == "738,96 (juta) = 738.960.000"
    assert value(n, "en") == "738.96 (million) = 738,960,000"


def test_tolerance_is_in_the_stated_figures_own_unit():
    f = Finding(code="LKP321", severity="error", key="literal", file="x.xlsx", tolerance="5000", scale=1000)
    assert tolerance(f, "id") == "±5 (ribu)"
    p = Finding(code="LKP241", severity="error", key="literal", file="x.xlsx", tolerance="0.5", unit="persen")
    assert tolerance(p, "en") == "±0.50 percentage points"


def test_phrases_nest_and_counts_agree_with_their_number():
    assert say("rule.not_run", "en", title="X", reason=phrase("reason.columns_missing", columns="'a'", table="Tabel 1")) \
        == "Could not be checked (X): column 'a' is missing from Tabel 1."
    from lakip_lint.outputs.lang import count
    assert (count("finding", 1, "en"), count("finding", 2, "en"), count("finding", 2, "id")) == \
        ("1 finding", "2 findings", "2 temuan")


def test_catalog_files_are_the_only_place_with_language_dicts_in_rules_and_read():
    """No `{"id": …, "en": …}` pairs of words in the modules that read or check: their words
    are catalog phrases, applied in outputs/."""
    # the generic kind's title is table-catalog data, written like the kinds of catalog/tables.yaml
    allowed = {("read/generic.py", 'TITLE = {"id": "Tabel", "en": "Table"}')}
    offenders = []
    for sub in ("rules", "read"):
        for path in (SRC / sub).rglob("*.py"):
            rel = str(path.relative_to(SRC))
            for line in path.read_text(encoding="utf-8").splitlines():
                code = line.split("#", 1)[0]
                if re.search(r"""\{\s*["']id["']\s*:[^{}]*["']en["']\s*:""", code) and (rel, line.strip()) not in allowed:
                    offenders.append((rel, line.strip()))
    assert offenders == []


@pytest.mark.parametrize("args,lang,words", [
    (["check", "--lang", "en", "--bogus", "x.xlsx"], "en", "no such option: --bogus"),
    (["check", "--bogus", "x.xlsx"], "id", "tidak ada opsi --bogus"),
    (["check", "--lang", "xx", "x.xlsx"], "id", "'xx' bukan salah satu dari 'id', 'en'"),
    (["check"], "id", "argumen PATHS belum diberikan"),
    (["check", "--lang", "en"], "en", "missing argument PATHS"),
    (["check", "--lang", "en", "nothere.xlsx"], "en", "not found: nothere.xlsx"),
    (["nope", "--lang", "en"], "en", "no such command 'nope'"),
])
def test_usage_errors_speak_the_chosen_language(args, lang, words):
    """click's own usage errors and ours go through the catalog: `--lang en` gives English,
    Indonesian otherwise; exit code 2."""
    from click.testing import CliRunner

    from lakip_lint.cli import main
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2
    err = r.stderr if hasattr(r, "stderr") and r.stderr else r.output
    assert words in err, err
    assert ("Galat:" in err) == (lang == "id") and ("Error:" in err) == (lang == "en")
