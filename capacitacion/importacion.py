"""Importación desde XLSX de sesiones de capacitación y de la lista de participantes de una
sesión. Sigue el diseño de la importación de solicitudes:

1. Leer la primera hoja y reconocer los encabezados sin importar mayúsculas, acentos ni
   sinónimos (`COLUMNAS_SESIONES`, `COLUMNAS_PARTICIPANTES`); faltar una obligatoria detiene
   todo antes de leer filas.
2. Convertir y validar cada fila con un `Resource` de django-import-export, siempre en seco,
   con las mismas reglas de los formularios (`full_clean` del modelo y los servicios).
3. Sólo si no hubo un solo error y se pidió confirmar: guardar todo en una transacción.

Ambas importaciones sólo crean. Una sesión que ya está registrada (mismo tema, fecha y hora)
o una persona que ya está en la lista es un error de su fila, no una actualización: así
volver a subir el mismo archivo no duplica nada, y las correcciones se hacen en el
formulario de cada registro (el código de la constancia de un participante no cambia).
"""

import logging
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scope
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history

from organizacion.hojas import (
    ArchivoIlegible,
    Columna,
    datos_de,
    en_orden,
    errores_de,
    fecha_de_celda,
    filas_xlsx,
    linea_de_celda,
    mensaje_faltan,
    normalizar,
    reconocer,
    vacio,
)
from organizacion.models import Ayuntamiento, Sexo, UnidadAdministrativa, Usuario
from organizacion.templatetags.transparencia import fecha_larga

from .models import (
    Capacitacion,
    Formato,
    Imparte,
    Modalidad,
    Participante,
    Publico,
    clave_de_nombre,
)
from .servicios import capacitacion_guardar, capacitacion_recalcular

logger = logging.getLogger(__name__)

# Una Unidad registra decenas de sesiones al año y listas de a lo más unos cientos.
MAXIMO_FILAS = 5_000
MUESTRA = 50
MOTIVO_HISTORIAL = "Importado desde hoja de cálculo"


# --- Columnas ---------------------------------------------------------------------------------


COLUMNAS_SESIONES: tuple[Columna, ...] = (
    Columna("tema", ("Tema", "Tema de la capacitación", "Nombre de la capacitación"), True, ""),
    Columna(
        "fecha",
        ("Fecha", "Fecha de la capacitación"),
        True,
        "dd/mm/aaaa, aaaa-mm-dd o una celda de fecha de Excel.",
    ),
    Columna("hora", ("Hora", "Hora de inicio"), False, "hh:mm (10:30). Vacío: sin hora."),
    Columna(
        "duracion_minutos",
        ("Duración", "Duración (minutos)", "Duración en minutos", "Minutos"),
        False,
        "Minutos, un entero de 1 en adelante. Vacío: 60.",
    ),
    Columna(
        "modalidad", ("Modalidad",), False, "Presencial, En línea o Híbrida. Vacío: presencial."
    ),
    Columna(
        "formato",
        ("Formato", "Tipo", "Tipo de evento"),
        False,
        "Curso, Taller, Conferencia, Plática o Sesión. Vacío: sesión.",
    ),
    Columna(
        "publico",
        ("Público", "Dirigido a", "Público objetivo"),
        False,
        "Servidores públicos, Ciudadanía, Sector educativo o Enlaces. Vacío: servidores públicos.",
    ),
    Columna(
        "impartida_por",
        ("Impartida por", "Imparte", "Instructor", "Institución"),
        False,
        "Unidad de Transparencia (o UT); Órgano garante, Garante o sus siglas; cualquier otro "
        "nombre se registra como otra institución con ese nombre. Vacío: la Unidad.",
    ),
    Columna(
        "sede",
        ("Sede", "Sede o liga", "Lugar", "Liga"),
        False,
        "El lugar, o la liga (https://…) si fue en línea.",
    ),
    Columna("mujeres", ("Mujeres", "Asistentes mujeres"), False, "Entero ≥ 0. Vacío: 0."),
    Columna("hombres", ("Hombres", "Asistentes hombres"), False, "Entero ≥ 0. Vacío: 0."),
    Columna(
        "no_identificado",
        ("No identificado", "Sin sexo identificado", "Sin identificar"),
        False,
        "Entero ≥ 0. Vacío: 0.",
    ),
    Columna(
        "areas",
        ("Áreas", "Área", "Áreas participantes"),
        False,
        "Nombres o siglas de áreas del ayuntamiento, separados por punto y coma (;).",
    ),
)

