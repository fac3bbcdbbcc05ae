"""Notificar por correo un documento emitido: a quien solicita (el acuse, la prevención, la
ampliación, la respuesta) y a los enlaces del área turnada (el oficio de turno, con la
liga para responder); y avisar a la Unidad cuando un área responde su turno.

Cada destinatario es una fila `Notificacion`, única por documento y correo: emitir otra vez,
reintentar o un mensaje repetido del broker no duplican el correo. Las solicitudes de la PNT
se notifican en la PNT: para ellas el documento queda listo para subirse y no se envía
correo. Quien no dio correo ni domicilio se notifica por estrados (`PublicacionEstrados`,
la página pública `/estrados/<ayuntamiento>/`).

Cada documento a quien solicita guarda cuándo y cómo se le notificó (`Documento.notificado`):
lo anota el correo aceptado por el servidor o la publicación en estrados; lo que se sube a
la PNT o se entrega en persona lo registra la Unidad, con fecha y hora."""

import functools
import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from organizacion.colas import entregar_al_confirmar
from organizacion.models import Membresia, Rol, Usuario
from reportes.envios import ENCABEZADOS, ERRORES_SMTP, RECLAMO_VIGENTE, falla_del_smtp, url_absoluta
from solicitudes.models import MedioRecepcion, Turno

from .models import (
    DestinoNotificacion,
    Documento,
    EstadoNotificacion,
    MedioNotificacion,
    Notificacion,
    PublicacionEstrados,
)
from .textos import ClaveDocumento

logger = logging.getLogger(__name__)

# Los documentos que van a quien solicita.
AL_SOLICITANTE = frozenset(
    {
        ClaveDocumento.ACUSE,
        ClaveDocumento.PREVENCION,
        ClaveDocumento.AMPLIACION,
        ClaveDocumento.RESPUESTA_ENTREGA,
        ClaveDocumento.RESPUESTA_PARCIAL,
        ClaveDocumento.RESPUESTA_INEXISTENCIA,
        ClaveDocumento.RESPUESTA_INCOMPETENCIA,
        ClaveDocumento.RESPUESTA_PUBLICA,
        ClaveDocumento.RESPUESTA_CLASIFICADA,
    }
)
MENSAJE_PERDIDO = timedelta(minutes=15)


def destinatarios_de(documento: Documento) -> list[tuple[str, str]]:
    """(destino, correo) de cada persona a quien se notifica el documento."""
    solicitud = documento.solicitud
    if documento.clave in AL_SOLICITANTE and solicitud is not None:
        if solicitud.medio == MedioRecepcion.PNT or not solicitud.correo_solicitante:
            return []
        return [(DestinoNotificacion.SOLICITANTE, solicitud.correo_solicitante)]
    if documento.clave == ClaveDocumento.TURNO and documento.turno is not None:
        enlaces = Membresia.objects.filter(
            ayuntamiento=documento.ayuntamiento,
            rol=Rol.ENLACE,
            unidad_administrativa=documento.turno.unidad_administrativa,
            usuario__is_active=True,
        ).values_list("usuario__email", flat=True)
        return [(DestinoNotificacion.ENLACE, correo) for correo in sorted(set(enlaces))]
    return []


def por_estrados(documento: Documento) -> bool:
    """Va a quien solicita, que no dio correo ni domicilio y no usó la PNT."""
    solicitud = documento.solicitud
    return (
        documento.clave in AL_SOLICITANTE
        and solicitud is not None
        and solicitud.medio != MedioRecepcion.PNT
        and not solicitud.correo_solicitante
        and not solicitud.domicilio_solicitante
    )


def notificaciones_preparar(documento: Documento) -> list[Notificacion]:
    """Una fila por destinatario (las que ya existían se dejan) y su tarea, entregada al
    confirmarse la transacción. Si el broker no responde, el rescate la entrega. Sin correo
    ni domicilio de quien solicita, el documento se publica en estrados."""
    if por_estrados(documento) and documento.solicitud is not None:
        PublicacionEstrados.objects.get_or_create(
            documento=documento,
            defaults={
                "ayuntamiento": documento.ayuntamiento,
                "folio": documento.solicitud.folio,
                "publicada": documento.fecha,
            },
        )
        notificado_anotar(documento.pk, MedioNotificacion.ESTRADOS, timezone.now())
    return _crear_y_encolar(
        [
            Notificacion(
                ayuntamiento=documento.ayuntamiento,
                documento=documento,
                destino=destino,
                correo=correo,
            )
            for destino, correo in destinatarios_de(documento)
        ]
    )


