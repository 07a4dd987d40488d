"""Rule packs: validation errors are located (file:line:col, path to the value) and say what to do."""

from __future__ import annotations

import os
import textwrap

import pytest

from cleantext import Cleaner, RuleError
from cleantext.boilerplate import load_ruleset

GOOD_RULE = """
  - id: demo.banner
    summary: A demo banner.
    match:
      any: ['^demo banner$']
    examples:
      remove: ["Demo banner"]
      keep: ["A demo banner was shown at the fair."]
"""


def write_pack(tmp_path, body: str, name: str = "demo.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(RuleError) as info:
        load_ruleset(extra=[path], builtin=False)
    return [str(p) for p in info.value.problems]


def test_broken_regex_is_reported_with_file_line_column_and_path(tmp_path):
    path = write_pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo pack.
        rules:
          - id: demo.broken
            summary: Has a bad pattern.
            match:
              any: ['^fine$', '^(unclosed']
            examples:
              remove: ["fine"]
              keep: ["not fine at all"]
        """)
    (line,) = problems_of(path)
    # line 8, column 23: where the second item of the flow list starts
    assert line.startswith(f"{os.path.relpath(path)}:8:23: "), line
    assert "demo.broken > match.any[1]: does not compile" in line
    assert "fix the regex" in line


def test_unknown_key_names_its_location_and_the_allowed_keys(tmp_path):
    path = write_pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo pack.
        rules:
          - id: demo.typo
            summary: Misspelled key.
            match:
              any: ['^x y z$']
            acton: remove_line
            examples:
              remove: ["x y z"]
              keep: ["x y z and more words"]
        """)
    (line,) = problems_of(path)
    assert ":9:5: demo.typo > acton: unknown key 'acton'" in line
    assert "action" in line.split("allowed here are:")[1]


def test_missing_examples_are_an_error(tmp_path):
    path = write_pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo pack.
        rules:
          - id: demo.untested
            summary: No keep example.
            match:
              any: ['^untested$']
            examples:
              remove: ["untested"]
        """)
    (line,) = problems_of(path)
    assert "demo.untested > examples.keep: a rule needs at least one `keep` example" in line


def test_duplicate_ids_across_files_name_both_places(tmp_path):
    body = "pack: demo\nschema: 1\nsummary: Demo pack.\nrules:\n" + GOOD_RULE.lstrip("\n")
    (tmp_path / "packs").mkdir()
    write_pack(tmp_path / "packs", body, "a.yaml")
    write_pack(tmp_path / "packs", body, "b.yaml")
    (line,) = problems_of(tmp_path / "packs")
    assert "demo.banner > id: duplicate id;" in line and "a.yaml:5" in line


def test_pattern_matching_empty_string_is_rejected(tmp_path):
    path = write_pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo pack.
        rules:
          - id: demo.empty
            summary: Matches everything.
            match:
              any: ['(share)?']
            examples:
              remove: ["share"]
              keep: ["nothing"]
        """)
    (line,) = problems_of(path)
    assert "matches the empty string" in line


def test_yaml_syntax_error_is_located(tmp_path):
    path = write_pack(tmp_path, "pack: demo\nschema: 1\nrules: [\n  - id: x\n")
    (line,) = problems_of(path)
    assert "not valid YAML" in line and line.count(":") >= 3


def test_wrong_id_prefix_and_bad_action(tmp_path):
    path = write_pack(tmp_path, """
        pack: demo
        schema: 1
        summary: Demo pack.
        rules:
          - id: other.rule
            summary: Wrong prefix.
            action: delete_everything
            match:
              any: ['^x$']
            examples:
              remove: ["x"]
              keep: ["y"]
        """)
    lines = problems_of(path)
    assert any("> id: must be `demo.kebab-name`" in x for x in lines)
    assert any("> action: unknown action 'delete_everything'" in x for x in lines)


def test_a_valid_extra_pack_loads_and_works(tmp_path):
    path = write_pack(tmp_path, "pack: demo\nschema: 1\nsummary: Demo pack.\nrules:\n" + GOOD_RULE.lstrip("\n"))
    cleaner = Cleaner(rules=[path], select=["demo"])
    assert cleaner.clean("The fair opened on Monday.\nDemo banner") == "The fair opened on Monday."


def test_selecting_an_unknown_name_is_an_error_not_an_empty_selection():
    with pytest.raises(RuleError) as info:
        Cleaner(select=["paywal"])
    assert "'paywal' names no rule, pack, tag or lang" in str(info.value)


def test_builtin_packs_load_and_every_rule_has_a_summary():
    ruleset = load_ruleset()
    assert len(ruleset.rules) >= 5
    assert all(rule.summary for rule in ruleset.rules)


# --- veto sets: named lists of vetoes shared by packs ---------------------------------------------

VETO_PACK = """\
pack: shared
schema: 1
summary: Shared vetoes.
veto_sets:
  attribution:
    - ', (said|says) the \\w+[.!]?$'
rules: []
"""

RULE_PACK = """\
pack: demo
schema: 1
summary: Demo.
rules:
  - id: demo.subscribe
    summary: A call to subscribe.
    match:
      any: ['^subscribe now\\b']
      unless_sets: [attribution]
    examples:
      remove: ["Subscribe now for $1 a week."]
      keep: ["Subscribe now for $1 a week, says the banner."]
"""


def test_veto_sets_are_shared_across_packs(tmp_path):
    from cleantext import Cleaner
    from cleantext.boilerplate import load_ruleset

    (tmp_path / "shared.yaml").write_text(VETO_PACK, encoding="utf-8")
    (tmp_path / "demo.yaml").write_text(RULE_PACK, encoding="utf-8")
    rule = load_ruleset([tmp_path], builtin=False).get("demo.subscribe")
    assert rule.unless_sets == ("attribution",) and rule.unless == (", (said|says) the \\w+[.!]?$",)
    c = Cleaner(rules=[tmp_path], builtin_rules=False)
    assert c.clean("Subscribe now for $1 a week.") == ""
    assert c.clean("Subscribe now for $1 a week, says the banner.") == "Subscribe now for $1 a week, says the banner."


def test_unknown_and_duplicate_veto_sets_are_errors(tmp_path):
    from cleantext.boilerplate import load_ruleset

    (tmp_path / "demo.yaml").write_text(RULE_PACK.replace("[attribution]", "[atribution]"), encoding="utf-8")
    (tmp_path / "shared.yaml").write_text(VETO_PACK, encoding="utf-8")
    (tmp_path / "shared2.yaml").write_text(VETO_PACK.replace("pack: shared", "pack: shared-two"), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset([tmp_path], builtin=False)
    message = str(err.value)
    assert "demo.subscribe > match.unless_sets[0]: 'atribution' is no veto set; known sets: attribution" in message
    assert "veto set 'attribution' is already defined in" in message
