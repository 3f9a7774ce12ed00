"""Valid answers for each step of the account wizard, and a PDF to attach."""
import io

KIND_SAS = {"pais": "CO", "tipo": "proveedor", "area": "privado", "organizacion": "sas"}
KIND_NATURAL = {**KIND_SAS, "organizacion": "persona_natural_colombiana"}

ENTITY = {
    "nombre": "Constructora Andina S.A.S.", "nombre_abreviado": "andina", "nit": "900373923",
    "mipyme": "si", "regimen": "responsable_iva", "pais_contacto": "CO", "departamento": "54",
    "municipio": "54518", "direccion": "Calle 5 # 6-30", "codigo_postal": "543050",
    "correo_oficina": "oficina@andina.example.com", "telefono_oficina": "607 5682090",
    "correo_notificaciones": "avisos@andina.example.com",
    "rep_nombre": "Ana Rojas", "rep_tipo_documento": "CC", "rep_numero": "1032387714",
    "rep_correo": "ana@andina.example.com", "rep_telefono": "300 1234567",
}
ENTITY_NATURAL = {k: v for k, v in ENTITY.items() if not k.startswith("rep_")} | {
    "nombre": "Juan Pérez", "nit": "1032387714"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="documento.pdf", data=PDF):
    return (io.BytesIO(data), name)