COLUMNAS_PARTICIPANTES: tuple[Columna, ...] = (
    Columna("nombre", ("Nombre", "Nombre completo", "Participante"), True, "No se repite."),
    Columna(
        "sexo",
        ("Sexo", "Género"),
        True,
        "Mujer (o F, Femenino), Hombre (o H, Masculino) o No identificado. Vacío: no identificado.",
    ),
    Columna(
        "adscripcion",
        ("Área o institución", "Área", "Institución", "Adscripción", "Dependencia"),
        False,
        "Si es el nombre o las siglas de un área del ayuntamiento, se liga a ella; si no, se "
        "registra como institución.",
    ),
    Columna("cargo", ("Cargo", "Puesto"), False, ""),
    Columna("correo", ("Correo", "Correo electrónico", "Email"), False, "Una dirección válida."),
    Columna(
        "asistio",
        ("Asistió", "Asistencia"),
        False,
        "Sí o No (también X, 1 o 0). Vacío: sí. Sólo quienes asistieron cuentan en los totales.",
    ),
)


# --- Resultado --------------------------------------------------------------------------------


@dataclass
class ResultadoImportacion:
    nuevas: int = 0
    errores: list[str] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)
    reconocidas: list[tuple[str, str]] = field(default_factory=list)
    # La vista previa: los encabezados y, por fila de la hoja, sus celdas ya interpretadas.
    encabezados: list[str] = field(default_factory=list)
    muestra: list[tuple[int, list[str]]] = field(default_factory=list)
    # Participantes: los asistentes por sexo que tendrá la sesión al confirmar.
    totales: dict[str, int] = field(default_factory=dict)
    leido: bool = False
    guardado: bool = False

    @property
    def valido(self) -> bool:
        return not self.errores

    @property
    def por_guardar(self) -> bool:
        return self.valido and self.nuevas > 0


def _dataset(
    contenido: bytes, columnas: Sequence[Columna], resultado: ResultadoImportacion
) -> tuple[tablib.Dataset, list[int]]:
    """La hoja como Dataset con las claves de `columnas` por encabezado, y el número de fila
    de la hoja (el encabezado es la fila 1) de cada fila del Dataset."""
    filas = filas_xlsx(contenido, maximo_filas=MAXIMO_FILAS)
    if not filas or all(vacio(v) for v in filas[0]):
        raise ArchivoIlegible("La primera fila de la hoja debe tener los encabezados.")
    encabezados = reconocer(filas[0], columnas)
    encabezados.anotar(resultado)
    if encabezados.faltan:
        resultado.errores.append(mensaje_faltan(encabezados.faltan))
    datos, numeros = datos_de(filas, encabezados.indices)
    if not resultado.errores and not numeros:
        raise ArchivoIlegible("La hoja no tiene filas de datos debajo de los encabezados.")
    if len(numeros) > MAXIMO_FILAS:
        raise ArchivoIlegible(
            f"La hoja tiene {len(numeros)} filas; el máximo por importación es {MAXIMO_FILAS}. "
            "Divídala en varios archivos."
        )
    return datos, numeros


# --- Widgets: de la celda al valor del modelo -------------------------------------------------


class TextoWidget(widgets.Widget):
    def __init__(self, *, falta: str = "") -> None:
        super().__init__()
        self.falta = falta

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        texto = linea_de_celda(value)
        if not texto and self.falta:
            raise ValueError(self.falta)
        return texto


