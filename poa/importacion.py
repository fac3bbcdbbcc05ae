"""El POA completo en una hoja de cálculo: una fila por actividad, con su objetivo repetido
(o en celdas combinadas). La misma hoja sirve para llenar un plan desde Excel y para
exportarlo: exportar y volver a importar en un plan vacío reproduce la estructura.

Acepta también la forma de la tabla del POA 2013 de Puebla (semilla 001): OBJETIVO, LÍNEA DE
ACCIÓN, PRODUCTO, INICIO, TÉRMINO, META ANUAL, INDICADORES DE EVALUACIÓN, con filas de título
arriba del encabezado, la meta como «300 asistentes al evento» o «95%», el indicador como
«% de … = (numerador / denominador) *100» y la etiqueta PROIGUALDAD al final del producto.

Tres pasos, como la importación de solicitudes (mismo diseño, código propio por las capas):

1. Leer el XLSX y encontrar la fila de encabezados (la primera, entre las 15 primeras, que
   tiene la columna «Objetivo»); reconocer los encabezados sin importar mayúsculas, acentos
   ni sinónimos (`COLUMNAS`). Las columnas desconocidas se ignoran y se informan.
2. Convertir y validar cada fila con un `Resource` de django-import-export, siempre en seco.
   Cada error lleva el número de fila de la hoja.
3. Sólo si no hubo un solo error y se pidió confirmar: reemplazar la estructura del plan
   (objetivos y actividades) en una transacción, con los servicios de siempre.

Un plan aprobado no se importa (sus metas ya no se tocan), ni uno con avances capturados
(reemplazar su estructura los borraría).
"""

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django_scopes import scope
from import_export import fields, resources, widgets

from organizacion.hojas import (
    ArchivoIlegible,
    Columna,
    datos_de,
    en_orden,
    errores_de,
    fecha_de_celda,
    filas_xlsx,
    linea_de_celda,
    lista_y,
    mensajes_de_fila,
    normalizar,
    por_nombre,
    reconocer,
    texto_de_celda,
    vacio,
)
from organizacion.models import MESES, UnidadAdministrativa, Usuario

from .fuentes import FUENTES
from .models import (
    Actividad,
    Avance,
    Formula,
    Frecuencia,
    Fuente,
    NivelMir,
    Objetivo,
    Plan,
    Sentido,
)
from .servicios import actividad_guardar, objetivo_guardar

logger = logging.getLogger(__name__)

FORMATOS = ("xlsx",)
# Un POA tiene decenas de actividades; mil filas ya es otra cosa que un plan.
MAXIMO_FILAS = 1000
# Hasta qué fila se busca el encabezado (la tabla de Puebla lleva títulos arriba).
FILAS_DE_TITULO = 15


# --- Columnas ----------------------------------------------------------------------------------


