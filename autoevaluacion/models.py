"""Modelo Regional de Transparencia Municipal (Infoem, semilla 004).

El catálogo (ediciones, dimensiones, herramientas) es de la plataforma y no pertenece a un
ayuntamiento: se carga por migración y lo editan los operadores en el admin. Cada edición es
un conjunto propio de filas, de modo que una edición futura del modelo agrega filas nuevas y
nunca reescribe las autoevaluaciones pasadas, que apuntan a las herramientas de su edición.

Lo del ayuntamiento (su adhesión, el estado de cada herramienta y sus evidencias) lleva la
llave `ayuntamiento` y el `ScopedManager` de django-scopes, como todo modelo de inquilino.
"""

from datetime import date
from functools import cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from organizacion.models import Ayuntamiento


class Edicion(models.Model):
    """Una edición del documento del modelo regional. Sólo una está vigente: la que se
    ofrece a los ayuntamientos que se adhieren."""

    clave = models.SlugField(max_length=40, unique=True)
    nombre = models.CharField(max_length=200)
    publicada = models.DateField("fecha del documento")
    vigente = models.BooleanField(default=False)
    nota = models.TextField(blank=True)

    class Meta:
        ordering = ["-publicada"]
        verbose_name = "edición del modelo regional"
        verbose_name_plural = "ediciones del modelo regional"
        constraints = [
            models.UniqueConstraint(
                fields=["vigente"],
                condition=Q(vigente=True),
                name="edicion_una_vigente",
                violation_error_message="Sólo puede haber una edición vigente del modelo.",
            )
        ]

    def __str__(self) -> str:
        return self.nombre


class Dimension(models.Model):
    edicion = models.ForeignKey(Edicion, on_delete=models.PROTECT, related_name="dimensiones")
    clave = models.SlugField(max_length=40)
    orden = models.PositiveSmallIntegerField()
    nombre = models.CharField(max_length=100)
    descripcion = models.TextField("descripción")

    class Meta:
        ordering = ["edicion", "orden"]
        verbose_name = "dimensión"
        verbose_name_plural = "dimensiones"
        constraints = [
            models.UniqueConstraint(fields=["edicion", "clave"], name="dimension_clave_unica"),
            models.UniqueConstraint(fields=["edicion", "orden"], name="dimension_orden_unico"),
        ]

    def __str__(self) -> str:
        return self.nombre


class Temporalidad(models.TextChoices):
    MESES = "meses", "Meses"
    ANUAL = "anual", "Anual"
    INDEFINIDA = "indefinida", "Indefinida"
    PROYECTO = "proyecto", "Depende del proyecto"


# Las temporalidades sin fecha calculable: el ayuntamiento puede fijar la suya a mano.
SIN_FECHA_CALCULADA = frozenset({Temporalidad.INDEFINIDA, Temporalidad.PROYECTO})


@cache
def _lapso(*, months: int = 0, years: int = 0) -> relativedelta:
    # Construir un relativedelta cuesta tanto como sumarlo; la matriz del garante suma miles.
    return relativedelta(months=months, years=years)