def por_registrar(documento: Documento) -> bool:
    """Emitido, va a quien solicita y nadie lo notifica por correo ni por estrados: la Unidad
    lo sube a la PNT (o lo entrega en persona) y registra cuándo."""
    return (
        documento.emitido is not None
        and documento.notificado is None
        and documento.clave in AL_SOLICITANTE
        and not destinatarios_de(documento)
        and not por_estrados(documento)
    )


def notificado_anotar(
    documento_id: int, medio: str, cuando: datetime, usuario: Usuario | None = None
) -> bool:
    """Anota la notificación del documento. Cuenta la primera: un segundo correo (otra
    persona, un reintento) no la mueve. Devuelve si la anotó."""
    with scopes_disabled():
        return bool(
            Documento.objects.filter(pk=documento_id, notificado__isnull=True).update(
                notificado=cuando, medio_notificacion=medio, notificado_por=usuario
            )
        )


def notificacion_registrar(
    documento: Documento, *, medio: str, cuando: datetime, usuario: Usuario
) -> None:
    """La Unidad registra que lo subió a la PNT o lo entregó en persona, con fecha y hora."""
    if not por_registrar(documento):
        raise ValidationError("Ese documento ya tiene su notificación registrada.")
    if cuando > timezone.now():
        raise ValidationError({"cuando": "La notificación no puede ser en el futuro."})
    if documento.emitido is not None and cuando < documento.emitido - timedelta(minutes=1):
        raise ValidationError({"cuando": "La notificación no puede ser anterior a la emisión."})
    notificado_anotar(documento.pk, medio, cuando, usuario)


def turno_respondido_avisar(turno: Turno) -> list[Notificacion]:
    """A la Unidad (titular y personal), cuando un área responde su turno o se declara no
    competente: un correo por persona y turno."""
    correos = Membresia.objects.filter(
        ayuntamiento=turno.ayuntamiento,
        rol__in=(Rol.TITULAR, Rol.PERSONAL),
        usuario__is_active=True,
    ).values_list("usuario__email", flat=True)
    return _crear_y_encolar(
        [
            Notificacion(
                ayuntamiento=turno.ayuntamiento,
                turno=turno,
                destino=DestinoNotificacion.UNIDAD,
                correo=correo,
            )
            for correo in sorted(set(correos))
        ]
    )


def _crear_y_encolar(filas: list[Notificacion]) -> list[Notificacion]:
    """Guarda cada fila (la que ya existía, por su restricción única, se deja: a esa persona
    ya se le notificó) y entrega su tarea al confirmarse la transacción."""
    from .tasks import enviar_notificacion

    nuevas = []
    for fila in filas:
        try:
            with transaction.atomic():
                fila.save()
        except IntegrityError:
            continue
        nuevas.append(fila)
        entregar_al_confirmar(
            enviar_notificacion, fila.pk, si_entrega=functools.partial(anotar_encolada, fila.pk)
        )
    return nuevas


def anotar_encolada(notificacion_id: int) -> None:
    with scopes_disabled():
        Notificacion.objects.filter(pk=notificacion_id).update(encolada=timezone.now())


def notificacion_enviar(notificacion_id: int) -> str:
    """«enviada», «ya enviada» o «la tiene otro»; deja pasar los errores del SMTP (con el
    reclamo ya liberado)."""
    with scopes_disabled():
        ayuntamiento = (
            Notificacion.objects.select_related("ayuntamiento").get(pk=notificacion_id).ayuntamiento
        )
    with scope(ayuntamiento=ayuntamiento):
        notificacion, motivo = _reclamar(notificacion_id)
        if notificacion is None:
            return motivo
        try:
            _correo(notificacion).send()
        except BaseException:
            Notificacion.objects.filter(
                pk=notificacion_id, estado=EstadoNotificacion.ENVIANDO
            ).update(estado=EstadoNotificacion.PENDIENTE, reclamada=None)
            raise
        enviada = timezone.now()
        Notificacion.objects.filter(pk=notificacion_id).update(
            estado=EstadoNotificacion.ENVIADA,
            enviada=enviada,
            intentos=F("intentos") + 1,
            error="",
            reclamada=None,
        )
        if notificacion.destino == DestinoNotificacion.SOLICITANTE and notificacion.documento_id:
            notificado_anotar(notificacion.documento_id, MedioNotificacion.CORREO, enviada)
    return "enviada"


