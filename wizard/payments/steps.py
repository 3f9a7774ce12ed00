"""The contractor's request, each step a real URL saved as it is passed: "Factura o cuenta de cobro", "Valores",
"Anexar documentos", "Confirmar" ("Enviar"), then the receipt. A plain browser gets 303 to the next step (or 422
with the errors and what was typed); htmx gets the same answers swapped into <main>."""
from flask import abort, flash, request, url_for
from flask_login import current_user, login_required

from wizard import cufe
from wizard.errors import Refused
from wizard.extensions import db
from wizard.forms import check_field
from wizard.htmx import redirect_to, render
from wizard.models import Contract, Instalment, PaymentState
from wizard.payments import bp, queries, rules, service
from wizard.payments.access import editable_or_back, supplier_of, suppliers_request
from wizard.payments.chosen import attach_chosen
from wizard.payments.forms import NO_CSRF, InvoiceForm, PayrollForm, ValuesForm
from wizard.payments.pages import after, documents_page, progress, summary_context


def invoice_page(contract, found, form, status=200, checked=None, instalment=None):
    code = cufe.normalise(form.cufe.data)
    return render("payments/factura.html", form=form, status=status, checked=checked, instalment=instalment,
                  dian=cufe.lookup_url(code) if code and cufe.is_valid(code) else None,
                  **progress(contract, found, "factura"))


def _checking(form) -> bool:
    """"Validar el CUFE" asks about the CUFE alone: only its check answers (no message on the other fields)."""
    if "validar" not in request.form:
        return False
    check_field(form, "cufe")  # its form and that no other request has it
    return True


def _instalment(contract: Contract) -> Instalment | None:
    """The planned instalment named in ?cuota= (a "Registro"), which must be the contract's; None for "Crear"."""
    raw = request.values.get("cuota", "")
    if not raw:
        return None
    if not raw.isdecimal() or len(raw) > 9:
        abort(404)
    instalment = db.session.get(Instalment, int(raw))
    if instalment is None or instalment.contract_id != contract.id:
        abort(404)
    return instalment


@bp.route("/contratos/<int:contract_id>/pagos/nuevo", methods=["GET", "POST"])
@login_required
def nuevo(contract_id: int):
    """Step 1 of a new request ("Registro" of a planned instalment, or "Crear" outside the plan)."""
    contract = db.session.get(Contract, contract_id)
    supplier_of(contract)
    if service.closed_message(contract):
        flash(service.closed_message(contract) + ".", "warning")
        return redirect_to(url_for("contracts.detail", contract_id=contract.id) + "#plan-de-pagos")
    instalment = _instalment(contract)
    if instalment is not None and (existing := queries.for_instalment(instalment.id)) is not None:
        return _made_already(existing, instalment)  # a second tap, or a second tab: it is made
    proposed = rules.proposed_number(queries.count_before(contract.id))
    if request.method == "GET":
        form = InvoiceForm(formdata=None, data={"numero": ""}, proposed=proposed, meta=NO_CSRF)
        return invoice_page(contract, None, form, instalment=instalment)
    form = InvoiceForm(proposed=proposed, meta=NO_CSRF)
    checking = _checking(form)
    if checking or not form.validate():
        return invoice_page(contract, None, form, 200 if checking and not form.cufe.errors else 422,
                            checked=checking, instalment=instalment)
    try:
        found = service.create(contract, instalment.id if instalment else None, current_user.id, form.values())
    except Refused as refused:
        existing = queries.for_instalment(instalment.id) if instalment else None
        if existing is not None:
            return _made_already(existing, instalment)
        form.form_errors.append(refused.message)
        return invoice_page(contract, None, form, 422, instalment=instalment)
    return after(found, "factura")


def _same_answers(existing) -> bool:
    """This POST sends what the request made meanwhile holds (the first of two taps on «Continuar» made it)."""
    if request.method != "POST" or existing.created_by_id != current_user.id \
            or existing.state != PaymentState.EN_EDICION:
        return False
    form = InvoiceForm(request_id=existing.id, proposed=existing.number, meta=NO_CSRF)
    if not form.validate():
        return False
    values = form.values()
    return (existing.invoices, existing.number, existing.cufe) == (values["invoices"], values["number"],
                                                                   values["cufe"])


def _made_already(existing, instalment):
    """The instalment's request made meanwhile (a second tap, another tab): its page, saying why the answers of this
    one are not there, rather than a silent change of page; a second tap with the same answers goes on as the first
    did."""
    if _same_answers(existing):
        return after(existing, "factura")
    message = (f"La cuota {instalment.number} ya tiene la solicitud de pago {existing.number} "
               f"(«{existing.state_label}»): no se creó otra.")
    if request.method == "POST":
        message += " Lo que eligió en esta página no se guardó: revíselo en esta solicitud."
    flash(message, "info")
    return redirect_to(url_for("payments.detail", payment_id=existing.id))


