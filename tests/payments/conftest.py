"""The contracts' world (two entities, two suppliers, their users and contracts) for the payment requests' tests."""
from tests.contracts.conftest import as_user, world  # noqa: F401 - fixtures shared with the contracts' tests