_NOMBRES_CONTEO = "Conteo o Cantidad"
COLUMNAS: tuple[Columna, ...] = (
    Columna(
        "objetivo",
        ("Objetivo", "Objetivos"),
        True,
        "El objetivo al que pertenece la actividad. Las filas con el mismo texto (y la misma "
        "clave) son un solo objetivo. Vacía: el de la fila anterior (celdas combinadas).",
    ),
    Columna("objetivo_clave", ("Clave del objetivo",), False, "P. ej. «Componente 1»."),
    Columna(
        "objetivo_nivel",
        ("Nivel MIR del objetivo",),
        False,
        "Fin, Propósito, Componente o Actividad; vacío: sin nivel.",
    ),
    Columna("clave", ("Clave", "Clave de la actividad"), False, "P. ej. «1.2»."),
    Columna("nivel_mir", ("Nivel MIR",), False, "Fin, Propósito, Componente o Actividad."),
    Columna(
        "descripcion",
        ("Actividad", "Descripción", "Descripción de la actividad", "Acción"),
        False,
        "Qué se hará. Sin esta columna (como en la tabla de Puebla) la actividad es el producto.",
        alternativa="Producto",
    ),
    Columna("linea_accion", ("Línea de acción", "Líneas de acción"), False, "Texto libre."),
    Columna(
        "producto",
        ("Producto", "Producto o entregable", "Entregable"),
        False,
        "Texto libre. Una «PROIGUALDAD» al final pasa a las etiquetas.",
        alternativa="Actividad",
    ),
    Columna(
        "fecha_inicio",
        ("Inicio", "Fecha de inicio", "Fecha programada de inicio"),
        True,
        "dd/mm/aaaa, aaaa-mm-dd o celda de fecha de Excel; dentro del año del plan.",
    ),
    Columna(
        "fecha_fin",
        ("Término", "Fecha de término", "Fin", "Fecha de fin", "Fecha programada de término"),
        True,
        "Como el inicio; no antes del inicio.",
    ),
    Columna(
        "meses",
        ("Meses programados", "Cronograma", "Meses"),
        False,
        "El cronograma: meses separados por comas, por nombre («ene, abr, jul, oct») o número "
        "(«1, 4, 7, 10»). Vacío: todos los meses entre inicio y término.",
    ),
    Columna(
        "meta_anual",
        ("Meta anual", "Meta", "Anual"),
        False,
        "Un número, con o sin unidad: «300 asistentes al evento», «1,022», «95%». Con «%» la "
        "fórmula es un porcentaje (hasta 100).",
    ),
    Columna(
        "unidad_medida",
        ("Unidad de medida",),
        False,
        "P. ej. «asistentes». Si falta, la que acompaña a la meta.",
    ),
    Columna(
        "formula",
        ("Fórmula", "Tipo de fórmula"),
        False,
        f"{_NOMBRES_CONTEO}, o Porcentaje. Vacío: porcentaje si la meta lleva «%» o el "
        "indicador es «… = (numerador / denominador) *100»; si no, conteo.",
    ),
    Columna(
        "indicador",
        ("Indicador", "Indicadores", "Indicadores de evaluación", "Nombre del indicador"),
        False,
        "El nombre del indicador, o su fórmula completa: «% de personas atendidas = "
        "(personas atendidas / personas que lo requirieron) *100».",
    ),
    Columna("numerador", ("Numerador",), False, "Qué cuenta el numerador (porcentajes)."),
    Columna("denominador", ("Denominador",), False, "Qué cuenta el denominador (porcentajes)."),
    Columna(
        "frecuencia",
        ("Frecuencia", "Frecuencia de medición"),
        False,
        "Mensual, Trimestral, Semestral o Anual. Vacío: trimestral.",
    ),
    Columna(
        "sentido",
        ("Sentido", "Sentido del indicador"),
        False,
        "Ascendente o Descendente. Vacío: ascendente.",
    ),
    *(
        Columna(
            f"programado_t{t}",
            (f"Programado T{t}", f"Programado al trimestre {t}", f"Meta T{t}"),
            False,
            "Lo programado acumulado al cierre del trimestre. Vacío: la meta anual repartida "
            "entre los meses del cronograma.",
        )
        for t in range(1, 5)
    ),
    Columna(
        "evidencia_esperada",
        ("Evidencia esperada", "Evidencia", "Evidencias", "Medio de verificación"),
        False,
        "Texto libre.",
    ),
    Columna(
        "poblacion",
        ("Población o área objetivo", "Población", "Población objetivo"),
        False,
        "Texto libre.",
    ),
    Columna(
        "area",
        ("Área responsable", "Área", "Responsable"),
        False,
        "El nombre de un área del ayuntamiento (su enlace captura el avance). Vacío: la "
        "Unidad de Transparencia.",
    ),
    Columna("etiquetas", ("Etiquetas",), False, "Separadas por comas, p. ej. «PROIGUALDAD»."),
    Columna(
        "por_sexo",
        ("Desglose por sexo", "Por sexo"),
        False,
        "Sí o No. Vacío: sí cuando lleva la etiqueta PROIGUALDAD.",
    ),
    Columna(
        "fuente",
        ("Origen del avance", "Fuente del avance"),
        False,
        "Captura manual (vacío) o el nombre de una fuente automática, p. ej. «Solicitudes "
        "respondidas en tiempo (%)».",
    ),
)
_POR_NOMBRE = por_nombre(COLUMNAS)
NOMBRE_COLUMNA = {c.clave: c.nombre for c in COLUMNAS}
# Basta una de las dos para saber qué es cada actividad.
DESCRIPTIVAS = tuple(c.clave for c in COLUMNAS if c.alternativa)


# --- Widgets: de la celda al valor y de vuelta -------------------------------------------------


class TextoWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        # Los textos largos conservan sus saltos de línea.
        return texto_de_celda(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value or ""


class OpcionWidget(widgets.Widget):
    """Una de las opciones de un `TextChoices`, por su valor o por su etiqueta (o un
    sinónimo); vacío: `omision`."""

    def __init__(self, opciones: Any, nombre: str, omision: str, sinonimos=None) -> None:
        super().__init__()
        self.opciones = opciones
        self.nombre = nombre
        self.omision = omision
        self.por_texto = {normalizar(v): v for v in opciones.values}
        self.por_texto |= {normalizar(e): v for v, e in opciones.choices}
        self.por_texto |= {normalizar(t): v for t, v in (sinonimos or {}).items()}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if vacio(value):
            return self.omision
        opcion = self.por_texto.get(normalizar(value))
        if opcion is None:
            validas = ", ".join(f"«{e}»" for _, e in self.opciones.choices)
            raise ValueError(
                f"{self.nombre} «{linea_de_celda(value)}» no se reconoce (use {validas})"
            )
        return opcion

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return self.opciones(value).label if value else ""


class FechaWidget(widgets.Widget):
    def __init__(self, nombre: str) -> None:
        super().__init__()
        self.nombre = nombre

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> date:
        if vacio(value):
            raise ValueError(f"falta la fecha de {self.nombre}")
        fecha = fecha_de_celda(value)
        # Un número de serie de Excel anterior al 2000 no es una fecha que se quiso escribir.
        if fecha is not None and not (isinstance(value, int | float) and fecha.year < 2000):
            return fecha
        original = linea_de_celda(value)
        raise ValueError(
            f"la fecha de {self.nombre} «{original}» no es válida (use dd/mm/aaaa, p. ej. "
            "02/01/2013)"
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


def _numero(texto: str) -> Decimal:
    """«1,022» (miles) o «98,61» / «98.61» (decimales) → Decimal."""
    texto = texto.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", texto):
        texto = texto.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", texto):
        texto = texto.replace(",", ".")
    return Decimal(texto)


def _a_celda(valor: Decimal | None) -> Any:
    """Un Decimal como número de la hoja: entero si no tiene decimales."""
    if valor is None:
        return ""
    return int(valor) if valor == valor.to_integral_value() else float(valor)


class NumeroWidget(widgets.Widget):
    def __init__(self, nombre: str) -> None:
        super().__init__()
        self.nombre = nombre

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        if vacio(value):
            return None
        try:
            if isinstance(value, int | float):
                numero = Decimal(str(value))
            else:
                numero = _numero(linea_de_celda(value).rstrip("%").strip())
        except InvalidOperation:
            raise ValueError(f"{self.nombre} «{linea_de_celda(value)}» no es un número") from None
        if numero < 0:
            raise ValueError(f"{self.nombre} no puede ser negativo ({linea_de_celda(value)})")
        if not numero.is_finite() or numero >= Decimal("1e10"):
            raise ValueError(f"{self.nombre} «{linea_de_celda(value)}» es demasiado grande")
        return numero.quantize(Decimal("0.01"))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return _a_celda(value)


@dataclass(frozen=True)
class Meta:
    cantidad: Decimal | None
    unidad: str
    porcentaje: bool


class MetaWidget(widgets.Widget):
    """«300 asistentes al evento» → (300, «asistentes al evento»); «95%» → (95, porcentaje)."""

    numero = NumeroWidget("la meta anual")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Meta:
        if vacio(value):
            return Meta(None, "", False)
        if isinstance(value, int | float):
            return Meta(self.numero.clean(value), "", False)
        texto = linea_de_celda(value)
        partes = re.fullmatch(r"(?P<n>[\d.,]*\d)\s*(?P<pct>%?)\s*(?P<unidad>.*)", texto)
        if partes is None:
            raise ValueError(
                f"la meta anual «{texto}» debe empezar con un número (p. ej. «300 asistentes» "
                "o «95%»)"
            )
        return Meta(self.numero.clean(partes["n"]), partes["unidad"].strip(), bool(partes["pct"]))


_MESES_POR_NOMBRE = {normalizar(nombre)[:3]: numero for numero, nombre in MESES}


class MesesWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[int]:
        if vacio(value):
            return []
        if isinstance(value, int | float):
            value = linea_de_celda(value)
        meses = set()
        for parte in re.split(r"[,;/\s]+", normalizar(value).replace(" y ", " ")):
            if not parte:
                continue
            if parte.isdigit() and 1 <= int(parte) <= 12:
                meses.add(int(parte))
            elif parte[:3] in _MESES_POR_NOMBRE and parte != "y":
                meses.add(_MESES_POR_NOMBRE[parte[:3]])
            else:
                raise ValueError(
                    f"en los meses programados, «{parte}» no es un mes (use «ene, feb, mar» o "
                    "«1, 2, 3»)"
                )
        return sorted(meses)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        nombres = dict(MESES)
        return ", ".join(nombres[m] for m in sorted(value or []))


_SI = {"si", "s", "x", "verdadero", "true", "1"}
_NO = {"no", "n", "falso", "false", "0"}


class SiNoWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if vacio(value):
            return None
        texto = normalizar(value)
        if texto in _SI:
            return True
        if texto in _NO:
            return False
        raise ValueError(f"desglose por sexo «{linea_de_celda(value)}»: escriba Sí o No")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "Sí" if value else "No"


# --- Campos con reglas propias -----------------------------------------------------------------


class MetaField(fields.Field):
    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        instance.importada_meta = self.clean(row, **kwargs)


class GuardaEn(fields.Field):
    """Guarda el valor limpio en un atributo auxiliar; `validate_instance` lo interpreta."""

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        setattr(instance, f"importada_{self.column_name}", self.clean(row, **kwargs))


# --- Resultado ---------------------------------------------------------------------------------


@dataclass
class FilaPrevia:
    fila: int
    objetivo: str
    clave: str
    actividad: str
    inicio: date
    fin: date
    meta: str
    indicador: str


@dataclass
class ResultadoImportacion:
    objetivos: int = 0
    actividades: int = 0
    # La estructura actual del plan que la importación reemplaza.
    reemplaza_objetivos: int = 0
    reemplaza_actividades: int = 0
    errores: list[str] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)
    reconocidas: list[tuple[str, str]] = field(default_factory=list)
    filas: list[FilaPrevia] = field(default_factory=list)
    fila_encabezado: int = 1
    guardado: bool = False
    desactualizada: bool = False
    huella: str = ""
    leido: bool = False

    @property
    def valido(self) -> bool:
        return not self.errores

    @property
    def por_guardar(self) -> bool:
        return self.valido and self.actividades > 0


# --- Lectura del archivo -----------------------------------------------------------------------


def _reconocer(fila: tuple[object, ...], resultado: ResultadoImportacion) -> dict[str, int]:
    encabezados = reconocer(fila, COLUMNAS)
    encabezados.anotar(resultado)
    faltan = [f"«{c.nombre}»" for c in encabezados.faltan]
    if not any(clave in encabezados.indices for clave in DESCRIPTIVAS):
        faltan.append("«Actividad» (o «Producto»)")
    if faltan:
        resultado.errores.append(
            f"Falta{'n' if len(faltan) > 1 else ''} la{'s' if len(faltan) > 1 else ''} "
            f"columna{'s' if len(faltan) > 1 else ''} {lista_y(faltan)} en la fila "
            f"{resultado.fila_encabezado} de encabezados. Los encabezados se reconocen sin "
            "importar mayúsculas ni acentos; vea la lista de columnas aceptadas."
        )
    return encabezados.indices


def _dataset(contenido: bytes, resultado: ResultadoImportacion) -> tuple[tablib.Dataset, list[int]]:
    """El archivo como Dataset con las claves de `COLUMNAS` por encabezado, y el número de
    fila de la hoja de cada fila del Dataset."""
    filas = filas_xlsx(contenido, maximo_filas=MAXIMO_FILAS)
    inicio = next(
        (
            i
            for i, fila in enumerate(filas[:FILAS_DE_TITULO])
            if any(_POR_NOMBRE.get(normalizar(linea_de_celda(v))) is COLUMNAS[0] for v in fila)
        ),
        None,
    )
    if inicio is None:
        inicio = next((i for i, fila in enumerate(filas) if not all(map(vacio, fila))), None)
    if inicio is None:
        raise ArchivoIlegible("El archivo está vacío: la primera hoja no tiene datos.")
    resultado.fila_encabezado = inicio + 1
    indices = _reconocer(filas[inicio], resultado)
    datos, numeros = datos_de(filas, indices, desde=inicio + 1)
    if not numeros and not resultado.errores:
        raise ArchivoIlegible("El archivo no tiene filas de actividades debajo de los encabezados.")
    if len(numeros) > MAXIMO_FILAS:
        raise ArchivoIlegible(
            f"El archivo tiene {len(numeros)} filas; un plan admite hasta {MAXIMO_FILAS} "
            "actividades."
        )
    return datos, numeros


# --- El Resource -------------------------------------------------------------------------------

ETIQUETAS = {f.name: str(f.verbose_name) for f in Actividad._meta.fields}
_FORMULA_INDICADOR = re.compile(
    r"^(?P<nombre>[^=]+?)\s*=\s*\(?(?P<cuerpo>.+?)\)?\s*[*x×]\s*100\s*$", re.IGNORECASE
)
_PROIGUALDAD = re.compile(r"\s*\bPROIGUALDAD\b\.?\s*$")


def _indicador(texto: str) -> tuple[str, str, str]:
    """«% de X = (A / B) *100» → («% de X», «A», «B»); otro texto → (texto, "", "")."""
    partes = _FORMULA_INDICADOR.match(texto)
    if partes is None:
        return texto, "", ""
    cuerpo = partes["cuerpo"]
    # «y/o» no separa: se prefiere la diagonal con espacios; si no hay, la primera.
    corte = cuerpo.split(" / ", 1) if " / " in cuerpo else cuerpo.split("/", 1)
    if len(corte) != 2:
        return texto, "", ""
    return partes["nombre"].strip(), corte[0].strip(), corte[1].strip()


def _mensaje(etiqueta: str, texto: str) -> str:
    return f"{etiqueta}: {texto[:1].lower()}{texto[1:]}" if etiqueta else texto


class ActividadResource(resources.ModelResource):
    """Una fila de la hoja ↔ una `Actividad` (y su objetivo). Al importar nunca escribe:
    `save_instance` junta las actividades y `plan_importar` las guarda."""

    objetivo = fields.Field(column_name="objetivo")
    objetivo_clave = fields.Field(column_name="objetivo_clave")
    objetivo_nivel = fields.Field(column_name="objetivo_nivel")
    clave = fields.Field("clave", "clave", TextoWidget())
    nivel_mir = fields.Field("nivel_mir", "nivel_mir", OpcionWidget(NivelMir, "el nivel MIR", ""))
    descripcion = fields.Field("descripcion", "descripcion", TextoWidget())
    linea_accion = fields.Field("linea_accion", "linea_accion", TextoWidget())
    producto = fields.Field("producto", "producto", TextoWidget())
    fecha_inicio = fields.Field("fecha_inicio", "fecha_inicio", FechaWidget("inicio"))
    fecha_fin = fields.Field("fecha_fin", "fecha_fin", FechaWidget("término"))
    meses = fields.Field("meses", "meses", MesesWidget())
    meta_anual = MetaField("meta_anual", "meta_anual", MetaWidget())
    unidad_medida = fields.Field("unidad_medida", "unidad_medida", TextoWidget())
    formula = GuardaEn(
        "formula",
        "formula",
        OpcionWidget(
            Formula,
            "la fórmula",
            "",
            {"Cantidad": Formula.CONTEO, "%": Formula.PORCENTAJE, "Porcentaje": "porcentaje"},
        ),
    )
    indicador = fields.Field("indicador", "indicador", TextoWidget())
    numerador = fields.Field("numerador", "numerador", TextoWidget())
    denominador = fields.Field("denominador", "denominador", TextoWidget())
    frecuencia = fields.Field(
        "frecuencia",
        "frecuencia",
        OpcionWidget(Frecuencia, "la frecuencia", Frecuencia.TRIMESTRAL),
    )
    sentido = fields.Field(
        "sentido", "sentido", OpcionWidget(Sentido, "el sentido", Sentido.ASCENDENTE)
    )
    programado_t1 = fields.Field("programado_t1", "programado_t1", NumeroWidget("programado T1"))
    programado_t2 = fields.Field("programado_t2", "programado_t2", NumeroWidget("programado T2"))
    programado_t3 = fields.Field("programado_t3", "programado_t3", NumeroWidget("programado T3"))
    programado_t4 = fields.Field("programado_t4", "programado_t4", NumeroWidget("programado T4"))
    evidencia_esperada = fields.Field("evidencia_esperada", "evidencia_esperada", TextoWidget())
    poblacion = fields.Field("poblacion", "poblacion", TextoWidget())
    area = GuardaEn("unidad_administrativa", "area", TextoWidget())
    etiquetas = fields.Field("etiquetas", "etiquetas", TextoWidget())
    por_sexo = GuardaEn("por_sexo", "por_sexo", SiNoWidget())
    fuente = fields.Field(
        "fuente",
        "fuente",
        OpcionWidget(Fuente, "el origen del avance", Fuente.MANUAL, {"Manual": Fuente.MANUAL}),
    )

    class Meta:
        model = Actividad
        fields = tuple(c.clave for c in COLUMNAS)
        export_order = fields
        # Cada fila es una actividad nueva (la importación reemplaza la estructura); el
        # objetivo, siempre presente, sólo satisface la comprobación de import-export.
        import_id_fields = ["objetivo"]
        skip_diff = True
        use_bulk = True

    def __init__(self, *, plan: Plan, numeros: list[int] | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.numeros = numeros or []
        self.areas: dict[str, UnidadAdministrativa] = {}
        self.objetivos: dict[tuple[str, str], Objetivo] = {}
        self.actividades: list[tuple[int, Actividad]] = []
        self._fila = 0
        self._anterior: dict[str, Any] = {}
        self._objetivo: Objetivo | None = None
        self._errores_objetivo: dict[str, str] = {}

    # --- Importar ---

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self._fila = self.numeros[kwargs["row_number"] - 1]
        self._errores_objetivo = {}
        # Celdas combinadas: el objetivo vacío es el de la fila anterior.
        if vacio(row.get("objetivo")):
            for clave in ("objetivo", "objetivo_clave", "objetivo_nivel"):
                if clave in row and vacio(row[clave]):
                    row[clave] = self._anterior.get(clave)
        self._anterior = {c: row.get(c) for c in ("objetivo", "objetivo_clave", "objetivo_nivel")}
        descripcion = TextoWidget().clean(row.get("objetivo"))
        if not descripcion:
            self._objetivo = None
            self._errores_objetivo["objetivo"] = "falta el objetivo"
            return
        clave = linea_de_celda(row.get("objetivo_clave"))
        if len(clave) > 20:
            self._errores_objetivo["objetivo_clave"] = (
                f"la clave del objetivo «{clave}» pasa de 20 caracteres"
            )
            clave = clave[:20]
        llave = (normalizar(descripcion), normalizar(clave))
        if llave not in self.objetivos:
            try:
                nivel = OpcionWidget(NivelMir, "el nivel MIR del objetivo", "").clean(
                    row.get("objetivo_nivel")
                )
            except ValueError as error:
                self._errores_objetivo["objetivo_nivel"] = str(error)
                nivel = ""
            self.objetivos[llave] = Objetivo(
                plan=self.plan,
                ayuntamiento_id=self.plan.ayuntamiento_id,
                orden=len(self.objetivos) + 1,
                clave=clave,
                nivel_mir=nivel,
                descripcion=descripcion,
            )
        self._objetivo = self.objetivos[llave]

    def get_instance(self, instance_loader: Any, row: Any) -> Actividad | None:
        return None

    def init_instance(self, row: Any = None) -> Actividad:
        return Actividad(plan=self.plan, ayuntamiento_id=self.plan.ayuntamiento_id)

    def _completar(self, instance: Any, errores: dict[str, Any]) -> None:
        """Lo que depende de varias columnas: descripción, meta y unidad, fórmula, indicador,
        etiquetas, área y desglose por sexo."""
        if instance.producto and _PROIGUALDAD.search(instance.producto):
            instance.producto = _PROIGUALDAD.sub("", instance.producto)
            if "PROIGUALDAD" not in instance.etiquetas.upper():
                instance.etiquetas = ", ".join(filter(None, [instance.etiquetas, "PROIGUALDAD"]))
        if not instance.descripcion:
            instance.descripcion = instance.producto or instance.linea_accion
        if not instance.descripcion:
            errores["descripcion"] = "falta la actividad (columna «Actividad» o «Producto»)"
        meta: Meta = getattr(instance, "importada_meta", Meta(None, "", False))
        instance.meta_anual = meta.cantidad
        if not instance.unidad_medida and not meta.porcentaje:
            instance.unidad_medida = meta.unidad[:100]
        nombre, numerador, denominador = _indicador(instance.indicador)
        instance.indicador = nombre
        instance.numerador = instance.numerador or numerador
        instance.denominador = instance.denominador or denominador
        formula = getattr(instance, "importada_formula", "")
        if not formula:
            porcentaje = meta.porcentaje or bool(numerador) or nombre.startswith("%")
            formula = Formula.PORCENTAJE if porcentaje else Formula.CONTEO
        instance.formula = formula
        if instance.fuente in FUENTES and instance.formula != FUENTES[instance.fuente][1]:
            errores["fuente"] = f"el origen «{Fuente(instance.fuente).label}» da " + (
                "un porcentaje: la fórmula debe ser Porcentaje"
                if FUENTES[instance.fuente][1] == Formula.PORCENTAJE
                else "una cantidad: la fórmula debe ser Conteo"
            )
        area = getattr(instance, "importada_area", "")
        if area:
            encontrada = self.areas.get(normalizar(area))
            if encontrada is None:
                errores["unidad_administrativa"] = (
                    f"el área «{area}» no existe en el ayuntamiento (revise el nombre en "
                    "Configuración → Áreas)"
                )
            else:
                instance.unidad_administrativa = encontrada
        por_sexo = getattr(instance, "importada_por_sexo", None)
        instance.por_sexo = (
            "PROIGUALDAD" in instance.etiquetas.upper() if por_sexo is None else por_sexo
        )

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """Las reglas de `actividad_guardar` sin consultas por fila: `Actividad.clean` (fechas
        en el año del plan, porcentajes hasta 100, acumulado creciente, cronograma dentro de
        las fechas) y los límites de cada campo."""
        errores: dict[str, Any] = dict(import_validation_errors or {})
        errores |= self._errores_objetivo
        self._completar(instance, errores)
        try:
            instance.full_clean(
                exclude=[*errores, "ayuntamiento", "plan", "objetivo", "unidad_administrativa"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for campo, mensajes in error.message_dict.items():
                etiqueta = "" if campo == NON_FIELD_ERRORS else ETIQUETAS.get(campo, campo)
                errores[campo] = [_mensaje(etiqueta, m) for m in mensajes]
        if errores:
            raise ValidationError(errores)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        assert self._objetivo is not None
        instance.objetivo_importado = self._objetivo
        self.actividades.append((self._fila, instance))

    # --- Exportar ---

    def dehydrate_objetivo(self, actividad: Actividad) -> str:
        return actividad.objetivo.descripcion

    def dehydrate_objetivo_clave(self, actividad: Actividad) -> str:
        return actividad.objetivo.clave

    def dehydrate_objetivo_nivel(self, actividad: Actividad) -> str:
        return actividad.objetivo.get_nivel_mir_display()

    def dehydrate_meta_anual(self, actividad: Actividad) -> Any:
        return _a_celda(actividad.meta_anual)

    def dehydrate_formula(self, actividad: Actividad) -> str:
        return str(actividad.get_formula_display()).split(" ")[0]

    def dehydrate_area(self, actividad: Actividad) -> str:
        return actividad.unidad_administrativa.nombre if actividad.unidad_administrativa else ""


# --- El servicio -------------------------------------------------------------------------------


def _estructura_actual(plan: Plan) -> tuple[list[int], list[int]]:
    objetivos = sorted(Objetivo.objects.filter(plan=plan).values_list("pk", flat=True))
    actividades = sorted(Actividad.objects.filter(plan=plan).values_list("pk", flat=True))
    return objetivos, actividades


def _huella(plan: Plan, objetivos: list[int], actividades: list[int], contenido: bytes) -> str:
    """Lo que se mostró en la vista previa: el archivo, el estado del plan y la estructura
    que se reemplaza. Si cambia algo de eso antes de confirmar, no se guarda."""
    partes = [
        plan.estado,
        repr(objetivos),
        repr(actividades),
        hashlib.sha256(contenido).hexdigest(),
    ]
    return hashlib.sha256("\n".join(partes).encode()).hexdigest()[:32]


def _mostrar_meta(actividad: Actividad) -> str:
    if actividad.meta_anual is None:
        return "—"
    numero = f"{actividad.meta_anual:f}".rstrip("0").rstrip(".")
    return (
        f"{numero} %" if actividad.es_porcentaje else f"{numero} {actividad.unidad_medida}".strip()
    )


def _validar(
    plan: Plan, contenido: bytes, resultado: ResultadoImportacion
) -> ActividadResource | None:
    if plan.aprobado:
        resultado.errores.append(
            "El plan está aprobado: su estructura y sus metas ya no se pueden modificar, "
            "tampoco importando. La titular puede reabrirlo indicando el motivo."
        )
        return None
    if Avance.objects.filter(actividad__plan=plan).exists():
        resultado.errores.append(
            "El plan ya tiene avances capturados: importar reemplazaría sus actividades y se "
            "perderían. Importe en un plan nuevo (o copie éste a otro año)."
        )
        return None
    try:
        datos, numeros = _dataset(contenido, resultado)
    except ArchivoIlegible as error:
        resultado.errores.append(str(error))
        return None
    if resultado.errores:
        return None
    resultado.leido = True
    resource = ActividadResource(plan=plan, numeros=numeros)
    for area in UnidadAdministrativa.objects.filter(ayuntamiento=plan.ayuntamiento):
        resource.areas[normalizar(area.nombre)] = area
        if area.siglas:
            resource.areas.setdefault(normalizar(area.siglas), area)
    importacion = resource.import_data(datos, dry_run=True, raise_errors=False)
    resultado.errores += en_orden(errores_de(importacion, numeros))
    resultado.objetivos = len(resource.objetivos)
    resultado.actividades = len(resource.actividades)
    resultado.filas = [
        FilaPrevia(
            fila=fila,
            objetivo=a.objetivo_importado.descripcion,  # type: ignore[attr-defined]
            clave=a.clave,
            actividad=a.descripcion,
            inicio=a.fecha_inicio,
            fin=a.fecha_fin,
            meta=_mostrar_meta(a),
            indicador=a.indicador,
        )
        for fila, a in resource.actividades
    ]
    return resource


class _Deshacer(Exception):
    pass


def _guardar(resource: ActividadResource, plan: Plan) -> None:
    """Reemplaza la estructura del plan con los servicios de siempre (validan de nuevo y
    dejan historial). Un error deshace todo."""
    Objetivo.objects.filter(plan=plan).delete()
    for objetivo in resource.objetivos.values():
        objetivo.plan = plan
        objetivo_guardar(objetivo=objetivo)
    orden: dict[int, int] = {}
    for _, actividad in resource.actividades:
        objetivo = actividad.objetivo_importado  # type: ignore[attr-defined]
        orden[objetivo.pk] = orden.get(objetivo.pk, 0) + 1
        actividad.objetivo = objetivo
        actividad.orden = orden[objetivo.pk]
        actividad_guardar(actividad=actividad)


def plan_importar(
    *,
    plan: Plan,
    contenido: bytes,
    confirmar: bool,
    usuario: Usuario | None = None,
    huella: str | None = None,
) -> ResultadoImportacion:
    """Lee la hoja y dice qué haría: cuántos objetivos y actividades, qué estructura
    reemplaza, y cada error con su número de fila. Con `confirmar`, y sólo sin errores,
    reemplaza la estructura del plan: todo o nada. Si se pasa la `huella` de la vista previa
    y el plan cambió entretanto, no guarda y marca `desactualizada`."""
    resultado = ResultadoImportacion()
    try:
        with scope(ayuntamiento=plan.ayuntamiento), transaction.atomic():
            if confirmar:
                plan = Plan.objects.select_for_update().get(pk=plan.pk)
            objetivos, actividades = _estructura_actual(plan)
            resultado.reemplaza_objetivos = len(objetivos)
            resultado.reemplaza_actividades = len(actividades)
            resultado.huella = _huella(plan, objetivos, actividades, contenido)
            resource = _validar(plan, contenido, resultado)
            if not confirmar or resource is None or not resultado.por_guardar:
                return resultado
            if huella is not None and huella != resultado.huella:
                resultado.desactualizada = True
                return resultado
            try:
                _guardar(resource, plan)
            except ValidationError as error:
                fila = next(
                    (f for f, a in resource.actividades if a.pk is None),
                    resultado.fila_encabezado,
                )
                resultado.errores += mensajes_de_fila(fila, error)
                raise _Deshacer from error
            resultado.guardado = True
    except _Deshacer:
        resultado.guardado = False
    return resultado


def plan_exportar(plan: Plan, *, area_id: int | None = None) -> tuple[list[str], list[list[Any]]]:
    """Los encabezados y las filas del plan en el formato de importación; con `area_id`,
    sólo las actividades de esa área (lo que un enlace ve del plan)."""
    actividades = Actividad.objects.filter(plan=plan)
    if area_id is not None:
        actividades = actividades.filter(unidad_administrativa_id=area_id)
    actividades = actividades.select_related("objetivo", "unidad_administrativa").order_by(
        "objetivo__orden", "objetivo_id", "orden", "pk"
    )
    datos = ActividadResource(plan=plan).export(queryset=actividades)
    return [NOMBRE_COLUMNA[c] for c in datos.headers], [list(f) for f in datos]
