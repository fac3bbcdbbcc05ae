"""Las plantillas de documentos de cada ayuntamiento y los documentos que se generan con
ellas. Un documento es un borrador (se edita, se previsualiza, no tiene número) hasta que se
emite: la emisión toma el número del registro de oficios y congela el PDF con su huella."""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from organizacion.models import Ayuntamiento, Oficio

from .textos import POR_OMISION, ClaveDocumento


class PlantillaDocumento(models.Model):
    """El texto propio de un ayuntamiento para un documento. Un campo vacío usa el texto por
    omisión (documentos/textos.py): así una mejora del texto por omisión llega a quien no lo
    cambió."""

    ayuntamiento = models.ForeignKey(
        Ayuntamiento, on_delete=models.CASCADE, related_name="plantillas_documento"
    )
    clave = models.CharField(max_length=30, choices=ClaveDocumento)
    asunto = models.CharField(max_length=300, blank=True)
    destinatario = models.CharField(max_length=300, blank=True)
    cargo_destinatario = models.CharField("cargo del destinatario", max_length=300, blank=True)
    cuerpo = models.TextField(blank=True)
    firmante = models.CharField(
        max_length=200, blank=True, help_text="Vacío: quien firma los reportes (Elaboró)."
    )
    cargo_firmante = models.CharField("cargo de quien firma", max_length=200, blank=True)
    modificada = models.DateTimeField(auto_now=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["clave"]
        verbose_name = "plantilla de documento"
        verbose_name_plural = "plantillas de documentos"
        constraints = [
            models.UniqueConstraint(fields=["ayuntamiento", "clave"], name="plantilla_por_clave")
        ]

    def __str__(self) -> str:
        return self.get_clave_display()

    def texto(self, campo: str) -> str:
        """El texto vigente del campo: el propio o, si está vacío, el por omisión."""
        return getattr(self, campo) or getattr(POR_OMISION[self.clave], campo, "")

    @property
    def propia(self) -> bool:
        return any(getattr(self, c) for c in ("asunto", "destinatario", "cuerpo"))


class EstadoDocumento(models.TextChoices):
    BORRADOR = "borrador", "Borrador"
    EMITIDO = "emitido", "Emitido"


class MedioNotificacion(models.TextChoices):
    CORREO = "correo", "por correo electrónico"
    PNT = "pnt", "en la Plataforma Nacional de Transparencia"
    ESTRADOS = "estrados", "por estrados"
    PERSONAL = "personal", "en persona o en su domicilio"


def _ruta(documento: "Documento", nombre: str) -> str:
    # Fuera de toda URL pública: sólo las vistas de descarga lo sirven.
    return f"documentos/{documento.ayuntamiento_id}/{documento.fecha:%Y}/{nombre}"


class Documento(models.Model):
    """Un documento de un expediente. Lo que se emite queda congelado: el texto, el número y
    el PDF con su huella no cambian después."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    clave = models.CharField(max_length=30, choices=ClaveDocumento)
    solicitud = models.ForeignKey(
        "solicitudes.Solicitud",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documentos",
    )
    turno = models.ForeignKey(
        "solicitudes.Turno", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recurso = models.ForeignKey(
        "solicitudes.RecursoRevision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documentos",
    )
    denuncia = models.ForeignKey(
        "solicitudes.Denuncia",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documentos",
    )
    fecha = models.DateField()
    asunto = models.CharField(max_length=300)
    destinatario = models.CharField(max_length=300)
    cargo_destinatario = models.CharField(max_length=300, blank=True)
    cuerpo = models.TextField()
    firmante = models.CharField(max_length=200, blank=True)
    cargo_firmante = models.CharField(max_length=200, blank=True)
    estado = models.CharField(
        max_length=10, choices=EstadoDocumento, default=EstadoDocumento.BORRADOR
    )
    oficio = models.OneToOneField(
        Oficio, on_delete=models.PROTECT, null=True, blank=True, related_name="documento"
    )
    archivo = models.FileField(upload_to=_ruta, blank=True, max_length=200)
    sha256 = models.CharField("huella SHA-256", max_length=64, blank=True)
    emitido = models.DateTimeField(null=True, blank=True)
    # Cuándo y cómo se le notificó a quien va dirigido: lo anota el correo que el servidor
    # aceptó, la publicación en estrados, o la Unidad cuando lo subió a la PNT o lo entregó
    # en persona. Es la constancia de la notificación del acto (el acuse, la prevención…).
    notificado = models.DateTimeField(null=True, blank=True)
    medio_notificacion = models.CharField(
        "medio de notificación", max_length=10, choices=MedioNotificacion, blank=True
    )
    notificado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Quien registró la notificación; vacío si la anotó el sistema.",
    )
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creado = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-creado"]
        verbose_name = "documento"
        verbose_name_plural = "documentos"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estado="borrador", oficio__isnull=True)
                | models.Q(estado="emitido", oficio__isnull=False),
                name="documento_emitido_con_oficio",
                violation_error_message="Un documento tiene número si y sólo si se emitió.",
            )
        ]

    def __str__(self) -> str:
        numero = self.oficio.folio if self.oficio_id and self.oficio else "borrador"
        return f"{self.get_clave_display()} ({numero})"


class DestinoNotificacion(models.TextChoices):
    SOLICITANTE = "solicitante", "Quien solicita"
    ENLACE = "enlace", "Enlace del área"
    UNIDAD = "unidad", "Unidad de Transparencia"


class EstadoNotificacion(models.TextChoices):
    PENDIENTE = "pendiente", "Pendiente"
    ENVIANDO = "enviando", "Enviándose"
    ENVIADA = "enviada", "Enviada"
    FALLIDA = "fallida", "Fallida"


class Notificacion(models.Model):
    """Un correo a una persona, una sola vez: un documento emitido (a quien solicita, a los
    enlaces) o el aviso a la Unidad de que un área respondió su turno. La fila se reclama
    (`enviando`), el correo sale fuera de la transacción y sólo se marca `enviada` cuando el
    servidor de correo lo aceptó (como los reportes, reportes/envios.py)."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    documento = models.ForeignKey(
        Documento, on_delete=models.CASCADE, null=True, blank=True, related_name="notificaciones"
    )
    turno = models.ForeignKey(
        "solicitudes.Turno", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    destino = models.CharField(max_length=12, choices=DestinoNotificacion)
    correo = models.EmailField()
    estado = models.CharField(
        max_length=10, choices=EstadoNotificacion, default=EstadoNotificacion.PENDIENTE
    )
    intentos = models.PositiveSmallIntegerField(default=0)
    # Cuándo se entregó la tarea al broker: sin ella (el broker no respondía), el rescate de
    # cada minuto la entrega.
    encolada = models.DateTimeField(null=True, blank=True)
    reclamada = models.DateTimeField(null=True, blank=True)
    enviada = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["creada", "pk"]
        verbose_name = "notificación"
        verbose_name_plural = "notificaciones"
        constraints = [
            models.UniqueConstraint(
                fields=["documento", "correo"],
                condition=models.Q(documento__isnull=False),
                name="notificacion_una_por_persona",
            ),
            models.UniqueConstraint(
                fields=["turno", "correo"],
                condition=models.Q(turno__isnull=False),
                name="aviso_de_turno_uno_por_persona",
            ),
            models.CheckConstraint(
                condition=models.Q(documento__isnull=True) ^ models.Q(turno__isnull=True),
                name="notificacion_de_documento_o_de_turno",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.documento or self.turno} a {self.correo}"


class PublicacionEstrados(models.Model):
    """Un documento notificado por estrados: a quien solicitó sin dar correo ni domicilio.
    La página pública del ayuntamiento lo lista sólo por folio, tipo y fecha, sin ningún
    dato personal; el documento se consulta en la Unidad."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    documento = models.OneToOneField(
        Documento, on_delete=models.CASCADE, related_name="publicacion_estrados"
    )
    folio = models.CharField("folio de la solicitud", max_length=50)
    publicada = models.DateField()

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["-publicada", "-pk"]
        verbose_name = "publicación en estrados"
        verbose_name_plural = "publicaciones en estrados"

    def __str__(self) -> str:
        return f"{self.folio} ({self.publicada:%d/%m/%Y})"


class ParrafoRespuesta(models.Model):
    """Un párrafo que la Unidad reutiliza al redactar respuestas de un tipo, por tema («la
    nómina está en la fracción VIII», «las obras se publican en…»). Puede llevar variables,
    como las plantillas."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    clave = models.CharField(
        "respuesta",
        max_length=30,
        choices=[(c.value, c.label) for c in ClaveDocumento if c.value.startswith("respuesta_")],
    )
    tema = models.CharField(max_length=120)
    texto = models.TextField()

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["clave", "tema"]
        verbose_name = "párrafo de respuesta"
        verbose_name_plural = "párrafos de respuesta"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "clave", "tema"],
                name="parrafo_tema_unico",
                violation_error_message="Ya hay un párrafo con ese tema para ese tipo de respuesta.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_clave_display()}: {self.tema}"
