"""One engine for the states of every aggregate (memberships today; contracts and payment requests next).

An aggregate's workflow is data: its states with their labels, and a table of transitions (an action code, its
label, the states it leaves from, the state it reaches, the sentence that says it was done). A source of None
makes a creation action. `create` and `apply` are the only ways a state changes: `apply` writes with a
conditional UPDATE on the row's id, state and version (so two people acting at once get one outcome and the
other a clear refusal, never an error), checks the guards passed in inside that same statement, and writes the
event row (who, when, from, to, an optional reason and the values worth keeping).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, select, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from wizard.errors import Refused
from wizard.extensions import db
from wizard.dbtypes import UTCDateTime, utcnow


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: frozenset  # states it leaves from; None among them makes it a creation action
    target: str
    done: str = ""  # "Se aceptó el acceso"

    @property
    def creates(self) -> bool:
        return None in self.sources

    def allows(self, state: str | None) -> bool:
        return state in self.sources


@dataclass(frozen=True)
class Guard:
    """A rule checked when the row is written: `condition(row)` is an SQL condition that must hold; `applies(row,
    transition)` says whether the rule concerns this change at all; `message` is what the user is told."""

    condition: Callable
    message: str
    applies: Callable = field(default=lambda row, transition: True)


def transition(code: str, label: str, sources: Iterable, target: str, done: str = "") -> Transition:
    return Transition(code, label, frozenset(sources), target, done)


class Workflow:
    def __init__(self, model, event_model, owner_column: str, states: dict[str, str],
                 transitions: Iterable[Transition], stale: str, labels: dict[str, str] | None = None):
        self.model, self.event_model, self.owner_column = model, event_model, owner_column
        self.states = dict(states)
        self.transitions = {t.code: t for t in transitions}
        self.stale = stale  # what the loser of a race is told
        self._labels = {**(labels or {}), **{t.code: t.label for t in self.transitions.values()}}
        for t in self.transitions.values():
            unknown = {s for s in t.sources if s is not None} - set(self.states) | ({t.target} - set(self.states))
            if unknown:
                raise ValueError(f"{t.code}: estados desconocidos {unknown}")
        event_model.workflow = self

    def __getitem__(self, code: str) -> Transition:
        return self.transitions[code]

    def state_label(self, state: str | None) -> str:
        return self.states.get(state, state) if state else "—"

    def action_label(self, code: str) -> str:
        return self._labels.get(code, code)

    def allowed(self, state: str, codes: Iterable[str]) -> list[Transition]:
        """The transitions among `codes` that leave from `state`, in the order given."""
        return [self[c] for c in codes if self[c].allows(state)]

    def record(self, row_id: int, code: str, actor_id: int | None, from_state: str | None, to_state: str,
               reason: str = "", **extra):
        event = self.event_model(**{self.owner_column: row_id}, actor_id=actor_id, action=code,
                                 from_state=from_state, to_state=to_state, reason=reason or "",
                                 created_at=utcnow(), **extra)
        db.session.add(event)
        return event

    def create(self, row, code: str, actor_id: int | None, reason: str = "", event: dict | None = None):
        """Add a new row in the creation action's state and write its first event; flushes (the caller commits)."""
        t = self[code]
        if not t.creates:
            raise ValueError(f"{code} no crea")
        row.state = t.target
        db.session.add(row)
        db.session.flush()
        self.record(row.id, code, actor_id, None, t.target, reason, **(event or {}))
        return row

    def refusal(self, row, code: str, guards: Iterable[Guard]) -> str | None:
        """The message of the first guard that would refuse this action on the row now, or None (said before the
        user types a change that would be refused)."""
        t = self[code]
        return _first_refusal(row, [g for g in guards if g.applies(row, t)])

    def apply(self, row, code: str, actor_id: int | None, *, reason: str = "", values: dict | None = None,
              guards: Iterable[Guard] = (), seen_version: int | None = None, event: dict | None = None) -> None:
        """Move a loaded row by an action, if nobody changed it since it was loaded; write the event.

        Raises Refused (nothing written) when the action does not leave from the row's state, when the row changed
        meanwhile (self.stale) or when a guard does not hold (its message).
        """
        t = self[code]
        if (seen_version is not None and seen_version != row.version) or not t.allows(row.state):
            raise Refused(self.stale)
        model = self.model
        now = utcnow()
        new = {"state": t.target, "version": row.version + 1, **(values or {})}
        if hasattr(model, "state_changed_at"):
            new["state_changed_at"] = now
        active = [g for g in guards if g.applies(row, t)]
        conditions = [model.id == row.id, model.state == row.state, model.version == row.version,
                      *(g.condition(row) for g in active)]
        result = db.session.execute(update(model).where(*conditions).values(**new)
                                    .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise Refused(_first_refusal(row, active) or self.stale)
        before = row.state
        for name, value in new.items():
            set_committed_value(row, name, value)
        self.record(row.id, code, actor_id, before, t.target, reason, **(event or {}))


def _first_refusal(row, guards: Iterable[Guard]) -> str | None:
    return next((g.message for g in guards if not db.session.scalar(select(g.condition(row)))), None)


def states_check(states: Iterable[str], column: str = "state") -> CheckConstraint:
    quoted = ", ".join(f"'{s}'" for s in states)
    return CheckConstraint(f"{column} IN ({quoted})", name=column)


class EventColumns:
    """The columns of every aggregate's history table; its model adds the foreign key to its aggregate."""

    workflow: "Workflow"  # set by the Workflow built for this event model

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @declared_attr
    def actor(cls):
        return relationship("User")

    @property
    def action_label(self) -> str:
        return self.workflow.action_label(self.action)

    @property
    def from_label(self) -> str:
        return self.workflow.state_label(self.from_state)

    @property
    def to_label(self) -> str:
        return self.workflow.state_label(self.to_state)

    @property
    def detail(self) -> str:
        """Anything else the history line should say (a model may add to it)."""
        return ""
