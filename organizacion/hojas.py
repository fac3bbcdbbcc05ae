"""Lo común a las importaciones desde hoja de cálculo (solicitudes, POA, capacitación):
leer la primera hoja de un XLSX o un CSV, reconocer los encabezados por sus sinónimos,
juntar los errores de django-import-export con su número de fila y guardar el archivo que
espera confirmación entre la vista previa y el guardado.

Qué columnas hay, cómo se valida cada valor y qué se guarda es de cada app.
"""

import csv
import io
import logging
import unicodedata
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.functions import iterparse

from .archivos import FIRMAS

logger = logging.getLogger(__name__)

Fila = tuple[object, ...]


def normalizar(texto: object) -> str:
    """«Fecha de Recepción:» → «fecha de recepcion»: sin acentos, en minúsculas, sin
    signos y con un solo espacio entre palabras."""
    sin_acentos = unicodedata.normalize("NFKD", str(texto)).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in sin_acentos.lower()).split())


def vacio(valor: object) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def texto_de_celda(valor: object) -> str:
    """El texto de una celda sin espacios a los lados; conserva los saltos de línea."""
    if vacio(valor):
        return ""
    if isinstance(valor, float) and valor.is_integer():
        # Excel guarda los números como flotantes: el folio 240001 llega como 240001.0.
        valor = int(valor)
    return str(valor).strip()


def linea_de_celda(valor: object) -> str:
    """El texto de una celda en una sola línea, con un espacio entre palabras."""
    return " ".join(texto_de_celda(valor).split())


def lista_y(textos: Sequence[str]) -> str:
    """["a", "b", "c"] → «a, b y c»."""
    return textos[0] if len(textos) == 1 else f"{', '.join(textos[:-1])} y {textos[-1]}"


# --- Lectura del archivo ---------------------------------------------------------------------


class ArchivoIlegible(Exception):
    """El archivo no se pudo leer como hoja; el mensaje es para quien lo subió."""


# Una hoja se lee fila por fila y nunca entera: lo que declara el archivo (su «dimensión»)
# no se cree, y una hoja que pasa de estos límites se rechaza antes de llenar la memoria.
MAXIMO_COLUMNAS = 100
# Filas de título y encabezados sobre los datos (la tabla de Puebla trae varias).
MARGEN_ENCABEZADOS = 50
# Lo que el XLSX ocupa descomprimido, en total y en su tabla de textos compartidos (que
# openpyxl carga completa).
MAXIMO_DESCOMPRIMIDO = 150 * 1024 * 1024
MAXIMO_TEXTOS_COMPARTIDOS = 20 * 1024 * 1024
_HOJA_DATOS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheetData"
_FILA = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"


def _demasiadas_filas(maximo_filas: int) -> ArchivoIlegible:
    maximo = f"{maximo_filas:,}".replace(",", " ")
    return ArchivoIlegible(
        f"El archivo tiene más de {maximo} filas de datos, el máximo por importación. "
        "Divídalo en varios archivos."
    )


def _revisar_zip(contenido: bytes, ilegible: ArchivoIlegible) -> None:
    """Un libro de Excel es un ZIP con su libro adentro; lo que declara descomprimido se
    revisa antes de abrirlo (una «bomba» de 100 KB puede declarar gigas)."""
    try:
        with zipfile.ZipFile(io.BytesIO(contenido)) as archivo:
            partes = archivo.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ilegible from error
    if not any(p.filename == "xl/workbook.xml" for p in partes):
        raise ilegible
    textos = sum(p.file_size for p in partes if p.filename == "xl/sharedStrings.xml")
    if sum(p.file_size for p in partes) > MAXIMO_DESCOMPRIMIDO or textos > (
        MAXIMO_TEXTOS_COMPARTIDOS
    ):
        raise ArchivoIlegible(
            "El archivo ocupa demasiado descomprimido para una importación. Guarde sólo la "
            "hoja con los datos en un libro nuevo, o divídalo en varios archivos."
        )


