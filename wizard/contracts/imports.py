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
    attached = sum(1 for c in made if c.supplier_account_id)
    flash(f"Se importaron {len(made)} contrato{'s' if len(made) != 1 else ''}, «En ejecución» y con su plan de "
          f"pagos mensual. {attached} ya quedaron asociados a la cuenta del contratista; los demás se asociarán "
          "cuando el contratista cree su cuenta.", "success")
    return redirect_to(url_for("contracts.contratos"))


@bp.get("/entidad/contratos/importar/plantilla.csv")
@login_required
def plantilla():
    entity_admin()
    return Response(csvimport.template(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="plantilla-contratos.csv"'})
