"""Los correos programados: cada reporte periódico a sus destinatarios, y el aviso diario de
lo que vence.

Reportes: al cerrar cada periodo (trimestre, semestre, año), pasados los días hábiles que
fija la configuración del ayuntamiento, se genera el borrador del reporte; cuando la persona
titular lo emite (con su número de oficio) sale a cada destinatario activo de su tipo. Nada
sale sin emitir. La tarea corre todos los días y busca «en o después de la fecha de
envío, el último periodo cerrado»: un beat perdido o un reinicio todavía envían, pero nunca
se envía un periodo anterior al último.

Exactamente una vez: la fila `Envio` (única por ayuntamiento, tipo, periodo y correo) es el
registro. Quien va a enviar la reclama (la bloquea un instante, la pasa a `enviando` y
confirma), envía fuera de toda transacción y, cuando el servidor SMTP aceptó el correo, la
marca `enviado`. Otro intento que llega mientras tanto encuentra el reclamo y no envía; un
servidor que no contesta agota su EMAIL_TIMEOUT sin tener nada bloqueado, y el reclamo se
libera para el reintento. El único hueco posible es un proceso que muere entre la
aceptación del SMTP y la marca: pasado RECLAMO_VIGENTE ese correo se reenviaría, pero nunca
se marca como enviado uno que no salió.

El aviso diario sigue la misma regla con `AvisoDiario` (uno por persona y día)."""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from organizacion.calendario import Calendario, calendario_para
from organizacion.colas import entregar_al_confirmar
from organizacion.models import (
    Ayuntamiento,
    Membresia,
    Plazo,
    Rol,
    TipoExpediente,
    Usuario,
    hoy_local,
)
from organizacion.templatetags.transparencia import fecha_larga
from solicitudes.estadisticas import corte_semaforo
from solicitudes.models import Denuncia, RecursoRevision, Solicitud, Turno
from solicitudes.plazos import semaforo

from . import generacion
from .descargas import ENLACE_VIGENTE, ficha_de
from .models import (
    AvisoDiario,
    Destinatario,
    Envio,
    EstadoEnvio,
    EstadoReporte,
    Reporte,
    TipoReporte,
)
from .periodos import PERIODICIDAD, Periodo, anterior, periodo_que_contiene
from .servicios import reporte_solicitar

logger = logging.getLogger(__name__)

# Lo que un servidor de correo caído o que rechaza produce: se reintenta. SMTPException ya
# es un OSError; se nombra por claridad.
ERRORES_SMTP = (smtplib.SMTPException, OSError)
# El tiempo máximo de la tarea que envía un correo (reportes/tasks.py): un reclamo más viejo
# lo dejó un proceso que murió o que Celery cortó.
ENVIO_SEGUNDOS = 5 * 60
RECLAMO_VIGENTE = timedelta(seconds=ENVIO_SEGUNDOS + 15)
MB = 1024 * 1024
ENCABEZADOS = {"Auto-Submitted": "auto-generated"}  # que nadie conteste con su «fuera de oficina»
ROLES_CON_AVISO = (Rol.TITULAR, Rol.PERSONAL, Rol.ENLACE)


def _correo(
    *, asunto: str, plantilla: str, contexto: dict[str, Any], para: str
) -> EmailMultiAlternatives:
    """Un correo con su parte de texto y su parte HTML, de `reportes/correo/<plantilla>`."""
    mensaje = EmailMultiAlternatives(
        subject=asunto,
        body=render_to_string(f"reportes/correo/{plantilla}.txt", contexto),
        to=[para],
        headers=ENCABEZADOS,
    )
    mensaje.attach_alternative(
        render_to_string(f"reportes/correo/{plantilla}.html", contexto), "text/html"
    )
    return mensaje


def url_absoluta(nombre: str, **kwargs: Any) -> str:
    """Los correos salen de un worker, sin petición: el dominio viene de SITIO_URL."""
    return settings.SITIO_URL.rstrip("/") + reverse(nombre, kwargs=kwargs)