class Herramienta(models.Model):
    """Una herramienta del modelo, con su descripción y su temporalidad como las escribe el
    documento (`temporalidad_texto`), y la temporalidad interpretada para calcular fechas."""

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="herramientas")
    clave = models.SlugField(max_length=50)
    orden = models.PositiveSmallIntegerField()
    nombre = models.CharField(max_length=200)
    nombre_corto = models.CharField(
        max_length=40, help_text="Encabezado de columna en la matriz del garante."
    )
    descripcion = models.TextField("descripción")
    temporalidad = models.CharField(max_length=10, choices=Temporalidad)
    meses = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Sólo si la temporalidad es en meses."
    )
    vigencia_indefinida = models.BooleanField(
        default=False, help_text="Una vez implementada no se renueva (p. ej. el convenio)."
    )
    temporalidad_texto = models.CharField(
        "temporalidad según el documento", max_length=200, help_text="Tal como la dice."
    )

    class Meta:
        ordering = ["dimension__edicion", "dimension__orden", "orden"]
        verbose_name = "herramienta"
        verbose_name_plural = "herramientas"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "orden"], name="herramienta_orden_unico"),
            models.UniqueConstraint(fields=["dimension", "clave"], name="herramienta_clave_unica"),
            models.CheckConstraint(
                condition=Q(temporalidad=Temporalidad.MESES, meses__gte=1)
                | (~Q(temporalidad=Temporalidad.MESES) & Q(meses__isnull=True)),
                name="herramienta_meses_coherentes",
                violation_error_message="Indique los meses sólo cuando la temporalidad es en meses.",
            ),
        ]

    def __str__(self) -> str:
        return self.nombre

    @property
    def es_anual(self) -> bool:
        return self.temporalidad == Temporalidad.ANUAL

    @property
    def fecha_calculable(self) -> bool:
        return self.temporalidad not in SIN_FECHA_CALCULADA

    def vencimiento(self, fecha_convenio: date, hoy: date) -> date | None:
        """Fecha de compromiso calculada desde la firma del convenio. Una herramienta anual
        se compromete cada aniversario: vale la del año en curso (o el primer aniversario,
        si el convenio se firmó este año). Las indefinidas y las que dependen del proyecto no
        tienen fecha calculada."""
        if self.temporalidad == Temporalidad.MESES and self.meses:
            return fecha_convenio + _lapso(months=self.meses)
        if self.temporalidad == Temporalidad.ANUAL:
            anios = max(hoy.year - fecha_convenio.year, 1)
            return fecha_convenio + _lapso(years=anios)
        return None


class Adhesion(models.Model):
    """La firma del convenio de un ayuntamiento con el garante para implementar una edición
    del modelo, y la persona designada como enlace para su implementación."""

    ayuntamiento = models.ForeignKey(
        Ayuntamiento, on_delete=models.CASCADE, related_name="adhesiones_modelo"
    )
    edicion = models.ForeignKey(Edicion, on_delete=models.PROTECT, related_name="adhesiones")
    fecha_convenio = models.DateField("fecha de firma del convenio")
    enlace_nombre = models.CharField("enlace designado", max_length=200)
    enlace_cargo = models.CharField("cargo del enlace", max_length=200, blank=True)
    enlace_correo = models.EmailField("correo del enlace", blank=True)
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["ayuntamiento__nombre"]
        verbose_name = "adhesión al modelo regional"
        verbose_name_plural = "adhesiones al modelo regional"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "edicion"],
                name="adhesion_unica",
                violation_error_message="El ayuntamiento ya se adhirió a esta edición del modelo.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ayuntamiento} — {self.edicion}"


class Estado(models.TextChoices):
    PENDIENTE = "pendiente", "Pendiente"
    ELABORACION = "elaboracion", "En elaboración"
    IMPLEMENTADA = "implementada", "Implementada"
    NO_APLICA = "no_aplica", "No aplica"


# Estado efectivo de una herramienta anual implementada sin evidencia del año en curso:
# no es un valor que se guarde, lo deriva estadisticas.estado_efectivo().
POR_RENOVAR = "por_renovar"
ETIQUETAS_ESTADO = {**dict(Estado.choices), POR_RENOVAR: "Por renovar (falta evidencia del año)"}
# Un símbolo por estado efectivo: la matriz no depende sólo del color.
SIMBOLOS_ESTADO = {
    Estado.PENDIENTE: "○",
    Estado.ELABORACION: "◐",
    Estado.IMPLEMENTADA: "✓",
    Estado.NO_APLICA: "—",
    POR_RENOVAR: "↻",
}
SIN_IMPLEMENTAR = frozenset({Estado.PENDIENTE, Estado.ELABORACION, POR_RENOVAR})


