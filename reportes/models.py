"""Los documentos que la Unidad entrega: cada PDF generado es una fila `Reporte` con su
archivo, su huella y su historia; la configuración de firmas y destinatarios es dato del
ayuntamiento, y cada correo enviado queda registrado para no enviarse dos veces."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from organizacion.models import Ayuntamiento, Oficio


class TipoReporte(models.TextChoices):
    TRIMESTRAL = "trimestral", "Informe trimestral"
    SEMESTRAL = "semestral", "Informe semestral de solicitudes"
    POA_ANUAL = "poa_anual", "Evaluación anual del POA"
    DATOS_PERSONALES = "datos_personales", "Informe anual de datos personales"
    AUTOEVALUACION = "autoevaluacion", "Autoevaluación del Modelo Regional"


class EstadoReporte(models.TextChoices):
    PENDIENTE = "pendiente", "En espera"
    GENERANDO = "generando", "Generándose"
    LISTO = "listo", "Listo"
    ERROR = "error", "Con error"


def _ruta_del_archivo(reporte: "Reporte", nombre: str) -> str:
    # Fuera de toda URL pública: sólo la vista de descarga lo sirve, después de verificar
    # ayuntamiento y rol.
    return f"reportes/{reporte.ayuntamiento_id}/{reporte.anio}/{nombre}"


class Reporte(models.Model):
    """Un documento generado (o por generar). Regenerar crea otra versión: un reporte ya
    entregado nunca se sobrescribe. Sólo un reintento de la misma generación vuelve a
    escribir su propia fila."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    tipo = models.CharField(max_length=20, choices=TipoReporte)
    anio = models.PositiveSmallIntegerField("año")
    periodo = models.PositiveSmallIntegerField(
        help_text="Trimestre (1–4), semestre (1–2) o 1 en los anuales."
    )
    version = models.PositiveSmallIntegerField("versión", default=1)
    estado = models.CharField(max_length=10, choices=EstadoReporte, default=EstadoReporte.PENDIENTE)
    archivo = models.FileField(upload_to=_ruta_del_archivo, blank=True, max_length=200)
    sha256 = models.CharField("huella SHA-256", max_length=64, blank=True)
    tamano = models.PositiveIntegerField("tamaño en bytes", null=True, blank=True)
    oficio = models.ForeignKey(
        Oficio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="El oficio de remisión de la portada: lo toma la emisión, nunca un borrador.",
    )
    # Un reporte es un borrador (sin número de oficio, con la marca «BORRADOR», invisible
    # para el garante y para los envíos) hasta que la persona titular lo emite: entonces
    # toma su oficio, se genera otra vez con ese número y queda congelado con su huella.
    emitido = models.DateTimeField(null=True, blank=True)
    emitido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Las tablas tal como salieron en el PDF: los CSV y XLSX de datos abiertos se sirven de
    # aquí, así traen exactamente las mismas cifras aunque los datos cambien después.
    tablas = models.JSONField(default=list, blank=True, editable=False)
    avisos = models.JSONField(default=list, blank=True, editable=False)
    solicitado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vacío si lo pidió el envío programado.",
    )
    creado = models.DateTimeField(auto_now_add=True)
    # Cuándo el broker recibió la generación. Vacío: el broker no respondía al pedirlo (el
    # rescate de cada minuto la entrega en cuanto vuelva).
    encolado = models.DateTimeField(null=True, blank=True)
    iniciado = models.DateTimeField(null=True, blank=True)
    terminado = models.DateTimeField(null=True, blank=True)
    intentos = models.PositiveSmallIntegerField(default=0)
    # La tarea de Celery que la está generando: si su worker muere y el broker devuelve el
    # mensaje, la misma tarea la retoma sin esperar a que se tenga por abandonada.
    tarea = models.CharField(max_length=64, blank=True, editable=False)
    error = models.TextField(blank=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["-creado", "-pk"]
        verbose_name = "reporte"
        verbose_name_plural = "reportes"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "tipo", "anio", "periodo", "version"],
                name="reporte_version_unica",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.nombre_periodo} (v{self.version})"

    @property
    def nombre_periodo(self) -> str:
        from .periodos import periodo_de  # periodos no depende de modelos: sin ciclo real

        return periodo_de(self.tipo, self.anio, self.periodo).nombre

    @property
    def terminado_de_generar(self) -> bool:
        return self.estado in (EstadoReporte.LISTO, EstadoReporte.ERROR)

    @property
    def nombre_archivo(self) -> str:
        return f"{self.tipo}-{self.anio}-{self.periodo}-v{self.version}.pdf"


class Remision(models.Model):
    """A quién se dirige el oficio de remisión y quién firma: lo general del ayuntamiento
    (`ConfiguracionReportes`) y lo propio de un tipo de reporte (`RemisionReporte`)."""

    destinatario = models.CharField("destinatario del oficio", max_length=200, blank=True)
    cargo_destinatario = models.CharField(max_length=200, blank=True)
    elaboro_nombre = models.CharField("elaboró: nombre", max_length=200, blank=True)
    elaboro_cargo = models.CharField("elaboró: cargo", max_length=200, blank=True)
    vobo_nombre = models.CharField("Vo. Bo.: nombre", max_length=200, blank=True)
    vobo_cargo = models.CharField("Vo. Bo.: cargo", max_length=200, blank=True)

    CAMPOS = (
        "destinatario",
        "cargo_destinatario",
        "elaboro_nombre",
        "elaboro_cargo",
        "vobo_nombre",
        "vobo_cargo",
    )

    class Meta:
        abstract = True