# --- Reportes programados ------------------------------------------------------------------


def periodo_a_enviar(tipo: str, hoy: date) -> Periodo:
    """El último periodo cerrado del tipo. Nunca uno anterior: si el envío de aquél se
    perdió, ya lo reemplazó el siguiente."""
    return anterior(periodo_que_contiene(PERIODICIDAD[tipo], hoy))


def fecha_de_envio(periodo: Periodo, *, calendario: Calendario, dias_habiles: int) -> date:
    return calendario.sumar_dias_habiles(periodo.hasta, dias_habiles)


@dataclass
class Lote:
    """Los correos de un tipo de reporte y periodo en un ayuntamiento."""

    ayuntamiento: Ayuntamiento
    tipo: str
    periodo: Periodo
    por_enviar: list[int] = field(default_factory=list)
    ya_enviados: int = 0
    error: str = ""
    # El borrador que espera a la persona titular: los envíos salen cuando lo emita.
    por_emitir: Reporte | None = None
    esperan_emision: int = 0

    def __str__(self) -> str:
        return f"{self.ayuntamiento} · {TipoReporte(self.tipo).label} ({self.periodo.nombre})"


def ayuntamientos_con_destinatarios() -> list[Ayuntamiento]:
    with scopes_disabled():
        con_destinatarios = Destinatario.objects.filter(activo=True).values("ayuntamiento")
        return list(Ayuntamiento.objects.filter(activo=True, pk__in=con_destinatarios))


def envios_preparar(*, ayuntamiento: Ayuntamiento, hoy: date | None = None) -> list[Lote]:
    """Los lotes a los que ya les toca su envío: cada uno con su reporte generado (o el que
    ya recibieron los demás destinatarios del periodo) y los envíos que faltan."""
    hoy = hoy or hoy_local(ayuntamiento)
    lotes = []
    with scope(ayuntamiento=ayuntamiento):
        destinatarios = list(Destinatario.objects.filter(ayuntamiento=ayuntamiento, activo=True))
        if not destinatarios:
            return []
        dias = generacion.configuracion_de(ayuntamiento).dias_habiles_envio
        calendario = calendario_para(ayuntamiento)
        for tipo in TipoReporte.values:
            correos = {d.correo.strip().lower() for d in destinatarios if d.tipo == tipo}
            periodo = periodo_a_enviar(tipo, hoy)
            if correos and hoy >= fecha_de_envio(periodo, calendario=calendario, dias_habiles=dias):
                lotes.append(_preparar_lote(ayuntamiento, tipo, periodo, sorted(correos), hoy))
    return lotes


def _preparar_lote(
    ayuntamiento: Ayuntamiento, tipo: str, periodo: Periodo, correos: list[str], hoy: date
) -> Lote:
    lote = Lote(ayuntamiento, tipo, periodo)
    claves: dict[str, Any] = {
        "ayuntamiento": ayuntamiento,
        "tipo": tipo,
        "anio": periodo.anio,
        "periodo": periodo.numero,
    }
    for correo in correos:
        Envio.objects.get_or_create(**claves, correo=correo)
    try:
        # Las filas del periodo quedan bloqueadas mientras se elige o se genera el reporte:
        # dos corridas simultáneas no generan dos versiones. Si la generación falla, se
        # deshace todo, también el número de oficio que tomó.
        with transaction.atomic():
            filas = list(Envio.objects.select_for_update().filter(**claves, correo__in=correos))
            pendientes = [f.pk for f in filas if f.estado != EstadoEnvio.ENVIADO]
            lote.ya_enviados = len(filas) - len(pendientes)
            if pendientes:
                reporte = _reporte_del_periodo(claves, hoy)
                Envio.objects.filter(pk__in=pendientes).update(
                    reporte=reporte,
                    error="" if reporte.emitido else espera_de_emision(reporte),
                )
                if reporte.emitido is None:
                    lote.por_emitir, lote.esperan_emision = reporte, len(pendientes)
                    pendientes = []
    except Exception as exc:
        logger.exception("No se pudo generar el reporte programado de %s", lote)
        lote.error = f"No se pudo generar el reporte: {exc}"
        Envio.objects.filter(**claves, correo__in=correos).exclude(
            estado=EstadoEnvio.ENVIADO
        ).update(error=lote.error)
        return lote
    lote.por_enviar = pendientes
    return lote


