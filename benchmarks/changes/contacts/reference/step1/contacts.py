from dataclasses import dataclass


@dataclass
class Contact:
    name: str
    phone: str


def format_contact(contact: Contact) -> str:
    return f"{contact.name}: {contact.phone}"


def parse_contact(line: str) -> Contact:
    if ": " not in line:
        raise ValueError(f"not a contact line: {line!r}")
    name, phone = line.split(": ", 1)
    return Contact(name.strip(), phone.strip())
