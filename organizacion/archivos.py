"""Validación de archivos subidos por contenido, no sólo por nombre.

Se admiten documentos de oficina, PDF e imágenes: lo que una Unidad de Transparencia
adjunta como evidencia u oficio. Un ejecutable renombrado a .pdf se rechaza porque sus
primeros bytes no son los de un PDF.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# Firma inicial (magic bytes) de cada familia de formato admitida, por extensión.
_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # docx, xlsx, pptx, odt, ods
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # doc, xls, ppt antiguos
FIRMAS: dict[str, tuple[bytes, ...]] = {
    "pdf": _PDF,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONES_TEXTO = ", ".join(sorted(FIRMAS))


def validar_archivo(archivo: UploadedFile) -> None:
    maximo = settings.TAMANO_MAXIMO_ARCHIVO_MB
    if archivo.size is not None and archivo.size > maximo * 1024 * 1024:
        raise ValidationError(f"El archivo pesa más de {maximo} MB, el máximo permitido.")
    if not archivo.size:
        raise ValidationError("El archivo está vacío.")
    nombre = archivo.name or ""
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    if extension not in FIRMAS:
        raise ValidationError(f"Formato no admitido. Se aceptan: {EXTENSIONES_TEXTO}.")
    archivo.seek(0)
    inicio = archivo.read(16)
    archivo.seek(0)
    if not inicio.startswith(FIRMAS[extension]):
        raise ValidationError(
            f"El contenido del archivo no corresponde a un .{extension}; ¿está dañado o renombrado?"
        )