@dataclass
class EnvioAhora:
    encolados: int = 0
    ya_enviados: int = 0


def envios_enviar_ahora(reporte: Reporte) -> EnvioAhora:
    """«Enviar ahora» un reporte listo a los destinatarios activos de su tipo, sin esperar
    la fecha programada. Cada destinatario recibe su periodo una sola vez: a quien ya lo
    recibió no se le repite (el envío programado lo encontrará hecho)."""
    from .tasks import enviar_reporte_por_correo  # las tareas importan este módulo

    if reporte.emitido is None:
        raise ValidationError(
            "Sólo se envía un reporte emitido: la persona titular revisa el borrador y lo "
            "emite con su número de oficio."
        )
    claves: dict[str, Any] = {
        "ayuntamiento": reporte.ayuntamiento,
        "tipo": reporte.tipo,
        "anio": reporte.anio,
        "periodo": reporte.periodo,
    }
    correos = sorted(
        {
            d.correo.strip().lower()
            for d in Destinatario.objects.filter(
                ayuntamiento=reporte.ayuntamiento, tipo=reporte.tipo, activo=True
            )
        }
    )
    if not correos:
        raise ValidationError(
            "Este tipo de reporte no tiene destinatarios: agréguelos en Reportes › Firmas y "
            "destinatarios."
        )
    resumen = EnvioAhora()
    with transaction.atomic():
        for correo in correos:
            Envio.objects.get_or_create(**claves, correo=correo)
        for envio in Envio.objects.select_for_update().filter(**claves, correo__in=correos):
            if envio.estado == EstadoEnvio.ENVIADO:
                resumen.ya_enviados += 1
                continue
            Envio.objects.filter(pk=envio.pk).update(reporte=reporte, error="")
            entregar_al_confirmar(enviar_reporte_por_correo, envio.pk)
            resumen.encolados += 1
    return resumen


def espera_de_emision(reporte: Reporte) -> str:
    return (
        f"Espera que la persona titular emita el reporte (borrador, versión {reporte.version}); "
        "sale en cuanto se emita."
    )


def _reporte_del_periodo(claves: dict[str, Any], hoy: date) -> Reporte:
    """El reporte emitido que ya recibieron otros destinatarios del periodo, para que todos
    tengan el mismo; si no, la última versión emitida. Sin ninguna emitida, el borrador que
    ya espera a la persona titular o, si no hay, uno nuevo generado ahora."""
    del_periodo = Reporte.objects.filter(**claves).order_by("-version")
    ya_enviado = del_periodo.filter(
        pk__in=Envio.objects.filter(**claves, estado=EstadoEnvio.ENVIADO).values("reporte")
    ).first()
    emitido = ya_enviado or del_periodo.filter(emitido__isnull=False).first()
    if emitido:
        return emitido
    borrador = del_periodo.filter(oficio__isnull=True).exclude(estado=EstadoReporte.ERROR).first()
    if borrador:
        return borrador
    reporte = reporte_solicitar(
        ayuntamiento=claves["ayuntamiento"],
        tipo=claves["tipo"],
        anio=claves["anio"],
        periodo=claves["periodo"],
        hoy=hoy,
        usuario=None,
        encolar=False,
    )
    generacion.generar(reporte, hoy=hoy)
    return reporte


