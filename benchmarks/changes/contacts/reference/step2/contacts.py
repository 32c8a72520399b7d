from dataclasses import dataclass


@dataclass
class Contact:
    name: str
    phone: str
    email: str = ""


def format_contact(contact: Contact) -> str:
    text = f"{contact.name}: {contact.phone}"
    return f"{text} <{contact.email}>" if contact.email else text


def parse_contact(line: str) -> Contact:
    if ": " not in line:
        raise ValueError(f"not a contact line: {line!r}")
    name, rest = line.split(": ", 1)
    rest = rest.strip()
    email = ""
    if rest.endswith(">") and " <" in rest:
        rest, email = rest[:-1].rsplit(" <", 1)
    return Contact(name.strip(), rest.strip(), email.strip())
