"""Los archivos subidos se revisan por su estructura: un PDF debe abrir como PDF, una imagen
como imagen de ese formato, un documento de oficina como su ZIP con la parte principal y sin
«bomba» de descompresión. Lo que sólo imita los primeros bytes se rechaza en español."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from organizacion.archivos import MAXIMO_DESCOMPRIMIDO, validar_archivo
from tests.conftest import pdf_valido


def _imagen(formato: str) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(salida, formato)
    return salida.getvalue()


def _xlsx() -> bytes:
    salida = io.BytesIO()
    libro = openpyxl.Workbook()
    libro.active.append(["Folio"])
    libro.save(salida)
    return salida.getvalue()


def _zip(partes: dict[str, bytes], comprimir: bool = True) -> bytes:
    salida = io.BytesIO()
    metodo = zipfile.ZIP_DEFLATED if comprimir else zipfile.ZIP_STORED
    with zipfile.ZipFile(salida, "w", metodo) as archivo:
        for nombre, contenido in partes.items():
            archivo.writestr(nombre, contenido)
    return salida.getvalue()


def _revisar(nombre: str, contenido: bytes) -> None:
    archivo = SimpleUploadedFile(nombre, contenido)
    validar_archivo(archivo)
    # Revisarlo no lo consume: se guarda completo después.
    assert archivo.read() == contenido


@pytest.mark.parametrize(
    "nombre, contenido",
    [
        ("oficio.pdf", pdf_valido("oficio")),
        ("foto.png", _imagen("PNG")),
        ("foto.jpg", _imagen("JPEG")),
        ("foto.jpeg", _imagen("JPEG")),
        ("lista.xlsx", _xlsx()),
        ("acta.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})),
        ("acta.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}, False)),
        ("viejo.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),
    ],
)
def test_lo_que_es_lo_que_dice_pasa(nombre, contenido):
    _revisar(nombre, contenido)


@pytest.mark.parametrize(
    "nombre, contenido",
    [
        ("falso.pdf", b"%PDF-1.4 solo la cabecera de un PDF"),
        ("sin-paginas.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("truncado.pdf", pdf_valido()[:60]),
        ("falsa.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("otra.png", _imagen("JPEG")[:3] + _imagen("PNG")),
        ("jpeg-por-png.jpg", b"\xff\xd8\xff" + _imagen("PNG")),
        ("libro.xlsx", _zip({"hola.txt": b"no soy un libro"})),
        ("acta.docx", _zip({"xl/workbook.xml": b"<libro/>"})),
        ("acta.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        ("roto.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ],
)
def test_lo_que_solo_imita_los_primeros_bytes_se_rechaza(nombre, contenido):
    with pytest.raises(ValidationError) as error:
        _revisar(nombre, contenido)
    extension = nombre.rsplit(".", 1)[1]
    assert error.value.messages == [
        f"El contenido del archivo no corresponde a un .{extension}; ¿está dañado o renombrado?"
    ]


def test_una_bomba_de_descompresion_se_rechaza():
    """Un .docx de unos KB que se descomprimiría en más de 200 MB."""
    bomba = _zip({"word/document.xml": b"<w/>", "relleno.xml": b" " * (MAXIMO_DESCOMPRIMIDO + 1)})
    assert len(bomba) < 1024 * 1024
    with pytest.raises(ValidationError, match="demasiado descomprimido"):
        _revisar("bomba.docx", bomba)


def test_un_pdf_con_contrasena_se_rechaza_con_su_motivo():
    from pypdf import PdfReader, PdfWriter

    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_valido())))
    escritor.encrypt(user_password="secreta", owner_password="otra")
    salida = io.BytesIO()
    escritor.write(salida)
    with pytest.raises(ValidationError, match="protegido con contraseña"):
        _revisar("cerrado.pdf", salida.getvalue())
