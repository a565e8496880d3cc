"""Agreement terms: agreed items and their issues, exchange formulas, units, groups and status."""

from __future__ import annotations

import pytest

from peacetalks.extract.agreement_terms import issue_of, items_of, status_of, terms_of
from peacetalks.model import Terms


@pytest.mark.parametrize(
    ("item", "issue", "formula", "quantity", "unit"),
    [
        (
            "a 1,000-for-1,000 exchange of prisoners",
            "prisoners",
            "1000-for-1000",
            1000,
            "prisoners",
        ),
        ("a thousand for a thousand exchange", "prisoners", "1000-for-1000", 1000, None),
        ("50 hostages in exchange for 150 prisoners", "prisoners", "50-for-150", None, "hostages"),
        ("return 900 bodies each", "remains", "900-for-900", 900, "bodies"),
        (
            "an all-for-all exchange of prisoners of war",
            "prisoners",
            "all-for-all",
            None,
            "prisoners of war",
        ),
        # An exchange of all the captives is the all-for-all principle.
        (
            "the release and exchange of all conflict-related detainees by December",
            "prisoners",
            "all-for-all",
            None,
            "detainees",
        ),
        ("a swap of all the prisoners held", "prisoners", "all-for-all", None, "prisoners"),
        # N against one: "in exchange for a soldier".
        (
            "Hamas freed 20 detainees in exchange for an Israeli soldier",
            "prisoners",
            "20-for-1",
            None,
            "detainees",
        ),
    ],
)
def test_agreement_terms_read_formula_quantity_and_unit(item, issue, formula, quantity, unit):
    terms = terms_of(item, issue)
    assert (terms.formula, terms.quantity, terms.unit) == (formula, quantity, unit)


def test_agreement_terms_read_the_group_exchanged():
    terms = terms_of("an all-for-all exchange of seriously wounded prisoners", "prisoners")
    assert terms.group == "seriously wounded"


def test_agreement_terms_give_no_terms_outside_exchanges():
    assert terms_of("open 1,000 crossings each", "humanitarian") == Terms()


def test_agreement_terms_read_no_formula_in_a_one_sided_release():
    """Releasing all hostages is no exchange of all: no all-for-all."""
    assert terms_of("the release of all hostages held in Gaza", "prisoners").formula is None


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("the sides agreed to swap prisoners.", "agreed"),
        ("the exchange took place on saturday.", "implemented"),
        ("the truce entered into force on 2 april.", "implementing"),
        ("the truce was breached within hours.", "violated"),
        ("deadlines have come and gone.", "stalled"),
        ("kyiv and moscow complete a prisoner swap", "implemented"),
        # "complete" the adjective tells nothing done: a demand for a complete truce.
        ("it sought a complete ceasefire and a swap of all prisoners.", "agreed"),
        ("they want the complete withdrawal of troops.", "agreed"),
    ],
)
def test_agreement_terms_read_status(sentence, status):
    assert status_of(sentence) == status


def test_agreement_terms_split_items_with_their_issues():
    body = "to exchange prisoners of war and to open the border for trade"
    assert list(items_of(body)) == [
        ("to exchange prisoners of war", "prisoners"),
        ("to open the border for trade", "economic_relations"),
    ]


def test_agreement_terms_give_no_item_for_the_deal_s_own_name():
    assert list(items_of("a peace agreement")) == []


def test_agreement_terms_read_agreement_wording_before_the_shared_cues():
    assert issue_of("the return of 900 bodies") == "remains"
    assert issue_of("an all-for-all swap") == "prisoners"
