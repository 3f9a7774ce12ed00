"""The circular's form ("Crear circular", "Editar"), "Agregar contratistas" and the follow-up's filters."""
import csv
import io
import re
from datetime import date, datetime

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from wizard import filechecks
from wizard.circulars import guides, recipients
from wizard.forms import BaseForm

NUMBER_RULE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z./ -]{0,29}$")
CSV_MAX_BYTES = 2 * 1024 * 1024
LIST_MAX_CHARS = 1_000_000
LIST_HINT = ("Una persona por línea: nombre, cédula o NIT y correo electrónico, separados por punto y coma, coma o "
             "tabulador (puede pegarlos desde una hoja de cálculo). Revisamos cada línea y no guardamos ninguna hasta "
             "que todas estén bien.")
PROBLEMS_SHOWN = 50


def _required(message: str):
    return DataRequired(message)


def parse_date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime((value or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


class ListForm(BaseForm):
    """The list of contractors: pasted lines, or a CSV file read into the same lines."""

    contratistas = TextAreaField("Contratistas a quienes se dirige", validators=[
        Length(max=LIST_MAX_CHARS, message="La lista es demasiado larga: divídala en varias partes")],
        render_kw={"rows": 6, "spellcheck": "false", "autocomplete": "off"})
    archivo = FileField("O suba la lista en un archivo CSV")

    found: list[recipients.Recipient]
    problems: list[recipients.Problem]

    def read_list(self) -> bool:
        """Read the uploaded CSV (when one came) into the lines, then check every line; True when clean."""
        upload = self.archivo.data
        if upload is not None and getattr(upload, "filename", ""):
            data = upload.read(CSV_MAX_BYTES + 1)
            if len(data) > CSV_MAX_BYTES:
                self.archivo.errors = ["El archivo tiene más de 2 MB: divídalo o pegue la lista"]
                self.found, self.problems = [], []
                return False
            text = filechecks.read_text(data)
            if text is None:  # a PDF or a workbook: its bytes would fill the list with junk
                self.archivo.errors = ["El archivo no es un CSV de texto: guárdelo como «CSV UTF-8» o pegue la lista"]
                self.found, self.problems = [], []
                return False
            self.contratistas.data = text
        self.found, self.problems = recipients.parse(self.contratistas.data or "")
        if self.problems:
            count = len(self.problems)
            self.contratistas.errors = list(self.contratistas.errors or []) + [
                f"La lista tiene {'1 problema: corríjalo' if count == 1 else f'{count} problemas: corríjalos'} "
                "abajo en la lista y vuelva a guardar. No se guardó ningún contratista"]
        return not self.problems and not self.contratistas.errors and not self.archivo.errors

    @property
    def shown_problems(self) -> list[str]:
        return [str(p) for p in self.problems[:PROBLEMS_SHOWN]]

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - PROBLEMS_SHOWN)


class CircularForm(ListForm):
    numero = StringField("Número", validators=[_required("Escriba el número de la circular, por ejemplo 0014-2026")],
                         render_kw={"maxlength": 30, "autocomplete": "off"})
    asunto = StringField("Asunto", validators=[
        _required("Escriba el asunto de la circular"), Length(max=200, message="Escriba como máximo 200 caracteres")],
        render_kw={"maxlength": 200})
    destinatarios = StringField("Destinatarios", validators=[
        _required("Escriba a quiénes se dirige, por ejemplo «Contratistas de la ESE»"),
        Length(max=200, message="Escriba como máximo 200 caracteres")], render_kw={"maxlength": 200})
    texto = TextAreaField("Texto", validators=[
        _required("Escriba el texto de la circular"), Length(max=10_000, message="Escriba como máximo 10.000 caracteres")],
        render_kw={"rows": 8})
    fecha_limite = StringField("Fecha límite de inscripción", render_kw={"type": "date"})
    firma_nombre = StringField("Nombre de quien firma", validators=[
        _required("Escriba el nombre de quien firma la circular"),
        Length(max=120, message="Escriba como máximo 120 caracteres")], render_kw={"maxlength": 120, "autocomplete": "name"})
    firma_cargo = StringField("Cargo de quien firma", validators=[
        _required("Escriba el cargo de quien firma, por ejemplo «Subdirectora Administrativa»"),
        Length(max=120, message="Escriba como máximo 120 caracteres")], render_kw={"maxlength": 120})
    enlaces = TextAreaField("Guías y videos", validators=[Length(max=8000, message="Escriba como máximo 8.000 caracteres")],
                            render_kw={"rows": 4, "spellcheck": "false"})

    links: list[dict]

    def validate_numero(self, field):
        if field.data and not NUMBER_RULE.match(field.data):
            raise ValidationError("Escriba el número con números y letras, guiones o puntos, como 0014-2026 "
                                  "(máximo 30 caracteres)")

    def validate_fecha_limite(self, field):
        if not field.data:
            raise ValidationError("Escriba la fecha límite de inscripción")
        deadline = parse_date(field.data)
        if deadline is None:
            raise ValidationError("Escriba la fecha como día/mes/año, por ejemplo 31/03/2026")
        if not 2000 <= deadline.year <= date.today().year + 2:
            raise ValidationError(f"Escriba una fecha entre 2000 y {date.today().year + 2}")
        if deadline < date.today():  # a circular is only saved to be published, and "Publicar" refuses it then
            raise ValidationError("La fecha límite de inscripción ya pasó: escriba una fecha de hoy en adelante")

    def validate_enlaces(self, field):
        self.links, problems = [], []
        found, problems = guides.parse(field.data or "")
        if problems:
            raise ValidationError(" · ".join(problems[:5]))
        self.links = [g.as_dict() for g in found]

    @property
    def deadline(self) -> date | None:
        return parse_date(self.fecha_limite.data or "")


class AddForm(ListForm):
    """"Agregar contratistas" to a published circular."""


def list_text(rows) -> str:
    """A draft's listed rows as the lines the form shows again (quoted as a CSV where a name needs it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for r in rows:
        if r.listed:
            writer.writerow([r.name, r.number, r.email])
    return out.getvalue()
