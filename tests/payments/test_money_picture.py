"""A request's page (its state, the contract's money picture, its history) worded for the side that reads it
(domain.md): the entity reads "Enviado por el Proveedor", the contractor "Enviado a la entidad estatal"."""
from tests.helpers import payments as p
from tests.helpers.pages import check_page
from wizard.extensions import db


def test_each_side_reads_the_sent_money_in_its_own_words(app, world, as_user):
    with app.app_context():
        sent = p.make_request(world["c"], world["s_admin"], instalment=1, state="enviado")
        db.session.remove()
    entity = check_page(as_user(world, "e_user", "e").get(f"/pagos/{sent}"))
    assert "Enviado por el Proveedor" in entity and "Enviado a la entidad estatal" not in entity
    entity_contract = check_page(as_user(world, "e_user", "e").get(f"/contratos/{world['c']}"))
    assert "Enviado a la entidad estatal" not in entity_contract
    supplier = check_page(as_user(world, "s_admin", "s").get(f"/pagos/{sent}"))
    assert "Enviado a la entidad estatal" in supplier and "Enviado por el Proveedor" not in supplier