def envios_del_emitido_despachar(reporte: Reporte) -> int:
    """Al terminar la emisión: los envíos del periodo que esperaban (el programado que ya
    llegó a su fecha, o un «enviar ahora») salen con el reporte emitido. Devuelve cuántos
    encoló."""
    from .tasks import enviar_reporte_por_correo

    pendientes = Envio.objects.filter(
        ayuntamiento=reporte.ayuntamiento,
        tipo=reporte.tipo,
        anio=reporte.anio,
        periodo=reporte.periodo,
    ).exclude(estado=EstadoEnvio.ENVIADO)
    with transaction.atomic():
        ids = list(pendientes.select_for_update().values_list("pk", flat=True))
        Envio.objects.filter(pk__in=ids).update(reporte=reporte, error="")
        for envio_id in ids:
            entregar_al_confirmar(enviar_reporte_por_correo, envio_id)
    return len(ids)


def envio_enviar(*, envio_id: int) -> str:
    """Envía un correo programado si aún no salió y nadie más lo está enviando. Devuelve
    «enviado», «ya enviado», «lo tiene otro», «sin reporte» o «sin emitir»; deja pasar los
    errores del SMTP (con el reclamo ya liberado) para que la tarea reintente."""
    with scopes_disabled():
        ayuntamiento = Envio.objects.select_related("ayuntamiento").get(pk=envio_id).ayuntamiento
    with scope(ayuntamiento=ayuntamiento):
        envio, motivo = _reclamar(envio_id)
        if envio is None:
            return motivo
        try:
            _correo_del_reporte(envio, cast(Reporte, envio.reporte)).send()
        except BaseException:
            Envio.objects.filter(pk=envio_id, estado=EstadoEnvio.ENVIANDO).update(
                estado=EstadoEnvio.PENDIENTE, reclamado=None
            )
            raise
        Envio.objects.filter(pk=envio_id).update(
            estado=EstadoEnvio.ENVIADO,
            enviado=timezone.now(),
            intentos=F("intentos") + 1,
            error="",
            reclamado=None,
        )
    return "enviado"


def _reclamar(envio_id: int) -> tuple[Envio | None, str]:
    """Toma el envío para mandarlo: la fila se bloquea sólo mientras se revisa y se pasa a
    `enviando`; el correo sale después, sin transacción abierta."""
    ahora = timezone.now()
    with transaction.atomic():
        envio = (
            Envio.objects.select_for_update(of=("self",)).select_related("reporte").get(pk=envio_id)
        )
        if envio.estado == EstadoEnvio.ENVIADO:
            return None, "ya enviado"
        if (
            envio.estado == EstadoEnvio.ENVIANDO
            and envio.reclamado is not None
            and envio.reclamado > ahora - RECLAMO_VIGENTE
        ):
            return None, "lo tiene otro"
        reporte = envio.reporte
        if reporte is None or reporte.estado != EstadoReporte.LISTO:
            envio.error = "El envío no tiene un reporte listo; se preparará en la próxima corrida."
            envio.save(update_fields=["error"])
            return None, "sin reporte"
        if reporte.emitido is None:
            envio.error = espera_de_emision(reporte)
            envio.save(update_fields=["error"])
            return None, "sin emitir"
        envio.estado = EstadoEnvio.ENVIANDO
        envio.reclamado = ahora
        envio.save(update_fields=["estado", "reclamado"])
    return envio, ""


def envio_intentar(*, envio_id: int, ultimo: bool) -> str:
    """Un intento de envío. Devuelve lo que pasó: lo de `envio_enviar`, «reintentar» (el
    SMTP falló y quedan intentos) o «fallido» (falló el último)."""
    try:
        return envio_enviar(envio_id=envio_id)
    except ERRORES_SMTP as exc:
        _registrar_falla(envio_id, exc, definitivo=ultimo)
        if ultimo:
            logger.warning("El envío %s falló en su último intento: %s", envio_id, exc)
            return "fallido"
        return "reintentar"


