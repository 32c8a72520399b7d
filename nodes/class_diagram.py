"""The classes of a design's mermaid ``classDiagram``: names, annotations, method names.

Why a parser and not a model: the design check (``nodes/name_checks.py``) must say without a
model call whether a name the requirement fixes is a module-level function or became a
method. Small models write the diagram in every form mermaid accepts (a ``class X { ... }``
block, ``X : +member`` lines, ``<<module>> X`` or ``class X <<module>>``), so all are read;
anything else (relations, notes, comments) is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CLASS = re.compile(r"^class\s+`?(?P<name>[\w.]+)`?(?:~[^~]*~)?\s*(?P<rest>.*)$")
_ANNOTATION = re.compile(r"<<\s*(?P<annotation>[\w ]+?)\s*>>")
_ANNOTATES = re.compile(r"^<<\s*(?P<annotation>[\w ]+?)\s*>>\s*`?(?P<name>[\w.]+)`?\s*$")
_MEMBER_LINE = re.compile(r"^`?(?P<name>[\w.]+)`?\s*:\s*(?P<member>.+)$")
_CALLED = re.compile(r"(?P<name>[A-Za-z_]\w*)\s*\(")


@dataclass
class DiagramClass:
    """One class of the diagram: its annotations (``module``, ``interface``) and methods."""

    name: str
    annotations: set[str] = field(default_factory=set)
    methods: list[str] = field(default_factory=list)

    def is_annotated(self, annotation: str) -> bool:
        return annotation.lower() in {a.lower() for a in self.annotations}


def _class_name(name: str) -> str:
    """``units.py`` (a file name written as a class) -> ``units``."""
    return name.removesuffix(".py")


def method_name(member: str) -> str | None:
    """``+c_to_f(c: float) float`` -> ``c_to_f``; a field (no parentheses) -> None."""
    match = _CALLED.search(member)
    return match["name"] if match else None


def _add_member(found: DiagramClass, member: str) -> None:
    member = member.strip()
    annotation = _ANNOTATION.fullmatch(member)
    if annotation:
        found.annotations.add(annotation["annotation"])
        return
    name = method_name(member)
    if name is not None and name not in found.methods:
        found.methods.append(name)


def diagram_classes(diagram: str) -> dict[str, DiagramClass]:
    """Every class the diagram declares or gives members, by name, in order of appearance."""
    classes: dict[str, DiagramClass] = {}
    current: DiagramClass | None = None

    def named(name: str) -> DiagramClass:
        name = _class_name(name)
        return classes.setdefault(name, DiagramClass(name))

    for raw in diagram.splitlines():
        line = raw.strip()
        if not line or line.startswith("%%") or line == "classDiagram":
            continue
        if current is not None:
            body, closed = (line.split("}", 1)[0], True) if "}" in line else (line, False)
            if body.strip():
                _add_member(current, body)
            current = None if closed else current
            continue
        if match := _CLASS.match(line):
            found = named(match["name"])
            rest = match["rest"]
            for annotation in _ANNOTATION.finditer(rest.split("{", 1)[0]):
                found.annotations.add(annotation["annotation"])
            if "{" in rest:
                inside = rest.split("{", 1)[1]
                body, closed = (inside.split("}", 1)[0], True) if "}" in inside else (inside, False)
                for member in filter(str.strip, re.split(r";|\s{2,}", body)):
                    _add_member(found, member)
                current = None if closed else found
        elif match := _ANNOTATES.match(line):
            named(match["name"]).annotations.add(match["annotation"])
        elif (match := _MEMBER_LINE.match(line)) and "--" not in line and ".." not in line:
            _add_member(named(match["name"]), match["member"])
    return classes
