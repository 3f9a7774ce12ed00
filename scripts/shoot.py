"""Screenshots of portal pages at a phone's size, for a person to look at: `python scripts/shoot.py /path ...`.

Serves the development database (run `make db` first) on a free port and writes PNGs to /tmp/shots/.
"""
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from wizard import create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def main(paths: list[str]) -> None:
    app = create_app("development")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    out = Path("/tmp/shots")
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="es-CO")
        for path in paths:
            page.goto(base + path)
            name = out / (path.strip("/").replace("/", "_").replace("?", "_") or "home")
            page.screenshot(path=f"{name}.png", full_page=True)
            print(f"{name}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:] or ["/"])
