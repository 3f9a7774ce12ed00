"""Steps 1 and 2 of the account wizard: the kind of account and the entity form, with its field checks."""
from flask import abort, flash, render_template, request, session, url_for
from flask_login import current_user, login_required

from wizard import arrival, nit
from wizard.accounts import bp, filling, service
from wizard.accounts.forms import MAX_ROWS
from wizard.accounts.service import STEPS
from wizard.accounts.steps import JUST_CREATED, already_created, guard, progress
from wizard.forms import check_field, field_check_response
from wizard.htmx import redirect_to, render
from wizard.reference import municipalities, municipality, search_municipalities


@bp.get("/cuenta/nueva")
@login_required
def start():
    """Start the wizard (keeping the name and NIT typed in section 3), or resume it where the user left it."""
    session.pop(JUST_CREATED, None)  # starting again on purpose: a second account is welcome
    draft = service.get_or_create_draft(current_user.id)
    prefill = {k: request.args.get(k, "").replace("\x00", "")[:200] for k in ("nombre", "nit") if request.args.get(k)}
    if "nit" in prefill:  # section 3 accepts "900373923-8"; the form wants the NIT without its check digit
        prefill["nit"] = nit.normalise(prefill["nit"])
    entity = service.answers(draft, "formulario")
    if prefill and not entity.get("nombre") and not entity.get("nit"):
        service.save(draft, "formulario", {**entity, **prefill})
    # a contractor of a circular's list (their cédula), or "como persona natural": a persona natural, their name
    from_list = arrival.account_prefill(natural=request.args.get("como") == "persona-natural")
    if from_list and not service.answers(draft, "tipo").get("organizacion"):  # nothing chosen yet, or never
        service.save(draft, "tipo", from_list["tipo"])
        typed = {k: v for k, v in service.answers(draft, "formulario").items() if v}
        service.save(draft, "formulario", {**from_list["formulario"], **typed})
    return redirect_to(url_for(f"accounts.{STEPS[service.open_step(draft)]}"))


@bp.route("/cuenta/nueva/tipo", methods=["GET", "POST"])
@login_required
def tipo():
    """Step 1: País, Tipo, Área de negocio and Tipo de organización, then "Generar formulario"."""
    if service.get_draft(current_user.id) is None and (done := already_created()):
        return done
    draft = service.get_or_create_draft(current_user.id)
    if request.method == "GET":
        return render("accounts/tipo.html", form=service.kind_form(draft), **progress("tipo", draft))
    data = service.kind_answers(request.form)
    form = service.kind_form(None, formdata=service.to_formdata(data))
    passed = form.validate()
    service.save(draft, "tipo", data, passed=passed)
    if passed:
        return redirect_to(url_for("accounts.formulario"))
    return render("accounts/tipo.html", form=form, status=422, **progress("tipo", draft))


def municipio_options(form, query: str = "") -> list:
    """The municipalities to offer: a search's results, else the chosen department's, with the chosen one kept."""
    if query:
        options = search_municipalities(query)
    elif form.departamento.data:
        code = form.departamento.data
        options = sorted((m for m in municipalities().values() if m.department_code == code), key=lambda m: m.name)
    else:
        options = []
    chosen = municipality(form.municipio.data)
    if chosen and chosen not in options:
        options.insert(0, chosen)
    return options


def entity_page(draft, form, status=200, query=""):
    return render("accounts/formulario.html", form=form, status=status, query=query,
                  options=municipio_options(form, query), **progress("formulario", draft))


@bp.route("/cuenta/nueva/formulario", methods=["GET", "POST"])
@login_required
def formulario():
    """Step 2: the entity form; "Agregar"/"Quitar" edit the financial rows, "Guardar y salir" keeps it unfinished."""
    draft, redirect = guard("formulario")
    if redirect:
        return redirect
    if request.method == "GET":
        form = service.entity_form(draft)
        if form.natural:
            filling.own_contacts(form, current_user)
        return entity_page(draft, form, query=request.args.get("q", "")[:60])
    data = service.entity_answers(request.form)
    query = request.form.get("q", "")[:60]
    if "agregar" in request.form:  # a row with wrong amounts is refused before another is added
        rows = service.entity_form(draft, formdata=service.to_formdata(data), meta=service.NO_CSRF)
        if not all(row.validate() for row in rows.rows()):
            service.save(draft, "formulario", data)
            return entity_page(draft, rows, status=422, query=query)
    if "agregar" in request.form or "quitar" in request.form or "buscar_municipio" in request.form:
        if "agregar" in request.form and len(data["anios"]) < MAX_ROWS:
            data["anios"].append({"anio": ""})
        remove = request.form.get("quitar", "")
        # a row's index has at most two digits (MAX_ROWS); int() of thousands of digits raises (a 500)
        if remove.isascii() and remove.isdecimal() and len(remove) <= 2 and int(remove) < len(data["anios"]):
            data["anios"].pop(int(remove))
        if "buscar_municipio" in request.form:
            filling.place_from_search(data, query)
        service.save(draft, "formulario", data)
        return entity_page(draft, service.entity_form(draft), query=query)
    if "guardar" in request.form:
        service.save(draft, "formulario", data)
        flash("Guardamos lo que escribió. Vuelva a «Registrar Entidad» cuando quiera para seguir.", "success")
        return redirect_to(url_for("main.home"))
    form = service.entity_form(draft, formdata=service.to_formdata(data), meta=service.NO_CSRF)
    passed = form.validate()
    service.save(draft, "formulario", data, passed=passed)
    if passed:
        return redirect_to(url_for("accounts.documentos"))
    return entity_page(draft, form, status=422)


@bp.post("/cuenta/nueva/formulario/validar")
@login_required
def check():
    """Check one field of the entity form as the user leaves it and keep what was typed (as section 1 does); the
    NIT answers with its DV or the duplicate, the name with a namesake, the municipio with its departamento."""
    draft = service.get_draft(current_user.id)
    name = request.args.get("campo", "")
    form = service.entity_form(draft, formdata=request.form, meta=service.NO_CSRF)
    row_field = filling.row_field(form, name)
    if row_field is None and (name not in service.ENTITY_FIELDS or name not in form):
        abort(400)
    if draft is not None:
        service.keep_typed(draft, request.form)
    if row_field is not None:
        filling.row_errors(form, name)
        return render_template("macros/_field_error.html", f=row_field)
    if name == "nit":
        check_field(form, "nit")
        return render_template("accounts/_nit_status.html", form=form, oob=True)
    if name == "nombre":
        check_field(form, "nombre")
        return render_template("accounts/_name_status.html", form=form)
    if name == "municipio":
        check_field(form, "municipio")
        return (render_template("macros/_field_error.html", f=form.municipio) +
                render_template("accounts/_departamento.html", selected=form.departamento.data, oob=True))
    return field_check_response(form, name)


@bp.get("/cuenta/municipios")
@login_required
def municipios():
    """"Municipio" options: up to 20 matches of what is typed (q), or every municipality of a departamento."""
    query = request.args.get("q", "")[:60]
    department = request.args.get("departamento", "")[:2]
    if query.strip():
        options = search_municipalities(query)
    else:
        options = sorted((m for m in municipalities().values() if m.department_code == department),
                         key=lambda m: m.name)
    html = render_template("accounts/_municipio.html", options=options, selected=None, query=query,
                           preselect=bool(query.strip()))
    if query.strip() and options:  # the first match comes selected: its departamento follows
        html += render_template("accounts/_departamento.html", selected=options[0].department_code, oob=True)
    return html
