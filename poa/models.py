"""Programa Operativo Anual (semillas 000, 001 y 003).

Un plan por ayuntamiento y año (el de la Unidad de Transparencia, sin área, y opcionalmente
uno por área), con objetivos → actividades. La actividad lleva su cronograma (los meses en
que se programa), su meta anual, su indicador y la meta programada acumulada por trimestre.
El avance se captura por mes (`Avance`); todo lo demás (avance del trimestre, acumulado,
porcentajes, semáforo) se deriva en `derivacion.py` y se lee en `estadisticas.py`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from organizacion.models import MESES, Ayuntamiento, UnidadAdministrativa

from . import derivacion

NOMBRE_MES = dict(MESES)
CERO = Decimal(0)


class EstadoPlan(models.TextChoices):
    BORRADOR = "borrador", "Borrador"
    APROBADO = "aprobado", "Aprobado"


class NivelMir(models.TextChoices):
    FIN = "fin", "Fin"
    PROPOSITO = "proposito", "Propósito"
    COMPONENTE = "componente", "Componente"
    ACTIVIDAD = "actividad", "Actividad"


class Formula(models.TextChoices):
    CONTEO = "conteo", "Conteo (cantidad)"
    PORCENTAJE = "porcentaje", "Porcentaje = numerador / denominador × 100"


class Sentido(models.TextChoices):
    ASCENDENTE = "ascendente", "Ascendente (más es mejor)"
    DESCENDENTE = "descendente", "Descendente (menos es mejor)"


class Frecuencia(models.TextChoices):
    MENSUAL = "mensual", "Mensual"
    TRIMESTRAL = "trimestral", "Trimestral"
    SEMESTRAL = "semestral", "Semestral"
    ANUAL = "anual", "Anual"


class UmbralesPoa(models.Model):
    """Los cortes del semáforo de un ayuntamiento. Sin fila valen los de `derivacion`."""

    ayuntamiento = models.OneToOneField(
        Ayuntamiento, on_delete=models.CASCADE, related_name="umbrales_poa"
    )
    verde = models.DecimalField(
        "verde desde (%)", max_digits=5, decimal_places=2, default=derivacion.UMBRALES.verde
    )
    amarillo = models.DecimalField(
        "amarillo desde (%)", max_digits=5, decimal_places=2, default=derivacion.UMBRALES.amarillo
    )
    sobrecumplimiento = models.DecimalField(
        "sobrecumplimiento arriba de (%)",
        max_digits=6,
        decimal_places=2,
        default=derivacion.UMBRALES.sobrecumplimiento,
    )
    variacion = models.DecimalField(
        "variación que exige justificación (± %)",
        max_digits=5,
        decimal_places=2,
        default=derivacion.UMBRALES.variacion,
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "umbrales del semáforo del POA"
        verbose_name_plural = "umbrales del semáforo del POA"
        constraints = [
            models.CheckConstraint(
                condition=Q(amarillo__gt=0, amarillo__lt=models.F("verde"), verde__lte=100)
                & Q(sobrecumplimiento__gte=100, variacion__gt=0),
                name="umbrales_poa_ordenados",
                violation_error_message=(
                    "Los umbrales deben cumplir 0 < amarillo < verde ≤ 100 ≤ sobrecumplimiento "
                    "y una variación mayor que cero."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Umbrales del POA de {self.ayuntamiento}"

    def como_umbrales(self) -> derivacion.Umbrales:
        return derivacion.Umbrales(
            verde=self.verde,
            amarillo=self.amarillo,
            sobrecumplimiento=self.sobrecumplimiento,
            variacion=self.variacion,
        )


def umbrales_de(ayuntamiento: Ayuntamiento) -> derivacion.Umbrales:
    propios = UmbralesPoa.objects.filter(ayuntamiento=ayuntamiento).first()
    return propios.como_umbrales() if propios else derivacion.UMBRALES


class Plan(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    anio = models.PositiveSmallIntegerField(
        "año", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    unidad_administrativa = models.ForeignKey(
        UnidadAdministrativa,
        verbose_name="área",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vacío: el plan de la Unidad de Transparencia.",
    )
    titulo = models.CharField("título", max_length=200)
    programa_presupuestario = models.CharField(
        max_length=200, blank=True, help_text="Por ejemplo «26 – Gobierno Transparente»."
    )
    mision = models.TextField("misión", blank=True)
    vision = models.TextField("visión", blank=True)
    objetivos_generales = models.TextField(blank=True)
    metas = models.TextField("metas generales", blank=True)
    estrategias = models.TextField("estrategias y líneas de acción", blank=True)
    procedimiento_interno = models.TextField(blank=True)
    estado = models.CharField(max_length=10, choices=EstadoPlan, default=EstadoPlan.BORRADOR)
    aprobado_el = models.DateTimeField(null=True, blank=True)
    aprobado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motivo_reapertura = models.TextField(
        "motivo de la última reapertura",
        blank=True,
        help_text="Cada reapertura queda en la bitácora con su motivo, quién y cuándo.",
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-anio", "unidad_administrativa__nombre"]
        verbose_name = "programa operativo anual"
        verbose_name_plural = "programas operativos anuales"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "anio"],
                condition=Q(unidad_administrativa__isnull=True),
                name="poa_plan_unidad_unico",
                violation_error_message="Ya existe el POA de la Unidad para ese año.",
            ),
            models.UniqueConstraint(
                fields=["ayuntamiento", "anio", "unidad_administrativa"],
                name="poa_plan_area_unico",
                violation_error_message="Esa área ya tiene su POA de ese año.",
            ),
        ]

    def __str__(self) -> str:
        return self.titulo

    @property
    def aprobado(self) -> bool:
        return self.estado == EstadoPlan.APROBADO

    def exigir_borrador(self) -> None:
        """Las metas de un plan aprobado no se tocan: sólo se captura su avance."""
        if self.aprobado:
            raise ValidationError(
                "El plan está aprobado: su estructura y sus metas ya no se pueden modificar. "
                "La titular puede reabrirlo indicando el motivo."
            )


class Objetivo(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objetivos")
    orden = models.PositiveSmallIntegerField(default=1)
    nivel_mir = models.CharField("nivel MIR", max_length=10, choices=NivelMir, blank=True)
    clave = models.CharField(
        max_length=20, blank=True, help_text="Clave MIR, p. ej. «Componente 1»."
    )
    descripcion = models.TextField("descripción")

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "orden", "pk"]
        verbose_name = "objetivo"
        verbose_name_plural = "objetivos"

    def __str__(self) -> str:
        return f"{self.clave} {self.descripcion}".strip()


def validar_meses(meses: object) -> None:
    if not isinstance(meses, list) or any(
        not isinstance(m, int) or not 1 <= m <= 12 for m in meses
    ):
        raise ValidationError("Los meses del cronograma deben ser números del 1 al 12.")


class Fuente(models.TextChoices):
    """De dónde sale el avance: captura manual o una cifra de otra app (`fuentes.py`)."""

    MANUAL = "manual", "Captura manual"
    SOLICITUDES_EN_TIEMPO = "solicitudes_en_tiempo", "Solicitudes respondidas en tiempo (%)"
    SOLICITUDES_RECIBIDAS = "solicitudes_recibidas", "Solicitudes recibidas"
    RECURSOS_ATENDIDOS = "recursos_atendidos", "Recursos de revisión atendidos"
    CAPACITACIONES = "capacitaciones", "Capacitaciones realizadas (sesiones)"
    ASISTENTES_CAPACITACION = "asistentes_capacitacion", "Asistentes a capacitaciones"
    ASESORIAS = "asesorias", "Asesorías brindadas"


class Actividad(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    # Directa además de por el objetivo: las cifras de un plan salen en una sola consulta.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actividades")
    objetivo = models.ForeignKey(Objetivo, on_delete=models.CASCADE, related_name="actividades")
    orden = models.PositiveSmallIntegerField(default=1)
    nivel_mir = models.CharField("nivel MIR", max_length=10, choices=NivelMir, blank=True)
    clave = models.CharField(max_length=20, blank=True, help_text="Clave MIR, p. ej. «1.2».")
    descripcion = models.TextField("descripción")
    linea_accion = models.TextField("línea de acción", blank=True)
    producto = models.TextField("producto o entregable", blank=True)
    fecha_inicio = models.DateField("inicio")
    fecha_fin = models.DateField("término")
    meses = models.JSONField(
        "meses programados",
        default=list,
        blank=True,
        validators=[validar_meses],
        help_text="El cronograma. Vacío: todos los meses entre inicio y término.",
    )
    evidencia_esperada = models.TextField("evidencia esperada", blank=True)
    poblacion = models.CharField("población o área objetivo", max_length=300, blank=True)
    unidad_administrativa = models.ForeignKey(
        UnidadAdministrativa,
        verbose_name="área responsable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Su enlace captura el avance. Vacío: la Unidad de Transparencia.",
    )
    etiquetas = models.CharField(
        max_length=200, blank=True, help_text="Separadas por comas, p. ej. «PROIGUALDAD»."
    )
    por_sexo = models.BooleanField(
        "desglose por sexo", default=False, help_text="La actividad atiende o reúne personas."
    )
    formula = models.CharField(
        "tipo de fórmula", max_length=10, choices=Formula, default=Formula.CONTEO
    )
    meta_anual = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Cantidad, o porcentaje si la fórmula es un porcentaje.",
    )
    unidad_medida = models.CharField(
        "unidad de medida", max_length=100, blank=True, help_text="Por ejemplo «asistentes»."
    )
    indicador = models.CharField("nombre del indicador", max_length=300, blank=True)
    numerador = models.CharField("qué cuenta el numerador", max_length=300, blank=True)
    denominador = models.CharField("qué cuenta el denominador", max_length=300, blank=True)
    frecuencia = models.CharField(max_length=10, choices=Frecuencia, default=Frecuencia.TRIMESTRAL)
    sentido = models.CharField(max_length=11, choices=Sentido, default=Sentido.ASCENDENTE)
    programado_t1 = models.DecimalField(
        "programado al 1er trimestre", max_digits=12, decimal_places=2, null=True, blank=True
    )
    programado_t2 = models.DecimalField(
        "programado al 2º trimestre", max_digits=12, decimal_places=2, null=True, blank=True
    )
    programado_t3 = models.DecimalField(
        "programado al 3er trimestre", max_digits=12, decimal_places=2, null=True, blank=True
    )
    programado_t4 = models.DecimalField(
        "programado al 4º trimestre", max_digits=12, decimal_places=2, null=True, blank=True
    )
    fuente = models.CharField(
        "origen del avance", max_length=30, choices=Fuente, default=Fuente.MANUAL
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["objetivo__orden", "objetivo_id", "orden", "pk"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        constraints = [
            models.CheckConstraint(
                condition=Q(fecha_fin__gte=models.F("fecha_inicio")),
                name="poa_actividad_fechas",
                violation_error_message="El término no puede ser anterior al inicio.",
            ),
            models.CheckConstraint(
                condition=Q(meta_anual__isnull=True) | Q(meta_anual__gte=0),
                name="poa_actividad_meta_no_negativa",
                violation_error_message="La meta anual no puede ser negativa.",
            ),
            models.CheckConstraint(
                condition=~Q(formula=Formula.PORCENTAJE)
                | Q(meta_anual__isnull=True)
                | Q(meta_anual__lte=100),
                name="poa_actividad_porcentaje_max_100",
                violation_error_message="Una meta en porcentaje no puede pasar de 100.",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"programado_t{t}__isnull": True})
                    | Q(**{f"programado_t{t}__gte": 0}),
                    name=f"poa_actividad_programado_t{t}_no_negativo",
                    violation_error_message="Lo programado no puede ser negativo.",
                )
                for t in range(1, 5)
            ],
        ]
        indexes = [models.Index(fields=["ayuntamiento", "unidad_administrativa"])]

    def __str__(self) -> str:
        return f"{self.clave} {self.descripcion}".strip()

    def clean(self) -> None:
        errores: dict[str, str] = {}
        if self.fecha_inicio and self.fecha_fin and self.fecha_fin < self.fecha_inicio:
            errores["fecha_fin"] = "El término no puede ser anterior al inicio."
        anio = self.plan.anio if self.plan_id else None
        for campo in ("fecha_inicio", "fecha_fin"):
            fecha = getattr(self, campo)
            if anio and fecha and fecha.year != anio:
                errores[campo] = f"La fecha debe caer en {anio}, el año del plan."
        if self.formula == Formula.PORCENTAJE:
            if self.meta_anual is not None and self.meta_anual > 100:
                errores["meta_anual"] = "Una meta en porcentaje no puede pasar de 100."
            for t in range(1, 5):
                valor = getattr(self, f"programado_t{t}")
                if valor is not None and valor > 100:
                    errores[f"programado_t{t}"] = "Un porcentaje no puede pasar de 100."
        else:
            anterior = CERO
            for t in range(1, 5):
                valor = getattr(self, f"programado_t{t}")
                if valor is None:
                    continue
                if valor < anterior:
                    errores[f"programado_t{t}"] = (
                        "Lo programado es acumulado: no puede ser menor que el trimestre anterior."
                    )
                anterior = valor
        if self.meses and self.fecha_inicio and self.fecha_fin:
            fuera = [
                m for m in self.meses if not self.fecha_inicio.month <= m <= self.fecha_fin.month
            ]
            if fuera:
                errores["meses"] = (
                    "El cronograma marca meses fuera de las fechas de la actividad: "
                    + ", ".join(NOMBRE_MES[m] for m in sorted(fuera))
                    + "."
                )
        if errores:
            raise ValidationError(errores)

    @property
    def meses_programados(self) -> list[int]:
        if self.meses:
            return sorted(self.meses)
        return list(range(self.fecha_inicio.month, self.fecha_fin.month + 1))

    @property
    def es_porcentaje(self) -> bool:
        return self.formula == Formula.PORCENTAJE

    @property
    def es_automatica(self) -> bool:
        return self.fuente != Fuente.MANUAL

    @property
    def lista_etiquetas(self) -> list[str]:
        return [e.strip() for e in self.etiquetas.split(",") if e.strip()]

    def programado(self) -> tuple[Decimal | None, ...]:
        """La meta programada acumulada a cada trimestre: la capturada o, si falta, la que
        resulta de repartir la meta anual entre los meses del cronograma."""
        return derivacion.programado_por_trimestre(
            capturado=(
                self.programado_t1,
                self.programado_t2,
                self.programado_t3,
                self.programado_t4,
            ),
            meta=self.meta_anual,
            meses=self.meses_programados,
            porcentaje=self.es_porcentaje,
        )

    def mes_en_fechas(self, mes: int) -> bool:
        return self.fecha_inicio.month <= mes <= self.fecha_fin.month


class EstadoAvance(models.TextChoices):
    CAPTURADO = "capturado", "Capturado"
    DEVUELTO = "devuelto", "Devuelto para corregir"


class Avance(models.Model):
    """Lo hecho en un mes: el valor (o numerador y denominador), por sexo si la actividad
    atiende personas, la narración y sus evidencias."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    actividad = models.ForeignKey(Actividad, on_delete=models.CASCADE, related_name="avances")
    mes = models.PositiveSmallIntegerField(
        choices=MESES, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    valor = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    numerador_valor = models.DecimalField(
        "numerador", max_digits=12, decimal_places=2, null=True, blank=True
    )
    denominador_valor = models.DecimalField(
        "denominador", max_digits=12, decimal_places=2, null=True, blank=True
    )
    mujeres = models.PositiveIntegerField(null=True, blank=True)
    hombres = models.PositiveIntegerField(null=True, blank=True)
    no_identificado = models.PositiveIntegerField("sexo no identificado", null=True, blank=True)
    narrativa = models.TextField("qué se hizo", blank=True)
    estado = models.CharField(max_length=10, choices=EstadoAvance, default=EstadoAvance.CAPTURADO)
    comentario_revision = models.TextField("comentario de la revisión", blank=True)
    automatico = models.BooleanField(default=False, help_text="Calculado desde otra app.")
    capturado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actualizado = models.DateTimeField(auto_now=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["actividad", "mes"]
        verbose_name = "avance mensual"
        verbose_name_plural = "avances mensuales"
        constraints = [
            models.UniqueConstraint(
                fields=["actividad", "mes"],
                name="poa_avance_mes_unico",
                violation_error_message="Ese mes ya tiene su avance capturado.",
            ),
            models.CheckConstraint(
                condition=Q(mes__gte=1, mes__lte=12), name="poa_avance_mes_valido"
            ),
            models.CheckConstraint(
                condition=(Q(valor__isnull=True) | Q(valor__gte=0))
                & (Q(numerador_valor__isnull=True) | Q(numerador_valor__gte=0)),
                name="poa_avance_no_negativo",
                violation_error_message="El avance no puede ser negativo.",
            ),
            models.CheckConstraint(
                condition=Q(denominador_valor__isnull=True) | Q(denominador_valor__gt=0),
                name="poa_avance_denominador_positivo",
                violation_error_message="El denominador debe ser mayor que cero.",
            ),
            models.CheckConstraint(
                condition=(Q(mujeres__isnull=True) | Q(mujeres__gte=0))
                & (Q(hombres__isnull=True) | Q(hombres__gte=0))
                & (Q(no_identificado__isnull=True) | Q(no_identificado__gte=0)),
                name="poa_avance_sexo_no_negativo",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actividad} — {NOMBRE_MES[self.mes]}"

    @property
    def total_por_sexo(self) -> int | None:
        partes = [self.mujeres, self.hombres, self.no_identificado]
        return None if all(p is None for p in partes) else sum(p or 0 for p in partes)


def _ruta_anexo(anexo: "Anexo", nombre: str) -> str:
    return f"poa/{anexo.ayuntamiento_id}/{anexo.avance_id}/{nombre}"


class Anexo(models.Model):
    """Una evidencia (archivo) de un avance mensual."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    avance = models.ForeignKey(Avance, on_delete=models.CASCADE, related_name="anexos")
    archivo = models.FileField(upload_to=_ruta_anexo, max_length=300)
    nombre_archivo = models.CharField(max_length=200)
    subido = models.DateTimeField(auto_now_add=True)
    subido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["subido"]
        verbose_name = "evidencia del avance"
        verbose_name_plural = "evidencias del avance"

    def __str__(self) -> str:
        return self.nombre_archivo


class Justificacion(models.Model):
    """La explicación de una variación de más de ±10 % (configurable) en un trimestre."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    actividad = models.ForeignKey(
        Actividad, on_delete=models.CASCADE, related_name="justificaciones"
    )
    trimestre = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    texto = models.TextField("justificación")
    capturada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actualizada = models.DateTimeField(auto_now=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["actividad", "trimestre"]
        verbose_name = "justificación de variación"
        verbose_name_plural = "justificaciones de variación"
        constraints = [
            models.UniqueConstraint(
                fields=["actividad", "trimestre"], name="poa_justificacion_unica"
            ),
            models.CheckConstraint(
                condition=Q(trimestre__gte=1, trimestre__lte=4) & ~Q(texto=""),
                name="poa_justificacion_valida",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actividad} — trimestre {self.trimestre}"