def _editable(payment_id: int):
    found, _ = suppliers_request(payment_id)
    return found, editable_or_back(found)


@bp.route("/pagos/<int:payment_id>/factura", methods=["GET", "POST"])
@login_required
def factura(payment_id: int):
    found, stop = _editable(payment_id)
    if stop:
        return stop
    proposed = rules.proposed_number(queries.count_before(found.contract_id, found.id))
    if request.method == "GET":
        form = InvoiceForm(formdata=None, data=InvoiceForm.initial(found), proposed=proposed, meta=NO_CSRF)
        return invoice_page(found.contract, found, form, instalment=found.instalment)
    form = InvoiceForm(request_id=found.id, proposed=proposed, meta=NO_CSRF)
    checking = _checking(form)
    if checking or not form.validate():
        return invoice_page(found.contract, found, form, 200 if checking and not form.cufe.errors else 422,
                            checked=checking, instalment=found.instalment)
    try:
        service.save(found, form.values())
    except Refused as refused:
        if refused.message == service.IMMUTABLE:
            return editable_or_back(db.session.get(type(found), found.id))
        form.cufe.errors = [refused.message]
        return invoice_page(found.contract, found, form, 422, instalment=found.instalment)
    return after(found, "factura")


@bp.route("/pagos/<int:payment_id>/valores", methods=["GET", "POST"])
@login_required
def valores(payment_id: int):
    found, stop = _editable(payment_id)
    if stop:
        return stop
    if request.method == "GET":
        form = ValuesForm(formdata=None, data=ValuesForm.initial(found), found=found, meta=NO_CSRF)
        return render("payments/valores.html", form=form, **progress(found.contract, found, "valores"))
    form = ValuesForm(found=found, meta=NO_CSRF)
    if not form.validate():
        return render("payments/valores.html", form=form, status=422, **progress(found.contract, found, "valores"))
    try:
        service.save(found, form.values())
    except Refused:
        return editable_or_back(db.session.get(type(found), found.id))
    return after(found, "valores")


@bp.route("/pagos/<int:payment_id>/documentos", methods=["GET", "POST"])
@login_required
def documentos(payment_id: int):
    """Step 3: the documents (each attached by its own form) and the payroll's number and day; "Continuar"."""
    found, stop = _editable(payment_id)
    if stop:
        return stop
    if request.method == "GET":
        return documents_page(found, PayrollForm(formdata=None, data=PayrollForm.initial(found), meta=NO_CSRF))
    form = PayrollForm(meta=NO_CSRF)
    required = queries.required_documents(found)
    ok = form.validate() if "planilla" in required else True  # no planilla asked: no number or day either
    errors = attach_chosen(found, required)  # a file chosen and then "Continuar": attached all the same
    if errors is None:
        return editable_or_back(db.session.get(type(found), found.id))
    attached = queries.documents(found.id)
    errors |= {slot: f"Anexe el documento «{rules.DOCUMENTS[slot]}»: es obligatorio"
               for slot in required if slot not in attached and slot not in errors}
    if ok and "planilla" in required:  # the numbers typed are kept even while a document is missing
        try:
            service.save(found, form.values())
        except Refused:
            return editable_or_back(db.session.get(type(found), found.id))
    if not ok or errors:
        return documents_page(found, form, 422, errors, required)
    return after(found, "documentos")


@bp.route("/pagos/<int:payment_id>/confirmar", methods=["GET", "POST"])
@login_required
def confirmar(payment_id: int):
    """Every answer on one page with a link to change each; "Enviar" sends it to the entity."""
    found, stop = _editable(payment_id)
    if stop:
        return stop
    error = None
    if request.method == "POST":
        try:
            service.send(found, current_user.id)
        except Refused as refused:
            db.session.rollback()
            again = db.session.get(type(found), found.id)
            if not again.editable:  # a second tap on "Enviar": it is sent
                return redirect_to(url_for("payments.radicado", payment_id=found.id))
            error = refused.message
        else:
            return redirect_to(url_for("payments.radicado", payment_id=found.id))
    required = queries.required_documents(found)
    return render("payments/confirmar.html", missing=service.missing(found, required), error=error, required=required,
                  status=422 if error else 200, **summary_context(found), **progress(found.contract, found, "confirmar"))


@bp.get("/pagos/<int:payment_id>/radicado")
@login_required
def radicado(payment_id: int):
    """The receipt: the "Número de radicación" and what happens next."""
    found, _ = suppliers_request(payment_id)
    if not found.filing_number:
        return redirect_to(url_for("payments.confirmar", payment_id=found.id))
    return render("payments/radicado.html", found=found, contract=found.contract)
