"""Who did a transfer when designation, charge or involvement wording says so (alerts/extract/designations.py)."""

from __future__ import annotations

import pytest

from tests.extraction_helpers import pairs, transfers


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Three Chinese firms, including Acme Dynamics, face sanctions for supplying drone engines to the "
            "Russian army.",
            ("acme dynamics", "RU"),
        ),
        (
            "The Treasury sanctioned the broker Delta Trading Ltd. for its role in the procurement of rifles for "
            "the Sudanese army.",
            ("delta trading ltd.", "SD"),
        ),
        (
            "Washington sanctioned a trader and his company, Orion Logistics Ltd., for their involvement in the "
            "sale of artillery shells to Russia.",
            ("orion logistics ltd.", "RU"),
        ),
    ],
)
def test_the_designated_firm_is_the_supplier(extractor, text, pair):
    assert pair in pairs(extractor, text)


def test_a_demonym_on_one_person_names_no_supplier(extractor):
    text = "A Chinese national was charged with conspiring to export rifles to North Korea."
    assert all(i.fields["supplier"] != "CN" for i in transfers(extractor, text))


def test_a_go_between_is_no_supplier_when_the_source_is_named(extractor):
    text = "Officials said Chad was facilitating the delivery of weapons from the Emirates to the RSF."
    assert ("TD", "rsf") not in pairs(extractor, text)
