"""A circular's list of contractors: pasted lines or a CSV, checked line by line, nothing taken until clean."""
import pytest

from wizard.circulars.recipients import parse


def test_pasted_lines_in_any_column_order_with_a_header_give_the_list():
    text = ("Nombre;Cédula;Correo\n"
            "Ana María Villamizar Duarte;1.094.265.871;Ana.Villamizar@correo.example\n"
            "pedro@correo.example; Pedro  Gómez ;88234567\n\n")
    found, problems = parse(text)
    assert problems == []
    assert [(r.name, r.number, r.email) for r in found] == [
        ("Ana María Villamizar Duarte", "1094265871", "Ana.Villamizar@correo.example"),
        ("Pedro Gómez", "88234567", "pedro@correo.example")]


def test_a_spreadsheet_paste_with_tabs_and_a_csv_with_quotes_and_a_bom_are_read_alike():
    tabs, _ = parse("Ana Villamizar\t1094265871\tana@correo.example\n")
    csv, _ = parse('\ufeff"Villamizar, Ana",1094265871,ana@correo.example\r\n')
    assert tabs[0].number == csv[0].number == "1094265871" and csv[0].name == "Villamizar, Ana"


def test_every_problem_is_named_by_line_and_column_and_nothing_is_taken():
    text = ("Ana Villamizar;1094265871;ana@correo.example\n"
            "Pedro Gómez;12ab;pedro@correo\n"
            "solo dos;datos\n"
            "Lucía Ruiz;1094265871;lucia@correo.example\n"
            "Marta;52123456;ana@correo.example\n"
            "José;0123456;josé@correo.example\n")
    found, problems = parse(text)
    assert found == []
    assert [str(p) for p in problems] == [
        "Línea 2, Cédula o NIT: «12ab» no es un número de cédula o NIT: use solo números",
        "Línea 2, Correo electrónico: «pedro@correo» no es un correo electrónico válido",
        "Línea 3: tiene 2 datos; escriba tres: nombre, cédula o NIT, y correo electrónico",
        "Línea 4, Cédula o NIT: el número 1094265871 ya está en la línea 1",
        "Línea 5, Correo electrónico: el correo ana@correo.example ya está en la línea 1",
        "Línea 6, Cédula o NIT: «0123456» debe tener entre 5 y 10 números y no empezar por 0",
        "Línea 6, Correo electrónico: «josé@correo.example» no puede recibir correo: escríbalo sin tildes ni ñ antes de la @",
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "\x00", "a" * 10_000, ";;;\n,,,", "🙂;🙂;🙂"])
def test_nothing_or_nonsense_is_no_crash(text):
    found, problems = parse(text)
    assert found == [] or problems == []


def test_a_nit_typed_with_its_check_digit_and_a_header_of_other_words_are_understood():
    found, problems = parse("Nombres;Documento;Email\nConstructora Andina SAS;900.373.923-8;obras@andina.example\n")
    assert problems == [] and [(r.name, r.number) for r in found] == [("Constructora Andina SAS", "900373923")]


def test_a_list_too_long_for_one_circular_is_refused_as_a_whole():
    from wizard.circulars.recipients import MAX_ROWS

    text = "\n".join(f"Persona {n};{10_000_000 + n};p{n}@correo.example" for n in range(MAX_ROWS + 1))
    found, problems = parse(text)
    assert found == [] and [str(p) for p in problems] == [
        f"Línea {MAX_ROWS + 1}: la lista tiene más de {MAX_ROWS} personas; divídala en varias circulares"]


def test_each_line_may_use_its_own_separator():
    """Typed by hand, one line with ";" and the next with ",": each is read with its own (not "tiene 1 datos")."""
    found, problems = parse("Pedro Pérez Ñáñez; 1090999888; pedro@correo.example\n"
                            "Marta Gómez, 1090777666, marta.gomez@correo.example\n"
                            "Villamizar, Ana;1094265871;ana@correo.example\n")
    assert problems == []
    assert [r.name for r in found] == ["Pedro Pérez Ñáñez", "Marta Gómez", "Villamizar, Ana"]


def test_a_single_value_is_one_dato():
    assert [str(p) for p in parse("Pedro Pérez\n")[1]] == [
        "Línea 1: tiene 1 dato; escriba tres: nombre, cédula o NIT, y correo electrónico"]


def test_a_wrong_check_digit_is_named_instead_of_dropped():
    """900373923's check digit is 8: "-5" is a mistyped number, which would follow up the wrong supplier account."""
    found, problems = parse("Constructora Andina SAS;900.373.923-5;obras@andina.example\n")
    assert found == [] and [str(p) for p in problems] == [
        "Línea 1, Cédula o NIT: El dígito de verificación de 900373923 es 8, no 5: revise el número o escríbalo sin "
        "el dígito de verificación"]


def test_a_spreadsheets_quoted_cells_may_hold_a_line_break_or_the_other_separator():
    """A CSV saved by a spreadsheet: a name typed with Alt+Enter spans two lines inside its quotes, and a quoted
    «;» does not make a comma-separated line «tiene 1 dato»."""
    found, problems = parse('Nombre,Cédula,Correo\r\n"Peña\nJosé",88251234,jose@correo.example\r\n'
                            '"López; María",52123456,maria@correo.example\r\n')
    assert problems == []
    assert [(r.name, r.number) for r in found] == [("Peña José", "88251234"), ("López; María", "52123456")]


def test_a_line_too_long_to_read_is_one_problem_not_an_error():
    found, problems = parse("a" * 140_000)
    assert found == [] and [str(p) for p in problems] == [
        "Línea 1: la lista no se puede leer: tiene una línea demasiado larga. Escriba una persona por línea: "
        "nombre, cédula o NIT, y correo electrónico"]
    found, problems = parse('"' + "a" * 140_000 + '",1,b@c.example')
    assert found == [] and len(problems) == 1
