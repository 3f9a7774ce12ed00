"""The circular's guides and videos: a title and an address per line, every address checked, nothing taken until clean."""
import pytest

from wizard.circulars.guides import as_text, parse


def test_titled_lines_and_bare_addresses_give_the_guides_with_their_hosts():
    found, problems = parse("Video paso a paso https://www.youtube.com/watch?v=3fzw4mPBNgo\n\n"
                            "https://www.colombiacompra.gov.co/guia-rapida.pdf\n"
                            "Manuales: www.colombiacompra.gov.co/secop/manuales\n")
    assert problems == []
    assert [(g.title, g.url, g.host) for g in found] == [
        ("Video paso a paso", "https://www.youtube.com/watch?v=3fzw4mPBNgo", "www.youtube.com"),
        ("Documento PDF", "https://www.colombiacompra.gov.co/guia-rapida.pdf", "www.colombiacompra.gov.co"),
        ("Manuales", "https://www.colombiacompra.gov.co/secop/manuales", "www.colombiacompra.gov.co")]
    assert parse(as_text([g.as_dict() for g in found]))[0] == found


def test_every_wrong_address_is_named_by_its_line_and_nothing_is_taken():
    found, problems = parse("Guía https://www.colombiacompra.gov.co/guia.pdf\n"
                            "Sin dirección\n"
                            "javascript://alert(1)\n"
                            "Con clave https://usuario:clave@sitio.gov.co/\n"
                            "IP http://192.168.0.1/guia\n"
                            "Local http://intranet/guia\n"
                            "Dos https://a.gov.co https://b.gov.co\n"
                            "Repetida https://www.colombiacompra.gov.co/guia.pdf\n"
                            "Puerto https://sitio.gov.co:abc/\n")
    assert found == []
    assert problems == [
        "Línea 2: falta la dirección (https://...) de la guía o el video",
        "Línea 3: «javascript://alert(1)» debe empezar por https:// (o http://)",
        "Línea 4: «https://usuario:clave@sitio.gov.co/» no puede llevar usuario ni contraseña",
        "Línea 5: «http://192.168.0.1/guia» use el nombre del sitio, no su dirección IP",
        "Línea 6: «http://intranet/guia» le falta el nombre del sitio, como www.ejemplo.gov.co",
        "Línea 7: escriba una dirección por línea, con su título antes, como «Guía rápida https://www.colombiacompra.gov.co/...»",
        "Línea 8: esa dirección ya está en la línea 1",
        "Línea 9: «https://sitio.gov.co:abc/» no es una dirección web válida",
    ]


@pytest.mark.parametrize("text", ["", "\x00", "https://", "http://ñ..co", "a" * 20_000, "https://" + "a" * 600 + ".co"])
def test_nonsense_is_refused_or_empty_never_a_crash(text):
    found, problems = parse(text)
    assert found == [] or problems == []
