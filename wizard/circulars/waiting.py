"""What waits elsewhere in the portal for a contractor's number, shown on their row of "Seguimiento".

The contracts area knows that a contract of the entity waits for the contractor's cédula or NIT until an account
with that number is created. This module does not import it: that area registers a provider,

    @waiting.provider
    def contracts_waiting(entity_account_id: int, numbers: list[str]) -> dict[str, list[Waiting]]: ...

answering, in one query for the whole page, what waits for each number (only numbers it has something for). The
registry holds functions only, written at import time, like the Escritorio's cards.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Waiting:
    label: str  # "Contrato ESE-CPS-045-2026"
    detail: str = ""  # "espera la cuenta con su número"
    url: str | None = None  # where the entity's user can open it


Provider = Callable[[int, list[str]], dict[str, list[Waiting]]]
_PROVIDERS: list[Provider] = []


def provider(function: Provider) -> Provider:
    """Register a provider (a decorator); registering the same one twice keeps one."""
    if function not in _PROVIDERS:
        _PROVIDERS.append(function)
    return function


def remove(function: Provider) -> None:
    if function in _PROVIDERS:
        _PROVIDERS.remove(function)


def waiting_for(entity_account_id: int, numbers: list[str]) -> dict[str, list[Waiting]]:
    """What waits for each of these numbers, from every provider (one call each, whatever the page's size)."""
    numbers = sorted({n for n in numbers if n})
    found: dict[str, list[Waiting]] = {}
    if not numbers:
        return found
    for function in _PROVIDERS:
        for number, items in (function(entity_account_id, numbers) or {}).items():
            found.setdefault(number, []).extend(items)
    return found
