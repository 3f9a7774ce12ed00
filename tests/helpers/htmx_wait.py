"""Waiting for htmx the way a person's pace does: content swapped in is live only once htmx has settled it."""
from playwright.sync_api import Page


def settled(page: Page) -> None:
    """Wait until htmx has no request in flight and has settled its last swap."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')")
