"""Insert a row or, when its unique key is taken, update it, in one statement (INSERT ... ON CONFLICT DO UPDATE).

SQLite and PostgreSQL spell it alike, through SQLAlchemy's insert of each dialect. Two requests saving the same
key at once both succeed: the second waits for the first and updates its row, where a read followed by an insert
would fail on the unique index.
"""
from sqlalchemy.dialects import postgresql, sqlite

from wizard.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(model, key: dict, values: dict) -> None:
    """Make the row of `model` whose unique column(s) `key` holds these values, or set `values` on it."""
    insert = _INSERTS[db.session.get_bind().dialect.name](model).values(**key, **values)
    db.session.execute(insert.on_conflict_do_update(index_elements=list(key),
                                                    set_={name: insert.excluded[name] for name in values}))
