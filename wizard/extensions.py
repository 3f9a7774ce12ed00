"""Extensions are created unbound here and bound to the app in create_app()."""
import time

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _plan_every_query_for_its_values(dbapi_connection, connection_record) -> None:
    """No server-side prepared statements on PostgreSQL (psycopg prepares a query run 5 times on a connection).

    A prepared search may be given PostgreSQL's generic plan, made without the values: for "name contains ..." it
    walks the name index through all million accounts (seconds) instead of using the trigram index (milliseconds).
    Planning each query with its values costs a fraction of a millisecond; it also keeps the portal working behind
    a pooler in transaction mode (PgBouncer), which cannot keep prepared statements.
    """
    if hasattr(dbapi_connection, "prepare_threshold"):  # psycopg 3
        dbapi_connection.prepare_threshold = None
        _no_jit(dbapi_connection)


def _no_jit(dbapi_connection) -> None:
    """PostgreSQL's JIT off for the portal's connections: its queries are short, and JIT compiling them cost more
    than running them.

    PostgreSQL compiles a query to machine code when its estimated cost passes jit_above_cost (100,000), which a
    list over thousands of rows with a subquery per row reaches on estimate alone: a circular's "Seguimiento" with
    3,000 contractors spent 50-250 ms compiling its counts for 17 ms of execution. One SET per new connection (kept
    by the pool), committed so it outlives the transaction psycopg began. Behind a pooler in transaction mode set it
    on the database instead: ALTER DATABASE ... SET jit = off.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET jit = off")
    finally:
        cursor.close()
    dbapi_connection.commit()


# A pooled connection that answered this recently is alive: only one idle for longer is pinged before use.
PING_AFTER_IDLE_SECONDS = 2.0


@event.listens_for(Pool, "connect")
@event.listens_for(Pool, "checkin")
def _note_last_use(dbapi_connection, connection_record) -> None:
    connection_record.info["last_used"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_a_connection_idle_for_a_while(dbapi_connection, connection_record, connection_proxy) -> None:
    """pool_pre_ping, but only for a connection that sat in the pool a while (the database may have dropped it).

    Every request checks out a connection, and pool_pre_ping paid a round trip to the database for each one even
    when the connection had answered a moment before, under load the most: one of a field check's four. A ping that
    fails makes the pool replace the connection (DisconnectionError), as pool_pre_ping does.
    """
    if time.monotonic() - connection_record.info.get("last_used", 0.0) >= PING_AFTER_IDLE_SECONDS \
            and not _answers(dbapi_connection):
        raise DisconnectionError("the pooled connection no longer answers")


def _answers(dbapi_connection) -> bool:
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()  # psycopg began a transaction for the SELECT: leave none open
    except Exception:  # noqa: BLE001 - whatever the driver raises for a dead connection
        return False
    return True


def _render_item(type_, obj, autogen_context):
    """Write our own column types as the plain SQLAlchemy types they store, so migrations import no app code."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime()"
    return False


# Indexes only some databases have, made by a migration of their own and not by the models (so create_all on
# SQLite never tries them): `flask db check` and autogenerate must not propose dropping them.
DATABASE_ONLY_INDEXES = {
    "ix_accounts_match_key_trgm",  # pg_trgm, migrations/versions/f12_account_match_key.py
    "ix_accounts_match_key_prefix",  # varchar_pattern_ops, migrations/versions/s15_match_key_prefix.py
}


def _include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "index" and reflected and compare_to is None and name in DATABASE_ONLY_INDEXES)


migrate = Migrate(render_as_batch=True, render_item=_render_item, compare_type=True, include_object=_include_object)
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
