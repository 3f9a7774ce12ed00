""""Seguimiento": every person of a circular with their state and dates, the funnel, "Descargar CSV" and
"Enviar recordatorio"; a constant number of queries whatever the list's size, a page at a time."""
import csv
import io

from flask import Response, current_app, flash, request, url_for
from flask_login import current_user, login_required

from wizard.circulars import bp, follow, guard, service, waiting
from wizard.errors import Refused
from wizard.formatting import local_datetime
from wizard.htmx import is_htmx, redirect_to, render
from wizard.mail import deliver_soon
from wizard.routing import valid_id

FILTERS = [("", "Todos")] + list(follow.STATE_LABELS.items())
CSV_COLUMNS = ["Nombre", "Cédula o NIT", "Correo electrónico", "Origen", "Estado", "Invitación enviada",
               "Usuario registrado", "Usuario activado", "Cuenta de Proveedor creada", "Último recordatorio",
               "Recordatorios", "Contrato"]


def _filters(source) -> dict:
    estado = source.get("estado") or ""
    page = source.get("page", 1, type=int) or 1
    return {"estado": estado if estado in follow.STATE_LABELS else "", "q": follow.clean_query(source.get("q", "")),
            "page": max(1, min(page, 100_000))}


def _url(circular_id: int, filters: dict, endpoint: str = "circulars.tracking", **more) -> str:
    values = {k: v for k, v in {**filters, **more}.items() if v and not (k == "page" and v == 1)}
    return url_for(endpoint, circular_id=circular_id, **values)


def _page(circular, filters: dict, message=None, status: int = 200):
    counts = follow.counts(circular.id)
    total = (sum(counts.values()) if not filters["estado"] else counts[filters["estado"]]) if not filters["q"] \
        else follow.count(circular.id, filters["estado"], filters["q"])
    pages = max(1, -(-total // follow.PER_PAGE))
    page = min(filters["page"], pages)
    rows = follow.page(circular.id, filters["estado"], filters["q"], limit=follow.PER_PAGE,
                       offset=(page - 1) * follow.PER_PAGE)
    found = waiting.waiting_for(circular.account_id, [r.recipient.number for r in rows])
    for row in rows:
        row.waiting = found.get(row.recipient.number, [])
    return render("circulars/tracking.html", status=status, circular=circular, counts=counts,
                  funnel=follow.funnel(counts), labels=follow.STATE_LABELS, filters=filters,
                  filter_options=FILTERS, rows=rows, total=total, page=page, pages=pages, message=message,
                  page_url=lambda n: _url(circular.id, {**filters, "page": n}),
                  csv_url=_url(circular.id, {**filters, "page": 1}, "circulars.tracking_csv"),
                  every_days=service.REMINDER_EVERY.days, auto=(service.AUTO_REMINDER_AFTER.days,
                                                               service.AUTO_REMINDERS))


@bp.get("/cuenta/circulares/<int:circular_id>/seguimiento")
@login_required
def tracking(circular_id: int):
    circular, _ = guard.load(circular_id)
    return _page(circular, _filters(request.args))


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: never a formula ("=HYPERLINK(...)" typed as a name)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/cuenta/circulares/<int:circular_id>/seguimiento.csv")
@login_required
def tracking_csv(circular_id: int):
    """"Descargar CSV": the rows of the filter shown, all of them, for a spreadsheet (semicolons, UTF-8 with BOM)."""
    circular, _ = guard.load(circular_id)
    filters = _filters(request.args)
    rows = follow.rows(follow.listing(circular.id, filters["estado"], filters["q"]))
    found = waiting.waiting_for(circular.account_id, [r.recipient.number for r in rows])
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        r = row.recipient
        writer.writerow([_cell(v) for v in (
            r.name, r.number or "", r.email, "Lista" if r.listed else "Enlace de la circular", row.state_label,
            local_datetime(r.invited_at), local_datetime(row.registered_at), local_datetime(row.activated_at),
            local_datetime(row.account_at), local_datetime(r.reminded_at), r.reminders,
            ", ".join(w.label for w in found.get(r.number, [])))])
    name = f"seguimiento-circular-{circular.number}".replace(" ", "-").replace("/", "-")
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _message(outcome: service.Reminded) -> tuple[str, list[str]]:
    lines = []
    if outcome.sent:
        count = len(outcome.sent)
        head = f"Se envió el recordatorio a {count} {'persona' if count == 1 else 'personas'}: {', '.join(outcome.sent)}."
    else:
        head = "No se envió ningún recordatorio."
    for name, when in outcome.recent:
        lines.append(f"{name}: ya recibió un recordatorio el {local_datetime(when)}; se puede recordar una vez cada "
                     f"{service.REMINDER_EVERY.days} días.")
    for name in outcome.done:
        lines.append(f"{name}: ya tiene su Cuenta de Proveedor creada.")
    return head, lines


@bp.post("/cuenta/circulares/<int:circular_id>/recordatorios")
@login_required
def remind(circular_id: int):
    """"Enviar recordatorio" to the selected people not yet done, each at most once every three days."""
    circular, _ = guard.load(circular_id)
    filters = _filters(request.form)
    ids = [i for i in request.form.getlist("ids", type=int) if valid_id(i)][:follow.PER_PAGE * 2]
    if not ids:
        head, lines, ok = "Seleccione al menos una persona de la lista.", [], False
    else:
        try:
            outcome = service.remind(circular, current_user.id, ids)
        except Refused as refused:
            head, lines, ok = refused.message, [], False
        else:
            if outcome.sent:
                deliver_soon(current_app._get_current_object())
            head, lines = _message(outcome)
            ok = bool(outcome.sent)
    if is_htmx():
        return _page(circular, filters, message={"head": head, "lines": lines, "ok": ok},
                     status=200 if ok else 422)
    flash(head, "success" if ok else "warning")
    for line in lines:
        flash(line, "warning")
    return redirect_to(_url(circular.id, filters))


@bp.app_template_global()
def funnel_width(count: int, total: int, full: int = 300) -> int:
    """A bar's length in the funnel picture (SVG units): proportional, and never invisible when not zero."""
    if not total or not count:
        return 0
    return max(4, round(full * count / total))

