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


def upsert_now(model, key: dict, values: dict) -> None:
    """upsert, committed at once. With no transaction open in the session (an anonymous field check: nothing read
    before), on a connection in autocommit, so the database gets the statement alone (one round trip, not BEGIN,
    the statement and COMMIT); otherwise in the session's transaction, which it commits."""
    if db.session().in_transaction():
        upsert(model, key, values)
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(_statement(connection.dialect.name, model.__table__, tuple(key), tuple(values)),
                           {**key, **values})
