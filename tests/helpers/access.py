"""Reading a membership back in the access tests."""
from wizard.extensions import db
from wizard.models import Membership


def membership(app, membership_id):
    with app.app_context():
        m = db.session.get(Membership, membership_id)
        return m.state, m.role, m.version