class OpcionWidget(widgets.Widget):
    """Un valor de catálogo escrito como lo escribe la gente («En línea», «en linea»)."""

    def __init__(
        self,
        *,
        sinonimos: dict[str, Sequence[str]],
        defecto: str,
        que: str,
        use: str,
        valido: str = "válido",
    ) -> None:
        super().__init__()
        self.catalogo = {
            normalizar(t): valor for valor, textos in sinonimos.items() for t in textos
        }
        self.defecto = defecto
        self.que = que
        self.use = use
        self.valido = valido

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if vacio(value):
            return self.defecto
        valor = self.catalogo.get(normalizar(value))
        if valor is None:
            raise ValueError(
                f"{self.que} «{linea_de_celda(value)}» no es {self.valido} (use {self.use})"
            )
        return valor


def _con_etiquetas(opciones: Any, **extra: Sequence[str]) -> dict[str, Sequence[str]]:
    return {valor: (etiqueta, valor, *extra.get(valor, ())) for valor, etiqueta in opciones}


SEXO = OpcionWidget(
    sinonimos=_con_etiquetas(
        Sexo.choices,
        mujer=("F", "Femenino", "Femenina"),
        hombre=("H", "Masculino"),
        no_identificado=("Sin identificar", "No especificado", "No binario", "ND", "NI"),
    ),
    defecto=Sexo.NO_IDENTIFICADO,
    que="el sexo",
    use="Mujer, Hombre o No identificado",
)


class EnteroWidget(widgets.Widget):
    def __init__(self, *, que: str, defecto: int, minimo: int, regla: str) -> None:
        super().__init__()
        self.que = que
        self.defecto = defecto
        self.minimo = minimo
        self.regla = regla

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int:
        if vacio(value):
            return self.defecto
        texto = linea_de_celda(value)
        try:
            numero = int(texto)
        except ValueError:
            raise ValueError(f"{self.que} «{texto}» no es un número entero") from None
        if numero < self.minimo:
            raise ValueError(f"{self.que} «{texto}» no es válido: {self.regla}")
        return numero


def _asistentes(que: str) -> EnteroWidget:
    return EnteroWidget(
        que=que, defecto=0, minimo=0, regla="los asistentes no pueden ser negativos"
    )


class FechaWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> date:
        if vacio(value):
            raise ValueError("falta la fecha")
        fecha = fecha_de_celda(value)
        if fecha is None:
            raise ValueError(f"la fecha «{linea_de_celda(value)}» no es válida (use dd/mm/aaaa)")
        if fecha.year < 2000:
            raise ValueError(
                f"la fecha «{linea_de_celda(value)}» es anterior al año 2000; revise el año"
            )
        return fecha


class HoraWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> time | None:
        if vacio(value):
            return None
        if isinstance(value, datetime):
            return value.time()
        if isinstance(value, time):
            return value
        texto = (
            linea_de_celda(value).lower().replace(".", ":").removesuffix(" hrs").removesuffix(" h")
        )
        for formato in ("%H:%M", "%H:%M:%S"):
            try:
                return datetime.strptime(texto, formato).time()
            except ValueError:
                continue
        raise ValueError(
            f"la hora «{linea_de_celda(value)}» no es válida (use hh:mm, por ejemplo 10:30)"
        )


class AsistioWidget(widgets.Widget):
    SI = {"si", "s", "x", "1", "true", "verdadero", "asistio"}
    NO = {"no", "n", "0", "false", "falso", "no asistio"}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        if vacio(value):
            return True
        if isinstance(value, bool):
            return value
        texto = normalizar(value)
        if texto in self.SI:
            return True
        if texto in self.NO:
            return False
        raise ValueError(f"«{linea_de_celda(value)}» en «Asistió» no es válido (use Sí o No)")


class Areas:
    """Las áreas del ayuntamiento por nombre y por siglas, sin acentos ni mayúsculas."""

    def __init__(self) -> None:
        self.por_nombre: dict[str, UnidadAdministrativa] = {}
        for area in UnidadAdministrativa.objects.all():
            for nombre in (area.nombre, area.siglas):
                if nombre:
                    self.por_nombre.setdefault(normalizar(nombre), area)

    def busca(self, texto: str) -> UnidadAdministrativa | None:
        return self.por_nombre.get(normalizar(texto))


