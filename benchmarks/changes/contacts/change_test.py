from contacts import Contact, format_contact, parse_contact


def test_the_stated_email_example():
    assert format_contact(Contact("Ada", "555-0100", "ada@example.org")) == "Ada: 555-0100 <ada@example.org>"


def test_email_round_trip():
    contact = Contact("Ada", "555-0100", "ada@example.org")
    assert parse_contact(format_contact(contact)) == contact


def test_email_defaults_to_empty():
    assert Contact("Ada", "555-0100").email == ""