def esta_atrasada(efectivo: str, vence: date | None, hoy: date) -> bool:
    """Una herramienta aplicable sin implementar cuya fecha de compromiso ya pasó."""
    return efectivo in SIN_IMPLEMENTAR and vence is not None and vence < hoy


class EstadoHerramienta(models.Model):
    """Lo que el ayuntamiento declara de una herramienta. Se crea una fila por herramienta al
    registrar la adhesión (todas pendientes); cada cambio queda en el historial."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    adhesion = models.ForeignKey(Adhesion, on_delete=models.CASCADE, related_name="estados")
    herramienta = models.ForeignKey(Herramienta, on_delete=models.PROTECT, related_name="estados")
    estado = models.CharField(max_length=12, choices=Estado, default=Estado.PENDIENTE)
    motivo_no_aplica = models.TextField("motivo por el que no aplica", blank=True)
    fecha_implementacion = models.DateField("fecha de implementación", null=True, blank=True)
    fecha_compromiso = models.DateField(
        "fecha de compromiso fijada",
        null=True,
        blank=True,
        help_text="Sólo para herramientas sin fecha calculada (indefinidas o según proyecto).",
    )
    notas = models.TextField(blank=True)
    actualizado = models.DateTimeField(auto_now=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["herramienta__dimension__orden", "herramienta__orden"]
        verbose_name = "estado de herramienta"
        verbose_name_plural = "estados de herramientas"
        constraints = [
            models.UniqueConstraint(
                fields=["adhesion", "herramienta"], name="estado_herramienta_unico"
            ),
            models.CheckConstraint(
                condition=~Q(estado=Estado.NO_APLICA) | ~Q(motivo_no_aplica=""),
                name="estado_no_aplica_con_motivo",
                violation_error_message="Explique por qué la herramienta no aplica.",
            ),
            models.CheckConstraint(
                condition=~Q(estado=Estado.IMPLEMENTADA) | Q(fecha_implementacion__isnull=False),
                name="estado_implementada_con_fecha",
                violation_error_message="Indique la fecha en que se implementó.",
            ),
        ]
        indexes = [models.Index(fields=["ayuntamiento", "estado"])]

    def __str__(self) -> str:
        return f"{self.herramienta}: {self.get_estado_display()}"

    def vencimiento(self, fecha_convenio: date, hoy: date) -> date | None:
        """La fecha de compromiso: la calculada, o la fijada a mano si no hay cálculo."""
        if self.herramienta.fecha_calculable:
            return self.herramienta.vencimiento(fecha_convenio, hoy)
        return self.fecha_compromiso


def _ruta_evidencia(evidencia: "Evidencia", nombre: str) -> str:
    return f"autoevaluacion/{evidencia.ayuntamiento_id}/{evidencia.estado_id}/{nombre}"


class Evidencia(models.Model):
    """Documento comprobatorio de una herramienta: un archivo, una liga, o ambos. Su fecha
    es la del documento: decide de qué año es la evidencia de una herramienta anual."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    estado = models.ForeignKey(
        EstadoHerramienta, on_delete=models.CASCADE, related_name="evidencias"
    )
    descripcion = models.CharField("descripción", max_length=300)
    fecha = models.DateField("fecha del documento")
    archivo = models.FileField(upload_to=_ruta_evidencia, blank=True, max_length=300)
    nombre_archivo = models.CharField(max_length=200, blank=True)
    liga = models.URLField("liga", max_length=500, blank=True)
    subida = models.DateTimeField(auto_now_add=True)
    subida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fecha", "-subida"]
        verbose_name = "evidencia"
        verbose_name_plural = "evidencias"
        constraints = [
            models.CheckConstraint(
                condition=~Q(archivo="") | ~Q(liga=""),
                name="evidencia_archivo_o_liga",
                violation_error_message="Adjunte un archivo o indique una liga.",
            )
        ]

    def __str__(self) -> str:
        return self.descripcion
