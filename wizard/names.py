"""Comparing organisations' names: "H & H Asociados S.A.S.", "H y H Asociados" and "hh asociados" are one name.

Case, accents, spaces and punctuation do not count, "&" and "y" are the same (and so neither counts), and the legal
form at the end ("S.A.S.", "Ltda.", "S.A.", "Limitada", ...) does not count either. accounts.match_key stores the
name's words run together, legal form included ("hhasociadossas"): a search matches the typed text's key, legal
form dropped ("hhasociados"), anywhere inside it (a key of one or two characters, "hh": at its start;
wizard/account_search.py reads the indexes); two names are the same when their keys are.
"""
import re

from wizard.text import fold

# Legal forms as the words they become once dots are gone ("S.A.S." -> "sas", "S. A. S." -> "s a s").
LEGAL_FORMS = [
    "sas", "s a s", "sa", "s a", "ltda", "limitada", "sociedad por acciones simplificada", "sociedad anonima",
    "s en c", "s en c s", "s en c a", "sca", "scs", "eu", "e u", "bic", "cia", "y cia", "e s p", "esp",
]
_FORMS = sorted(([w for w in form.split() if w != "y"] for form in LEGAL_FORMS), key=len, reverse=True)
_WORDS = re.compile(r"[^\W_]+")
MAX = 200
# A key shorter than this has no trigram (the index of "contains" on PostgreSQL would read every name): such a key
# is searched as the start of the name ("hh" finds "H&H Asociados", not "Inversiones H&H"), through a B-tree.
PREFIX_BELOW = 3


def words(name: str, legal_form: bool = False) -> list[str]:
    """The name's words, folded, without dots inside abbreviations, "&" and "y", and without the legal form at the
    end unless `legal_form` (a name that is only a legal form keeps it)."""
    found = [w for w in _WORDS.findall(fold(name).replace(".", "")) if w != "y"]
    stripped = not legal_form
    while stripped:
        stripped = False
        for form in _FORMS:
            if len(found) > len(form) and found[-len(form):] == form:
                found, stripped = found[:-len(form)], True
                break
    return found


def key(name: str) -> str:
    """The comparison key: the words run together, without the legal form ("hhasociados")."""
    return "".join(words(name))[:MAX]


def stored_key(name: str) -> str:
    """What accounts.match_key holds: the words run together with the legal form ("hhasociadossas"), so that what
    a person types matches inside it whether or not they typed the legal form."""
    return "".join(words(name, legal_form=True))[:MAX]


def same_name(match_key_column, name: str):
    """SQL: candidates for a name equal to `name` (their stored key starts with its key); check each with key()."""
    from wizard.text import like_pattern

    return match_key_column.like(like_pattern(key(name), folded=True)[1:], escape="\\")
