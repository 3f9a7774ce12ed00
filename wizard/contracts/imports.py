""""Importar contratos": upload a CSV; every problem is listed by line and column and nothing is imported until the
file is clean; the template to fill in can be downloaded."""
from flask import Response, flash, request, url_for
from flask_login import current_user, login_required

from wizard import attachments, filechecks
from wizard.contracts import bp, csvimport, importing
from wizard.contracts.access import entity_admin
from wizard.errors import Refused
from wizard.htmx import redirect_to, render
from wizard.reference import contract_types, funding_sources, modalities


def page(status=200, outcome=None, error=None, filename=""):
    return render("contracts/import.html", status=status, outcome=outcome, error=error, filename=filename,
                  columns=csvimport.COLUMNS, max_rows=csvimport.MAX_ROWS, max_label=attachments.max_label(),
                  lists={"Tipo de contrato": contract_types(), "Modalidad de contratación": modalities(),
                         "Fuente de los recursos": funding_sources()})


@bp.route("/entidad/contratos/importar", methods=["GET", "POST"])
@login_required
def importar():
    me = entity_admin()
    if request.method == "GET":
        return page()
    upload = request.files.get("archivo")
    if upload is None or not upload.filename:
        return page(422, error="Elija el archivo CSV con los contratos")
    checked = filechecks.check(upload.stream, upload.filename, attachments.max_bytes())
    if checked.problem:
        return page(422, error=checked.problem, filename=upload.filename)
    outcome = csvimport.check(checked.data, importing.EntityLookups(me.account_id, me.account.nit))
    if outcome.problems:
        return page(422, outcome=outcome, filename=filechecks.display_name(upload.filename))
    try:
        made = importing.import_contracts(me.account_id, current_user.id, outcome.rows)
    except Refused as refused:
        return page(422, error=refused.message, filename=upload.filename)
    what = "Se importó 1 contrato" if len(made) == 1 else f"Se importaron {len(made)} contratos"
    flash(f"{what}, «En ejecución» y con su plan de pagos mensual. "
          f"{_attached_sentence(len(made), sum(1 for c in made if c.supplier_account_id))}", "success")
    return redirect_to(url_for("contracts.contratos"))


def _attached_sentence(made: int, attached: int) -> str:
    """Which contracts joined their contractor's account now, and what the others wait for (true for 0, 1 or all)."""
    if attached == made:
        return "Quedó asociado a la cuenta de su contratista." if made == 1 else \
            "Todos quedaron asociados a la cuenta de su contratista."
    if attached == 0:
        return "Su contratista aún no tiene cuenta en el portal: el contrato se asociará a ella cuando la cree." \
            if made == 1 else ("Sus contratistas aún no tienen cuenta en el portal: cada contrato se asociará a la "
                               "de su contratista cuando la cree.")
    joined = "1 quedó asociado" if attached == 1 else f"{attached} quedaron asociados"
    others = "el otro se asociará" if made - attached == 1 else "los demás se asociarán"
    return f"{joined} a la cuenta de su contratista; {others} cuando su contratista cree la cuenta."


@bp.get("/entidad/contratos/importar/plantilla.csv")
@login_required
def plantilla():
    entity_admin()
    return Response(csvimport.template(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="plantilla-contratos.csv"'})
