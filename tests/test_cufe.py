"""The CUFE rule: 96 hexadecimal characters however they are pasted, and DIAN's look-up link."""
import pytest

from wizard import cufe

VALID = cufe.compute("SETP990000002", "2026-03-01", "10:15:00-05:00", "3000000.00", "570000.00", "0.00", "0.00",
                     "3570000.00", "900544472", "1094265871", "fc8eac422eba16e22ffd8c6f94b3f40a6e38162c")


def test_dians_rule_gives_96_lower_case_hexadecimal_characters():
    assert len(VALID) == 96 and VALID == VALID.lower() and cufe.is_valid(VALID)


@pytest.mark.parametrize("pasted", [
    VALID.upper(),
    " ".join(VALID[i:i + 8] for i in range(0, 96, 8)),
    VALID[:48] + "\n" + VALID[48:] + "\n",
    "CUFE: " + VALID,
    "\t" + VALID[:32] + "\r\n" + VALID[32:64] + " \u200b" + VALID[64:],
])
def test_a_cufe_pasted_in_capitals_with_spaces_or_across_lines_is_the_same_cufe(pasted):
    assert cufe.normalise(pasted) == VALID and cufe.problem(pasted) is None


@pytest.mark.parametrize("typed, words", [
    ("", "Escriba el CUFE"),
    (VALID[:95], "tiene 96 caracteres y usted escribió 95"),
    (VALID + "a", "usted escribió 97"),
    (VALID[:95] + "g", "revise el carácter «g»"),
    (VALID[:95] + "é", "revise el carácter «é»"),
])
def test_what_is_not_a_cufe_is_refused_with_what_to_fix(typed, words):
    assert words in cufe.problem(typed)
    assert not cufe.is_valid(typed)


def test_the_lookup_link_is_dians_public_page_of_that_cufe():
    assert cufe.lookup_url(VALID.upper()) == f"https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey={VALID}"
