"""Solicitudes de acceso a la información y de derechos ARCO, sus eventos, turnos a las
áreas, resoluciones del Comité, recursos de revisión y denuncias.

La historia de una solicitud es una lista de hechos fechados (eventos, turnos, resoluciones
del Comité, recursos). Su estado y sus plazos se derivan de esos hechos en `plazos.py`; los
campos «derivados» de `Solicitud` guardan ese resultado para poder filtrar y contar en SQL,
y sólo los escribe `servicios.solicitud_recalcular`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from organizacion.models import Ayuntamiento, Oficio, Sexo, UnidadAdministrativa


class TipoSolicitud(models.TextChoices):
    ACCESO = "acceso", "Acceso a la información"
    ARCO = "arco", "Derechos ARCO"


class DerechoArco(models.TextChoices):
    ACCESO = "acceso", "Acceso"
    RECTIFICACION = "rectificacion", "Rectificación"
    CANCELACION = "cancelacion", "Cancelación"
    OPOSICION = "oposicion", "Oposición"
    PORTABILIDAD = "portabilidad", "Portabilidad"


class MedioRecepcion(models.TextChoices):
    PNT = "pnt", "PNT / SISAI"
    CORREO = "correo", "Correo electrónico"
    ESCRITO = "escrito", "Escrito"
    VERBAL = "verbal", "Verbal / comparecencia"
    TELEFONO = "telefono", "Teléfono"
    OTRO = "otro", "Otro"


class ModalidadEntrega(models.TextChoices):
    ELECTRONICA = "electronica", "Electrónica (PNT o correo)"
    COPIA_SIMPLE = "copia_simple", "Copia simple"
    COPIA_CERTIFICADA = "copia_certificada", "Copia certificada"
    CONSULTA_DIRECTA = "consulta_directa", "Consulta directa"
    OTRA = "otra", "Otra"


class TipoRespuesta(models.TextChoices):
    ENTREGA_TOTAL = "entrega_total", "Entrega total"
    ENTREGA_PARCIAL = "entrega_parcial", "Entrega parcial"
    INFORMACION_PUBLICA = "informacion_publica", "Información pública disponible"
    INEXISTENCIA = "inexistencia", "Inexistencia"
    RESERVADA = "reservada", "Reservada"
    CONFIDENCIAL = "confidencial", "Confidencial"
    INCOMPETENCIA = "incompetencia", "Incompetencia"
    TRAMITE_ESPECIFICO = "tramite_especifico", "Orientación a un trámite específico (ARCO)"
    NO_ES_SOLICITUD = "no_es_solicitud", "No es solicitud de información"
    DESECHADA = "desechada", "Desechada (prevención sin respuesta)"
    PAGO_PENDIENTE = "pago_pendiente", "Pago de derechos pendiente"


class EstadoSolicitud(models.TextChoices):
    RECIBIDA = "recibida", "Recibida"
    PREVENIDA = "prevenida", "En prevención"
    EN_TRAMITE = "en_tramite", "En trámite"
    AMPLIADA = "ampliada", "Con ampliación de plazo"
    RESPONDIDA = "respondida", "Respondida"
    DESECHADA = "desechada", "No presentada (prevención sin atender)"
    EN_RECURSO = "en_recurso", "En recurso de revisión"


# Las que ya no corren plazo para la Unidad: cuentan como «atendidas».
ESTADOS_CONCLUIDOS = frozenset(
    {EstadoSolicitud.RESPONDIDA, EstadoSolicitud.DESECHADA, EstadoSolicitud.EN_RECURSO}
)
ESTADOS_ABIERTOS = frozenset(EstadoSolicitud) - ESTADOS_CONCLUIDOS


class Semaforo(models.TextChoices):
    EN_TIEMPO = "en_tiempo", "En tiempo"
    POR_VENCER = "por_vencer", "Por vencer"
    VENCIDA = "vencida", "Vencida"


class Solicitud(models.Model):
    ayuntamiento = models.ForeignKey(
        Ayuntamiento, on_delete=models.CASCADE, related_name="solicitudes"
    )
    tipo = models.CharField(max_length=10, choices=TipoSolicitud, default=TipoSolicitud.ACCESO)
    derecho_arco = models.CharField("derecho ARCO", max_length=15, choices=DerechoArco, blank=True)
    folio = models.CharField(
        max_length=40,
        help_text="El folio de la PNT. Si la solicitud no llegó por la PNT, déjelo vacío y se "
        "asigna un folio interno.",
    )
    folio_interno = models.BooleanField(default=False, editable=False)
    medio = models.CharField(
        "medio de recepción", max_length=10, choices=MedioRecepcion, default=MedioRecepcion.PNT
    )
    recibida = models.DateTimeField("fecha y hora de recepción")
    nombre_solicitante = models.CharField(
        "nombre del solicitante", max_length=200, blank=True, help_text="Puede ser anónima."
    )
    sexo = models.CharField(max_length=15, choices=Sexo, default=Sexo.NO_IDENTIFICADO)
    correo_solicitante = models.EmailField("correo del solicitante", blank=True)
    telefono_solicitante = models.CharField("teléfono del solicitante", max_length=30, blank=True)
    domicilio_solicitante = models.CharField(
        "domicilio del solicitante", max_length=300, blank=True
    )
    identidad_acreditada = models.BooleanField(
        "identidad del titular acreditada", default=False, help_text="Sólo para ARCO."
    )
    documento_identidad = models.CharField(
        "documento con que se acreditó",
        max_length=200,
        blank=True,
        help_text="Sólo para ARCO: credencial para votar, pasaporte, poder del representante…",
    )
    descripcion = models.TextField("información solicitada")
    modalidad_entrega = models.CharField(
        "modalidad de entrega solicitada",
        max_length=20,
        choices=ModalidadEntrega,
        default=ModalidadEntrega.ELECTRONICA,
    )
    folio_pnt = models.CharField(
        "folio de la PNT",
        max_length=40,
        blank=True,
        help_text="Para lo recibido por otro medio: el folio que dio la PNT al capturarla.",
    )
    capturada_pnt = models.DateField(
        "capturada en la PNT el",
        null=True,
        blank=True,
        help_text="Lo recibido por otro medio se captura en la PNT dentro de 5 días (LGTAIP, art. 125).",
    )
    costo_reproduccion = models.DecimalField(
        "costo de reproducción", max_digits=10, decimal_places=2, null=True, blank=True
    )
    costo_envio = models.DecimalField(
        "costo de envío", max_digits=10, decimal_places=2, null=True, blank=True
    )
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creada = models.DateTimeField(auto_now_add=True)

    # Derivados de los hechos: sólo los escribe servicios.solicitudes_derivar.
    estado = models.CharField(
        max_length=12, choices=EstadoSolicitud, default=EstadoSolicitud.RECIBIDA, editable=False
    )
    recepcion_efectiva = models.DateField(
        "se tiene por recibida el", null=True, blank=True, editable=False
    )
    motivo_recepcion = models.CharField(max_length=300, blank=True, editable=False)
    vence = models.DateField(
        "vence",
        null=True,
        blank=True,
        editable=False,
        help_text="El plazo de la Unidad que corre y vence primero.",
    )
    fecha_respuesta = models.DateField(null=True, blank=True, editable=False)
    tipo_respuesta = models.CharField(
        max_length=20, choices=TipoRespuesta, blank=True, editable=False
    )
    en_tiempo = models.BooleanField(null=True, editable=False)
    dias_habiles_respuesta = models.PositiveSmallIntegerField(null=True, editable=False)
    con_prevencion = models.BooleanField(default=False, editable=False)
    con_ampliacion = models.BooleanField(default=False, editable=False)

    # Lo que escribe la derivación. La bitácora no los registra, ni al recalcular una
    # solicitud ni a miles: registra los hechos que los producen (ver docs/plazos.md).
    CAMPOS_DERIVADOS = [
        "estado",
        "recepcion_efectiva",
        "motivo_recepcion",
        "vence",
        "fecha_respuesta",
        "tipo_respuesta",
        "en_tiempo",
        "dias_habiles_respuesta",
        "con_prevencion",
        "con_ampliacion",
    ]

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords(excluded_fields=CAMPOS_DERIVADOS)

    class Meta:
        ordering = ["-recibida"]
        verbose_name = "solicitud"
        verbose_name_plural = "solicitudes"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "folio"],
                name="solicitud_folio_unico",
                violation_error_message="Ya existe una solicitud con ese folio.",
            ),
            models.CheckConstraint(
                condition=Q(tipo=TipoSolicitud.ARCO, derecho_arco__gt="")
                | Q(~Q(tipo=TipoSolicitud.ARCO), derecho_arco=""),
                name="solicitud_derecho_solo_arco",
                violation_error_message="Indique el derecho ARCO, y sólo en solicitudes ARCO.",
            ),
        ]
        indexes = [
            models.Index(fields=["ayuntamiento", "recibida"]),
            models.Index(fields=["ayuntamiento", "estado", "vence"]),
            models.Index(fields=["ayuntamiento", "fecha_respuesta"]),
        ]

    def __str__(self) -> str:
        return self.folio

    # Los datos personales de quien solicita: sólo los ve quien `permisos.ve_datos_personales`.
    CAMPOS_DATOS_PERSONALES = (
        "nombre_solicitante",
        "correo_solicitante",
        "telefono_solicitante",
        "domicilio_solicitante",
        "documento_identidad",
    )

    @property
    def es_arco(self) -> bool:
        return self.tipo == TipoSolicitud.ARCO

    @property
    def abierta(self) -> bool:
        return self.estado in ESTADOS_ABIERTOS


class TipoEvento(models.TextChoices):
    PREVENCION = "prevencion", "Prevención enviada"
    PREVENCION_ATENDIDA = "prevencion_atendida", "Prevención atendida"
    PREVENCION_EXTEMPORANEA = (
        "prevencion_extemporanea",
        "Respuesta a la prevención fuera de plazo (la solicitud no se tiene por presentada)",
    )
    PREVENCION_NO_ATENDIDA = "prevencion_no_atendida", "Prevención no atendida"
    AMPLIACION_ARCO = "ampliacion_arco", "Ampliación notificada a la persona titular (ARCO)"
    RESPUESTA = "respuesta", "Respuesta notificada"
    PAGO = "pago", "Pago de los costos de reproducción y envío"
    ENTREGA = "entrega", "Entrega de la información o derecho ARCO hecho efectivo"


# Lo que envía quien solicita: se tiene por recibido como la solicitud (día inhábil u hora
# de cierre → siguiente día hábil).
EVENTOS_DEL_SOLICITANTE = frozenset(
    {TipoEvento.PREVENCION_ATENDIDA, TipoEvento.PREVENCION_EXTEMPORANEA}
)


class Evento(models.Model):
    """Un hecho de la Unidad sobre la solicitud. Los turnos, las resoluciones del Comité y
    los recursos tienen su propio modelo y también forman parte de la historia."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="eventos")
    tipo = models.CharField(max_length=25, choices=TipoEvento)
    fecha = models.DateField()
    hora = models.TimeField(
        "hora de recepción",
        null=True,
        blank=True,
        help_text="Para lo que envía quien solicita: después de la hora de cierre cuenta desde "
        "el siguiente día hábil.",
    )
    detalle = models.TextField(blank=True)
    tipo_respuesta = models.CharField(
        "tipo de respuesta", max_length=20, choices=TipoRespuesta, blank=True
    )
    modalidad_entrega = models.CharField(
        "modalidad de entrega", max_length=20, choices=ModalidadEntrega, blank=True
    )
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creado = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["fecha", "creado"]
        verbose_name = "evento"
        verbose_name_plural = "eventos"
        constraints = [
            models.CheckConstraint(
                condition=Q(tipo=TipoEvento.RESPUESTA, tipo_respuesta__gt="")
                | Q(~Q(tipo=TipoEvento.RESPUESTA), tipo_respuesta=""),
                name="evento_tipo_respuesta_solo_en_respuesta",
                violation_error_message="El tipo de respuesta va sólo en la respuesta final.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} ({self.fecha:%d/%m/%Y})"


class Turno(models.Model):
    """La solicitud enviada a un área con un oficio de turno y un plazo interno."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="turnos")
    unidad_administrativa = models.ForeignKey(
        UnidadAdministrativa, verbose_name="área", on_delete=models.PROTECT, related_name="turnos"
    )
    fecha = models.DateField("fecha de turno")
    vence = models.DateField("plazo interno")
    oficio = models.OneToOneField(
        Oficio, verbose_name="oficio de turno", on_delete=models.PROTECT, related_name="turno"
    )
    instrucciones = models.TextField(blank=True)
    fecha_respuesta = models.DateField(null=True, blank=True)
    respuesta = models.TextField("respuesta del área", blank=True)
    no_competente = models.BooleanField("el área declara no ser competente", default=False)
    oficio_respuesta = models.OneToOneField(
        Oficio,
        verbose_name="oficio de respuesta",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="turno_respondido",
    )
    respondido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retirado = models.DateField("retirado por la Unidad el", null=True, blank=True)
    motivo_retiro = models.CharField("motivo del retiro", max_length=300, blank=True)
    # Derivados: un turno pendiente se cierra cuando la solicitud concluye o se retira.
    cerrado = models.DateField(null=True, blank=True, editable=False)
    motivo_cierre = models.CharField(max_length=300, blank=True, editable=False)

    CAMPOS_DERIVADOS = ["vence", "cerrado", "motivo_cierre"]

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords(excluded_fields=CAMPOS_DERIVADOS)

    class Meta:
        ordering = ["fecha", "pk"]
        verbose_name = "turno"
        verbose_name_plural = "turnos"
        constraints = [
            models.UniqueConstraint(
                fields=["solicitud", "unidad_administrativa"],
                name="turno_unico_por_area",
                violation_error_message="La solicitud ya se turnó a esa área.",
            ),
        ]
        indexes = [models.Index(fields=["ayuntamiento", "unidad_administrativa", "vence"])]

    def __str__(self) -> str:
        return f"{self.solicitud} → {self.unidad_administrativa}"

    @property
    def pendiente(self) -> bool:
        """El área todavía debe responder: ni respondió ni se cerró el turno."""
        return self.fecha_respuesta is None and self.cerrado is None


class TipoResolucionComite(models.TextChoices):
    AMPLIACION = "ampliacion", "Ampliación de plazo"
    RESERVA = "reserva", "Clasificación como reservada"
    CONFIDENCIAL = "confidencial", "Clasificación como confidencial"
    INEXISTENCIA = "inexistencia", "Inexistencia"
    INCOMPETENCIA = "incompetencia", "Incompetencia"


class SentidoResolucion(models.TextChoices):
    CONFIRMA = "confirma", "Confirma"
    MODIFICA = "modifica", "Modifica"
    REVOCA = "revoca", "Revoca"


class ResolucionComite(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.CASCADE, related_name="resoluciones_comite"
    )
    sesion = models.CharField(
        "sesión", max_length=100, help_text="P. ej. «Tercera extraordinaria»."
    )
    numero_acta = models.CharField("número de acta", max_length=50)
    tipo = models.CharField(max_length=15, choices=TipoResolucionComite)
    sentido = models.CharField(max_length=10, choices=SentidoResolucion)
    fecha = models.DateField()
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["fecha", "pk"]
        verbose_name = "resolución del Comité"
        verbose_name_plural = "resoluciones del Comité"

    def __str__(self) -> str:
        return f"{self.get_tipo_display()}: {self.get_sentido_display()} (acta {self.numero_acta})"

    @property
    def aprueba_ampliacion(self) -> bool:
        return self.tipo == TipoResolucionComite.AMPLIACION and self.sentido != (
            SentidoResolucion.REVOCA
        )


class ResolucionRecurso(models.TextChoices):
    SOBRESEE = "sobresee", "Sobresee"
    DESECHA = "desecha", "Desecha"
    CONFIRMA = "confirma", "Confirma"
    MODIFICA = "modifica", "Modifica"
    REVOCA = "revoca", "Revoca"
    ORDENA = "ordena", "Ordena (falta de respuesta)"


# Las resoluciones que obligan a la Unidad a cumplir algo en un plazo.
RESOLUCIONES_CON_CUMPLIMIENTO = frozenset(
    {ResolucionRecurso.MODIFICA, ResolucionRecurso.REVOCA, ResolucionRecurso.ORDENA}
)


class EstadoRecurso(models.TextChoices):
    INTERPUESTO = "interpuesto", "Interpuesto"
    ADMITIDO = "admitido", "Admitido"
    ALEGATOS = "alegatos", "Alegatos presentados"
    RESUELTO = "resuelto", "Resuelto"
    EN_CUMPLIMIENTO = "en_cumplimiento", "En cumplimiento"
    CONCLUIDO = "concluido", "Concluido"


class RecursoRevision(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    expediente = models.CharField("número de expediente del garante", max_length=60)
    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.SET_NULL, null=True, blank=True, related_name="recursos"
    )
    sexo = models.CharField("sexo del recurrente", max_length=15, choices=Sexo)
    fecha_interposicion = models.DateField("fecha de interposición")
    fecha_admision = models.DateField("admisión por el garante", null=True, blank=True)
    fecha_notificacion = models.DateField("notificación de la admisión", null=True, blank=True)
    vence_alegatos = models.DateField(null=True, blank=True, editable=False)
    fecha_alegatos = models.DateField("alegatos presentados", null=True, blank=True)
    fecha_ampliacion_resolucion = models.DateField(
        "el garante amplió el plazo para resolver", null=True, blank=True
    )
    resolucion = models.CharField(max_length=10, choices=ResolucionRecurso, blank=True)
    fecha_resolucion = models.DateField(null=True, blank=True)
    fecha_notificacion_resolucion = models.DateField(
        "notificación de la resolución",
        null=True,
        blank=True,
        help_text="El plazo para cumplir corre desde aquí, no desde la fecha de la resolución.",
    )
    fecha_prorroga_solicitada = models.DateField(
        "se pidió ampliar el plazo de cumplimiento", null=True, blank=True
    )
    dias_prorroga = models.PositiveSmallIntegerField(
        "días de ampliación concedidos para cumplir", null=True, blank=True
    )
    vence_cumplimiento = models.DateField(null=True, blank=True, editable=False)
    fecha_cumplimiento = models.DateField(null=True, blank=True)
    fecha_informe_cumplimiento = models.DateField(
        "informe de cumplimiento al garante", null=True, blank=True
    )
    oficios = models.ManyToManyField(Oficio, blank=True, related_name="recursos")
    notas = models.TextField(blank=True)
    creado = models.DateTimeField(auto_now_add=True)

    CAMPOS_DERIVADOS = ["vence_alegatos", "vence_cumplimiento"]

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords(m2m_fields=[oficios], excluded_fields=CAMPOS_DERIVADOS)

    class Meta:
        ordering = ["-fecha_interposicion"]
        verbose_name = "recurso de revisión"
        verbose_name_plural = "recursos de revisión"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "expediente"],
                name="recurso_expediente_unico",
                violation_error_message="Ya existe un recurso con ese número de expediente.",
            ),
        ]
        indexes = [models.Index(fields=["ayuntamiento", "fecha_interposicion"])]

    def __str__(self) -> str:
        return self.expediente

    @property
    def estado(self) -> EstadoRecurso:
        """Derivado de las fechas capturadas."""
        if self.fecha_resolucion:
            if self.resolucion in RESOLUCIONES_CON_CUMPLIMIENTO and not self.fecha_cumplimiento:
                return EstadoRecurso.EN_CUMPLIMIENTO
            if self.resolucion in RESOLUCIONES_CON_CUMPLIMIENTO or self.fecha_cumplimiento:
                return EstadoRecurso.CONCLUIDO
            return EstadoRecurso.RESUELTO
        if self.fecha_alegatos:
            return EstadoRecurso.ALEGATOS
        if self.fecha_notificacion:
            return EstadoRecurso.ADMITIDO
        return EstadoRecurso.INTERPUESTO

    @property
    def atendido(self) -> bool:
        """La Unidad ya hizo su parte: presentó alegatos o el recurso se resolvió."""
        return bool(self.fecha_alegatos or self.fecha_resolucion)


class ResolucionDenuncia(models.TextChoices):
    FUNDADA = "fundada", "Fundada"
    PARCIALMENTE_FUNDADA = "parcialmente_fundada", "Parcialmente fundada"
    INFUNDADA = "infundada", "Infundada"
    DESECHADA = "desechada", "Desechada o sobreseída"


class Denuncia(models.Model):
    """Denuncia por incumplimiento de obligaciones de transparencia, notificada por el garante."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    expediente = models.CharField("número de expediente", max_length=60)
    fecha_presentacion = models.DateField("presentada ante el garante", null=True, blank=True)
    fecha_admision = models.DateField("admitida por el garante", null=True, blank=True)
    fecha = models.DateField(
        "fecha de notificación", help_text="El día en que el garante notificó la denuncia."
    )
    sexo = models.CharField("sexo del denunciante", max_length=15, choices=Sexo)
    articulo = models.CharField("artículo", max_length=30, help_text="P. ej. «70».")
    fraccion = models.CharField("fracción", max_length=30, blank=True, help_text="P. ej. «XXIX».")
    descripcion = models.TextField("incumplimiento denunciado")
    areas = models.ManyToManyField(
        UnidadAdministrativa, verbose_name="áreas requeridas", blank=True, related_name="denuncias"
    )
    oficios = models.ManyToManyField(Oficio, blank=True, related_name="denuncias")
    fecha_informe = models.DateField("informe justificado", null=True, blank=True)
    fecha_requerimiento_complementario = models.DateField(
        "el garante pidió un informe complementario", null=True, blank=True
    )
    fecha_informe_complementario = models.DateField(
        "informe complementario rendido", null=True, blank=True
    )
    resolucion = models.CharField(max_length=20, choices=ResolucionDenuncia, blank=True)
    fecha_resolucion = models.DateField(null=True, blank=True)
    fecha_notificacion_resolucion = models.DateField(
        "notificación de la resolución", null=True, blank=True
    )
    fecha_cumplimiento = models.DateField(null=True, blank=True)
    fecha_informe_cumplimiento = models.DateField(
        "informe de cumplimiento al garante", null=True, blank=True
    )
    fecha_requerimiento_superior = models.DateField(
        "el garante requirió al superior jerárquico", null=True, blank=True
    )
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords(m2m_fields=[areas, oficios])

    class Meta:
        ordering = ["-fecha"]
        verbose_name = "denuncia"
        verbose_name_plural = "denuncias"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "expediente"],
                name="denuncia_expediente_unico",
                violation_error_message="Ya existe una denuncia con ese número de expediente.",
            ),
        ]

    def __str__(self) -> str:
        return self.expediente

    @property
    def estado(self) -> str:
        if self.fecha_cumplimiento:
            return "Cumplida"
        if self.fecha_resolucion:
            if self.resolucion in {
                ResolucionDenuncia.FUNDADA,
                ResolucionDenuncia.PARCIALMENTE_FUNDADA,
            }:
                return "En cumplimiento"
            return "Resuelta"
        if self.fecha_informe:
            return "Informe justificado rendido"
        return "En trámite"