class AreasWidget(widgets.Widget):
    def __init__(self, areas: Areas) -> None:
        super().__init__()
        self.areas = areas

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[UnidadAdministrativa]:
        encontradas = []
        for nombre in (n.strip() for n in linea_de_celda(value).split(";")):
            if not nombre:
                continue
            area = self.areas.busca(nombre)
            if area is None:
                raise ValueError(
                    f"el área «{nombre}» no está registrada en el ayuntamiento (escriba su nombre "
                    "o sus siglas como aparecen en Organización → Áreas; separe varias con «;»)"
                )
            encontradas.append(area)
        return encontradas


# --- Campos que escriben más de un atributo ---------------------------------------------------


class ImparteField(fields.Field):
    def __init__(self, garante_siglas: str) -> None:
        super().__init__(attribute="impartida_por", column_name="impartida_por")
        unidad = {"unidad de transparencia", "la unidad de transparencia", "ut", "unidad"}
        garante = {"organo garante", "el organo garante", "garante", normalizar(garante_siglas)}
        self.catalogo = {
            **{n: Imparte.UNIDAD for n in unidad},
            **{n: Imparte.GARANTE for n in garante},
            "otra institucion": Imparte.OTRA,
        }

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        texto = linea_de_celda(row.get("impartida_por"))
        instance.impartida_por = self.catalogo.get(normalizar(texto), Imparte.OTRA)
        if instance.impartida_por != Imparte.UNIDAD and normalizar(texto) != "otra institucion":
            instance.institucion = texto


class SedeField(fields.Field):
    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        texto = linea_de_celda(row.get("sede"))
        if texto.lower().startswith(("http://", "https://")):
            instance.liga = texto
        else:
            instance.sede = texto


class AreasField(fields.Field):
    """La sesión aún no tiene pk: las áreas esperan en la instancia hasta guardarla."""

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        instance.areas_importadas = self.clean(row, **kwargs)


# --- Validación común -------------------------------------------------------------------------


def _etiqueta(modelo: Any, campo: str) -> str:
    try:
        return str(modelo._meta.get_field(campo).verbose_name)
    except FieldDoesNotExist:
        return campo


def _validar_modelo(instance: Any, errores: dict[str, Any], excluir: list[str]) -> None:
    """`full_clean` del modelo (las reglas del formulario) sobre los campos que se leyeron
    bien; sus mensajes llevan el nombre del campo, porque la fila no lo dice."""
    errores = dict(errores)
    try:
        instance.full_clean(exclude=[*errores, *excluir], validate_unique=False)
    except ValidationError as error:
        for campo, mensajes in error.message_dict.items():
            errores[campo] = [
                f"{_etiqueta(instance, campo)}: {m[:1].lower()}{m[1:]}" for m in mensajes
            ]
    if errores:
        raise ValidationError(errores)


class _Base(resources.ModelResource):
    """Nunca escribe: junta las instancias válidas en `nuevas` con su número de fila."""

    def __init__(self, numeros: list[int]) -> None:
        super().__init__()
        self.numeros = numeros
        self.fila = 0
        self.nuevas: list[tuple[int, Any]] = []

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self.fila = self.numeros[kwargs["row_number"] - 1]

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        self.nuevas.append((self.fila, instance))


