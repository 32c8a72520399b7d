import pytest
from ini import ParseError, parse_ini


def test_sections_keys_and_values():
    text = "[server]\nhost = example.org\nport=8080\n\n[client]\n  name   =  Ann Lee  \n"
    assert parse_ini(text) == {
        "server": {"host": "example.org", "port": "8080"},
        "client": {"name": "Ann Lee"},
    }


def test_comments_and_blank_lines_are_ignored():
    text = "; a comment\n# another\n\n[a]\n   ; indented comment\nx = 1\n\n"
    assert parse_ini(text) == {"a": {"x": "1"}}


def test_keys_before_any_section_and_empty_sections():
    assert parse_ini("debug = yes\n[empty]\n") == {"": {"debug": "yes"}, "empty": {}}
    assert "" not in parse_ini("[only]\nk = v\n")


def test_only_the_first_equals_sign_separates():
    assert parse_ini("[db]\nurl = postgres://u:p@h/db?a=b\n") == {"db": {"url": "postgres://u:p@h/db?a=b"}}


def test_repeated_keys_and_sections_and_case():
    text = "[s]\nk = 1\n[t]\nK = x\n[s]\nk = 2\nj = 3\n"
    assert parse_ini(text) == {"s": {"k": "2", "j": "3"}, "t": {"K": "x"}}


def test_a_bad_line_raises_with_its_line_number():
    with pytest.raises(ParseError, match="3"):
        parse_ini("[a]\nx = 1\nthis is not valid\n")
    assert issubclass(ParseError, ValueError)


def test_an_empty_key_is_an_error():
    with pytest.raises(ParseError, match="2"):
        parse_ini("[a]\n = value\n")