def falla_del_smtp(error: Exception) -> str:
    """La falla del servidor de correo dicha para quien revisa los envíos en el admin; el
    texto original (en inglés, de smtplib) va entre corchetes para el equipo técnico."""
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        causa = f"el servidor de correo no contestó en su tiempo de espera ({settings.EMAIL_TIMEOUT:g} s)"
    elif isinstance(error, ConnectionRefusedError):
        causa = "el servidor de correo rechazó la conexión"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        causa = "el servidor de correo rechazó al destinatario"
    elif isinstance(error, smtplib.SMTPAuthenticationError):
        causa = "el servidor de correo no aceptó el usuario o la contraseña de EMAIL_URL"
    elif isinstance(error, smtplib.SMTPServerDisconnected):
        causa = "el servidor de correo cortó la conexión"
    else:
        causa = "el servidor de correo dio un error"
    return f"{causa} [{error}]"


def _registrar_falla(envio_id: int, error: Exception, *, definitivo: bool) -> None:
    """Cuenta el intento y guarda el error. Tras el último, el envío queda `fallido`; lo ya
    enviado nunca se toca."""
    causa = falla_del_smtp(error)
    if definitivo:
        estado, texto = EstadoEnvio.FALLIDO, f"No se pudo enviar: {causa}."
    else:
        estado, texto = EstadoEnvio.PENDIENTE, f"Falló un intento ({causa}); se reintentará."
    with scopes_disabled():
        # Ni lo enviado ni lo que otro intento ya reclamó de nuevo.
        Envio.objects.filter(
            pk=envio_id, estado__in=(EstadoEnvio.PENDIENTE, EstadoEnvio.FALLIDO)
        ).update(estado=estado, intentos=F("intentos") + 1, error=texto)


def _correo_del_reporte(envio: Envio, reporte: Reporte) -> EmailMultiAlternatives:
    ayuntamiento = reporte.ayuntamiento
    configuracion = generacion.configuracion_de(ayuntamiento)
    tamano = reporte.tamano or reporte.archivo.size
    adjuntar = tamano <= configuracion.tamano_maximo_adjunto_mb * MB
    destinatario = Destinatario.objects.filter(tipo=envio.tipo, correo__iexact=envio.correo).first()
    contexto = {
        "ayuntamiento": ayuntamiento,
        "reporte": reporte,
        "configuracion": configuracion,
        "nombre": destinatario.nombre if destinatario else "",
        "adjunto": adjuntar,
        "tamano_mb": f"{tamano / MB:.1f}",
        # Sin cuenta en el sistema: el enlace firmado de este envío (reportes/descargas.py).
        "enlace": "" if adjuntar else url_absoluta("descargas:descargar", ficha=ficha_de(envio)),
        "dias_del_enlace": ENLACE_VIGENTE.days,
    }
    mensaje = _correo(
        asunto=f"{reporte.get_tipo_display()}, {reporte.nombre_periodo} — {ayuntamiento.nombre}",
        plantilla="reporte",
        contexto=contexto,
        para=envio.correo,
    )
    if adjuntar:
        with reporte.archivo.open("rb") as archivo:
            mensaje.attach(
                f"{ayuntamiento.slug}-{reporte.nombre_archivo}", archivo.read(), "application/pdf"
            )
    return mensaje


# --- Aviso diario de vencimientos ----------------------------------------------------------


@dataclass
class Seccion:
    """Lo que vence en un ayuntamiento, como lo lee una persona en su correo."""

    ayuntamiento: Ayuntamiento
    solicitudes: list[dict[str, Any]] = field(default_factory=list)
    turnos: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ResumenAvisos:
    enviados: int = 0
    ya_enviados: int = 0
    fallidos: list[str] = field(default_factory=list)
    # El servidor de correo no contestó (no un destinatario rechazado): la corrida se detiene.
    servidor_caido: bool = False


