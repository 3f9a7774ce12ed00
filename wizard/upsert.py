"""Insert a row or, when its unique key is taken, update it, in one statement (INSERT ... ON CONFLICT DO UPDATE).

SQLite and PostgreSQL spell it alike, through SQLAlchemy's insert of each dialect. Two requests saving the same
key at once both succeed: the second waits for the first and updates its row, where a read followed by an insert
would fail on the unique index. The statement is built once per table and columns (building one, with its
`excluded` alias, costs more than running it); each call only binds the values.
"""
from functools import lru_cache

from sqlalchemy.dialects import postgresql, sqlite

from wizard.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@lru_cache(maxsize=64)
def _statement(dialect: str, table, key: tuple[str, ...], values: tuple[str, ...]):
    insert = _INSERTS[dialect](table)
    return insert.on_conflict_do_update(index_elements=list(key), set_={name: insert.excluded[name] for name in values})


def upsert(model, key: dict, values: dict) -> None:
    """Make the row of `model` whose unique column(s) `key` holds these values, or set `values` on it."""
    statement = _statement(db.session.get_bind().dialect.name, model.__table__, tuple(key), tuple(values))
    db.session.execute(statement, {**key, **values})