def filas_xlsx(contenido: bytes, *, maximo_filas: int) -> list[Fila]:
    """Las filas de la primera hoja, con los valores (no las fórmulas) de cada celda, cada
    una tan ancha como su última celda con valor. Una hoja con más de `maximo_filas` filas
    con datos (más los encabezados), o con datos más allá de la columna `MAXIMO_COLUMNAS`,
    se rechaza en cuanto se encuentra."""
    ilegible = ArchivoIlegible(
        "El archivo no es un XLSX válido: ¿está dañado o es otro formato con la extensión "
        "cambiada? Ábralo en Excel o LibreOffice y guárdelo como «Libro de Excel (.xlsx)»."
    )
    if not contenido.startswith(FIRMAS["xlsx"]):
        raise ilegible
    _revisar_zip(contenido, ilegible)
    try:
        libro = openpyxl.load_workbook(io.BytesIO(contenido), read_only=True, data_only=True)
    except Exception as error:  # openpyxl lanza de todo ante un ZIP que no es un libro
        raise ilegible from error
    try:
        return _filas_de_hoja(libro, maximo_filas)
    except ArchivoIlegible:
        raise
    except Exception as error:  # XML dañado dentro de la hoja
        raise ilegible from error
    finally:
        libro.close()


def _filas_de_hoja(libro: Any, maximo_filas: int) -> list[Fila]:
    hoja = libro.worksheets[0]
    filas: list[Fila] = []
    con_datos = 0
    with hoja._get_source() as fuente:
        # El lector de openpyxl convierte cada celda (textos compartidos, fechas por su
        # estilo); el recorrido es propio para soltar cada fila ya leída del árbol XML.
        lector = WorkSheetParser(
            fuente,
            hoja._shared_strings,
            data_only=True,
            epoch=libro.epoch,
            date_formats=libro._date_formats,
            timedelta_formats=libro._timedelta_formats,
        )
        datos = None
        for evento, elemento in iterparse(fuente, events=("start", "end")):
            if evento == "start":
                if elemento.tag == _HOJA_DATOS:
                    datos = elemento
                continue
            if elemento.tag != _FILA:
                continue
            numero, celdas = lector.parse_row(elemento)
            lector.row_dimensions.clear()
            if datos is not None:
                datos.clear()
            valores = {}
            for celda in celdas:
                if vacio(celda["value"]):
                    continue
                if celda["column"] > MAXIMO_COLUMNAS:
                    raise ArchivoIlegible(
                        f"La fila {numero} tiene datos en la columna "
                        f"{get_column_letter(celda['column'])}: se leen hasta la columna "
                        f"{get_column_letter(MAXIMO_COLUMNAS)}. Borre las columnas sobrantes."
                    )
                valores[celda["column"]] = celda["value"]
            if not valores:
                continue
            con_datos += 1
            if con_datos > maximo_filas + MARGEN_ENCABEZADOS:
                raise _demasiadas_filas(maximo_filas)
            # Las filas vacías intermedias conservan su lugar: los errores citan la fila.
            filas.extend(() for _ in range(numero - 1 - len(filas)))
            filas.append(tuple(valores.get(c) for c in range(1, max(valores) + 1)))
    return filas


def filas_csv(contenido: bytes, *, maximo_filas: int) -> list[Fila]:
    """Las filas de un CSV en UTF-8 (con o sin BOM) o Windows-1252, separado por comas o
    por punto y coma (lo que más aparezca en la primera línea), con los mismos límites de
    filas y columnas que un XLSX."""
    if contenido.startswith(FIRMAS["xlsx"]) or b"\x00" in contenido[:4096]:
        raise ArchivoIlegible(
            "El archivo no es un CSV de texto: ¿es un libro de Excel con la extensión cambiada? "
            "Súbalo como .xlsx."
        )
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel en Windows guarda «CSV (delimitado por comas)» en Windows-1252.
        try:
            texto = contenido.decode("cp1252")
        except UnicodeDecodeError:
            raise ArchivoIlegible(
                "No se pudo leer el CSV: guárdelo con codificación UTF-8."
            ) from None
    primera = texto.split("\n", 1)[0]
    separador = ";" if primera.count(";") > primera.count(",") else ","
    filas: list[Fila] = []
    con_datos = 0
    try:
        for numero, fila in enumerate(
            csv.reader(io.StringIO(texto, newline=""), delimiter=separador), start=1
        ):
            ancho = max((i + 1 for i, v in enumerate(fila) if not vacio(v)), default=0)
            if ancho > MAXIMO_COLUMNAS:
                raise ArchivoIlegible(
                    f"La fila {numero} tiene {ancho} columnas: se leen hasta "
                    f"{MAXIMO_COLUMNAS}. Borre las columnas sobrantes."
                )
            if ancho:
                con_datos += 1
                if con_datos > maximo_filas + MARGEN_ENCABEZADOS:
                    raise _demasiadas_filas(maximo_filas)
            filas.append(tuple(fila[:ancho]))
    except csv.Error as error:
        raise ArchivoIlegible(f"No se pudo leer el CSV: {error}.") from None
    return filas


