"""The entity's pages: "Circulares", "Crear circular", a circular with "Publicar", its link, QR code and letter,
"Enviar invitaciones" and "Agregar contratistas"."""
from flask import Response, abort, current_app, flash, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from wizard import qr
from wizard.circulars import bp, follow, guard, guides, service
from wizard.circulars.forms import AddForm, CircularForm, LIST_HINT, list_text
from wizard.errors import NotAllowed, Refused
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.links import external_url
from wizard.mail import deliver_soon
from wizard.models import Circular, CircularRecipient
from wizard.text import sentence


def public_url(circular: Circular) -> str:
    return external_url("circulars.public", token=circular.public_token)


@bp.get("/cuenta/circulares")
@login_required
def index():
    """The acting Entidad Estatal's circulars, newest first, each with how many have registered."""
    membership = guard.acting_entity()
    circulars = db.session.scalars(select(Circular).where(Circular.account_id == membership.account_id)
                                   .order_by(Circular.created_at.desc(), Circular.id.desc()).limit(200)).all()
    counts = follow.counts_of([c.id for c in circulars])
    return render("circulars/index.html", account=membership.account, circulars=circulars, counts=counts,
                  labels=follow.STATE_LABELS)


def _letter(form: CircularForm) -> service.Letter:
    return service.Letter(number=form.numero.data, subject=form.asunto.data, addressees=form.destinatarios.data,
                          body=form.texto.data, deadline=form.deadline, signer_name=form.firma_nombre.data,
                          signer_position=form.firma_cargo.data, links=form.links)


def _form_page(form, membership, circular=None, status=200):
    return render("circulars/form.html", status=status, form=form, account=membership.account, circular=circular,
                  list_hint=LIST_HINT, may_publish=membership.is_admin)


@bp.route("/cuenta/circulares/nueva", methods=["GET", "POST"])
@login_required
def new():
    """"Crear circular": the letter and, optionally, its contractors; saved as a draft once all of it is right."""
    membership = guard.acting_entity()
    form = CircularForm()
    if request.method == "GET":
        form.firma_nombre.data = form.firma_nombre.data or current_user.full_name
        return _form_page(form, membership)
    valid = form.validate()
    listed = form.read_list()  # read even when the letter has errors: every problem is named at once
    if valid and listed:
        try:
            circular = service.create(membership.account_id, current_user.id, _letter(form), form.found)
        except Refused as refused:
            form.numero.errors.append(refused.message)
        else:
            flash(f"Se guardó la {circular.title} como borrador. " + (
                "Revísela y pulse «Publicar»." if membership.is_admin else
                "Un administrador de la Entidad la revisa y la publica."), "success")
            return redirect_to(url_for("circulars.show", circular_id=circular.id))
    return _form_page(form, membership, status=422)


@bp.route("/cuenta/circulares/<int:circular_id>/editar", methods=["GET", "POST"])
@login_required
def edit(circular_id: int):
    """"Editar" a draft: the letter and its list (a published circular's letter no longer changes)."""
    circular, membership = guard.load(circular_id)
    if circular.is_published:
        flash("La circular ya está publicada: su texto no cambia. Puede agregar contratistas a la lista.", "info")
        return redirect_to(url_for("circulars.show", circular_id=circular.id))
    if request.method == "GET":
        rows = db.session.scalars(select(CircularRecipient).where(CircularRecipient.circular_id == circular.id)
                                  .order_by(CircularRecipient.id)).all()
        form = CircularForm(formdata=None, data={
            "numero": circular.number, "asunto": circular.subject, "destinatarios": circular.addressees,
            "texto": circular.body, "fecha_limite": circular.deadline.isoformat(), "firma_nombre": circular.signer_name,
            "firma_cargo": circular.signer_position, "enlaces": guides.as_text(circular.links),
            "contratistas": list_text(rows)})
        return _form_page(form, membership, circular)
    form = CircularForm()
    valid = form.validate()
    listed = form.read_list()
    if valid and listed:
        try:
            service.update_draft(circular, current_user.id, _letter(form), form.found,
                                 request.form.get("version", type=int))
        except Refused as refused:
            db.session.rollback()
            form.form_errors.append(refused.message)
        else:
            flash("Se guardaron los cambios de la circular.", "success")
            return redirect_to(url_for("circulars.show", circular_id=circular.id))
    return _form_page(form, membership, circular, status=422)


