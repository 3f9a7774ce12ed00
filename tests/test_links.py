"""Links in emails are built without a request: from a `flask` command or a scheduled job as from a view."""
import pytest

from tests.helpers.factories import make_user
from wizard.auth import service as auth_service
from wizard.extensions import db
from wizard.links import external_url
from wizard.models import User
from wizard.registration import service as registration_service


@pytest.mark.settings(BASE_URL="https://portal.example.com/secop")
def test_a_link_is_built_from_base_url_with_no_request_at_all(app):
    with app.app_context():  # no request context: as in `flask outbox send` or a cron job
        assert external_url("auth.login") == "https://portal.example.com/secop/entrar"
        assert external_url("registration.activate", token="abc") == "https://portal.example.com/secop/registro/activar/abc"


@pytest.mark.settings(BASE_URL="https://portal.example.com")
def test_activation_and_reset_emails_can_be_written_outside_a_request(app, outbox):
    with app.app_context():
        user = db.session.get(User, make_user(activated=False, email="sin.request@correo.example"))
        registration_service.queue_activation(user)
        db.session.commit()
        assert auth_service.send_reset(user.username)
    activation, reset = outbox()[-2:]
    assert "https://portal.example.com/registro/activar/" in activation.text
    assert "https://portal.example.com/entrar/restablecer/" in reset.text
