"""Importación de solicitudes desde una hoja de cálculo: la que exporta la Plataforma
Nacional (PNT / SISAI 2.0) o cualquier otra con una fila por solicitud.

Tres pasos, los mismos para la vista y para quien llame desde código:

1. Leer el archivo (XLSX o CSV) y reconocer sus encabezados sin importar mayúsculas,
   acentos ni sinónimos (`COLUMNAS`). Las columnas desconocidas se ignoran y se informan.
2. Convertir y validar cada fila con un `Resource` de django-import-export, siempre en seco.
   El folio es la llave: una fila con un folio que ya existe es una solicitud «cambiada» (se
   muestra qué cambia) o «sin cambios».
3. Sólo si no hubo un solo error y se pidió confirmar: guardar todo en una transacción. Las
   nuevas y las cambiadas se escriben en bloque con su historial (simple-history), y sus
   estados y plazos los escribe `servicios.solicitudes_derivar`, el de todas las vistas.
"""

import hashlib
import logging
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scope
from import_export import fields, resources, widgets
from openpyxl.utils.datetime import from_excel
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizacion.hojas import (
    ArchivoIlegible,
    Columna,
    datos_de,
    en_orden,
    errores_de,
    filas_csv,
    filas_xlsx,
    mensaje_faltan,
    normalizar,
    reconocer,
    texto_de_celda,
    vacio,
)
from organizacion.models import Ayuntamiento, Sexo, Usuario

from .models import (
    DerechoArco,
    MedioRecepcion,
    ModalidadEntrega,
    Solicitud,
    TipoSolicitud,
)
from .servicios import CON_HECHOS, solicitudes_derivar

logger = logging.getLogger(__name__)

FORMATOS = ("xlsx", "csv")
# Más filas no caben en una petición web razonable; un año de una Unidad grande son miles.
MAXIMO_FILAS = 20_000
MOTIVO_HISTORIAL = "Importada desde hoja de cálculo"
# Cuántas filas nuevas se muestran de ejemplo en la vista previa.
MUESTRA = 20


# --- Columnas aceptadas ----------------------------------------------------------------------


COLUMNAS: tuple[Columna, ...] = (
    Columna(
        "folio",
        ("Folio", "Folio de la solicitud", "Número de folio"),
        True,
        "El folio de la PNT. Identifica la solicitud: si ya está registrada, la fila la actualiza "
        "(la vista previa muestra qué cambia). No puede repetirse dentro del archivo.",
    ),
    Columna(
        "recibida",
        ("Fecha de recepción", "Fecha de ingreso", "Fecha de presentación"),
        True,
        "dd/mm/aaaa, dd/mm/aaaa hh:mm, aaaa-mm-dd (ISO) o una celda de fecha de Excel. No puede "
        "estar en el futuro. Sin hora, si la solicitud ya existe con esa misma fecha, se "
        "conserva su hora.",
    ),
    Columna(
        "medio",
        ("Medio", "Medio de recepción"),
        False,
        "Plataforma Nacional, PNT, SISAI o Infomex; Correo electrónico; Escrito o Presencial; "
        "Verbal o Comparecencia; Teléfono; Otro. Vacío o sin la columna: PNT.",
    ),
    Columna(
        "tipo",
        ("Tipo", "Tipo de solicitud"),
        False,
        "Información pública o Acceso a la información: acceso a la información. Datos "
        "personales, ARCO o Acceso a datos personales: derecho ARCO de acceso. Rectificación…, "
        "Cancelación…, Oposición…, Portabilidad…: ese derecho ARCO. Vacío o sin la columna: "
        "acceso a la información.",
    ),
    Columna(
        "descripcion",
        ("Descripción", "Descripción de la solicitud", "Información solicitada"),
        True,
        "El texto de la solicitud.",
    ),
    Columna(
        "nombre_solicitante",
        ("Nombre del solicitante", "Solicitante"),
        False,
        "Vacío: solicitud anónima.",
    ),
    Columna(
        "sexo",
        ("Sexo", "Género"),
        False,
        "Mujer, Femenino o F; Hombre, Masculino, H o M; cualquier otro valor o vacío: no "
        "identificado. Si el archivo usa H para hombre (como la CURP), M se lee como mujer.",
    ),
    Columna(
        "correo_solicitante",
        ("Correo", "Correo electrónico", "Correo del solicitante"),
        False,
        "Una dirección de correo válida, o vacío.",
    ),
    Columna(
        "telefono_solicitante",
        ("Teléfono", "Teléfono del solicitante"),
        False,
        "Texto libre de hasta 30 caracteres, o vacío.",
    ),
    Columna(
        "modalidad_entrega",
        ("Modalidad de entrega", "Medio de entrega"),
        False,
        "Electrónica (Entrega por Internet en la PNT, correo…), Copia simple, Copia certificada, "
        "Consulta directa; otro valor: otra. Vacío o sin la columna: electrónica.",
    ),
)