def _reclamar(notificacion_id: int) -> tuple[Notificacion | None, str]:
    ahora = timezone.now()
    with transaction.atomic():
        notificacion = (
            Notificacion.objects.select_for_update(of=("self",))
            .select_related(
                "documento",
                "documento__oficio",
                "documento__solicitud",
                "turno__solicitud",
                "turno__unidad_administrativa",
            )
            .get(pk=notificacion_id)
        )
        if notificacion.estado == EstadoNotificacion.ENVIADA:
            return None, "ya enviada"
        if (
            notificacion.estado == EstadoNotificacion.ENVIANDO
            and notificacion.reclamada is not None
            and notificacion.reclamada > ahora - RECLAMO_VIGENTE
        ):
            return None, "la tiene otro"
        notificacion.estado = EstadoNotificacion.ENVIANDO
        notificacion.reclamada = ahora
        notificacion.save(update_fields=["estado", "reclamada"])
    return notificacion, ""


def notificacion_intentar(notificacion_id: int, *, ultimo: bool) -> str:
    """Un intento: lo de `notificacion_enviar`, «reintentar» o «fallida» (el último)."""
    try:
        return notificacion_enviar(notificacion_id)
    except ERRORES_SMTP as exc:
        causa = falla_del_smtp(exc)
        with scopes_disabled():
            Notificacion.objects.filter(
                pk=notificacion_id,
                estado__in=(EstadoNotificacion.PENDIENTE, EstadoNotificacion.FALLIDA),
            ).update(
                estado=EstadoNotificacion.FALLIDA if ultimo else EstadoNotificacion.PENDIENTE,
                intentos=F("intentos") + 1,
                error=(
                    f"No se pudo enviar: {causa}."
                    if ultimo
                    else f"Falló un intento ({causa}); se reintentará."
                ),
            )
        return "fallida" if ultimo else "reintentar"


def por_rescatar() -> list[int]:
    """Las que la web no pudo encolar (el broker no respondía) o cuyo mensaje se perdió."""
    limite = timezone.now() - MENSAJE_PERDIDO
    with scopes_disabled():
        return list(
            Notificacion.objects.filter(estado=EstadoNotificacion.PENDIENTE)
            .filter(Q(encolada__isnull=True) | Q(encolada__lt=limite))
            .values_list("pk", flat=True)
        )


def _correo(notificacion: Notificacion) -> EmailMultiAlternatives:
    if notificacion.turno is not None:
        return _correo_de_turno_respondido(notificacion, notificacion.turno)
    documento = notificacion.documento
    assert documento is not None
    oficio = documento.oficio
    assert oficio is not None  # sólo se notifica lo emitido
    ayuntamiento = documento.ayuntamiento
    contexto = {
        "documento": documento,
        "ayuntamiento": ayuntamiento,
        "oficio": oficio,
        "folio": documento.solicitud.folio if documento.solicitud else "",
        "al_enlace": notificacion.destino == DestinoNotificacion.ENLACE,
        "responder": url_absoluta(
            "solicitudes:turno_detalle", ayuntamiento=ayuntamiento.slug, pk=documento.turno_id
        )
        if documento.turno_id
        else "",
    }
    mensaje = EmailMultiAlternatives(
        subject=f"{documento.asunto} — H. Ayuntamiento de {ayuntamiento.nombre}",
        body=render_to_string("documentos/correo/notificacion.txt", contexto),
        to=[notificacion.correo],
        headers=ENCABEZADOS,
    )
    mensaje.attach_alternative(
        render_to_string("documentos/correo/notificacion.html", contexto), "text/html"
    )
    with documento.archivo.open("rb") as archivo:
        mensaje.attach(f"{oficio.folio.replace('/', '-')}.pdf", archivo.read(), "application/pdf")
    return mensaje


def _correo_de_turno_respondido(notificacion: Notificacion, turno: Turno) -> EmailMultiAlternatives:
    solicitud = turno.solicitud
    ayuntamiento = notificacion.ayuntamiento
    que = "se declaró no competente" if turno.no_competente else "respondió"
    contexto = {
        "turno": turno,
        "solicitud": solicitud,
        "que": que,
        "enlace": url_absoluta(
            "solicitudes:detalle", ayuntamiento=ayuntamiento.slug, pk=solicitud.pk
        ),
    }
    mensaje = EmailMultiAlternatives(
        subject=f"{turno.unidad_administrativa} {que} en la solicitud {solicitud.folio}",
        body=render_to_string("documentos/correo/turno_respondido.txt", contexto),
        to=[notificacion.correo],
        headers=ENCABEZADOS,
    )
    mensaje.attach_alternative(
        render_to_string("documentos/correo/turno_respondido.html", contexto), "text/html"
    )
    return mensaje
