import pytest
from contacts import Contact, format_contact, parse_contact


def test_the_stated_examples():
    assert format_contact(Contact("Ada", "555-0100")) == "Ada: 555-0100"
    assert parse_contact(" Ada :  555-0100 ") == Contact("Ada", "555-0100")


def test_round_trip():
    contact = Contact("Grace Hopper", "+1 555 0199")
    assert parse_contact(format_contact(contact)) == contact


def test_a_line_without_separator_is_refused():
    with pytest.raises(ValueError):
        parse_contact("Ada 555-0100")