class ConfiguracionReportes(Remision):
    """Lo que el PDF necesita y no está en los datos: quién firma, a quién se remite y desde
    dónde, y cuándo salen los envíos programados."""

    ayuntamiento = models.OneToOneField(
        Ayuntamiento, on_delete=models.CASCADE, related_name="configuracion_reportes"
    )
    lugar = models.CharField(
        "lugar de expedición", max_length=200, blank=True, help_text="Oaxaca de Juárez, Oaxaca"
    )
    area = models.CharField(
        "área que remite", max_length=200, default="Unidad de Transparencia Municipal"
    )
    lemas = models.TextField(
        "lemas de la despedida",
        blank=True,
        help_text="Uno por renglón, bajo «ATENTAMENTE».",
    )
    dias_habiles_envio = models.PositiveSmallIntegerField(
        "días hábiles tras el cierre para el envío programado",
        default=5,
        validators=[MaxValueValidator(30)],
    )
    tamano_maximo_adjunto_mb = models.PositiveSmallIntegerField(
        "tamaño máximo del PDF adjunto (MB)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="Un PDF más grande se envía como enlace a la descarga autenticada.",
    )

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        verbose_name = "configuración de reportes"
        verbose_name_plural = "configuraciones de reportes"

    def __str__(self) -> str:
        return f"Reportes de {self.ayuntamiento}"

    @property
    def con_firmantes(self) -> bool:
        return all((self.elaboro_nombre, self.elaboro_cargo, self.vobo_nombre, self.vobo_cargo))


class RemisionReporte(Remision):
    """A quién se dirige y quién firma un tipo de reporte, cuando no es lo general de la
    configuración: el informe semestral va al garante con sus propias firmas, el trimestral a
    la persona titular. Un campo vacío toma el de la configuración general."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    tipo = models.CharField("reporte", max_length=20, choices=TipoReporte)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["tipo"]
        verbose_name = "remisión por tipo de reporte"
        verbose_name_plural = "remisiones por tipo de reporte"
        constraints = [
            models.UniqueConstraint(fields=["ayuntamiento", "tipo"], name="remision_unica")
        ]

    def __str__(self) -> str:
        return f"Remisión del {self.get_tipo_display().lower()}"


class Destinatario(models.Model):
    """Quién recibe por correo cada tipo de reporte programado: la persona titular, el
    garante, la contraloría… Son datos, no código."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    tipo = models.CharField("reporte", max_length=20, choices=TipoReporte)
    nombre = models.CharField(max_length=200)
    correo = models.EmailField()
    activo = models.BooleanField(default=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["tipo", "nombre"]
        verbose_name = "destinatario"
        verbose_name_plural = "destinatarios"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "tipo", "correo"],
                name="destinatario_unico",
                violation_error_message="Ese correo ya recibe ese reporte.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nombre} <{self.correo}>"


class EstadoEnvio(models.TextChoices):
    PENDIENTE = "pendiente", "Pendiente"
    ENVIANDO = "enviando", "Enviándose"
    ENVIADO = "enviado", "Enviado"
    FALLIDO = "fallido", "Falló"


class Envio(models.Model):
    """Un correo de un reporte programado a un destinatario. La restricción única es la que
    garantiza «exactamente una vez»: un reintento, un segundo beat o un reinicio encuentran
    esta fila y no vuelven a enviar lo que ya está `enviado`, ni lo que otro está enviando
    (`enviando`, reclamado hace poco)."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    tipo = models.CharField(max_length=20, choices=TipoReporte)
    anio = models.PositiveSmallIntegerField("año")
    periodo = models.PositiveSmallIntegerField()
    correo = models.EmailField()
    reporte = models.ForeignKey(
        Reporte, on_delete=models.PROTECT, null=True, blank=True, related_name="envios"
    )
    estado = models.CharField(max_length=10, choices=EstadoEnvio, default=EstadoEnvio.PENDIENTE)
    intentos = models.PositiveSmallIntegerField(default=0)
    enviado = models.DateTimeField(null=True, blank=True)
    # Cuándo lo tomó quien lo está enviando (`enviando`); vencido, quien lo tomó murió.
    reclamado = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    creado = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["-creado"]
        verbose_name = "envío"
        verbose_name_plural = "envíos"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "tipo", "anio", "periodo", "correo"],
                name="envio_unico",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.anio}-{self.periodo} a {self.correo}"


class AvisoDiario(models.Model):
    """El resumen diario de vencimientos de una persona: uno por día, como mucho, aunque la
    tarea corra dos veces. La fila se crea al tomarlo (`reclamado`) y `enviado` se anota
    cuando el servidor de correo lo aceptó."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    fecha = models.DateField()
    reclamado = models.DateTimeField(null=True, blank=True)
    enviado = models.DateTimeField(null=True, blank=True)
    solicitudes = models.PositiveIntegerField(default=0)
    turnos = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-fecha"]
        verbose_name = "aviso diario"
        verbose_name_plural = "avisos diarios"
        constraints = [
            models.UniqueConstraint(fields=["usuario", "fecha"], name="aviso_diario_unico")
        ]

    def __str__(self) -> str:
        return f"Aviso del {self.fecha:%d/%m/%Y} a {self.usuario}"
