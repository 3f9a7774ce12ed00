""""Crear contrato": each step a real URL, saved as it is passed; the same steps correct a registered contract.

A plain browser gets 303 to the next step (or 422 with the errors and what was typed); htmx gets the same answers
swapped into <main>. On a contract "En ejecución" a step's "Guardar corrección" records the change as an event.
"""
from flask import abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from wizard.contracts import bp, instalments, service
from wizard.contracts.access import admins_contract, entity_admin
from wizard.contracts.pages import after, choice_labels, editable, progress, seen_version
from wizard.contracts.forms import NO_CSRF, BudgetForm, ContractorForm, DataForm, PlanForm
from wizard.errors import Refused
from wizard.extensions import db
from wizard.formatting import pesos
from wizard.forms import check_field, field_check_response
from wizard.htmx import redirect_to, render

def save(contract, step: str, form, template: str, values: dict, **extra):
    try:
        changed = service.update(contract, values, current_user.id, seen_version())
    except Refused as refused:
        form.form_errors.append(refused.message)
        return render(template, form=form, status=422, **extra, **progress(contract, step))
    return after(contract, step, changed)


@bp.route("/entidad/contratos/nuevo", methods=["GET", "POST"])
@login_required
def new():
    """Step 1 of a new contract: saving it makes the contract "En edición"."""
    me = entity_admin()
    if request.method == "POST":
        # A second tap on "Continuar", or Back and "Continuar" again: the user's own draft of that number, just made
        own = service.recent_draft(me.account_id, current_user.id, request.form.get("numero", ""))
        if own is not None:
            return datos(own.id)
    form = DataForm(account_id=me.account_id, meta=NO_CSRF) if request.method == "POST" else \
        DataForm(formdata=None, account_id=me.account_id, meta=NO_CSRF)
    if request.method == "POST" and form.validate():
        try:
            contract = service.create(me.account_id, current_user.id, form.values())
        except Refused as refused:
            form.numero.errors = [refused.message]
        else:
            return redirect_to(url_for("contracts.contratista", contract_id=contract.id))
    return render("contracts/datos.html", form=form, status=422 if request.method == "POST" else 200,
                  drafts=service.drafts_of(me.account_id, current_user.id), **progress(None, "datos"))


@bp.route("/entidad/contratos/<int:contract_id>/datos", methods=["GET", "POST"])
@login_required
def datos(contract_id: int):
    me, contract, stop = editable(contract_id)
    if stop:
        return stop
    if request.method == "GET":
        form = DataForm(formdata=None, data=DataForm.initial(contract), account_id=me.account_id,
                        contract_id=contract.id, meta=NO_CSRF)
        return render("contracts/datos.html", form=form, **progress(contract, "datos"))
    form = DataForm(account_id=me.account_id, contract_id=contract.id, meta=NO_CSRF)
    if not form.validate():
        return render("contracts/datos.html", form=form, status=422, **progress(contract, "datos"))
    try:
        changed = service.update(contract, form.values(), current_user.id, seen_version())
    except Refused as refused:
        form.form_errors.append(refused.message)
        return render("contracts/datos.html", form=form, status=422, **progress(contract, "datos"))
    if changed and not contract.is_draft and service.plan_problems(contract):
        flash("El valor o las fechas cambiaron y el plan de pagos ya no cuadra: ajústelo ahora.", "warning")
        return redirect_to(url_for("contracts.cuotas", contract_id=contract.id))
    return after(contract, "datos", changed)


def contractor_form(me, contract=None, formdata=None):
    kwargs = {"account_id": me.account_id, "entity_nit": me.account.nit, "meta": NO_CSRF}
    if formdata is None:
        return ContractorForm(formdata=None, data=ContractorForm.initial(contract), **kwargs)
    return ContractorForm(formdata=formdata, **kwargs)


@bp.route("/entidad/contratos/<int:contract_id>/contratista", methods=["GET", "POST"])
@login_required
def contratista(contract_id: int):
    """Step 2: the contractor's NIT or cédula (shown by name when registered) and the supervisor."""
    me, contract, stop = editable(contract_id)
    if stop:
        return stop
    if request.method == "GET":
        form = contractor_form(me, contract)
        if contract.contractor_nit:  # say again whose number it is
            check_field(form, "nit")
        return render("contracts/contratista.html", form=form, looked_up=bool(contract.contractor_nit),
                      **progress(contract, "contratista"))
    form = contractor_form(me, formdata=request.form)
    if "buscar" in request.form:  # without JavaScript: who has this number?
        check_field(form, "nit")
        return render("contracts/contratista.html", form=form, looked_up=True, **progress(contract, "contratista"))
    if not form.validate():
        return render("contracts/contratista.html", form=form, status=422, looked_up=True,
                      **progress(contract, "contratista"))
    return save(contract, "contratista", form, "contracts/contratista.html", form.values(), looked_up=True)