def _ruta_adjunto(adjunto: "Adjunto", nombre: str) -> str:
    return f"solicitudes/{adjunto.ayuntamiento_id}/{adjunto.solicitud_id}/{nombre}"


class Adjunto(models.Model):
    """Un archivo de la solicitud: el escrito original, la respuesta de un área, la final."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    solicitud = models.ForeignKey(Solicitud, on_delete=models.CASCADE, related_name="adjuntos")
    evento = models.ForeignKey(
        Evento, on_delete=models.CASCADE, null=True, blank=True, related_name="adjuntos"
    )
    turno = models.ForeignKey(
        Turno, on_delete=models.CASCADE, null=True, blank=True, related_name="adjuntos"
    )
    archivo = models.FileField(upload_to=_ruta_adjunto)
    nombre = models.CharField(max_length=200)
    datos_personales = models.BooleanField(
        "contiene datos personales",
        default=True,
        help_text="Sólo la Unidad ve un archivo con datos personales de quien solicita; nunca "
        "los enlaces ni el garante. Así quedan el escrito de la solicitud y los archivos de los "
        "eventos dirigidos a quien solicita.",
    )
    subido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subido = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    # Quién quitó o puso la marca de datos personales queda en la bitácora de la solicitud.
    history = HistoricalRecords()

    class Meta:
        ordering = ["subido"]
        verbose_name = "adjunto"
        verbose_name_plural = "adjuntos"

    def __str__(self) -> str:
        return self.nombre


# El estado de un recurso es una propiedad derivada de sus fechas; para filtrar en SQL se
# traduce aquí, en un solo lugar, cada estado a la condición equivalente sobre las fechas
# (la prueba compara ambas para cada estado).
_SIN_RESOLUCION = Q(fecha_resolucion__isnull=True)
_CON_CUMPLIMIENTO = Q(resolucion__in=RESOLUCIONES_CON_CUMPLIMIENTO)
FILTRO_ESTADO_RECURSO: dict[str, Q] = {
    EstadoRecurso.INTERPUESTO: _SIN_RESOLUCION
    & Q(fecha_alegatos__isnull=True, fecha_notificacion__isnull=True),
    EstadoRecurso.ADMITIDO: _SIN_RESOLUCION
    & Q(fecha_alegatos__isnull=True, fecha_notificacion__isnull=False),
    EstadoRecurso.ALEGATOS: _SIN_RESOLUCION & Q(fecha_alegatos__isnull=False),
    EstadoRecurso.RESUELTO: ~_SIN_RESOLUCION
    & ~_CON_CUMPLIMIENTO
    & Q(fecha_cumplimiento__isnull=True),
    EstadoRecurso.EN_CUMPLIMIENTO: ~_SIN_RESOLUCION
    & _CON_CUMPLIMIENTO
    & Q(fecha_cumplimiento__isnull=True),
    EstadoRecurso.CONCLUIDO: ~_SIN_RESOLUCION & Q(fecha_cumplimiento__isnull=False),
}
