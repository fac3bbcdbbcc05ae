"""Validación de archivos subidos por contenido, no sólo por nombre.

Se admiten documentos de oficina, PDF e imágenes: lo que una Unidad de Transparencia
adjunta como evidencia u oficio. Un ejecutable renombrado a .pdf se rechaza porque sus
primeros bytes no son los de un PDF; uno que empieza como PDF pero no lo es, porque no se
puede abrir como PDF. Las descargas salen siempre como adjunto y con `nosniff`, así que el
navegador nunca interpreta un archivo subido como página.
"""

import zipfile
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image
from pypdf import PdfReader

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

# La parte que todo documento de oficina de ese tipo lleva dentro de su ZIP.
PARTE_PRINCIPAL = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "mimetype",
    "ods": "mimetype",
}
TIPO_ODF = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
# Lo que un documento subido puede ocupar descomprimido: más sería una «bomba».
MAXIMO_DESCOMPRIMIDO = 200 * 1024 * 1024
FORMATO_IMAGEN = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}


def _pdf(archivo: UploadedFile, extension: str) -> None:
    lector = PdfReader(archivo)
    if lector.is_encrypted and not lector.decrypt(""):
        raise ValidationError(
            "El PDF está protegido con contraseña: guárdelo sin protección y súbalo de nuevo."
        )
    if len(lector.pages) < 1:
        raise ValueError("sin páginas")


def _imagen(archivo: UploadedFile, extension: str) -> None:
    with Image.open(archivo) as imagen:
        if imagen.format != FORMATO_IMAGEN[extension]:
            raise ValueError(f"es {imagen.format}")
        imagen.verify()


def _documento_zip(archivo: UploadedFile, extension: str) -> None:
    with zipfile.ZipFile(archivo) as paquete:
        partes = paquete.infolist()
        nombres = {p.filename for p in partes}
        if PARTE_PRINCIPAL[extension] not in nombres:
            raise ValueError("no trae su parte principal")
        if extension in TIPO_ODF and paquete.read("mimetype").strip() != TIPO_ODF[extension]:
            raise ValueError("no es de ese tipo")
    if sum(p.file_size for p in partes) > MAXIMO_DESCOMPRIMIDO:
        raise ValidationError(
            "El documento ocupa demasiado descomprimido; guárdelo de nuevo o divídalo."
        )


# Cómo se abre cada familia; los formatos OLE antiguos sólo se revisan por su firma.
ESTRUCTURA: dict[str, Callable[[UploadedFile, str], None]] = {
    "pdf": _pdf,
    **dict.fromkeys(("png", "jpg", "jpeg"), _imagen),
    **dict.fromkeys(PARTE_PRINCIPAL, _documento_zip),
}


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
    danado = ValidationError(
        f"El contenido del archivo no corresponde a un .{extension}; ¿está dañado o renombrado?"
    )
    if not inicio.startswith(FIRMAS[extension]):
        raise danado
    revisar = ESTRUCTURA.get(extension)
    if revisar is None:
        return
    try:
        revisar(archivo, extension)
    except ValidationError:
        raise
    except Exception as error:  # cada biblioteca lanza lo suyo ante un archivo roto
        raise danado from error
    finally:
        archivo.seek(0)