class SesionResource(_Base):
    tema = fields.Field(
        attribute="tema", column_name="tema", widget=TextoWidget(falta="falta el tema")
    )
    fecha = fields.Field(attribute="fecha", column_name="fecha", widget=FechaWidget())
    hora = fields.Field(attribute="hora", column_name="hora", widget=HoraWidget())
    duracion_minutos = fields.Field(
        attribute="duracion_minutos",
        column_name="duracion_minutos",
        widget=EnteroWidget(
            que="la duración", defecto=60, minimo=1, regla="debe ser de al menos un minuto"
        ),
    )
    modalidad = fields.Field(
        attribute="modalidad",
        column_name="modalidad",
        widget=OpcionWidget(
            sinonimos=_con_etiquetas(Modalidad.choices, en_linea=("Virtual", "En linea")),
            defecto=Modalidad.PRESENCIAL,
            que="la modalidad",
            use="Presencial, En línea o Híbrida",
            valido="válida",
        ),
    )
    formato = fields.Field(
        attribute="formato",
        column_name="formato",
        widget=OpcionWidget(
            sinonimos=_con_etiquetas(Formato.choices),
            defecto=Formato.SESION,
            que="el formato",
            use="Curso, Taller, Conferencia, Plática o Sesión",
        ),
    )
    publico = fields.Field(
        attribute="publico",
        column_name="publico",
        widget=OpcionWidget(
            sinonimos=_con_etiquetas(
                Publico.choices,
                servidores=("Servidores", "Personas servidoras públicas"),
                educativo=("Educativo", "Estudiantes"),
                enlaces=("Enlaces",),
            ),
            defecto=Publico.SERVIDORES,
            que="el público",
            use="Servidores públicos, Ciudadanía, Sector educativo o Enlaces",
        ),
    )
    sede = SedeField(attribute="sede", column_name="sede")
    mujeres = fields.Field(
        attribute="mujeres", column_name="mujeres", widget=_asistentes("el número de mujeres")
    )
    hombres = fields.Field(
        attribute="hombres", column_name="hombres", widget=_asistentes("el número de hombres")
    )
    no_identificado = fields.Field(
        attribute="no_identificado",
        column_name="no_identificado",
        widget=_asistentes("el número sin sexo identificado"),
    )

    class Meta:
        model = Capacitacion
        fields = tuple(c.clave for c in COLUMNAS_SESIONES)
        force_init_instance = True
        skip_diff = True
        use_bulk = True

    def __init__(
        self, *, ayuntamiento: Ayuntamiento, usuario: Usuario | None, numeros: list[int]
    ) -> None:
        super().__init__(numeros)
        self.ayuntamiento = ayuntamiento
        self.usuario = usuario
        self.fields["impartida_por"] = ImparteField(ayuntamiento.garante.siglas)
        self.fields["areas"] = AreasField(
            attribute="areas", column_name="areas", widget=AreasWidget(Areas())
        )

    def init_instance(self, row: Any = None) -> Capacitacion:
        capacitacion = Capacitacion(ayuntamiento=self.ayuntamiento, registrada_por=self.usuario)
        capacitacion.areas_importadas = []  # type: ignore[attr-defined]
        return capacitacion

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        _validar_modelo(
            instance, import_validation_errors or {}, ["ayuntamiento", "registrada_por", "areas"]
        )


class ParticipanteResource(_Base):
    nombre = fields.Field(
        attribute="nombre", column_name="nombre", widget=TextoWidget(falta="falta el nombre")
    )
    sexo = fields.Field(attribute="sexo", column_name="sexo", widget=SEXO)
    cargo = fields.Field(attribute="cargo", column_name="cargo", widget=TextoWidget())
    correo = fields.Field(attribute="correo", column_name="correo", widget=TextoWidget())
    asistio = fields.Field(attribute="asistio", column_name="asistio", widget=AsistioWidget())

    class Meta:
        model = Participante
        # El área o institución no es un campo: se reparte en `init_instance`.
        fields = ("nombre", "sexo", "cargo", "correo", "asistio")
        force_init_instance = True
        skip_diff = True
        use_bulk = True

    def __init__(self, *, capacitacion: Capacitacion, numeros: list[int]) -> None:
        super().__init__(numeros)
        self.capacitacion = capacitacion
        self.areas = Areas()
        self.en_lista = set(
            Participante.objects.filter(capacitacion=capacitacion).values_list(
                "nombre_clave", flat=True
            )
        )
        self.vistos: dict[str, int] = {}

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        super().before_import_row(row, **kwargs)
        nombre = linea_de_celda(row.get("nombre"))
        clave = clave_de_nombre(nombre)
        if not clave:
            return
        if clave in self.vistos:
            raise ValidationError(
                {"nombre": f"«{nombre}» está repetida: ya aparece en la fila {self.vistos[clave]}"}
            )
        self.vistos[clave] = self.fila
        if clave in self.en_lista:
            raise ValidationError(
                {
                    "nombre": f"«{nombre}» ya está en la lista de esta sesión (para corregir sus "
                    "datos, edítela en la sesión)"
                }
            )

    def init_instance(self, row: Any = None) -> Participante:
        participante = Participante(
            ayuntamiento_id=self.capacitacion.ayuntamiento_id, capacitacion=self.capacitacion
        )
        adscripcion = linea_de_celda((row or {}).get("adscripcion"))
        participante.area = self.areas.busca(adscripcion) if adscripcion else None
        if participante.area is None:
            participante.institucion = adscripcion
        return participante

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        # La unicidad del nombre ya se revisó contra el archivo y la lista, sin una consulta
        # por fila; `clean` deja el nombre y su clave como los guarda el formulario.
        _validar_modelo(
            instance, import_validation_errors or {}, ["ayuntamiento", "capacitacion", "codigo"]
        )


