"""The contract's money picture: paid, approved, sent and still to bill, from the sources other areas register."""
import pytest

from tests.helpers.pages import check_page
from wizard.contracts import picture
from wizard.contracts.picture import Amounts


def test_the_picture_splits_the_value_into_paid_approved_sent_and_to_bill():
    shown = picture.picture(36_000_000, Amounts(paid=9_000_000, approved=3_000_000, sent=3_000_000))
    assert [(s.key, s.amount, s.start, s.width) for s in shown.segments] == [
        ("pagado", 9_000_000, 0.0, 25.0), ("aprobado", 3_000_000, 25.0, 8.33), ("enviado", 3_000_000, 33.33, 8.33),
        ("por-facturar", 21_000_000, 41.66, 58.33)]
    assert shown.to_bill == 21_000_000
    assert shown.description.startswith("Pagado: $ 9.000.000; Aprobado: $ 3.000.000; Enviado a la entidad estatal")
    assert shown.segments[1].percent == "8 %"


def test_requests_beyond_the_value_never_draw_past_the_bar():
    shown = picture.picture(1_000, Amounts(paid=900, sent=300))
    assert shown.to_bill == 0 and sum(s.width for s in shown.segments) <= 100.01


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(picture, "_SOURCES", [])

    def amounts(contract_ids):
        return {contract_id: Amounts(paid=3_000_000, sent=3_000_000) for contract_id in contract_ids}

    picture.register_source(amounts)
    return amounts


def test_a_registered_source_feeds_the_contracts_page(world, as_user, source):
    html = check_page(as_user(world, "s_admin", "s").get(f"/contratos/{world['c']}"))
    assert 'class="seg-pagado" x="0.0" y="0" width="8.33"' in html
    assert "Por facturar: $ 30.000.000" in html and 'role="img"' in html and "style=" not in html


def test_the_legends_percents_add_up_to_100():
    shown = picture.picture(36_000_000, Amounts(paid=9_000_000, approved=3_000_000, sent=3_000_000))
    assert [s.percent for s in shown.segments] == ["25 %", "8 %", "8 %", "59 %"]  # not 25 + 8 + 8 + 58 = 99
    odd = picture.picture(36_000_000, Amounts(paid=30_000_000, sent=3_000_000))  # 83,3 + 0 + 8,3 + 8,3
    assert sum(s.whole for s in odd.segments) == 100


def test_the_entity_reads_what_was_sent_its_own_way():
    amounts = Amounts(sent=3_000_000)
    assert "Enviado a la entidad estatal" in [s.label for s in picture.picture(9_000_000, amounts).segments]
    entity = picture.picture(9_000_000, amounts, entity_side=True)
    assert "Enviado por el Proveedor" in [s.label for s in entity.segments]
    assert "Enviado a la entidad estatal" not in entity.description
