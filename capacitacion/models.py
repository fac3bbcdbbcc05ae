"""Capacitación: sesiones con asistentes por sexo (capturados o derivados de una lista de
participantes), constancias verificables, planes anuales de capacitación y asesorías.

Los totales por sexo viven en la sesión aunque haya lista: así toda estadística es una
sola consulta agregada sobre `Capacitacion`. Cuando hay lista, sólo
`servicios.capacitacion_recalcular` los escribe, contando a quienes asistieron.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from organizacion.models import MESES, Ayuntamiento, Oficio, Sexo, UnidadAdministrativa


class Modalidad(models.TextChoices):
    PRESENCIAL = "presencial", "Presencial"
    EN_LINEA = "en_linea", "En línea"
    HIBRIDA = "hibrida", "Híbrida"


class Formato(models.TextChoices):
    CURSO = "curso", "Curso"
    TALLER = "taller", "Taller"
    CONFERENCIA = "conferencia", "Conferencia"
    PLATICA = "platica", "Plática"
    SESION = "sesion", "Sesión"


class Publico(models.TextChoices):
    SERVIDORES = "servidores", "Servidores públicos"
    CIUDADANIA = "ciudadania", "Ciudadanía"
    SECTOR_EDUCATIVO = "educativo", "Sector educativo"
    ENLACES = "enlaces", "Enlaces de transparencia"


class PublicoPlan(models.TextChoices):
    """El modelo regional pide dos planes anuales: uno interno y otro a la ciudadanía."""

    SERVIDORES = "servidores", "Servidores públicos"
    CIUDADANIA = "ciudadania", "Ciudadanía"


class Imparte(models.TextChoices):
    UNIDAD = "unidad", "La Unidad de Transparencia"
    GARANTE = "garante", "El órgano garante"
    OTRA = "otra", "Otra institución"


class PlanCapacitacion(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    anio = models.PositiveSmallIntegerField(
        "año", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    publico = models.CharField("dirigido a", max_length=12, choices=PublicoPlan)
    descripcion = models.TextField("objetivo del plan", blank=True)
    creado = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-anio", "publico"]
        verbose_name = "plan anual de capacitación"
        verbose_name_plural = "planes anuales de capacitación"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "anio", "publico"],
                name="plan_capacitacion_unico",
                violation_error_message="Ya existe el plan de ese año para ese público.",
            )
        ]

    def __str__(self) -> str:
        return f"Plan {self.anio} — {self.get_publico_display()}"


class TemaPlaneado(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(PlanCapacitacion, on_delete=models.CASCADE, related_name="temas")
    tema = models.CharField(max_length=200)
    mes = models.PositiveSmallIntegerField(choices=MESES)
    publico = models.CharField("público", max_length=12, choices=Publico)
    meta_asistentes = models.PositiveIntegerField("meta de asistentes", default=0)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["mes", "tema"]
        verbose_name = "tema planeado"
        verbose_name_plural = "temas planeados"
        constraints = [
            models.CheckConstraint(
                condition=Q(mes__gte=1, mes__lte=12),
                name="tema_planeado_mes_valido",
                violation_error_message="El mes debe estar entre 1 y 12.",
            ),
            models.CheckConstraint(
                condition=Q(meta_asistentes__gte=0),
                name="tema_planeado_meta_no_negativa",
                violation_error_message="La meta de asistentes no puede ser negativa.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mes_display()}: {self.tema}"


class Capacitacion(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    tema = models.CharField(max_length=250)
    fecha = models.DateField()
    hora = models.TimeField(null=True, blank=True)
    duracion_minutos = models.PositiveSmallIntegerField(
        "duración (minutos)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 5)],
    )
    modalidad = models.CharField(max_length=10, choices=Modalidad, default=Modalidad.PRESENCIAL)
    formato = models.CharField(max_length=12, choices=Formato, default=Formato.SESION)
    publico = models.CharField(
        "público", max_length=12, choices=Publico, default=Publico.SERVIDORES
    )
    impartida_por = models.CharField(max_length=8, choices=Imparte, default=Imparte.UNIDAD)
    institucion = models.CharField(
        "institución o persona que la impartió",
        max_length=200,
        blank=True,
        help_text="Por ejemplo: «Dirección de Capacitación del OGAIPO».",
    )
    sede = models.CharField("sede", max_length=200, blank=True)
    liga = models.URLField("liga de la sesión en línea", blank=True)
    areas = models.ManyToManyField(
        UnidadAdministrativa, verbose_name="áreas participantes", blank=True, related_name="+"
    )
    mujeres = models.PositiveIntegerField(default=0)
    hombres = models.PositiveIntegerField(default=0)
    no_identificado = models.PositiveIntegerField("sin sexo identificado", default=0)
    con_lista = models.BooleanField(
        "totales desde la lista de participantes",
        default=False,
        editable=False,
        help_text="Con lista, los totales se cuentan de ella y no se capturan.",
    )
    tema_planeado = models.ForeignKey(
        TemaPlaneado,
        verbose_name="tema del plan anual",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capacitaciones",
    )
    oficio = models.ForeignKey(
        Oficio,
        verbose_name="oficio o circular de convocatoria",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    observaciones = models.TextField(blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords(excluded_fields=["registrada_por"])

    class Meta:
        ordering = ["-fecha", "-hora"]
        verbose_name = "capacitación"
        verbose_name_plural = "capacitaciones"
        indexes = [models.Index(fields=["ayuntamiento", "fecha"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(mujeres__gte=0, hombres__gte=0, no_identificado__gte=0),
                name="capacitacion_asistentes_no_negativos",
                violation_error_message="Los asistentes no pueden ser negativos.",
            ),
            models.CheckConstraint(
                condition=Q(duracion_minutos__gte=1),
                name="capacitacion_duracion_positiva",
                violation_error_message="La duración debe ser de al menos un minuto.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tema} ({self.fecha:%d/%m/%Y})"

    @property
    def asistentes(self) -> int:
        return self.mujeres + self.hombres + self.no_identificado

    def clean(self) -> None:
        errores = {}
        if self.tema_planeado_id and self.fecha:
            plan = self.tema_planeado.plan  # type: ignore[union-attr]
            if plan.anio != self.fecha.year:
                errores["tema_planeado"] = (
                    f"El tema pertenece al plan {plan.anio} y la sesión es del "
                    f"{self.fecha:%d/%m/%Y}: elija un tema del plan {self.fecha.year}."
                )
        if self.oficio_id and self.oficio.ayuntamiento_id != self.ayuntamiento_id:  # type: ignore[union-attr]
            errores["oficio"] = "El oficio no pertenece a este ayuntamiento."
        if errores:
            raise ValidationError(errores)


def codigo_constancia() -> str:
    """Código de verificación: 128 bits aleatorios, imposible de adivinar o de recorrer."""
    return secrets.token_urlsafe(16)


def clave_de_nombre(nombre: str) -> str:
    return " ".join(nombre.split()).casefold()


class Participante(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    capacitacion = models.ForeignKey(
        Capacitacion, on_delete=models.CASCADE, related_name="participantes"
    )
    nombre = models.CharField("nombre completo", max_length=200)
    # El nombre sin mayúsculas ni espacios de más: la llave contra duplicados en la sesión.
    # Se calcula en Python porque LOWER() de SQLite no conoce los acentos («LÓPEZ»).
    nombre_clave = models.CharField(max_length=200, editable=False)
    sexo = models.CharField(max_length=15, choices=Sexo, default=Sexo.NO_IDENTIFICADO)
    area = models.ForeignKey(
        UnidadAdministrativa,
        verbose_name="área del ayuntamiento",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    institucion = models.CharField(
        "institución u organización", max_length=200, blank=True, help_text="Si no es de un área."
    )
    cargo = models.CharField(max_length=200, blank=True)
    correo = models.EmailField("correo electrónico", blank=True)
    asistio = models.BooleanField("asistió", default=True)
    codigo = models.CharField(
        "código de verificación", max_length=40, unique=True, default=codigo_constancia
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["nombre"]
        verbose_name = "participante"
        verbose_name_plural = "participantes"
        constraints = [
            models.UniqueConstraint(
                fields=["capacitacion", "nombre_clave"],
                name="participante_unico_por_sesion",
                violation_error_message="Esa persona ya está en la lista de esta sesión.",
            )
        ]

    def __str__(self) -> str:
        return self.nombre

    def save(self, *args, **kwargs) -> None:
        self.nombre_clave = clave_de_nombre(self.nombre)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.nombre = " ".join(self.nombre.split())
        self.nombre_clave = clave_de_nombre(self.nombre)

    @property
    def adscripcion(self) -> str:
        return self.area.nombre if self.area else self.institucion


class TipoEvidencia(models.TextChoices):
    FICHA = "ficha", "Ficha de capacitación"
    LISTA = "lista", "Lista de asistencia"
    FOTOGRAFIA = "fotografia", "Fotografía"
    OTRO = "otro", "Otro"


def _ruta_evidencia(instancia: "EvidenciaCapacitacion", nombre: str) -> str:
    return f"capacitacion/{instancia.ayuntamiento_id}/{instancia.capacitacion_id}/{nombre}"


class EvidenciaCapacitacion(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    capacitacion = models.ForeignKey(
        Capacitacion, on_delete=models.CASCADE, related_name="evidencias"
    )
    tipo = models.CharField(max_length=12, choices=TipoEvidencia, default=TipoEvidencia.FICHA)
    archivo = models.FileField(upload_to=_ruta_evidencia)
    nombre = models.CharField("nombre del archivo", max_length=200)
    subida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subida = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["tipo", "subida"]
        verbose_name = "evidencia de capacitación"
        verbose_name_plural = "evidencias de capacitación"

    def __str__(self) -> str:
        return self.nombre


class TemaAsesoria(models.TextChoices):
    DATOS_PERSONALES = "datos_personales", "Datos personales"
    ACCESO = "acceso", "Acceso a la información"
    SISAI = "sisai", "SISAI / Plataforma Nacional"
    OBLIGACIONES = "obligaciones", "Obligaciones de transparencia"
    OTRO = "otro", "Otro"


class PublicoAsesoria(models.TextChoices):
    CIUDADANO = "ciudadano", "Ciudadano"
    ENLACE = "enlace", "Enlace de transparencia"


class MedioAsesoria(models.TextChoices):
    PRESENCIAL = "presencial", "Presencial"
    TELEFONO = "telefono", "Teléfono"
    CORREO = "correo", "Correo electrónico"
    EN_LINEA = "en_linea", "En línea"


class Asesoria(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField()
    tema = models.CharField(max_length=20, choices=TemaAsesoria)
    publico = models.CharField("a quién", max_length=10, choices=PublicoAsesoria)
    sexo = models.CharField(max_length=15, choices=Sexo, default=Sexo.NO_IDENTIFICADO)
    medio = models.CharField(max_length=10, choices=MedioAsesoria, default=MedioAsesoria.PRESENCIAL)
    nota = models.CharField(max_length=250, blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords(excluded_fields=["registrada_por"])

    class Meta:
        ordering = ["-fecha", "-creada"]
        verbose_name = "asesoría"
        verbose_name_plural = "asesorías"
        indexes = [models.Index(fields=["ayuntamiento", "fecha"])]

    def __str__(self) -> str:
        return f"{self.get_tema_display()} ({self.fecha:%d/%m/%Y})"
