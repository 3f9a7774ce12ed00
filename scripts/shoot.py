"""Screenshots of portal pages at a phone's size, for a person to look at.

`python scripts/shoot.py [--as USER] [--no-js] /path ...` serves the development database (run `make db` first) on a free
port, signs in as a demo user (README lists them) when asked, and writes full-page PNGs to /tmp/shots/.
"""
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from wizard import create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def main(paths: list[str], username: str | None = None, javascript: bool = True) -> None:
    app = create_app("development")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    out = Path("/tmp/shots")
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="es-CO",
                                java_script_enabled=javascript)
        if username:
            from wizard.demo import USERS

            page.goto(base + "/entrar")
            page.get_by_label("Nombre de usuario").fill(username)
            page.get_by_label("Contraseña").fill({u.username: u.password for u in USERS}[username])
            page.get_by_role("button", name="Entrar").click()
            page.get_by_role("button", name="Salir").wait_for()
        for path in paths:
            page.goto(base + path)
            name = out / (path.strip("/").replace("/", "_").replace("?", "_") or "home")
            page.screenshot(path=f"{name}.png", full_page=True)
            print(f"{name}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    args = sys.argv[1:]
    user = args.pop(args.index("--as") + 1) if "--as" in args else None
    javascript = "--no-js" not in args
    args = [a for a in args if a not in ("--as", "--no-js")]
    main(args or ["/"], user, javascript)
