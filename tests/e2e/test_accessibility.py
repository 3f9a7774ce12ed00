"""axe-core (WCAG 2.2 AA and best practice) finds no violation on the portal's pages at a phone's size."""
import pytest

from tests.helpers.axe import violations
from wizard import demo

PUBLIC_PAGES = ["/", "/registro/", "/entrar", "/no-existe"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_accessibility_violations(page, live_server, path):
    page.goto(live_server.url + path)
    assert violations(page) == []


def test_pages_with_errors_have_no_accessibility_violations(page, live_server):
    with live_server.app.app_context():
        demo.load()
    page.goto(live_server.url + "/registro/")
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_load_state()
    assert violations(page) == []