# --- Encabezados -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Columna:
    """Una columna que la importación acepta: su clave en el Dataset, los encabezados con
    que se reconoce (el primero es su nombre) y qué valores admite, para la página. Con
    `alternativa`, la columna (u otra que la reemplaza) debe estar; eso lo revisa la app."""

    clave: str
    nombres: tuple[str, ...]
    requerida: bool
    valores: str
    alternativa: str = ""

    @property
    def nombre(self) -> str:
        return self.nombres[0]


@dataclass
class Encabezados:
    # El índice en la fila de cada columna reconocida, por su clave, en el orden de la hoja.
    indices: dict[str, int] = field(default_factory=dict)
    # (encabezado en el archivo, nombre de la columna que se reconoció).
    reconocidas: list[tuple[str, str]] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)
    # Dos encabezados que dicen lo mismo.
    errores: list[str] = field(default_factory=list)
    faltan: list[Columna] = field(default_factory=list)

    def anotar(self, resultado: "ResultadoConEncabezados") -> None:
        """Pasa al resultado de una importación lo reconocido, lo ignorado y los errores."""
        resultado.reconocidas += self.reconocidas
        resultado.ignoradas += self.ignoradas
        resultado.errores += self.errores


class ResultadoConEncabezados(Protocol):
    reconocidas: list[tuple[str, str]]
    ignoradas: list[str]
    errores: list[str]


def por_nombre(columnas: Sequence[Columna]) -> dict[str, Columna]:
    return {normalizar(nombre): c for c in columnas for nombre in c.nombres}


def reconocer(fila: Fila, columnas: Sequence[Columna]) -> Encabezados:
    """Qué columna es cada encabezado, sin importar mayúsculas, acentos ni signos; los
    desconocidos se ignoran y las obligatorias que no aparecen quedan en `faltan`."""
    nombres = por_nombre(columnas)
    encabezados = Encabezados()
    indices = encabezados.indices
    for indice, valor in enumerate(fila):
        texto = linea_de_celda(valor)
        if not texto:
            continue
        columna = nombres.get(normalizar(texto))
        if columna is None:
            encabezados.ignoradas.append(texto)
        elif columna.clave in indices:
            otro = linea_de_celda(fila[indices[columna.clave]])
            encabezados.errores.append(
                f"Las columnas «{otro}» y «{texto}» dicen lo mismo ({columna.nombre}); deje sólo una."
            )
        else:
            indices[columna.clave] = indice
            encabezados.reconocidas.append((texto, columna.nombre))
    encabezados.faltan = [c for c in columnas if c.requerida and c.clave not in indices]
    return encabezados


def mensaje_faltan(faltan: Sequence[Columna]) -> str:
    nombres = lista_y([f"«{c.nombre}»" for c in faltan])
    aceptados = "; ".join(f"{c.nombre}: {', '.join(f'«{n}»' for n in c.nombres)}" for c in faltan)
    return (
        f"Faltan columnas obligatorias: {nombres}. La primera fila debe tener los "
        f"encabezados; se aceptan sin importar mayúsculas ni acentos. Nombres aceptados: "
        f"{aceptados}."
    )


def datos_de(
    filas: Sequence[Fila], indices: dict[str, int], *, desde: int = 1
) -> tuple[tablib.Dataset, list[int]]:
    """Las filas no vacías de `filas[desde:]` como Dataset con las claves de `indices` por
    encabezado, y el número de fila de la hoja (la primera es la 1) de cada una."""
    datos = tablib.Dataset(headers=list(indices))
    numeros = []
    for numero, fila in enumerate(filas[desde:], start=desde + 1):
        if all(vacio(v) for v in fila):
            continue
        datos.append([fila[i] if i < len(fila) else None for i in indices.values()])
        numeros.append(numero)
    return datos, numeros


# --- Valores ---------------------------------------------------------------------------------

FORMATOS_FECHA = ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y")