# Los campos de la solicitud que escribe la importación (el tipo trae también el derecho).
CAMPOS_IMPORTADOS = [
    "recibida",
    "medio",
    "tipo",
    "derecho_arco",
    "descripcion",
    "nombre_solicitante",
    "sexo",
    "correo_solicitante",
    "telefono_solicitante",
    "modalidad_entrega",
]


# --- Valores de los catálogos ----------------------------------------------------------------


def _catalogo(pares: dict[str, Sequence[str]]) -> dict[str, str]:
    return {normalizar(texto): valor for valor, textos in pares.items() for texto in textos}


MEDIOS = _catalogo(
    {
        MedioRecepcion.PNT: (
            "PNT",
            "PNT / SISAI",
            "Plataforma Nacional",
            "Plataforma Nacional de Transparencia",
            "SISAI",
            "SISAI 2.0",
            "Infomex",
            "Sistema Infomex",
        ),
        MedioRecepcion.CORREO: ("Correo electrónico", "Correo", "Email", "E-mail"),
        MedioRecepcion.ESCRITO: ("Escrito", "Por escrito", "Escrito libre", "Presencial"),
        MedioRecepcion.VERBAL: ("Verbal", "Comparecencia", "Verbal / comparecencia"),
        MedioRecepcion.TELEFONO: ("Teléfono", "Telefónica", "Vía telefónica", "Por teléfono"),
        MedioRecepcion.OTRO: ("Otro", "Otros", "Otro medio"),
    }
)
_ACCESO = (TipoSolicitud.ACCESO, "")
_ARCO_ACCESO = (TipoSolicitud.ARCO, DerechoArco.ACCESO)
TIPOS: dict[str, tuple[str, str]] = {
    **{
        normalizar(t): _ACCESO
        for t in (
            "Información pública",
            "Acceso a la información",
            "Acceso a la información pública",
            "Solicitud de información",
            "Solicitud de acceso a la información",
            "SAI",
        )
    },
    # Sin el derecho, una solicitud de datos personales casi siempre es de acceso.
    **{
        normalizar(t): _ARCO_ACCESO
        for t in (
            "Datos personales",
            "ARCO",
            "ARCOP",
            "Derechos ARCO",
            "Solicitud ARCO",
            "Acceso a datos personales",
            "Acceso a sus datos personales",
            "Acceso a los datos personales",
        )
    },
}
# «Rectificación de datos personales», «Cancelación», …: basta el comienzo.
DERECHOS_POR_PREFIJO = {
    "rectificacion": DerechoArco.RECTIFICACION,
    "cancelacion": DerechoArco.CANCELACION,
    "oposicion": DerechoArco.OPOSICION,
    "portabilidad": DerechoArco.PORTABILIDAD,
}
SEXOS = _catalogo(
    {
        Sexo.MUJER: ("Mujer", "Femenino", "Femenina", "F"),
        Sexo.HOMBRE: ("Hombre", "Masculino", "H", "M"),
    }
)
# Las modalidades de la PNT tienen muchas redacciones: se reconocen por una palabra.
MODALIDADES_POR_PALABRA = (
    ("certificad", ModalidadEntrega.COPIA_CERTIFICADA),
    ("copia", ModalidadEntrega.COPIA_SIMPLE),
    ("consulta", ModalidadEntrega.CONSULTA_DIRECTA),
    ("internet", ModalidadEntrega.ELECTRONICA),
    ("electronic", ModalidadEntrega.ELECTRONICA),
    ("correo", ModalidadEntrega.ELECTRONICA),
    ("pnt", ModalidadEntrega.ELECTRONICA),
    ("plataforma", ModalidadEntrega.ELECTRONICA),
    ("sistema", ModalidadEntrega.ELECTRONICA),
)


