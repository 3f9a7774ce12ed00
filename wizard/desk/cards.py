"""Cards of the Escritorio: each area registers a function that, given the acting membership, returns its card.

The Escritorio shows the cards in their order; a function returns None when its area has nothing for this
user (a plain user sees no access requests, a supplier no payments to review). The registry holds functions
only, written at import time: nothing a request needs lives in it.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from wizard.models import Membership


@dataclass(frozen=True)
class Card:
    template: str  # rendered with `card` (this object) and `membership` in its context
    data: dict = field(default_factory=dict)

    def __getattr__(self, name):  # card.pending reads card.data["pending"] in a template
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None


_PROVIDERS: list[tuple[int, Callable[[Membership], Card | None]]] = []


def card(order: int):
    """Register a card provider; lower orders come first."""

    def register(provider: Callable[[Membership], Card | None]):
        _PROVIDERS.append((order, provider))
        _PROVIDERS.sort(key=lambda item: item[0])
        return provider

    return register


def cards_for(membership: Membership) -> list[Card]:
    return [found for _, provider in _PROVIDERS if (found := provider(membership)) is not None]