# --- Los servicios ----------------------------------------------------------------------------


def _sesiones_repetidas(nuevas: list[tuple[int, Capacitacion]]) -> list[tuple[int, str]]:
    """Una sesión con el mismo tema, fecha y hora que otra del archivo o que una registrada
    es la misma sesión capturada dos veces."""

    def llave(tema: str, fecha: date, hora: time | None) -> tuple[str, date, time | None]:
        return clave_de_nombre(tema), fecha, hora

    registradas = {
        llave(*valores)
        for valores in Capacitacion.objects.filter(
            fecha__in={s.fecha for _, s in nuevas}
        ).values_list("tema", "fecha", "hora")
    }
    vistas: dict[tuple[str, date, time | None], int] = {}
    repetidas = []
    for fila, sesion in nuevas:
        clave = llave(sesion.tema, sesion.fecha, sesion.hora)
        cuando = f"el {fecha_larga(sesion.fecha)}" + (
            f" a las {sesion.hora:%H:%M}" if sesion.hora else ""
        )
        if clave in vistas:
            repetidas.append(
                (
                    fila,
                    f"Fila {fila}: la sesión «{sesion.tema}» {cuando} ya aparece en la fila "
                    f"{vistas[clave]}.",
                )
            )
        elif clave in registradas:
            repetidas.append(
                (fila, f"Fila {fila}: la sesión «{sesion.tema}» {cuando} ya está registrada.")
            )
        vistas.setdefault(clave, fila)
    return repetidas


def _leer(
    contenido: bytes, columnas: Sequence[Columna], resultado: ResultadoImportacion
) -> tuple[tablib.Dataset, list[int]] | None:
    try:
        datos, numeros = _dataset(contenido, columnas, resultado)
    except ArchivoIlegible as error:
        resultado.errores.append(str(error))
        return None
    if resultado.errores:
        return None
    resultado.leido = True
    return datos, numeros


def _si_no(valor: bool) -> str:
    return "Sí" if valor else "No"


def capacitaciones_importar(
    *,
    ayuntamiento: Ayuntamiento,
    contenido: bytes,
    confirmar: bool,
    usuario: Usuario | None = None,
) -> ResultadoImportacion:
    """Lee la hoja de sesiones y dice qué registraría, con cada error por número de fila.
    Con `confirmar` y sin un solo error, registra todas con `capacitacion_guardar`, en una
    transacción: todo o nada."""
    resultado = ResultadoImportacion(
        encabezados=[
            "Fecha",
            "Hora",
            "Tema",
            "Formato",
            "Modalidad",
            "Público",
            "Imparte",
            "Mujeres",
            "Hombres",
            "No identificado",
            "Áreas",
        ]
    )
    bloque = transaction.atomic() if confirmar else nullcontext()
    with scope(ayuntamiento=ayuntamiento), bloque:
        leido = _leer(contenido, COLUMNAS_SESIONES, resultado)
        if leido is None:
            return resultado
        datos, numeros = leido
        resource = SesionResource(ayuntamiento=ayuntamiento, usuario=usuario, numeros=numeros)
        errores = errores_de(resource.import_data(datos, dry_run=True), numeros)
        # Las filas con error no entran a `nuevas`: sólo se comparan las válidas.
        resultado.errores = en_orden(errores + _sesiones_repetidas(resource.nuevas))
        resultado.nuevas = len(resource.nuevas)
        resultado.muestra = [
            (
                fila,
                [
                    fecha_larga(s.fecha),
                    f"{s.hora:%H:%M}" if s.hora else "",
                    s.tema,
                    s.get_formato_display(),
                    s.get_modalidad_display(),
                    s.get_publico_display(),
                    s.institucion or s.get_impartida_por_display(),
                    str(s.mujeres),
                    str(s.hombres),
                    str(s.no_identificado),
                    "; ".join(a.nombre for a in s.areas_importadas),
                ],
            )
            for fila, s in resource.nuevas[:MUESTRA]
        ]
        if not confirmar or not resultado.por_guardar:
            return resultado
        # Las mismas reglas ya pasaron en seco, en esta misma transacción.
        for _, sesion in resource.nuevas:
            capacitacion_guardar(
                capacitacion=sesion, areas=sesion.areas_importadas, usuario=usuario
            )
        resultado.guardado = True
    return resultado


