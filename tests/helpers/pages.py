"""Check a response as a page a person would get: status, redirect target, and sound HTML."""
from collections import Counter
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_targets: list[str] = []
        self.forms: list[dict] = []
        self.anchors: list[str] = []
        self.required_labels: list[str] = []  # the for= of labels drawn with the required « *»
        self.controls: dict[str, bool] = {}  # a form control's id -> whether it says it is required
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
            if "required" in (attrs.get("class") or "").split():
                self.required_labels.append(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("id"):
            self.controls[attrs["id"]] = "required" in attrs or attrs.get("aria-required") == "true"
        if tag == "form":
            self.forms.append(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("#") and len(attrs["href"]) > 1:
            self.anchors.append(attrs["href"][1:])
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def check_page(response, status: int = 200, location: str | None = None) -> str:
    """Assert the status (and redirect target), then that the HTML is sound; return the text."""
    assert response.status_code == status, f"{response.status_code} != {status}: {response.get_data(as_text=True)[:500]}"
    if location is not None:
        assert response.headers["Location"].endswith(location), response.headers.get("Location")
    html = response.get_data(as_text=True)
    if response.mimetype != "text/html" or not html:
        return html
    page = _Collector()
    page.feed(html)
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicates, f"ids repetidos: {duplicates}"
    missing = [t for t in page.label_targets if t not in page.ids]
    assert not missing, f"label for sin elemento: {missing}"
    assert all("action" in f for f in page.forms), "un formulario sin action"
    # the « *» is drawn by the stylesheet and read by no screen reader: the control itself must say it is required
    unsaid = [i for i in page.required_labels if i in page.controls and not page.controls[i]]
    assert not unsaid, f"campos obligatorios sin required ni aria-required: {unsaid}"
    if "<html" in html:
        assert page.title.strip(), "página sin título"
        # error summary and skip links lead somewhere (a fragment's links may point into the page around it)
        dead = [a for a in page.anchors if a not in page.ids]
        assert not dead, f"enlaces a ids que no existen: {dead}"
    return html
