"""The registry of named decisions: every rule that decides a field of an event is one entry.

A rule has a dotted ``name`` (``stage.what``), the ``stage`` it belongs to, a one-line
``description`` and an ``example`` in our own words. Code asks :func:`on` before applying a rule,
so that a benchmark or a test can switch rules off (:func:`switched_off`) and see what each one
is worth; records name the rules that set their fields (``why``).

>>> import kashf.extract
>>> from kashf.rules import RULES, on, switched_off
>>> r = RULES["coref.same_place"]
>>> (r.stage, on(r.name))
('coref', True)
>>> with switched_off(r.name):
...     on(r.name)
False
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import MappingProxyType

STAGES: tuple[str, ...] = (
    "segmentation",
    "places",
    "mentions",
    "factuality",
    "sense",
    "slots",
    "counts",
    "dates",
    "coref",
    "events",
    "records",
    "merge",
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One named decision."""

    name: str
    stage: str
    description: str
    example: str  # Arabic text in our own words, then what the rule makes of it


_REGISTRY: dict[str, Rule] = {}
RULES: Mapping[str, Rule] = MappingProxyType(_REGISTRY)

_OFF: ContextVar[frozenset[str]] = ContextVar("kashf_rules_off", default=frozenset())


def rule(name: str, stage: str, description: str, example: str) -> str:
    """Register a rule and return its name (modules keep it as a constant to pass to :func:`on`).

    A second registration of one name, an unknown stage or an empty description is an error at
    import time: a rule is never silently defined twice or left unexplained.
    """
    if stage not in STAGES:
        raise ValueError(f"rule {name!r}: unknown stage {stage!r} (one of {', '.join(STAGES)})")
    if not name.startswith(stage + "."):
        raise ValueError(f"rule {name!r}: its name must start with its stage {stage!r}")
    if not description.strip() or not example.strip():
        raise ValueError(f"rule {name!r}: needs a description and an example")
    if name in _REGISTRY:
        raise ValueError(f"rule {name!r} is registered twice")
    _REGISTRY[name] = Rule(name, stage, description.strip(), example.strip())
    return name


def on(name: str) -> bool:
    """Is rule ``name`` switched on in this context? (Unknown names are a programming error.)"""
    if name not in _REGISTRY:
        raise KeyError(f"no rule named {name!r}")
    return name not in _OFF.get()


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Run a block with the named rules switched off (for ablation and for each rule's test)."""
    unknown = [n for n in names if n not in _REGISTRY]
    if unknown:
        raise KeyError(f"no rule named {', '.join(map(repr, unknown))}")
    token = _OFF.set(_OFF.get() | frozenset(names))
    try:
        yield
    finally:
        _OFF.reset(token)
