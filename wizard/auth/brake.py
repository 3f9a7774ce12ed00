"""The brake on guessing passwords, without handing anyone a way to lock the owner out.

- Per address: 20 failed sign-ins in 10 minutes, whatever the names (a route limit on "Entrar").
- Per user name and address: 5 failed sign-ins in 10 minutes (a route limit): the guesser's address is refused
  for a while, the owner elsewhere is not.
- Per user name from anywhere: after 10 failures in an hour the name is "under attack": the password alone no
  longer signs in, the same page answers right and wrong passwords alike (so guessing learns nothing), and the
  right password brings the owner a one-time link by email (see service.send_sign_in_link).

Every counter keys on the name exactly as sign-in looks it up (the form's value: NULs dropped, trimmed, folded),
whether the body came as a form or as JSON.
"""
from wizard import quotas
from wizard.auth.forms import LoginForm
from wizard.models import User

LIMIT_ADDRESS = "20 per 10 minutes"
LIMIT_USER_ADDRESS = "5 per 10 minutes"
LIMIT_USER = "10 per hour"
WAIT_MINUTES = 10


def login_name() -> str:
    """The user name of this sign-in request as authenticate() will look it up."""
    value = LoginForm(meta={"csrf": False}).username.data
    return User.key(value if isinstance(value, str) else "")[:254]


def user_address_key() -> str:
    return f"entrar:{login_name()}|{quotas.address()}"


def under_attack(name: str) -> bool:
    return quotas.used_up(LIMIT_USER, "entrar-usuario", name)


def count_failure(name: str) -> None:
    quotas.spend(LIMIT_USER, "entrar-usuario", name)