def _vencimientos(ayuntamiento: Ayuntamiento, fecha: date) -> dict[str, Any]:
    """Los plazos del ayuntamiento que corren y ya vencieron o vencen pronto al `fecha`
    (`Plazo.objects.corriendo().del_ayuntamiento()`, la misma definición del tablero y de
    las listas), listos para el correo: qué hay que hacer, el expediente, el plazo y el
    enlace; nunca datos de quien solicita."""
    slug = ayuntamiento.slug
    with scope(ayuntamiento=ayuntamiento):
        corte = corte_semaforo(ayuntamiento, hoy=fecha)
        plazos = list(
            Plazo.objects.corriendo()
            .del_ayuntamiento()
            .filter(vence__lte=corte.limite)
            .order_by("vence", "pk")
        )
        ids: dict[str, list[int]] = defaultdict(list)
        for p in plazos:
            ids[p.expediente_tipo].append(p.expediente_id)
        solicitudes = Solicitud.objects.in_bulk(ids[TipoExpediente.SOLICITUD])
        turnos = Turno.objects.select_related(
            "solicitud", "unidad_administrativa", "oficio"
        ).in_bulk(ids[TipoExpediente.TURNO])
        recursos = RecursoRevision.objects.in_bulk(ids[TipoExpediente.RECURSO])
        denuncias = Denuncia.objects.in_bulk(ids[TipoExpediente.DENUNCIA])

        def linea(plazo: Plazo, expediente: str, nombre: str, **enlace: Any) -> dict[str, Any]:
            color = semaforo(plazo.vence, corte.hoy, corte.limite)
            return {
                "folio": expediente,
                "detalle": plazo.nombre,
                "vence": plazo.vence,
                "semaforo": str(color.label) if color else "",
                "enlace": url_absoluta(f"solicitudes:{nombre}", ayuntamiento=slug, **enlace),
            }

        expedientes, pendientes = [], []
        for p in plazos:
            if p.expediente_tipo == TipoExpediente.SOLICITUD:
                s = solicitudes[p.expediente_id]
                expedientes.append(linea(p, f"Solicitud {s.folio}", "detalle", pk=s.pk))
            elif p.expediente_tipo == TipoExpediente.RECURSO:
                r = recursos[p.expediente_id]
                expedientes.append(linea(p, f"Recurso {r.expediente}", "recurso_detalle", pk=r.pk))
            elif p.expediente_tipo == TipoExpediente.DENUNCIA:
                d = denuncias[p.expediente_id]
                expedientes.append(
                    linea(p, f"Denuncia {d.expediente}", "denuncia_detalle", pk=d.pk)
                )
            else:
                t = turnos[p.expediente_id]
                item = linea(p, t.solicitud.folio, "turno_detalle", pk=t.pk)
                item["detalle"] = f"{t.unidad_administrativa.nombre} · oficio {t.oficio.folio}"
                item["area_id"] = t.unidad_administrativa_id
                pendientes.append(item)
        return {"solicitudes": expedientes, "turnos": pendientes}


def avisos_diarios_enviar(*, fecha: date | None = None) -> ResumenAvisos:
    """Un correo por persona con lo que vence pronto o ya venció. La Unidad (titular y
    personal) recibe las solicitudes y todos los turnos pendientes de su ayuntamiento; un
    enlace, sólo los turnos de su área. Consulta y garantes no reciben aviso, ni quien no
    tiene nada pendiente. Quien ya lo recibió en `fecha` no lo recibe otra vez."""
    fecha = fecha or timezone.localdate()
    # Lo enviado y lo que otra corrida está enviando ahora; un reclamo vencido se retoma.
    tomados = AvisoDiario.objects.filter(fecha=fecha).filter(
        Q(enviado__isnull=False) | Q(reclamado__gt=timezone.now() - RECLAMO_VIGENTE)
    )
    resumen = ResumenAvisos(ya_enviados=tomados.count())
    with scopes_disabled():
        membresias = list(
            Membresia.objects.filter(
                rol__in=ROLES_CON_AVISO, ayuntamiento__activo=True, usuario__is_active=True
            )
            .exclude(usuario__in=tomados.values("usuario"))
            .select_related("usuario", "ayuntamiento")
            .order_by("usuario_id", "ayuntamiento__nombre")
        )
    por_usuario: dict[Usuario, list[Membresia]] = defaultdict(list)
    for membresia in membresias:
        por_usuario[membresia.usuario].append(membresia)
    vencimientos: dict[int, dict[str, Any]] = {}
    for usuario, suyas in por_usuario.items():
        secciones = []
        for membresia in suyas:
            ayuntamiento = membresia.ayuntamiento
            if ayuntamiento.pk not in vencimientos:
                vencimientos[ayuntamiento.pk] = _vencimientos(ayuntamiento, fecha)
            todo = vencimientos[ayuntamiento.pk]
            if membresia.rol == Rol.ENLACE:
                area = membresia.unidad_administrativa_id
                seccion = Seccion(
                    ayuntamiento, turnos=[t for t in todo["turnos"] if t["area_id"] == area]
                )
            else:
                seccion = Seccion(ayuntamiento, todo["solicitudes"], todo["turnos"])
            if seccion.solicitudes or seccion.turnos:
                secciones.append(seccion)
        if secciones:
            _aviso_enviar(usuario, fecha, secciones, resumen)
        if resumen.servidor_caido:
            # Con el servidor caído, cada intento esperaría su EMAIL_TIMEOUT: los demás
            # quedan para el reintento de la tarea.
            break
    return resumen


