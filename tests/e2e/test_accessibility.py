"""axe-core (WCAG 2.2 AA and best practice) finds no violation on the portal's pages at a phone's size."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from wizard import demo

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PUBLIC_PAGES = ["/", "/registro/", "/entrar", "/no-existe"]


def violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


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
