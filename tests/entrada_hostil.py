"""Ayudantes de tests/test_entrada_hostil.py: leer los formularios de una página (con
html.parser de la biblioteca estándar), los valores hostiles que genera hypothesis y los
archivos que mienten sobre lo que son."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import openpyxl
from django.apps import apps
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve
from django_scopes import scopes_disabled
from hypothesis import strategies as st

from tests.conftest import pdf_valido

# --- Los formularios de una página ------------------------------------------------------------


@dataclass
class Campo:
    nombre: str
    tipo: str  # text, number, date, select, textarea, file, checkbox, hidden, submit…
    valor: str = ""
    opciones: list[str] = field(default_factory=list)  # de un select o de radios
    multiple: bool = False
    marcado: bool = False


@dataclass
class Formulario:
    accion: str  # la ruta a la que se envía (sin la consulta)
    campos: dict[str, Campo] = field(default_factory=dict)
    botones: list[tuple[str, str]] = field(default_factory=list)  # (name, value) de cada submit
    id: str = ""


class _Lector(HTMLParser):
    """Los <form method="post"> de una página con sus campos, incluidos los que están fuera
    del <form> pero lo nombran con `form="…"`."""

    def __init__(self, pagina: str):
        super().__init__(convert_charrefs=True)
        self.pagina = pagina
        self.formularios: list[Formulario] = []
        self._actual: Formulario | None = None
        self._sueltos: list[tuple[str, dict[str, str]]] = []  # (id del form, atributos)
        self._select: Campo | None = None
        self._opcion: dict[str, str] | None = None
        self._textarea: Campo | None = None

    def _destino(self, atributos: dict[str, str]) -> Formulario | None:
        if atributos.get("form"):
            por_id = [f for f in self.formularios if f.id == atributos["form"]]
            return por_id[0] if por_id else None
        return self._actual

    def handle_starttag(self, tag, attrs):
        atributos = {nombre: valor or "" for nombre, valor in attrs}
        if tag == "form":
            if atributos.get("method", "get").lower() != "post":
                self._actual = None
                return
            accion = urlsplit(atributos.get("action") or self.pagina).path or self.pagina
            self._actual = Formulario(accion=accion, id=atributos.get("id", ""))
            self.formularios.append(self._actual)
            return
        if tag not in {"input", "select", "textarea", "button", "option"}:
            return
        if tag == "option":
            if self._select is not None:
                self._opcion = atributos
                valor = atributos.get("value")
                if valor is not None:
                    self._agregar_opcion(atributos, valor)
            return
        destino = self._destino(atributos)
        nombre = atributos.get("name")
        if destino is None or not nombre:
            if atributos.get("form") and nombre:
                self._sueltos.append((atributos["form"], {"_tag": tag, **atributos}))
            return
        self._campo(destino, tag, atributos)

    def _agregar_opcion(self, atributos, valor):
        assert self._select is not None
        self._select.opciones.append(valor)
        if "selected" in atributos:
            self._select.valor = valor

    def _campo(self, destino: Formulario, tag: str, atributos: dict[str, str]) -> None:
        nombre = atributos["name"]
        if tag == "select":
            campo = Campo(nombre, "select", multiple="multiple" in atributos)
            destino.campos[nombre] = campo
            self._select = campo
        elif tag == "textarea":
            campo = Campo(nombre, "textarea")
            destino.campos[nombre] = campo
            self._textarea = campo
        elif tag == "button" or atributos.get("type") == "submit":
            destino.botones.append((nombre, atributos.get("value", "")))
        else:
            tipo = atributos.get("type", "text").lower()
            if tipo in {"radio", "checkbox"} and nombre in destino.campos:
                destino.campos[nombre].opciones.append(atributos.get("value", "on"))
                if "checked" in atributos:
                    destino.campos[nombre].valor = atributos.get("value", "on")
                return
            destino.campos[nombre] = Campo(
                nombre,
                tipo,
                valor=atributos.get("value", ""),
                opciones=[atributos.get("value", "on")] if tipo in {"radio", "checkbox"} else [],
                marcado="checked" in atributos,
            )

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.valor += data
        elif self._opcion is not None and self._select is not None and "value" not in self._opcion:
            self._agregar_opcion(self._opcion, data.strip())

    def handle_endtag(self, tag):
        if tag == "form":
            self._actual = None
        elif tag == "select":
            self._select = None
            self._opcion = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option":
            self._opcion = None

    def close(self):
        super().close()
        for id_form, atributos in self._sueltos:
            destino = [f for f in self.formularios if f.id == id_form]
            if destino:
                self._campo(destino[0], atributos.pop("_tag"), atributos)


def formularios_de(pagina: str, html: str) -> list[Formulario]:
    lector = _Lector(pagina)
    lector.feed(html)
    lector.close()
    return lector.formularios


def ruta_de(camino: str) -> str | None:
    """«solicitudes:detalle» para «/oaxaca-de-juarez/solicitudes/3/», o None."""
    try:
        return resolve(camino).view_name
    except Resolver404:
        return None


# --- Los valores hostiles --------------------------------------------------------------------

XSS = "<script>alert(1)</script>"
XSS_ATRIBUTO = '"><img src=x onerror=alert(1)>'
# Lo que nunca debe aparecer tal cual en una página: sería HTML o JavaScript del usuario.
CRUDOS = ("<script>alert(1)", "<img src=x onerror")

FIJOS = [
    XSS,
    XSS_ATRIBUTO,
    f"Nómina {XSS} de junio",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","clic")',
    "+1+1",
    "@SUMA(A1)",
    "-2+3",
    "\u202eFDP.exe",  # marca de derecha a izquierda
    "مرحبا بالعالم",
    "שלום",
    "👩🏽‍⚖️📄✅",
    "Ünïcödé ñandú ẞ ǅ",
    "a\u200bb\u200dc\ufeff",
    "línea\r\notra\x0bcon\x1bcontrol\x7f",
    "\t   \n",
    "",
    " ",
    "x" * 10_000,
    "ñ" * 3_000 + XSS,
    "-1",
    "-999999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "0.0000000001",
    "1,5",
    "2024-02-30",
    "31/04/2024",
    "2023-02-29",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2024-13-01",
    "30/02/2024",
    "25:61",
    "24:00",
    "2024-07-01T25:00",
    "null",
    "None",
    "[]",
    "{}",
    "' OR '1'='1",
    "../../etc/passwd",
    "%00",
    "a@b",
    "@",
    "http://",
    "javascript:alert(1)",
]

_TEXTO = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=300,
)
HOSTIL = st.one_of(
    st.sampled_from(FIJOS),
    _TEXTO,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.builds(lambda a, b: a + b, st.sampled_from(FIJOS), _TEXTO),
)

# --- Archivos que mienten ------------------------------------------------------------------


def libro_xlsx(filas: Sequence[Sequence[object]]) -> bytes:
    libro = openpyxl.Workbook()
    hoja = libro.active
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


PDF_MINIMO = pdf_valido()
PNG_MINIMO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# (nombre, contenido, tipo MIME declarado). Ninguno es lo que dice ser, salvo los dos últimos,
# que son válidos pero con un nombre hostil.
ARCHIVOS = [
    ("vacio.pdf", b"", "application/pdf"),
    ("vacio.xlsx", b"", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("azar.xlsx", bytes(range(256)) * 8, "application/octet-stream"),
    ("azar.pdf", bytes(range(255, -1, -1)) * 8, "application/pdf"),
    ("pagina.pdf", f"<html><body>{XSS}</body></html>".encode(), "application/pdf"),
    ("texto.png", b"no soy una imagen", "image/png"),
    ("imagen.pdf", PNG_MINIMO, "application/pdf"),
    ("falso.pdf", b"%PDF-1.4 empieza como PDF y no lo es", "application/pdf"),
    ("falsa.png", PNG_MINIMO, "image/png"),
    ("documento.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/x-msdownload"),
    ("sin-extension", b"hola", "text/plain"),
    ("libro.csv", libro_xlsx([["a"], [1]]), "text/csv"),
    ("formulas.csv", b'=cmd|" /C calc"!A0,+1+1\n@SUMA(1),99999999999999999999\n', "text/csv"),
    (f"{XSS_ATRIBUTO}.pdf", PDF_MINIMO, "application/pdf"),
    ("\u202efdp.exe.pdf", PDF_MINIMO, "text/html"),
]
ARCHIVO = st.sampled_from(ARCHIVOS)

# --- Lo que hay guardado ---------------------------------------------------------------------

APPS_DEL_PROYECTO = (
    "organizacion",
    "solicitudes",
    "poa",
    "capacitacion",
    "autoevaluacion",
    "reportes",
)


def conteos() -> dict[str, int]:
    """Renglones de cada modelo del proyecto (historial incluido) y archivos guardados."""
    with scopes_disabled():
        cuentas = {
            modelo._meta.label: modelo._base_manager.count()
            for etiqueta in APPS_DEL_PROYECTO
            for modelo in apps.get_app_config(etiqueta).get_models()
        }
    cuentas["archivos"] = _archivos_guardados()
    return cuentas


def _archivos_guardados(carpeta: str = "") -> int:
    try:
        carpetas, archivos = default_storage.listdir(carpeta)
    except FileNotFoundError:
        return 0
    return len(archivos) + sum(
        _archivos_guardados(f"{carpeta}/{sub}" if carpeta else sub) for sub in carpetas
    )


def diferencias(antes: dict[str, int], despues: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (antes[k], despues[k]) for k in antes if antes[k] != despues[k]}


# --- Español ---------------------------------------------------------------------------------

MARCAS_DE_ERROR = ("invalid-feedback", "alert-danger")
INGLES = (
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "is not one of the available choices",
    "The submitted file is empty",
    "No file was submitted",
    "Upload a valid",
    "Null characters are not allowed",
    "The submitted data was not a file",
    "Enter a whole number",
    "Enter a number",
    "already exists",
    "Please correct",
)


def ingles_en(texto: str) -> list[str]:
    return [frase for frase in INGLES if frase in texto]


def crudo_en(texto: str) -> list[str]:
    return [crudo for crudo in CRUDOS if crudo in texto]