def _aviso_enviar(
    usuario: Usuario, fecha: date, secciones: list[Seccion], resumen: ResumenAvisos
) -> None:
    solicitudes = sum(len(s.solicitudes) for s in secciones)
    turnos = sum(len(s.turnos) for s in secciones)
    aviso = _reclamar_aviso(usuario, fecha, solicitudes=solicitudes, turnos=turnos)
    if aviso is None:
        resumen.ya_enviados += 1
        return
    try:
        _correo_del_aviso(usuario, fecha, secciones, solicitudes, turnos).send()
    except ERRORES_SMTP as exc:
        # Sin marca de enviado: se libera para el reintento.
        aviso.delete()
        logger.warning("No se pudo enviar el aviso diario a %s: %s", usuario.email, exc)
        resumen.fallidos.append(usuario.email)
        resumen.servidor_caido = not isinstance(exc, smtplib.SMTPRecipientsRefused)
        return
    AvisoDiario.objects.filter(pk=aviso.pk).update(enviado=timezone.now())
    resumen.enviados += 1


def _reclamar_aviso(
    usuario: Usuario, fecha: date, *, solicitudes: int, turnos: int
) -> AvisoDiario | None:
    """La fila del aviso de hoy, tomada por esta corrida; None si ya salió o si otra corrida
    lo está enviando. Otra corrida simultánea espera el índice único sólo lo que dura esta
    transacción corta, nunca lo que tarda el servidor de correo."""
    ahora = timezone.now()
    with transaction.atomic():
        aviso, creado = AvisoDiario.objects.get_or_create(
            usuario=usuario,
            fecha=fecha,
            defaults={"solicitudes": solicitudes, "turnos": turnos, "reclamado": ahora},
        )
        if creado:
            return aviso
        vencido = Q(reclamado__isnull=True) | Q(reclamado__lte=ahora - RECLAMO_VIGENTE)
        retomado = (
            AvisoDiario.objects.filter(pk=aviso.pk, enviado__isnull=True)
            .filter(vencido)
            .update(reclamado=ahora, solicitudes=solicitudes, turnos=turnos)
        )
    return aviso if retomado else None


def _cuantos(numero: int, singular: str, plural: str) -> str:
    return f"{numero} {singular if numero == 1 else plural}"


def _correo_del_aviso(
    usuario: Usuario, fecha: date, secciones: list[Seccion], solicitudes: int, turnos: int
) -> EmailMultiAlternatives:
    partes = []
    if solicitudes:
        partes.append(_cuantos(solicitudes, "solicitud", "solicitudes"))
    if turnos:
        partes.append(_cuantos(turnos, "turno", "turnos"))
    return _correo(
        asunto=f"Vencimientos al {fecha_larga(fecha)}: {' y '.join(partes)}",
        plantilla="aviso_diario",
        contexto={"usuario": usuario, "fecha": fecha, "secciones": secciones},
        para=usuario.email,
    )