def participantes_importar(
    *,
    capacitacion: Capacitacion,
    contenido: bytes,
    confirmar: bool,
    usuario: Usuario | None = None,
) -> ResultadoImportacion:
    """Lee la lista de participantes de una sesión. Con `confirmar` y sin un solo error, la
    agrega a la lista y los totales de la sesión pasan a contarse de ella."""
    resultado = ResultadoImportacion(
        encabezados=["Nombre", "Sexo", "Área o institución", "Cargo", "Correo", "Asistió"]
    )
    bloque = transaction.atomic() if confirmar else nullcontext()
    try:
        with scope(ayuntamiento=capacitacion.ayuntamiento), bloque:
            leido = _leer(contenido, COLUMNAS_PARTICIPANTES, resultado)
            if leido is None:
                return resultado
            datos, numeros = leido
            resource = ParticipanteResource(capacitacion=capacitacion, numeros=numeros)
            resultado.errores = en_orden(
                errores_de(resource.import_data(datos, dry_run=True), numeros)
            )
            nuevos: list[Participante] = [p for _, p in resource.nuevas]
            resultado.nuevas = len(nuevos)
            resultado.muestra = [
                (
                    fila,
                    [
                        p.nombre,
                        str(p.get_sexo_display()),
                        p.adscripcion,
                        p.cargo,
                        p.correo,
                        _si_no(p.asistio),
                    ],
                )
                for fila, p in resource.nuevas[:MUESTRA]
            ]
            resultado.totales = _totales_con(capacitacion, nuevos)
            if not confirmar or not resultado.por_guardar:
                return resultado
            bulk_create_with_history(
                nuevos,
                Participante,
                default_user=usuario,
                default_change_reason=MOTIVO_HISTORIAL,
            )
            capacitacion_recalcular(capacitacion)
            resultado.guardado = True
    except IntegrityError:
        logger.warning(
            "Lista de %s: alguien agregó a un participante al mismo tiempo", capacitacion
        )
        resultado.guardado = False
        resultado.errores.append(
            "Mientras se importaba, alguien agregó a la lista a una de estas personas. No se "
            "guardó nada; vuelva a subir el archivo."
        )
    return resultado


def _totales_con(capacitacion: Capacitacion, nuevos: list[Participante]) -> dict[str, int]:
    """Los asistentes por sexo que tendrá la sesión: su lista actual más la importada. Si aún
    no tiene lista, los totales capturados a mano se reemplazan."""
    totales = {sexo: 0 for sexo in Sexo.values}
    if capacitacion.con_lista:
        totales = {
            Sexo.MUJER: capacitacion.mujeres,
            Sexo.HOMBRE: capacitacion.hombres,
            Sexo.NO_IDENTIFICADO: capacitacion.no_identificado,
        }
    for participante in nuevos:
        if participante.asistio:
            totales[participante.sexo] += 1
    return {str(Sexo(sexo).label): cuantos for sexo, cuantos in totales.items()}