def fecha_de_celda(valor: object) -> date | None:
    """Una celda de fecha, un número de serie de Excel (una fecha sin formato de fecha) o un
    texto dd/mm/aaaa (o aaaa-mm-dd; se ignora la hora); None si no es una fecha."""
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    if isinstance(valor, int | float):
        try:
            momento = from_excel(valor)
        except (ValueError, OverflowError, TypeError):
            return None
        return momento.date() if isinstance(momento, datetime) else None
    texto = linea_de_celda(valor).split(" ")[0]
    for formato in FORMATOS_FECHA:
        try:
            return datetime.strptime(texto, formato).date()
        except ValueError:
            continue
    return None


# --- Errores de django-import-export ---------------------------------------------------------


def mensajes_de_fila(fila: int, error: ValidationError) -> list[str]:
    return [f"Fila {fila}: {m.rstrip('.')}." for m in error.messages]


def errores_de(importacion: Any, numeros: Sequence[int]) -> list[tuple[int, str]]:
    """Los errores de un `import_data(..., raise_errors=False)` como (fila de la hoja,
    mensaje): los de validación dicen qué corregir; una excepción inesperada se registra."""
    errores: list[tuple[int, str]] = []
    for invalida in importacion.invalid_rows:
        fila = numeros[invalida.number - 1]
        errores += [(fila, m) for m in mensajes_de_fila(fila, invalida.error)]
    for numero, fallas in importacion.row_errors():
        fila = numeros[numero - 1]
        for falla in fallas:
            logger.error("Error al importar la fila %s: %r", fila, falla.error)
            errores.append((fila, f"Fila {fila}: no se pudo leer ({falla.error})."))
    for falla in importacion.base_errors:
        logger.error("Error al importar: %r", falla.error)
        errores.append((0, f"No se pudo leer el archivo ({falla.error})."))
    return errores


def en_orden(errores: list[tuple[int, str]]) -> list[str]:
    """Los mensajes por número de fila (los del archivo entero primero)."""
    return [m for _, m in sorted(errores, key=lambda e: e[0])]


# --- El archivo que espera confirmación ------------------------------------------------------

# Un archivo subido que nadie confirmó se borra al día siguiente.
VIGENCIA_PENDIENTE = timedelta(days=1)


@dataclass(frozen=True)
class Pendiente:
    ruta: str
    formato: str
    contenido: bytes

    def borrar(self) -> None:
        default_storage.delete(self.ruta)


@dataclass(frozen=True)
class ArchivosPendientes:
    """Entre la vista previa y la confirmación el archivo espera en el almacenamiento, bajo
    `importaciones/<id del ayuntamiento>/<subcarpeta>/<prefijo><uuid>.<formato>`; el
    formulario sólo lleva el uuid. Como la ruta se arma con el ayuntamiento (y lo que
    distinga la subcarpeta o el prefijo) de la petición, el uuid de otro no encuentra nada."""

    ayuntamiento_id: int
    subcarpeta: str = ""
    prefijo: str = ""

    @property
    def carpeta(self) -> str:
        return "/".join(filter(None, ("importaciones", str(self.ayuntamiento_id), self.subcarpeta)))

    def _ruta(self, clave: uuid.UUID | str, formato: str) -> str:
        return f"{self.carpeta}/{self.prefijo}{clave}.{formato}"

    def guardar(self, contenido: bytes, formato: str) -> str:
        """Guarda el archivo y devuelve su clave (el uuid)."""
        self.expirar()
        clave = str(uuid.uuid4())
        default_storage.save(self._ruta(clave, formato), ContentFile(contenido))
        return clave

    def abrir(self, clave: uuid.UUID, formatos: Sequence[str]) -> Pendiente:
        """El archivo de esa clave; 404 si no espera aquí."""
        for formato in formatos:
            ruta = self._ruta(clave, formato)
            if default_storage.exists(ruta):
                with default_storage.open(ruta, "rb") as archivo:
                    return Pendiente(ruta, formato, archivo.read())
        raise Http404("No hay una importación pendiente con esa clave.")

    def expirar(self) -> None:
        """Borra los archivos de la carpeta que llevan más de `VIGENCIA_PENDIENTE`."""
        if not default_storage.exists(self.carpeta):
            return
        limite = timezone.now() - VIGENCIA_PENDIENTE
        for nombre in default_storage.listdir(self.carpeta)[1]:
            ruta = f"{self.carpeta}/{nombre}"
            if default_storage.get_modified_time(ruta) < limite:
                default_storage.delete(ruta)
