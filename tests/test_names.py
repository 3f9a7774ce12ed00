"""The NIT typed as Colombians write it (with its check digit) and the comparison key of organisation names."""
import pytest

from wizard import names, nit


@pytest.mark.parametrize("typed", ["800111202-1", "800.111.202-1", "800111202 1", " 800 111 202 - 1 ", "800111202"])
def test_a_check_digit_typed_after_the_nit_is_recognised(typed):
    assert nit.number(typed) == "800111202"
    assert nit.problem(typed) is None


@pytest.mark.parametrize("typed", ["800111202-7", "800.111.202-7", "800111202 7"])
def test_a_wrong_check_digit_is_refused_saying_the_right_one(typed):
    assert nit.number(typed) == "800111202"
    assert nit.problem(typed) == ("El dígito de verificación de 800111202 es 1, no 7: revise el NIT o escríbalo "
                                  "sin el dígito de verificación")


def test_groups_of_three_are_not_taken_for_a_check_digit():
    assert nit.split("800 111 202") == ("800111202", None)
    assert nit.split("8001112021") == ("8001112021", None)  # ten digits without a separator: a ten-digit NIT


@pytest.mark.parametrize("a, b", [
    ("H&H Asociados", "H & H Asociados"), ("H&H Asociados", "hh asociados"), ("H&H Asociados", "H y H Asociados"),
    ("H&H Asociados", "H&H Asociados S.A.S."), ("Rojas Jaramillo SAS", "Rojas Jaramillo S. A. S."),
    ("Construcciones Andinas Ltda.", "construcciones andinas"), ("Construcciones Andinas Ltda.", "CONSTRUCCIONES ANDINAS LIMITADA"),
    ("Ñandú Bogotá S.A.", "nandu-bogota"), ("Grupo Éxito S.A. BIC", "grupo exito"),
])
def test_names_compare_without_spaces_punctuation_and_or_y_or_the_legal_form(a, b):
    assert names.key(a) == names.key(b)


def test_different_names_keep_different_keys_and_a_name_that_is_only_a_suffix_keeps_it():
    assert names.key("Casas Ltda.") != names.key("Ca")
    assert names.key("Casas") == "casas"  # "sas" inside a word is not a legal form
    assert names.key("S.A.S.") == "sas"
    assert names.key("H&H") in names.key("H & H Asociados")


def test_what_is_typed_is_found_inside_the_stored_key_with_or_without_the_legal_form():
    stored = names.stored_key("Rojas Jaramillo S.A.S.")
    for typed in ("rojas jaramillo", "Rojas Jaramillo SAS", "rojas jaramillo s", "S.A.S.", "jaramillo s. a. s."):
        assert names.key(typed) in stored, typed


def test_the_migration_fills_existing_accounts_with_the_same_key():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent.parent / "migrations" / "versions" / "f12_account_match_key.py"
    spec = importlib.util.spec_from_file_location("f12", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for name in ("H&H Asociados", "Rojas Jaramillo S. A. S.", "Construcciones Andinas Ltda.", "Ñandú y Cía S. en C.",
                 "E.S.E. Hospital San Juan de Dios de Pamplona", "100% Obras_Civiles", "ß" * 150, ""):
        assert migration._key(name) == names.stored_key(name), name