@bp.post("/entidad/contratos/contratista/validar")
@login_required
def check_contractor():
    """A field of step 2 checked as the user leaves it: the number answers with the contractor's name when known."""
    me = entity_admin()
    form = contractor_form(me, formdata=request.form)
    name = request.args.get("campo", "")
    if name == "nit":
        check_field(form, "nit")
        return render_template("contracts/_contractor_status.html", form=form, looked_up=True)
    if name not in ("nombre", "supervisor"):
        abort(400)
    check_field(form, "nit")
    return field_check_response(form, name)


@bp.route("/entidad/contratos/<int:contract_id>/presupuesto", methods=["GET", "POST"])
@login_required
def presupuesto(contract_id: int):
    """Step 3: CDP, RP, rubro and fuente de los recursos."""
    _, contract, stop = editable(contract_id)
    if stop:
        return stop
    if request.method == "GET":
        form = BudgetForm(formdata=None, data=BudgetForm.initial(contract), meta=NO_CSRF)
        return render("contracts/presupuesto.html", form=form, **progress(contract, "presupuesto"))
    form = BudgetForm(meta=NO_CSRF)
    if not form.validate():
        return render("contracts/presupuesto.html", form=form, status=422, **progress(contract, "presupuesto"))
    return save(contract, "presupuesto", form, "contracts/presupuesto.html", form.values())


def plan_page(contract, form, status=200, notice=None):
    return render("contracts/cuotas.html", form=form, status=status, notice=notice, **progress(contract, "cuotas"))


def plan_form(contract, rows: list[dict]) -> PlanForm:
    return PlanForm(formdata=None, data={"cuotas": rows}, contract=contract, meta=NO_CSRF)


@bp.route("/entidad/contratos/<int:contract_id>/cuotas", methods=["GET", "POST"])
@login_required
def cuotas(contract_id: int):
    """Step 4, the planned payments: "Generar cuotas", "Agregar cuota", "Quitar", each row editable."""
    _, contract, stop = editable(contract_id)
    if stop:
        return stop
    if request.method == "GET":
        return plan_page(contract, plan_form(contract, PlanForm.initial(contract)))
    form = PlanForm(contract=contract, meta=NO_CSRF)
    rows = [{"fecha": e.form.fecha.data or "", "valor": e.form.valor.data or ""} for e in form.cuotas.entries]
    if "generar" in request.form:
        plan = instalments.generate(contract.value, contract.starts_on, contract.ends_on)
        rows = [{"fecha": p.due_on.isoformat(), "valor": pesos(p.value)} for p in plan]
        notice = (f"Se generaron {len(rows)} cuotas mensuales. Revíselas, cambie lo que necesite y pulse "
                  f"«{'Guardar corrección' if not contract.is_draft else 'Continuar'}».")
        return plan_page(contract, plan_form(contract, rows), notice=notice)
    if "agregar" in request.form or "quitar" in request.form:
        if "agregar" in request.form and len(rows) < instalments.MAX_INSTALMENTS:
            rows.append({"fecha": "", "valor": ""})
        remove = request.form.get("quitar", "")
        if remove.isdecimal() and len(remove) < 4 and int(remove) < len(rows):
            rows.pop(int(remove))
        return plan_page(contract, plan_form(contract, rows))
    if not form.validate():
        return plan_page(contract, form, status=422)
    try:
        changed = service.set_plan(contract, form.plan(), current_user.id, seen_version())
    except Refused as refused:
        form.form_errors.append(refused.message)
        return plan_page(contract, form, status=422)
    return after(contract, "cuotas", changed)


@bp.route("/entidad/contratos/<int:contract_id>/confirmar", methods=["GET", "POST"])
@login_required
def confirmar(contract_id: int):
    """The last step: every answer with a link to change it; "Crear contrato" registers it "En ejecución"."""
    _, contract = admins_contract(contract_id)
    if not contract.is_draft:
        return redirect_to(url_for("contracts.detail", contract_id=contract.id))
    error = None
    if request.method == "POST":
        try:
            service.register(contract, current_user.id)
        except Refused as refused:
            db.session.rollback()
            if not service.entity_contract(contract.account_id, contract.id).is_draft:  # a second tap: it is made
                return redirect_to(url_for("contracts.detail", contract_id=contract.id))
            error = refused.message
        else:
            flash(f"Contrato {contract.number} creado: está «En ejecución»." + (
                " Se avisó al contratista por correo." if contract.supplier_account_id else
                " Se asociará a la cuenta del contratista en cuanto la cree con su NIT o cédula."), "success")
            return redirect_to(url_for("contracts.detail", contract_id=contract.id))
    return render("contracts/confirmar.html", missing=service.missing(contract), error=error,
                  documents=service.documents(contract.id), status=422 if error else 200,
                  **choice_labels(contract), **progress(contract, "confirmar"))
