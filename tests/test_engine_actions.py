"""Each action and position condition of the engine, on small realistic documents."""

from __future__ import annotations

import textwrap

import pytest

from cleantext import Cleaner

ARTICLE = [
    "The city council approved the new transit plan on Wednesday after a debate that lasted six hours.",
    "Supporters said the plan would cut commute times for thousands of residents in the northern districts.",
    "Opponents warned that the cost estimates were too optimistic and that construction would take a decade.",
]


def cleaner_with(tmp_path, rule: str) -> Cleaner:
    body = "pack: demo\nschema: 1\nsummary: Demo.\nrules:\n" + textwrap.indent(textwrap.dedent(rule).strip("\n"), "  ") + "\n"
    path = tmp_path / "demo.yaml"
    path.write_text(body, encoding="utf-8")
    return Cleaner(rules=[path], builtin_rules=False)


def rule(action: str, pattern: str, extra: str = "") -> str:
    return f"""
    - id: demo.rule
      summary: Demo rule.
      action: {action}
      match: {{any: ['{pattern}']}}
      {extra}
      examples: {{remove: ["x"], keep: ["y"]}}
    """


def doc(*lines: str) -> str:
    return "\n".join(lines)


def test_remove_line_keeps_the_rest(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_line", "^share this article$"))
    assert c.clean(doc(ARTICLE[0], "Share this article", ARTICLE[1])) == doc(ARTICLE[0], ARTICLE[1])


def test_list_marker_is_not_part_of_what_patterns_see(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_line", "^share this article$"))
    assert c.clean(doc(ARTICLE[0], "• Share this article")) == ARTICLE[0]


def test_remove_block_takes_the_paragraph(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_block", r"^we use cookies\b"))
    text = doc(ARTICLE[0], "", "We use cookies to improve your experience.", "Accept", "Settings", "", ARTICLE[1])
    assert c.clean(text) == doc(ARTICLE[0], "", ARTICLE[1])


def test_remove_match_takes_only_the_span(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_match", r"\s*\(opens in a new (tab|window)\)"))
    text = "Read the full report (opens in a new tab) on the ministry's website."
    result = c.clean_and_explain(text)
    assert result.text == "Read the full report on the ministry's website."
    assert [r.text for r in result.removals] == [" (opens in a new tab)"]


def test_cut_rest_removes_through_the_end(tmp_path):
    c = cleaner_with(tmp_path, rule("cut_rest", r"^\d+ comments$", "where: {tail: 10}"))
    text = doc(*ARTICLE, "12 Comments", "Great article, thanks for writing it and for all the research you put in.", "I disagree.")
    result = c.clean_and_explain(text)
    assert result.text == doc(*ARTICLE)
    assert [r.line for r in result.removals] == [4, 5, 6]
    assert {r.rule for r in result.removals} == {"demo.rule"}


def test_tail_window_protects_the_middle(tmp_path):
    c = cleaner_with(tmp_path, rule("cut_rest", "^comments$", "where: {tail: 2}"))
    text = doc(ARTICLE[0], "Comments", *ARTICLE[1:], "Last line.")
    assert c.clean(text) == text


def test_cut_before_removes_the_header_chrome(tmp_path):
    c = cleaner_with(tmp_path, rule("cut_before", "^skip to (main )?content$", "where: {head: 5}"))
    text = doc("Menu", "Search", "Skip to main content", *ARTICLE)
    assert c.clean(text) == doc(*ARTICLE)


def test_after_prose_only_fires_in_the_trailer(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_line", "^more on this story$", "where: {after_prose: true}"))
    mid = doc(ARTICLE[0], "More on this story", *ARTICLE[1:])
    assert c.clean(mid) == mid
    end = doc(*ARTICLE, "More on this story")
    assert c.clean(end) == doc(*ARTICLE)


def test_before_prose_only_fires_in_the_header(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_line", "^home$", "where: {before_prose: true}"))
    assert c.clean(doc("Home", *ARTICLE)) == doc(*ARTICLE)
    later = doc(*ARTICLE[:2], "Home", ARTICLE[2])
    assert c.clean(later) == later


def test_remove_section_takes_the_header_and_its_short_run(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_section", "^related( stories)?:?$", "run: {max_words: 12, min_lines: 2}"))
    text = doc(ARTICLE[0], "Related stories", "Council delays vote on transit plan", "Five things to know about the new line",
               ARTICLE[1], ARTICLE[2])
    assert c.clean(text) == doc(*ARTICLE)


def test_remove_section_needs_its_run(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_section", "^related$", "run: {max_words: 12, min_lines: 2}"))
    text = doc(ARTICLE[0], "Related", ARTICLE[1], ARTICLE[2])
    assert c.clean(text) == text
    at_end = doc(*ARTICLE, "Related")
    assert c.clean(at_end) == doc(*ARTICLE)


def test_remove_repeat_drops_the_second_copy_only(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_repeat", ".", "max_words: 12"))
    text = doc("Photo: City Council press office", ARTICLE[0], "Photo: City Council press office", ARTICLE[1])
    assert c.clean(text) == doc("Photo: City Council press office", ARTICLE[0], ARTICLE[1])


@pytest.mark.parametrize("words,removed", [(3, True), (9, False)])
def test_max_words_guard(tmp_path, words, removed):
    c = cleaner_with(tmp_path, rule("remove_line", r"^subscribe\b", "max_words: 5"))
    line = "Subscribe " + " ".join(["now"] * (words - 1))
    text = doc(ARTICLE[0], line)
    assert (c.clean(text) == ARTICLE[0]) is removed


def test_unless_vetoes_a_match(tmp_path):
    body = """
    - id: demo.rule
      summary: Demo rule.
      match:
        any: ['^advertisement\\b']
        unless: ['\\bsaid\\b']
      examples: {remove: ["x"], keep: ["y"]}
    """
    c = cleaner_with(tmp_path, body)
    assert c.clean(doc(ARTICLE[0], "Advertisement")) == ARTICLE[0]
    vetoed = doc(ARTICLE[0], "Advertisement spending fell, the agency said.")
    assert c.clean(vetoed) == vetoed


def test_a_vetoed_first_hit_does_not_hide_a_later_rule(tmp_path):
    body = """
    - id: demo.first
      summary: Vetoed on this line.
      match:
        any: ['^sponsored']
        unless: ['content$']
      examples: {remove: ["x"], keep: ["y"]}
    - id: demo.second
      summary: Fires on the same line.
      match: {any: ['content$']}
      max_words: 4
      examples: {remove: ["x"], keep: ["y"]}
    """
    c = cleaner_with(tmp_path, body)
    result = c.clean_and_explain(doc(ARTICLE[0], "Sponsored content"))
    assert result.text == ARTICLE[0]
    assert [r.rule for r in result.removals] == ["demo.second"]


def test_min_prose_above_keeps_a_header_at_the_top(tmp_path):
    c = cleaner_with(tmp_path, rule("cut_rest", r"^\d+ comments$", "where: {min_prose_above: 2}"))
    top = doc("3 Comments", *ARTICLE)
    assert c.clean(top) == top
    below = doc(*ARTICLE, "3 Comments", "Nice piece.")
    assert c.clean(below) == doc(*ARTICLE)


def test_same_marker_ends_the_run_with_the_list(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_section", r"^related$", "run: {max_words: 12, same_marker: true}"))
    text = doc(ARTICLE[0], "Related", "- Council delays the vote", "- Five facts about the line", "Why it matters",
               ARTICLE[1])
    assert c.clean(text) == doc(ARTICLE[0], "Why it matters", ARTICLE[1])


def test_a_section_rule_without_a_run_lets_the_next_rule_act(tmp_path):
    body = """
    - id: demo.section
      summary: Header with its list.
      action: remove_section
      match: {any: ['^read more$']}
      run: {max_words: 12, min_lines: 2}
      examples: {remove: ["x"], keep: ["y"]}
    - id: demo.line
      summary: The header alone.
      match: {any: ['^read more$']}
      examples: {remove: ["x"], keep: ["y"]}
    """
    c = cleaner_with(tmp_path, body)
    with_list = c.clean_and_explain(doc(ARTICLE[0], "Read more", "Council delays vote", "Five facts", ARTICLE[1]))
    assert [r.rule for r in with_list.removals] == ["demo.section"] * 3
    alone = c.clean_and_explain(doc(ARTICLE[0], "Read more", ARTICLE[1]))
    assert [r.rule for r in alone.removals] == ["demo.line"]
    assert alone.text == doc(ARTICLE[0], ARTICLE[1])


def test_outside_prose_means_header_or_trailer(tmp_path):
    c = cleaner_with(tmp_path, rule("remove_line", "^facebook$", "where: {outside_prose: true}"))
    assert c.clean(doc("Facebook", *ARTICLE, "Facebook")) == doc(*ARTICLE)
    middle = doc(ARTICLE[0], "Facebook", *ARTICLE[1:])
    assert c.clean(middle) == middle


# --- neighbour rules: where.beside / where.between -------------------------------------------

COMMENT_RULES = r"""
- id: demo.byline
  summary: A comment byline.
  match: {any: ['^\w+ (says|wrote):$']}
  examples: {remove: ["Anna says:"], keep: ["Anna says the plan works."]}
- id: demo.reply
  summary: A Reply link under the article.
  match: {any: ['^reply$']}
  where: {min_prose_above: 1}
  examples: {remove: ["Reply"], keep: ["Reply to the minister"]}
- id: demo.likes
  summary: A like count next to a removed byline.
  match: {any: ['^\d+ likes?$']}
  where: {beside: [demo.byline]}
  examples: {remove: [{text: "Anna says:\n3 likes", expect: ""}], keep: ["3 likes"]}
- id: demo.body
  summary: A reader's comment between two removed comment lines.
  match: {any: ['\w']}
  max_words: 60
  where: {between: [demo]}
  examples: {remove: [{text: "Anna says:\nGreat read.\nBen says:", expect: ""}], keep: ["Great read."]}
"""

THREAD = [
    "Anna says:",
    "12 likes",
    "Great piece, I rode the old line for years and it was always late.",
    "Reply",
    "Ben wrote:",
    "The cost estimate looks low to me.",
    "Reply",
]


def test_beside_and_between_extend_a_removed_run_line_by_line(tmp_path):
    c = cleaner_with(tmp_path, COMMENT_RULES)
    result = c.clean_and_explain(doc(*ARTICLE, *THREAD))
    assert result.text == doc(*ARTICLE)
    by_line = {r.line: r.rule for r in result.removals}
    assert by_line[4] == "demo.byline" and by_line[5] == "demo.likes" and by_line[7] == "demo.reply"
    assert by_line[6] == "demo.body"  # between the like count (itself removed as a neighbour) and Reply
    assert by_line[9] == "demo.body"


def test_neighbour_rules_need_the_named_neighbours(tmp_path):
    c = cleaner_with(tmp_path, COMMENT_RULES)
    # no byline: the Reply line and the comment are left alone, and so is article text between
    # a removed byline and a line that nothing removed
    text = doc(*ARTICLE, "12 likes", "Great piece, I rode the old line for years.")
    assert c.clean(text) == text
    text = doc(ARTICLE[0], "Anna says:", ARTICLE[1], ARTICLE[2])
    assert c.clean(text) == doc(ARTICLE[0], ARTICLE[1], ARTICLE[2])


def test_neighbour_names_must_be_loaded_packs_or_rules(tmp_path):
    from cleantext.errors import RuleError

    with pytest.raises(RuleError) as err:
        cleaner_with(tmp_path, COMMENT_RULES.replace("beside: [demo.byline]", "beside: [demo.bylines]"))
    message = str(err.value)
    assert "demo.likes > where.beside[0]: 'demo.bylines' is no loaded pack or rule id" in message
    with pytest.raises(RuleError) as err:
        cleaner_with(tmp_path, COMMENT_RULES.replace("where: {between: [demo]}", "where: {between: [demo], beside: [demo]}"))
    assert "use one neighbour condition, not beside and between" in str(err.value)


# --- remove_section with run.match: long lines that still belong to the run ------------------


def test_section_run_takes_long_lines_that_match_run_patterns(tmp_path):
    c = cleaner_with(tmp_path, r"""
    - id: demo.privacy-dialog
      summary: A consent dialog.
      action: remove_section
      match: {any: ['^we value your privacy$']}
      run: {max_words: 4, match: ['\b(cookies|consent|partners|personal data)\b']}
      examples: {remove: ["We value your privacy"], keep: ["Privacy"]}
    """)
    dialog = [
        "We value your privacy",
        "We and our partners store and access information on your device, such as cookies, and process "
        "personal data for personalised ads and content, ad and content measurement and audience insights.",
        "You may change your choices at any time by returning to this site; withdrawing consent does not "
        "affect the lawfulness of processing before it was withdrawn.",
        "Accept all",
        "Manage options",
    ]
    assert c.clean(doc(*dialog, *ARTICLE)) == doc(*ARTICLE)
    # a long line that does not match ends the run there
    assert c.clean(doc(*dialog[:2], ARTICLE[0], "Accept all")) == doc(ARTICLE[0], "Accept all")


def test_run_match_patterns_are_validated(tmp_path):
    from cleantext.errors import RuleError

    with pytest.raises(RuleError, match=r"demo\.x > run\.match\[0\]: does not compile"):
        cleaner_with(tmp_path, r"""
        - id: demo.x
          summary: Broken run pattern.
          action: remove_section
          match: {any: ['^header$']}
          run: {match: ['(unclosed']}
          examples: {remove: ["header"], keep: ["y"]}
        """)


# --- remove_run: a run of lines that each match, with no header ---------------------------------


def test_remove_run_takes_a_column_of_matching_lines_but_not_one_line(tmp_path):
    c = cleaner_with(tmp_path, r"""
    - id: demo.teasers
      summary: Headline teasers after the article.
      action: remove_run
      run: {min_lines: 3}
      where: {after_prose: true}
      max_words: 20
      match: {any: ['^\p{Lu}[^.!?]*[^.!?:]$']}
      examples: {remove: [{text: "A b.\nOne Two\nThree Four\nFive Six", expect: "A b."}], keep: ["One Two"]}
    """)
    teasers = ["Council votes to close the old depot", "Mayor defends the new bus routes",
               "Where the trams will run in 2030"]
    assert c.clean(doc(*ARTICLE, *teasers)) == doc(*ARTICLE)
    # two lines are not a run of three; a line that does not match ends the run
    assert c.clean(doc(*ARTICLE, *teasers[:2])) == doc(*ARTICLE, *teasers[:2])
    ended = doc(*ARTICLE, teasers[0], "See you next week.", teasers[1], teasers[2])
    assert c.clean(ended) == ended


MENU_RULE = r"""
- id: demo.menu
  summary: A column of short lines outside the article.
  action: remove_run
  run: {min_lines: 4}
  where: {outside_prose: true, min_prose: 1, list_item: false, page_title: false}
  max_words: 4
  match: {any: ['^[^\d|]*[^\d|\s:.!?]$']}
  examples: {remove: [{text: "A b.\nOne\nTwo\nThree\nFour", expect: "A b."}], keep: ["One"]}
"""
MENU = ["Home", "Politics", "Business", "Sport", "Culture"]


def test_remove_run_above_the_article_leaves_the_three_lines_that_reach_its_first_prose_line(tmp_path):
    c = cleaner_with(tmp_path, MENU_RULE)
    # the menu runs straight into the title and kicker: its last three lines stay
    text = doc(*MENU, "Transit plan approved", "City council", *ARTICLE)
    assert c.clean(text) == doc("Culture", "Transit plan approved", "City council", *ARTICLE)
    # two lines between the column and the prose (a dateline with digits ends the column): one stays
    text = doc(*MENU, "Wednesday, 3 March 2021", "By Jane Miller, 10:42", *ARTICLE)
    assert c.clean(text) == doc("Culture", "Wednesday, 3 March 2021", "By Jane Miller, 10:42", *ARTICLE)
    # further away, the whole column goes
    text = doc(*MENU, "3 March 2021", "10:42", "Photo: Jane Miller (AP)", *ARTICLE)
    assert c.clean(text) == doc("3 March 2021", "10:42", "Photo: Jane Miller (AP)", *ARTICLE)


def test_min_prose_list_item_and_page_title_conditions(tmp_path):
    c = cleaner_with(tmp_path, MENU_RULE)
    footer = ["About us", "Contact", "Careers", "Privacy", "Terms of use"]
    assert c.clean(doc(*ARTICLE, *footer)) == doc(*ARTICLE)
    # min_prose: a page without article prose (a poem, a list page) has no "outside" to clean
    poem = ["The river", "at the end of day", "the water still", "the light gone grey", "and no one near"]
    assert c.clean(doc(*poem)) == doc(*poem)
    # list_item: false leaves an extractor's marked list
    marked = [f"- {line}" for line in footer]
    assert c.clean(doc(*ARTICLE, *marked)) == doc(*ARTICLE, *marked)
    # page_title: false -- the page's title, as its URL spells it, ends a column
    text = doc(*MENU, "Transit Plan Approved", "3 March 2021", "10:42", "Photo: Jane Miller (AP)", *ARTICLE)
    url = "https://www.example.com/local/2021/03/transit-plan-approved.html"
    assert c.clean(text, url=url) == doc("Transit Plan Approved", "3 March 2021", "10:42", "Photo: Jane Miller (AP)",
                                         *ARTICLE)
    assert c.clean(text) == doc("3 March 2021", "10:42", "Photo: Jane Miller (AP)", *ARTICLE)


def test_outside_article_looks_past_prose_lines_in_sidebars_and_footers(tmp_path):
    c = cleaner_with(tmp_path, MENU_RULE.replace("outside_prose: true", "outside_article: true"))
    by_prose = cleaner_with(tmp_path, MENU_RULE)
    sidebar = ["Most read", "Tram line delayed again", "New library opens", "Harbour strike ends",
               "Budget vote postponed", "Schools reopen"]
    teaser = "The mayor wants to know what residents think of the plan and has opened a consultation online."
    # a sidebar's column sits between the article and a footer paragraph that reads as prose
    text = doc(*ARTICLE, *sidebar, *["Archive"] * 50, teaser)
    assert c.clean(text) == doc(*ARTICLE, teaser)
    assert by_prose.clean(text) == text  # for outside_prose the footer paragraph makes it "inside"


def test_a_long_column_is_found_once_and_every_line_credited_to_the_rule(tmp_path):
    c = cleaner_with(tmp_path, MENU_RULE)
    column = [f"Section {name}" for name in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    result = c.clean_and_explain(doc(*ARTICLE, *column))
    assert result.text == doc(*ARTICLE)
    assert {r.rule for r in result.removals} == {"demo.menu"}


def test_not_below_leaves_a_column_that_a_sentence_introduces(tmp_path):
    c = cleaner_with(tmp_path, MENU_RULE.replace("run: {min_lines: 4}", "run: {min_lines: 4, not_below: [':$']}"))
    footer = ["About us", "Contact", "Careers", "Privacy", "Terms of use"]
    # the line right above the column ends with a colon: the article's own list stays, whole
    introduced = doc(*ARTICLE, "The new board has five members:", *footer)
    assert c.clean(introduced) == introduced
    # blank lines between the sentence and the column do not matter
    spaced = doc(*ARTICLE, "The new board has five members:", "", *footer)
    assert c.clean(spaced) == spaced
    # without the sentence the column goes; a sentence further up does not shelter it
    assert c.clean(doc(*ARTICLE, *footer)) == doc(*ARTICLE)
    further = doc(*ARTICLE, "The new board has five members:", "Read the list below.", *footer)
    assert c.clean(further) == doc(*ARTICLE, "The new board has five members:", "Read the list below.")


# Two single-line rules ahead of the menu rule (in rule order): a search box's label, which ends a
# column (its colon), and a footer's known legal links, which take a menu's entries one by one.
LINE_RULES = r"""
- id: demo.search-label
  summary: A search box's label.
  match: {any: ['^search for:$']}
  examples: {remove: ["Search for:"], keep: ["y"]}
- id: demo.legal-link
  summary: A footer's legal links.
  match: {any: ['^(imprint|privacy)$']}
  examples: {remove: ["Imprint"], keep: ["y"]}
"""


def test_bridge_removed_counts_the_lines_other_rules_took_from_inside_a_column(tmp_path):
    plain = cleaner_with(tmp_path, LINE_RULES + MENU_RULE)
    bridging = cleaner_with(tmp_path, LINE_RULES + MENU_RULE.replace("run: {min_lines: 4}",
                                                                     "run: {min_lines: 4, bridge_removed: true}"))
    # the label splits the column into runs of three and two; the legal-link rule takes one line of
    # each; in the next pass what is left of the column ("Pages", "About us", "Archives") is three
    # lines in a row, one short of a run
    column = ["Pages", "Imprint", "About us", "Search for:", "Archives", "Privacy"]
    text = doc(*ARTICLE, *column)
    assert plain.clean(text) == doc(*ARTICLE, "Pages", "About us", "Archives")
    # bridged, the two removed lines between them count: five lines, the whole column goes
    result = bridging.clean_and_explain(text)
    assert result.text == doc(*ARTICLE)
    assert [(r.rule, r.text.strip()) for r in result.removals] == [
        ("demo.menu", "Pages"), ("demo.legal-link", "Imprint"), ("demo.menu", "About us"),
        ("demo.search-label", "Search for:"), ("demo.menu", "Archives"), ("demo.legal-link", "Privacy")]
    # removed lines after the run's last line (or above its first) do not count: three lines stay
    trailing = doc(*ARTICLE, "Pages", "About us", "Archives", "Search for:", "Imprint", "Privacy", "© 2024")
    assert bridging.clean(trailing) == doc(*ARTICLE, "Pages", "About us", "Archives", "© 2024")
    above = doc(*ARTICLE, "Imprint", "Search for:", "Privacy", "Pages", "About us", "Archives")
    assert bridging.clean(above) == doc(*ARTICLE, "Pages", "About us", "Archives")
    # the column's own conditions still hold line by line: inside the article nothing is bridged
    inside = doc(ARTICLE[0], "Pages", "Imprint", "About us", "Search for:", "Archives", *ARTICLE[1:])
    assert bridging.clean(inside) == doc(ARTICLE[0], "Pages", "About us", "Archives", *ARTICLE[1:])


def test_bridge_removed_belongs_to_remove_run(tmp_path):
    from cleantext.errors import RuleError

    with pytest.raises(RuleError, match=r"demo\.rule > run\.bridge_removed: only remove_run bridges removed lines, "
                                        r"not remove_section; remove it or use action: remove_run"):
        cleaner_with(tmp_path, rule("remove_section", "^x$", "run: {bridge_removed: true}"))


def test_remove_run_needs_min_lines_of_two_or_more(tmp_path):
    from cleantext.errors import RuleError

    with pytest.raises(RuleError, match=r"demo\.rule > run\.min_lines: remove_run needs a run of at least 2 lines"):
        cleaner_with(tmp_path, rule("remove_run", "^x$"))


def test_after_and_before_look_one_way_and_min_prose_below_counts_what_follows(tmp_path):
    c = cleaner_with(tmp_path, r"""
    - id: demo.byline
      summary: A comment byline.
      match: {any: ['^\w+ (says|wrote):$']}
      examples: {remove: ["Anna says:"], keep: ["Anna says the plan works."]}
    - id: demo.comment
      summary: The comment right under a removed byline.
      match: {any: ['\w']}
      max_words: 60
      where: {after: [demo.byline]}
      examples: {remove: [{text: "Anna says:\nGreat read.", expect: ""}], keep: ["Great read."]}
    - id: demo.credit
      summary: A picture credit inside the article.
      match: {any: ['^photo: \w+$']}
      where: {min_prose_below: 1}
      examples: {remove: [{text: "Photo: Reuters\nThe council approved the new transit plan on Wednesday after a long debate.", expect: "The council approved the new transit plan on Wednesday after a long debate."}], keep: ["Photo: Reuters"]}
    """)
    # the comment under the byline goes; the article line above the byline stays (after, not beside)
    assert c.clean(doc(*ARTICLE, "Anna says:", "The cost estimate looks low to me.")) == doc(*ARTICLE)
    # a credit with prose below goes, the same credit closing the text stays
    assert c.clean(doc(ARTICLE[0], "Photo: Reuters", ARTICLE[1])) == doc(ARTICLE[0], ARTICLE[1])
    assert c.clean(doc(*ARTICLE, "Photo: Reuters")) == doc(*ARTICLE, "Photo: Reuters")


def test_a_line_inside_a_removed_section_keeps_the_sections_credit(tmp_path):
    c = cleaner_with(tmp_path, r"""
    - id: demo.related
      summary: Related header and its links.
      action: remove_section
      match: {any: ['^related$']}
      examples: {remove: [{text: "Related\nA b c", expect: ""}], keep: ["Related stories are popular."]}
    - id: demo.share
      summary: A share line.
      match: {any: ['^share this$']}
      examples: {remove: ["Share this"], keep: ["Share prices fell."]}
    """)
    result = c.clean_and_explain(doc(*ARTICLE, "Related", "Council plans new depot", "Share this"))
    assert result.text == doc(*ARTICLE)
    assert [r.rule for r in result.removals] == ["demo.related"] * 3


def test_page_url_takes_only_the_pages_own_address(tmp_path):
    c = cleaner_with(tmp_path, r"""
    - id: demo.self-link
      summary: The page's own address.
      max_words: 1
      where: {page_url: true}
      match: {any: ['^(https?://)?[\w.-]+\.[a-z]{2,}/\S*$']}
      examples: {remove: ["https://www.example.com/news/2024/harbour-strike.html"], keep: ["https://example.org/x"]}
    """)
    url = "https://www.harbour-times.example/local/strike-ends.html?ref=home"
    text = doc(ARTICLE[0], "https://harbour-times.example/local/strike-ends.html/", "https://port.example/report.pdf")
    assert c.clean(text, url=url) == doc(ARTICLE[0], "https://port.example/report.pdf")
    assert c.clean(text) == text  # without the page's URL the rule cannot know its address


def test_later_passes_rerun_only_rules_whose_context_changed(tmp_path):
    """A trailer marker that is "after prose" only once the offer under it is gone is still taken
    in the second pass, though that pass skips the rules that read nothing but their own line."""
    from cleantext.boilerplate.engine import is_contextual

    c = cleaner_with(tmp_path, r"""
    - id: demo.offer
      summary: A long offer line.
      match: {any: ['^get unlimited access\b']}
      examples: {remove: ["Get unlimited access for $1 a week, cancel anytime, no commitment required at all."], keep: ["x"]}
    - id: demo.marker
      summary: A trailer marker after the article.
      match: {any: ['^continue reading$']}
      where: {after_prose: true}
      examples: {remove: [{text: "A b.\nContinue reading", expect: "A b."}], keep: ["Continue reading the report."]}
    """)
    text = doc(*ARTICLE, "Continue reading",
               "Get unlimited access for $1 a week, cancel anytime, no commitment required at all.")
    assert c.clean(text) == doc(*ARTICLE)
    rules = {r.id: r for r in c.ruleset.rules}
    assert is_contextual(rules["demo.marker"]) and not is_contextual(rules["demo.offer"])


def test_a_cuts_window_is_judged_on_the_input_not_on_what_a_pass_left(tmp_path):
    """A comment count above the article stays outside the tail window of a cut even after the
    footer lines under the article are removed: the later pass must not cut the article off."""
    c = cleaner_with(tmp_path, r"""
    - id: demo.footer
      summary: A footer link.
      match: {any: ['^(impressum|datenschutz|kontakt|agb|newsletter|sitemap)$']}
      examples: {remove: ["Impressum"], keep: ["Impressum und Datenschutz im Verein"]}
    - id: demo.count
      summary: A comment count that opens the comment section.
      action: cut_rest
      where: {tail: 6}
      match: {any: ['^\d+ kommentare$']}
      examples: {remove: [{text: "A b.\n3 Kommentare\nToll!", expect: "A b."}], keep: ["3 Kommentare zur Wahl"]}
    """)
    footer = ["Impressum", "Datenschutz", "Kontakt", "AGB", "Newsletter", "Sitemap"]
    text = doc(ARTICLE[0], "44 Kommentare", *ARTICLE[1:], *footer)
    assert c.clean(text) == doc(ARTICLE[0], "44 Kommentare", *ARTICLE[1:])
    # the same count with the comments under it, at the end of the input, still cuts
    assert c.clean(doc(*ARTICLE, "44 Kommentare", "Toll!", *footer[:2])) == doc(*ARTICLE)
