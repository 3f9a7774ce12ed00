"""Sign a browser context in by giving it a session cookie, as "Entrar" would (until the real form is used here)."""
from wizard.extensions import db
from wizard.models import User


def sign_in(context, live_server, user_id: int, **extra) -> None:
    """Add the signed Flask session cookie for this user (and any extra session keys) to the context."""
    app = live_server.app
    with app.app_context():
        session_id = db.session.get(User, user_id).session_id
    value = app.session_interface.get_signing_serializer(app).dumps({"_user_id": session_id, "_fresh": True, **extra})
    context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server.url,
                          "httpOnly": True, "sameSite": "Lax"}])
