"""A simple INI parser."""


class ParseError(ValueError):
    """A line that is not a section, a key, a comment or blank."""


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            result.setdefault(section, {})
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ParseError(f"line {number}: cannot parse {raw!r}")
        result.setdefault(section, {})[key.strip()] = value.strip()
    return result