@bp.get("/cuenta/circulares/<int:circular_id>")
@login_required
def show(circular_id: int):
    """The circular: a draft with "Editar" and "Publicar"; once published, its link, QR code, letter and follow-up."""
    circular, membership = guard.load(circular_id)
    found = follow.counts(circular.id)
    return render("circulars/show.html", circular=circular, membership=membership, account=circular.account,
                  counts=found, labels=follow.STATE_LABELS, link=public_url(circular) if circular.is_published else None,
                  code=qr.svg(public_url(circular)) if circular.is_published else None,
                  uninvited=service.uninvited(circular.id) if circular.is_published else 0,
                  listed=db.session.scalar(select(db.func.count()).where(
                      CircularRecipient.circular_id == circular.id, CircularRecipient.listed.is_(True))))


@bp.post("/cuenta/circulares/<int:circular_id>/publicar")
@login_required
def publish(circular_id: int):
    """"Publicar" (administrators): the link, QR code and letter start working."""
    circular, membership = guard.load(circular_id)
    try:
        service.publish(circular, membership, request.form.get("version", type=int))
    except NotAllowed as refused:
        flash(refused.message, "error")
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
    else:
        flash(f"Se publicó la {circular.title}. Comparta su enlace o su código QR, o envíe las invitaciones.",
              "success")
    return redirect_to(url_for("circulars.show", circular_id=circular.id))


@bp.post("/cuenta/circulares/<int:circular_id>/invitaciones")
@login_required
def invite(circular_id: int):
    """"Enviar invitaciones": each listed contractor not yet invited gets an email with their personal link."""
    circular, _ = guard.load(circular_id)
    try:
        sent = service.send_invitations(circular, current_user.id)
    except Refused as refused:
        flash(refused.message, "error")
    else:
        if sent:
            deliver_soon(current_app._get_current_object())
            flash(f"Se enviaron {sent} invitaciones personales." if sent > 1 else
                  "Se envió 1 invitación personal.", "success")
        else:
            flash("No hay contratistas de la lista sin invitación.", "info")
    return redirect_to(url_for("circulars.show", circular_id=circular.id))


@bp.route("/cuenta/circulares/<int:circular_id>/agregar", methods=["GET", "POST"])
@login_required
def add(circular_id: int):
    """"Agregar contratistas" to a published circular's list, checked as the first list was."""
    circular, _ = guard.load(circular_id)
    if not circular.is_published:
        return redirect_to(url_for("circulars.edit", circular_id=circular.id))
    form = AddForm()
    if request.method == "POST":
        if form.validate() and form.read_list():
            if not form.found:
                form.contratistas.errors.append("Escriba al menos un contratista")
            else:
                try:
                    service.add_recipients(circular, current_user.id, form.found)
                except Refused as refused:
                    db.session.rollback()
                    form.contratistas.errors.append(refused.message)
                else:
                    count = len(form.found)
                    flash(sentence(f"Se agregaron {count} contratistas a la lista" if count > 1 else
                                   "Se agregó 1 contratista a la lista"), "success")
                    return redirect_to(url_for("circulars.show", circular_id=circular.id))
        return render("circulars/add.html", status=422, form=form, circular=circular, list_hint=LIST_HINT)
    return render("circulars/add.html", form=form, circular=circular, list_hint=LIST_HINT)


@bp.get("/cuenta/circulares/<int:circular_id>/carta")
@login_required
def letter(circular_id: int):
    """The circular as a letter to print (its link and QR code at the foot once published)."""
    circular, _ = guard.load(circular_id)
    return render("circulars/letter.html", circular=circular, account=circular.account,
                  link=public_url(circular) if circular.is_published else None,
                  code=qr.svg(public_url(circular), scale=3) if circular.is_published else None)


@bp.get("/cuenta/circulares/<int:circular_id>/qr.svg")
@login_required
def qr_file(circular_id: int):
    """The QR code of the circular's link as an SVG file to print on the paper letter."""
    circular, _ = guard.load(circular_id)
    if not circular.is_published:
        abort(404)
    name = f"circular-{circular.number}-qr.svg".replace(" ", "-").replace("/", "-")
    return Response(qr.svg_document(public_url(circular), title=f"{circular.title}: {public_url(circular)}"),
                    mimetype="image/svg+xml", headers={"Content-Disposition": f'attachment; filename="{name}"'})
