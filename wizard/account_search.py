"""Accounts whose name contains what was typed, at SECOP's size (a million supplier accounts), in a useful order:
first the names that start with it, then those that hold it further on, each group by name.

Why the code, not PostgreSQL's planner, chooses how to read (bench FINDINGS 14): left to itself, the planner
weighs walking every name in order until `limit` match against the trigram index and a sort, from its estimate of
how many names match and the assumption that they are spread evenly through the alphabet. Names are not: every
"Jaramillo Restrepo ..." sits together under "j", every "Consorcio ..." under "c", and one ANALYZE's sample in two
sent "jaramillo restrepo" through 386,000 names (2.5-3 s) to find 20 of 410. So:

1. Names that start with the typed key come from the B-tree of "starts with" (s15), already in its order: a range
   of the index, never more rows than are shown. "jaramillo restrepo" is answered here.
2. Only when they are fewer than `limit`, the names that hold it further on: when PostgreSQL estimates many of
   them (WALK_FROM), walking the names in order meets `limit` of them soon wherever they are (a fragment that
   common is in every part of the alphabet); otherwise the trigram index hands over at most CANDIDATES of them and
   those are sorted. A fragment that common and yet held by one part of the alphabet only may show `limit` of
   its first CANDIDATES matches rather than the alphabet's first: the list then says there are more, and the
   person types more of the name.

On SQLite (one machine, small data) the same two groups are plain queries.
"""
from sqlalchemy import literal_column, not_, select, text

from wizard.extensions import db
from wizard.models import Account
from wizard.names import PREFIX_BELOW, key
from wizard.text import contains, like_pattern

WALK_FROM = 20_000  # estimated matches from which `limit` of them lie within the first few thousand names
CANDIDATES = 1_000  # matches read from the trigram index at most, then sorted by name
_FORCE_INDEX = text("SELECT set_config('enable_indexscan', :on, true), set_config('enable_seqscan', :on, true)")


def accounts_named(typed: str, *where, limit: int) -> list[Account]:
    """At most `limit` accounts meeting `where` whose name contains `typed`, compared by key (wizard/names.py):
    those whose name starts with it first."""
    typed_key = key(typed)
    if not typed_key:  # only punctuation or "y": the folded names as they are
        return list(db.session.scalars(select(Account).where(*where, contains(Account.name_key, typed))
                                       .order_by(Account.name_key, Account.id).limit(limit)))
    postgres = db.session.get_bind().dialect.name == "postgresql"
    anywhere = like_pattern(typed_key, folded=True)  # "%key%", LIKE's wildcards escaped
    starts = Account.match_key.like(anywhere[1:], escape="\\")
    order = literal_column("accounts.match_key USING ~<~") if postgres else Account.match_key
    found = list(db.session.scalars(select(Account).where(*where, starts).order_by(order, Account.id).limit(limit)))
    if len(found) >= limit or len(typed_key) < PREFIX_BELOW:  # under three characters: no trigram, the start only
        return found
    further = (*where, Account.match_key.like(anywhere, escape="\\"), not_(starts))
    return found + _further_on(further, limit - len(found), postgres)


def _further_on(where: tuple, limit: int, postgres: bool) -> list[Account]:
    walk = select(Account).where(*where).order_by(Account.name_key, Account.id).limit(limit)
    if not postgres or _estimate(where) >= WALK_FROM:
        return list(db.session.scalars(walk))
    candidates = select(Account.id, Account.name_key).where(*where).limit(CANDIDATES).cte().prefix_with("MATERIALIZED")
    chosen = select(candidates.c.id).order_by(candidates.c.name_key, candidates.c.id).limit(limit)
    db.session.execute(_FORCE_INDEX, {"on": "off"})  # this transaction only: no walk, no scan of the whole table
    try:
        ids = list(db.session.scalars(chosen))
    finally:
        db.session.execute(_FORCE_INDEX, {"on": "on"})
    rows = {a.id: a for a in db.session.scalars(select(Account).where(Account.id.in_(ids)))} if ids else {}
    return [rows[i] for i in ids]


def _estimate(where: tuple) -> float:
    """How many rows PostgreSQL expects to meet `where` (its statistics; EXPLAIN runs nothing)."""
    connection = db.session.connection()
    compiled = select(Account.id).where(*where).compile(connection)
    plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar()
    return float(plan[0]["Plan"]["Plan Rows"])