def limpiar_folio(valor: object) -> str:
    folio = texto_de_celda(valor)
    if not folio:
        raise ValueError("falta el folio")
    return folio


# --- Widgets: del valor de la celda al valor del modelo --------------------------------------


class TextoWidget(widgets.Widget):
    def __init__(self, *, falta: str = "") -> None:
        super().__init__()
        self.falta = falta

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        texto = texto_de_celda(value)
        if not texto and self.falta:
            raise ValueError(self.falta)
        return texto


class FolioWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return limpiar_folio(value)


class MedioWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if vacio(value):
            return MedioRecepcion.PNT
        medio = MEDIOS.get(normalizar(value))
        if medio is None:
            raise ValueError(
                f"el medio de recepción «{texto_de_celda(value)}» no se reconoce (use PNT, correo "
                "electrónico, escrito, verbal, teléfono u otro)"
            )
        return medio


class TipoWidget(widgets.Widget):
    """Devuelve el par (tipo, derecho ARCO): la hoja de la PNT los trae en una sola columna."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> tuple[str, str]:
        if vacio(value):
            return _ACCESO
        texto = normalizar(value)
        if texto in TIPOS:
            return TIPOS[texto]
        for prefijo, derecho in DERECHOS_POR_PREFIJO.items():
            if texto.startswith(prefijo):
                return (TipoSolicitud.ARCO, derecho)
        raise ValueError(
            f"el tipo de solicitud «{texto_de_celda(value)}» no se reconoce (use «Información pública» "
            "o un derecho ARCO: acceso, rectificación, cancelación, oposición, portabilidad)"
        )


class SexoWidget(widgets.Widget):
    """F/M es femenino/masculino; pero en un archivo que escribe H para hombre (la
    convención de la CURP), M es mujer. `m_es_mujer` lo decide el Resource viendo la columna."""

    m_es_mujer = False

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        texto = normalizar(value)
        if texto == "m" and self.m_es_mujer:
            return Sexo.MUJER
        return SEXOS.get(texto, Sexo.NO_IDENTIFICADO)


class ModalidadWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if vacio(value):
            return ModalidadEntrega.ELECTRONICA
        texto = normalizar(value)
        for palabra, modalidad in MODALIDADES_POR_PALABRA:
            if palabra in texto:
                return modalidad
        return ModalidadEntrega.OTRA


_FORMATOS_FECHA = (
    ("%d/%m/%Y", False),
    ("%d/%m/%Y %H:%M", True),
    ("%d/%m/%Y %H:%M:%S", True),
    ("%d-%m-%Y", False),
    ("%d-%m-%Y %H:%M", True),
    ("%Y-%m-%d", False),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M", True),
    ("%Y-%m-%dT%H:%M:%S", True),
)


class FechaWidget(widgets.Widget):
    """Devuelve (fecha y hora con zona, si la celda traía hora). Una fecha sin hora se toma a
    las 00:00 del ayuntamiento: antes de la hora de cierre, cuenta ese mismo día."""

    zona: ZoneInfo = ZoneInfo("America/Mexico_City")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> tuple[datetime, bool]:
        if vacio(value):
            raise ValueError("falta la fecha de recepción")
        original = texto_de_celda(value)
        try:
            momento, con_hora = self._leer(value)
        except (ValueError, OverflowError, TypeError):
            raise ValueError(
                f"la fecha de recepción «{original}» no es válida (use dd/mm/aaaa)"
            ) from None
        if momento.year < 2000:
            raise ValueError(
                f"la fecha de recepción «{original}» es anterior al año 2000; revise el año"
            )
        if timezone.is_naive(momento):
            momento = timezone.make_aware(momento, self.zona)
        return momento, con_hora

    def _leer(self, valor: object) -> tuple[datetime, bool]:
        if isinstance(valor, datetime):
            return valor, valor.time() != time(0, 0)
        if isinstance(valor, date):
            return datetime.combine(valor, time(0, 0)), False
        if isinstance(valor, int | float):
            # Una celda de fecha sin formato de fecha: el número de serie de Excel.
            momento = from_excel(valor)
            if not isinstance(momento, datetime):
                raise ValueError(valor)
            return momento, momento.time() != time(0, 0)
        texto = " ".join(str(valor).split())
        for formato, con_hora in _FORMATOS_FECHA:
            try:
                return datetime.strptime(texto, formato), con_hora
            except ValueError:
                continue
        momento = datetime.fromisoformat(texto)
        return momento, True


# --- Campos con reglas propias ---------------------------------------------------------------


class TipoField(fields.Field):
    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        instance.tipo, instance.derecho_arco = self.clean(row, **kwargs)


class FechaField(fields.Field):
    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        momento, con_hora = self.clean(row, **kwargs)
        anterior: datetime | None = instance.recibida
        zona = self.widget.zona
        if (
            not con_hora
            and anterior is not None
            and anterior.astimezone(zona).date() == momento.astimezone(zona).date()
        ):
            # La PNT exporta sólo la fecha: no se pierde la hora capturada a mano.
            return
        instance.recibida = momento


# --- Resultado -------------------------------------------------------------------------------


@dataclass
class CampoCambiado:
    campo: str
    antes: str
    despues: str


@dataclass
class Cambio:
    fila: int
    folio: str
    campos: list[CampoCambiado]


@dataclass
class FilaNueva:
    fila: int
    folio: str
    fecha: date
    hora: str
    tipo: str
    medio: str
    descripcion: str


@dataclass
class ResultadoImportacion:
    nuevas: int = 0
    cambiadas: int = 0
    sin_cambios: int = 0
    cambios: list[Cambio] = field(default_factory=list)
    errores: list[str] = field(default_factory=list)
    # Encabezados del archivo que no corresponden a ningún campo.
    ignoradas: list[str] = field(default_factory=list)
    # (encabezado en el archivo, columna que se reconoció).
    reconocidas: list[tuple[str, str]] = field(default_factory=list)
    muestra: list[FilaNueva] = field(default_factory=list)
    guardado: bool = False
    # Al confirmar, lo que se iba a guardar ya no es lo que se mostró en la vista previa.
    desactualizada: bool = False
    huella: str = ""
    # Se llegó a leer fila por fila (el archivo se abrió y sus encabezados bastan).
    leido: bool = False

    @property
    def valido(self) -> bool:
        return not self.errores

    @property
    def total(self) -> int:
        return self.nuevas + self.cambiadas + self.sin_cambios

    @property
    def por_guardar(self) -> bool:
        return self.valido and bool(self.nuevas or self.cambiadas)


# --- Lectura del archivo ---------------------------------------------------------------------


def _dataset(
    contenido: bytes, formato: str, resultado: ResultadoImportacion
) -> tuple[tablib.Dataset, list[int]]:
    """El archivo como Dataset con las claves de `COLUMNAS` por encabezado, y el número de
    fila de la hoja (el encabezado es la fila 1) de cada fila del Dataset."""
    if formato not in FORMATOS:
        raise ArchivoIlegible("Formato no admitido: use .xlsx o .csv.")
    leer = filas_xlsx if formato == "xlsx" else filas_csv
    filas = leer(contenido, maximo_filas=MAXIMO_FILAS)
    if not filas or all(vacio(v) for v in filas[0]):
        raise ArchivoIlegible("La primera fila del archivo debe tener los encabezados.")
    encabezados = reconocer(filas[0], COLUMNAS)
    encabezados.anotar(resultado)
    if encabezados.faltan:
        resultado.errores.append(mensaje_faltan(encabezados.faltan))
    datos, numeros = datos_de(filas, encabezados.indices)
    if not numeros:
        raise ArchivoIlegible("El archivo no tiene filas de datos debajo de los encabezados.")
    if len(numeros) > MAXIMO_FILAS:
        raise ArchivoIlegible(
            f"El archivo tiene {len(numeros):,} filas; el máximo por importación es "
            f"{MAXIMO_FILAS:,}. Divídalo en varios archivos.".replace(",", " ")
        )
    return datos, numeros


# --- El Resource -----------------------------------------------------------------------------


ETIQUETAS = {f.name: str(f.verbose_name) for f in Solicitud._meta.fields}


def _mayuscula(texto: str) -> str:
    # No `capitalize()`: bajaría «ARCO» a «arco».
    return texto[:1].upper() + texto[1:]


def _mostrar(solicitud: Solicitud, campo: str, zona: ZoneInfo) -> str:
    valor = getattr(solicitud, campo)
    if campo == "recibida":
        return f"{valor.astimezone(zona):%d/%m/%Y %H:%M}"
    if campo in ("medio", "tipo", "derecho_arco", "sexo", "modalidad_entrega"):
        return str(getattr(solicitud, f"get_{campo}_display")()) or "—"
    return str(valor) or "—"


class SolicitudResource(resources.ModelResource):
    """Una fila de la hoja → una `Solicitud` sin guardar, validada con las reglas de
    `servicios.solicitud_registrar` (fecha no futura, folio único, derecho sólo en ARCO).

    Nunca escribe: `save_instance` sólo junta las nuevas y las cambiadas, y
    `solicitudes_importar` las guarda en bloque. Las existentes llegan precargadas por folio
    (`existentes`), así una hoja de 10 000 filas no hace 10 000 consultas."""

    folio = fields.Field(attribute="folio", column_name="folio", widget=FolioWidget())
    recibida = FechaField(attribute="recibida", column_name="recibida", widget=FechaWidget())
    medio = fields.Field(attribute="medio", column_name="medio", widget=MedioWidget())
    tipo = TipoField(attribute="tipo", column_name="tipo", widget=TipoWidget())
    descripcion = fields.Field(
        attribute="descripcion",
        column_name="descripcion",
        widget=TextoWidget(falta="falta la descripción de la solicitud"),
    )
    nombre_solicitante = fields.Field(
        attribute="nombre_solicitante", column_name="nombre_solicitante", widget=TextoWidget()
    )
    sexo = fields.Field(attribute="sexo", column_name="sexo", widget=SexoWidget())
    correo_solicitante = fields.Field(
        attribute="correo_solicitante", column_name="correo_solicitante", widget=TextoWidget()
    )
    telefono_solicitante = fields.Field(
        attribute="telefono_solicitante", column_name="telefono_solicitante", widget=TextoWidget()
    )
    modalidad_entrega = fields.Field(
        attribute="modalidad_entrega", column_name="modalidad_entrega", widget=ModalidadWidget()
    )

    class Meta:
        model = Solicitud
        fields = tuple(c.clave for c in COLUMNAS)
        import_id_fields = ["folio"]
        # La comparación y el historial los hace este módulo: sin copias ni diff HTML por fila.
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        # Con use_bulk, import-export no abre un punto de guardado por fila.
        use_bulk = True

    def __init__(
        self,
        *,
        ayuntamiento: Ayuntamiento,
        existentes: dict[str, Solicitud],
        numeros: list[int],
        usuario: Usuario | None,
    ) -> None:
        super().__init__()
        self.ayuntamiento = ayuntamiento
        self.zona = ZoneInfo(ayuntamiento.zona_horaria)
        self.fields["recibida"].widget.zona = self.zona
        self.existentes = existentes
        self.numeros = numeros
        self.usuario = usuario
        self.ahora = timezone.now()
        self.vistos: dict[str, int] = {}
        self.nuevas: list[tuple[int, Solicitud]] = []
        self.cambiadas: list[tuple[int, Solicitud, list[CampoCambiado]]] = []
        # Los campos que cambian en alguna fila: sólo ésos se escriben (más los derivados).
        self.campos_cambiados: set[str] = set()
        self._fila = 0
        self._antes: Solicitud | None = None

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        if "sexo" in dataset.headers:
            letras = {normalizar(v) for v in dataset["sexo"]}
            self.fields["sexo"].widget.m_es_mujer = "h" in letras and "f" not in letras

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self._fila = self.numeros[kwargs["row_number"] - 1]
        try:
            folio = limpiar_folio(row["folio"])
        except ValueError as error:
            raise ValidationError({"folio": str(error)}) from None
        if folio in self.vistos:
            raise ValidationError(
                {
                    "folio": f"el folio «{folio}» está repetido: ya apareció en la fila {self.vistos[folio]}"
                }
            )
        self.vistos[folio] = self._fila

    def get_instance(self, instance_loader: Any, row: Any) -> Solicitud | None:
        return self.existentes.get(limpiar_folio(row["folio"]))

    def init_instance(self, row: Any = None) -> Solicitud:
        return Solicitud(ayuntamiento=self.ayuntamiento, registrada_por=self.usuario)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        # Una copia ligera (sólo los campos que se importan) para comparar después.
        self._antes = (
            None if new else Solicitud(**{c: getattr(instance, c) for c in CAMPOS_IMPORTADOS})
        )

    def _diferencias(self, instance: Solicitud) -> list[str]:
        antes = self._antes
        if antes is None:
            return []
        return [c for c in CAMPOS_IMPORTADOS if getattr(antes, c) != getattr(instance, c)]

    def skip_row(
        self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        return (
            not import_validation_errors
            and self._antes is not None
            and not self._diferencias(instance)
        )

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """Las reglas de `solicitud_registrar`. El folio único se comprobó contra las
        existentes precargadas y contra las filas anteriores; el derecho ARCO lo fija el tipo.
        Por eso `full_clean` omite las consultas por fila (unicidad, restricciones, llaves)."""
        errores = dict(import_validation_errors or {})
        if "recibida" not in errores and instance.recibida > self.ahora:
            errores["recibida"] = (
                f"la fecha de recepción «{instance.recibida.astimezone(self.zona):%d/%m/%Y}» "
                "está en el futuro"
            )
        try:
            instance.full_clean(
                exclude=[*errores, "ayuntamiento", "registrada_por"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for campo, mensajes in error.message_dict.items():
                errores[campo] = [
                    f"{ETIQUETAS.get(campo, campo)}: {m[:1].lower()}{m[1:]}" for m in mensajes
                ]
        if errores:
            raise ValidationError(errores)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        if is_create:
            self.nuevas.append((self._fila, instance))
        else:
            antes = self._antes
            assert antes is not None
            campos = self._diferencias(instance)
            self.campos_cambiados.update(campos)
            mostrar = [
                CampoCambiado(
                    _mayuscula(ETIQUETAS[c]),
                    _mostrar(antes, c, self.zona),
                    _mostrar(instance, c, self.zona),
                )
                for c in campos
            ]
            self.cambiadas.append((self._fila, instance, mostrar))


# --- El servicio -----------------------------------------------------------------------------


def _existentes(ayuntamiento: Ayuntamiento, datos: tablib.Dataset) -> dict[str, Solicitud]:
    folios = set()
    for valor in datos["folio"]:
        try:
            folios.add(limpiar_folio(valor))
        except ValueError:
            continue
    ordenados = sorted(folios)
    existentes = {}
    # En tandas: SQLite limita los parámetros por consulta.
    for inicio in range(0, len(ordenados), 900):
        for solicitud in Solicitud.objects.filter(folio__in=ordenados[inicio : inicio + 900]):
            solicitud.ayuntamiento = ayuntamiento
            existentes[solicitud.folio] = solicitud
    return existentes


def _huella(resource: SolicitudResource) -> str:
    """Resume lo que se va a guardar, para saber al confirmar si sigue siendo lo que se
    mostró en la vista previa."""
    partes = [f"+{s.folio}" for _, s in resource.nuevas]
    for _, solicitud, campos in resource.cambiadas:
        partes.append(f"~{solicitud.folio}")
        partes += [f"{c.campo}={c.antes}>{c.despues}" for c in campos]
    return hashlib.sha256("\n".join(partes).encode()).hexdigest()[:32]


def _validar(
    *,
    ayuntamiento: Ayuntamiento,
    contenido: bytes,
    formato: str,
    usuario: Usuario | None,
    resultado: ResultadoImportacion,
) -> SolicitudResource | None:
    try:
        datos, numeros = _dataset(contenido, formato, resultado)
    except ArchivoIlegible as error:
        resultado.errores.append(str(error))
        return None
    if resultado.errores:
        return None
    resultado.leido = True
    resource = SolicitudResource(
        ayuntamiento=ayuntamiento,
        existentes=_existentes(ayuntamiento, datos),
        numeros=numeros,
        usuario=usuario,
    )
    # Siempre en seco: import-export convierte y valida; el guardado es de este módulo.
    importacion = resource.import_data(datos, dry_run=True, raise_errors=False)
    resultado.errores += en_orden(errores_de(importacion, numeros))
    resultado.nuevas = len(resource.nuevas)
    resultado.cambiadas = len(resource.cambiadas)
    resultado.sin_cambios = importacion.totals.get("skip", 0)
    resultado.cambios = [
        Cambio(fila, solicitud.folio, campos) for fila, solicitud, campos in resource.cambiadas
    ]
    resultado.muestra = [
        FilaNueva(
            fila=fila,
            folio=s.folio,
            fecha=s.recibida.astimezone(resource.zona).date(),
            hora=f"{s.recibida.astimezone(resource.zona):%H:%M}",
            tipo=f"ARCO: {s.get_derecho_arco_display()}"
            if s.es_arco
            else str(s.get_tipo_display()),
            medio=str(s.get_medio_display()),
            descripcion=s.descripcion,
        )
        for fila, s in resource.nuevas[:MUESTRA]
    ]
    resultado.huella = _huella(resource)
    return resource


def _guardar(resource: SolicitudResource, usuario: Usuario | None) -> None:
    """Escribe en bloque, con historial, las nuevas y las cambiadas; lo derivado lo escribe
    después, para todo el archivo de una vez, el mismo servicio que usan las vistas."""
    ayuntamiento = resource.ayuntamiento
    nuevas = [s for _, s in resource.nuevas]
    for solicitud in nuevas:
        # Vienen de una exportación de la PNT: aunque hayan llegado por otro medio, ya están
        # capturadas ahí (LGTAIP art. 125); sin la fecha de captura, la de recepción.
        if solicitud.medio != MedioRecepcion.PNT and solicitud.capturada_pnt is None:
            solicitud.capturada_pnt = solicitud.recibida.astimezone(resource.zona).date()
    bulk_create_with_history(
        nuevas,
        Solicitud,
        batch_size=1000,
        default_user=usuario,
        default_change_reason=MOTIVO_HISTORIAL,
    )
    cambiadas = [s for _, s, _ in resource.cambiadas]
    bulk_update_with_history(
        cambiadas,
        Solicitud,
        [c for c in CAMPOS_IMPORTADOS if c in resource.campos_cambiados],
        batch_size=1000,
        default_user=usuario,
        default_change_reason=MOTIVO_HISTORIAL,
    )

    def releer(folios: list[str]):
        return (
            Solicitud.objects.filter(folio__in=folios)
            .select_related("ayuntamiento")
            .prefetch_related(*CON_HECHOS)
        )

    solicitudes_derivar(ayuntamiento=ayuntamiento, solicitudes=releer([s.folio for s in nuevas]))
    # Si cambió la recepción o el medio, cambiaron los hechos: todo se vuelve a contar.
    solicitudes_derivar(
        ayuntamiento=ayuntamiento,
        solicitudes=releer([s.folio for s in cambiadas]),
        descongelar=bool({"recibida", "medio"} & set(resource.campos_cambiados)),
    )


def solicitudes_importar(
    *,
    ayuntamiento: Ayuntamiento,
    contenido: bytes,
    formato: str,
    confirmar: bool,
    usuario: Usuario | None = None,
    huella: str | None = None,
) -> ResultadoImportacion:
    """Lee la hoja (`formato`: "xlsx" o "csv") y dice qué haría: cuántas solicitudes nuevas,
    cuáles cambian y en qué, cuántas siguen igual, y cada error con su número de fila.

    Con `confirmar`, y sólo si no hay ningún error, guarda todo o nada. Si se pasa la
    `huella` de la vista previa y lo que se guardaría ya no coincide (alguien cambió las
    solicitudes entretanto), no guarda y marca el resultado como `desactualizada`."""
    resultado = ResultadoImportacion()
    # Al confirmar, leer, validar y guardar van en una misma transacción: todo o nada.
    bloque = transaction.atomic() if confirmar else nullcontext()
    try:
        with scope(ayuntamiento=ayuntamiento), bloque:
            resource = _validar(
                ayuntamiento=ayuntamiento,
                contenido=contenido,
                formato=formato,
                usuario=usuario,
                resultado=resultado,
            )
            if not confirmar or resource is None or not resultado.valido:
                return resultado
            if huella is not None and huella != resultado.huella:
                resultado.desactualizada = True
                return resultado
            _guardar(resource, usuario)
            resultado.guardado = True
    except IntegrityError:
        logger.warning("Importación de %s: folio registrado al mismo tiempo", ayuntamiento)
        resultado.guardado = False
        resultado.errores.append(
            "Mientras se importaba, alguien registró una solicitud con uno de estos folios. "
            "No se guardó nada; vuelva a subir el archivo."
        )
    return resultado
