"""The comparison key of an organisation's name: what makes "H & H Asociados S.A.S." and "hh asociados" one name.

Case, accents, spaces and punctuation do not count, "&" and "y" are the same (and so neither counts), and the legal
form at the end ("S.A.S.", "Ltda.", "S.A.", "Limitada", ...) is dropped. Searches match what is typed, keyed the same
way, inside the stored key (accounts.match_key); the duplicate check compares keys for equality.
"""
import re

from wizard.text import fold

# Legal forms as the words they become once dots are gone ("S.A.S." -> "sas", "S. A. S." -> "s a s").
LEGAL_FORMS = [
    "sas", "s a s", "sa", "s a", "ltda", "limitada", "sociedad por acciones simplificada", "sociedad anonima",
    "s en c", "s en c s", "s en c a", "sca", "scs", "eu", "e u", "bic", "cia", "y cia", "e s p", "esp",
]
_FORMS = sorted((form.split() for form in LEGAL_FORMS), key=len, reverse=True)
_WORDS = re.compile(r"[^\W_]+")


def words(name: str) -> list[str]:
    """The name's words, folded, without dots inside abbreviations, "&" and "y", or a legal form at the end."""
    found = [w for w in _WORDS.findall(fold(name).replace(".", "")) if w != "y"]
    stripped = True
    while stripped:
        stripped = False
        for form in _FORMS:
            if len(found) > len(form) and found[-len(form):] == [w for w in form if w != "y"]:
                found = found[:-len([w for w in form if w != "y"])]
                stripped = True
                break
    return found


def key(name: str) -> str:
    """The name's comparison key: its words run together ("hhasociados"); at most 200 characters."""
    return "".join(words(name))[:200]


def contains_name(name_key_column, match_key_column, typed: str):
    """SQL: the folded name contains what was typed, or its key contains the typed text's key (both indexed)."""
    from sqlalchemy import or_

    from wizard.text import contains, like_pattern

    typed_key = key(typed)
    if not typed_key:
        return contains(name_key_column, typed)
    return or_(contains(name_key_column, typed), match_key_column.like(like_pattern(typed_key, folded=True), escape="\\"))
