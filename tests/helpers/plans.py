"""The plan PostgreSQL followed for each query a piece of code runs, read on the query's own connection just before
it runs: settings that code changed for its transaction (wizard/account_search.py) count, as they did."""
from sqlalchemy import event

from wizard.extensions import db


def plans_of(app, run):
    """(what `run()` returned, the EXPLAIN of each SELECT it ran), inside an app context."""
    explained, inside = [], []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if inside or not statement.lstrip().upper().startswith(("SELECT", "WITH")) or "set_config(" in statement:
            return
        inside.append(True)
        try:
            rows = cursor.connection.execute("EXPLAIN " + statement, parameters).fetchall()
            explained.append("\n".join(row[0] for row in rows))
        finally:
            inside.pop()

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", explain)
        try:
            found = run()
        finally:
            event.remove(db.engine, "before_cursor_execute", explain)
            db.session.rollback()
    return found, explained
