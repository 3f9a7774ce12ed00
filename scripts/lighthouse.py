"""Lighthouse's mobile audit of the public pages, for `make bench` (issue 11: performance and accessibility 100).

Lighthouse 12 (npm, installed by `make bench` into .cache/lighthouse: 13 wants a newer Node than Debian's) drives
Debian's Chromium with its default mobile settings: a phone's screen, 4x slower CPU, a slow 4G link. A page served
by the bench's gunicorn is audited three times and the median is judged, as Lighthouse's own guidance advises (a
score moves with the machine's minute: its CPU benchmark index is printed beside it).

    python scripts/lighthouse.py http://127.0.0.1:5000   # the same audit against any running portal
"""
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility")
TARGET = 100
RUNS = 3  # a score moves with the machine's minute: the median of three is judged, as Lighthouse advises

# the pages a person reaches without an account (the demo circular's public link is in the demo data)
PAGES = [
    ("Inicio", "/"),
    ("Sección 1 (registro)", "/registro/"),
    ("Entrar", "/entrar"),
    ("Olvidé mi contraseña", "/entrar/olvide-contrasena"),
    ("Circular pública", "/circular/hospital-pamplona-0014-2026"),
    ("Tratamiento de datos", "/privacidad"),
]


def available() -> bool:
    return LIGHTHOUSE.exists()


def audit(url: str) -> tuple[dict[str, int], float, str]:
    """({category: score 0-100}, the CPU benchmark index Lighthouse measured, what went wrong or "") for one run.

    A run that fails (no Chromium, a crash, three minutes without an answer, an error page) scores 0 and says
    why; Lighthouse's Chromium is started in a process group of its own and stopped with it."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        process = subprocess.Popen(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = process.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            _, err = b"", b"sin respuesta en 3 minutos"
        finally:
            try:  # whatever Lighthouse left running (its Chromium) goes with it
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.communicate()
        try:
            result = json.loads(report.read_text())
        except (OSError, ValueError):
            return dict.fromkeys(CATEGORIES, 0), 0.0, err.decode(errors="replace").strip()[-300:] or "falló"
    problem = (result.get("runtimeError") or {}).get("message", "")
    scores = {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    return scores, result["environment"].get("benchmarkIndex", 0.0), problem


def judged(base: str, path: str) -> tuple[dict[str, int], float, str]:
    """(the median scores of RUNS runs, their median benchmark index, the first problem a run reported)."""
    runs = [audit(base + path) for _ in range(RUNS)]
    scores = {name: int(statistics.median(run[0][name] for run in runs)) for name in CATEGORIES}
    return scores, statistics.median(run[1] for run in runs), next((run[2] for run in runs if run[2]), "")


def report(base: str, judge=None) -> list[str]:
    """Print each public page's scores; the pages under the target are returned (and passed to `judge`)."""
    missed = []
    print("\nLighthouse móvil (Chromium, CPU 4x más lenta, 4G lenta; objetivo 100 en rendimiento y accesibilidad):")
    if not available():
        print(f"  no está instalado ({LIGHTHOUSE.relative_to(ROOT)}: `make bench` lo instala)  "
              f"{judge(False, 'Lighthouse') if judge else 'MISSED'}")
        return ["Lighthouse"]
    for label, path in PAGES:
        scores, index, problem = judged(base, path)
        ok = min(scores.values()) >= TARGET
        if not ok:
            missed.append(f"Lighthouse {label}")
        verdict = judge(ok, f"Lighthouse {label}") if judge else ("ok" if ok else "MISSED")
        print(f"  {label:30} rendimiento {scores['performance']:3}  accesibilidad {scores['accessibility']:3}  "
              f"(mediana de {RUNS}, índice de CPU {index:.0f})  {verdict}" + (f"\n    {problem}" if problem else ""),
              flush=True)
    return missed


if __name__ == "__main__":
    if not available():
        sys.exit(f"Falta Lighthouse: npm install --prefix {LIGHTHOUSE.parents[2]} lighthouse@12.8.2")
    sys.exit(1 if report(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:5000") else 0)
