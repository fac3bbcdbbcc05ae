"""Las notificaciones por correo, contra un servidor SMTP de verdad (aiosmtpd): quien
solicita recibe el documento emitido con su PDF, una vez; el enlace recibe su oficio de turno
con la liga para responder; un SMTP caído y luego de vuelta entrega una sola vez."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from documentos import notificaciones, tasks
from documentos.models import Documento, EstadoNotificacion, Notificacion
from documentos.servicios import documento_emitir, documento_preparar
from documentos.textos import ClaveDocumento, Procedimiento
from solicitudes.models import MedioRecepcion, Solicitud
from solicitudes.servicios import solicitud_registrar, solicitud_turnar
from tests.procesos import adjuntos_pdf, puerto_libre, servidor_smtp
from tests.reportes.pdf import texto_del_pdf

from .test_documentos import HOY


@pytest.fixture
def smtp(settings):
    """Un servidor SMTP real en un puerto libre; settings apunta a él."""
    with servidor_smtp() as (buzon, puerto):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = puerto
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        settings.SITIO_URL = "https://transparencia.ejemplo.mx"
        yield buzon


def _emitir(ayuntamiento, clave, expediente, titular) -> Documento:
    with scope(ayuntamiento=ayuntamiento):
        documento = documento_preparar(clave=clave, fecha=HOY, usuario=titular, **expediente)
        return documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)


def _pdf_adjunto(mensaje) -> bytes:
    (pdf,) = adjuntos_pdf(mensaje)
    return pdf


def test_quien_solicita_recibe_el_documento_emitido_una_vez(
    ayuntamiento, caso, titular, smtp, cliente_de, django_capture_on_commit_callbacks
):
    expediente = caso[Procedimiento.SOLICITUD]
    with django_capture_on_commit_callbacks(execute=True):
        documento = _emitir(ayuntamiento, ClaveDocumento.ACUSE, expediente, titular)
    with django_capture_on_commit_callbacks(execute=True), scope(ayuntamiento=ayuntamiento):
        documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)  # otra vez

    (mensaje,) = smtp.recibidos
    assert mensaje["To"] == "rosa@example.mx"
    assert " ".join(mensaje["Subject"].split()) == (
        "Acuse de recibo de la solicitud 201181924000101 — H. Ayuntamiento de Oaxaca de Juárez"
    )
    assert mensaje["Auto-Submitted"] == "auto-generated"
    texto = texto_del_pdf(_pdf_adjunto(mensaje))
    assert documento.oficio and documento.oficio.folio in texto and "201181924000101" in texto
    cuerpo = mensaje.get_body(preferencelist=("plain",)).get_content()
    assert f"le notifica el oficio {documento.oficio.folio}" in cuerpo

    with scopes_disabled():
        (notificacion,) = Notificacion.objects.all()
    assert notificacion.estado == EstadoNotificacion.ENVIADA and notificacion.enviada
    assert notificacion.intentos == 1
    solicitud = expediente["solicitud"]
    pagina = cliente_de(titular).get(
        reverse(
            "solicitudes:detalle", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": solicitud.pk}
        )
    )
    assert "Notificado por correo a rosa@example.mx el" in pagina.content.decode()
    # El documento guarda cuándo quedó notificado: la hora en que el servidor lo aceptó.
    documento.refresh_from_db()
    assert documento.medio_notificacion == "correo"
    assert documento.notificado == notificacion.enviada


def test_lo_de_la_pnt_y_quien_no_dio_correo_no_se_envia(
    ayuntamiento, caso, titular, smtp, django_capture_on_commit_callbacks
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    for cambio in (
        {"medio": MedioRecepcion.PNT},
        {"medio": MedioRecepcion.CORREO, "correo_solicitante": ""},
    ):
        with scopes_disabled():
            Solicitud.objects.filter(pk=solicitud.pk).update(**cambio)
        solicitud.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            _emitir(
                ayuntamiento, ClaveDocumento.RESPUESTA_ENTREGA, {"solicitud": solicitud}, titular
            )
    assert smtp.recibidos == []
    with scopes_disabled():
        assert not Notificacion.objects.exists()


def test_el_enlace_recibe_su_oficio_de_turno_al_turnar(
    ayuntamiento, areas, titular, enlace, smtp, cliente_de, django_capture_on_commit_callbacks
):
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000202",
                recibida=datetime(2024, 7, 1, 10, tzinfo=ZoneInfo("America/Mexico_City")),
                descripcion="Contratos de obra 2024",
            )
        )
    url = reverse(
        "solicitudes:turnar", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": solicitud.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente_de(titular).post(
            url,
            {
                "turno-areas": [areas[0].pk, areas[1].pk],
                "turno-fecha": "2024-07-03",
                "turno-instrucciones": "Urgente",
            },
        )
    assert respuesta.status_code == 302
    with scopes_disabled():
        turnos = {t.unidad_administrativa_id: t for t in solicitud.turnos.all()}
        documentos = {d.turno_id: d for d in Documento.objects.filter(solicitud=solicitud)}
    # Cada turno con su oficio emitido, con el número que tomó al turnarse.
    for turno in turnos.values():
        assert documentos[turno.pk].oficio_id == turno.oficio_id
    # Sólo Tesorería tiene enlace: un correo.
    (mensaje,) = smtp.recibidos
    assert mensaje["To"] == enlace.email
    turno = turnos[areas[0].pk]
    cuerpo = mensaje.get_body(preferencelist=("plain",)).get_content()
    assert (
        f"https://transparencia.ejemplo.mx/{ayuntamiento.slug}/solicitudes/turnos/{turno.pk}/"
        in cuerpo
    )
    assert "Tesorería Municipal" in cuerpo
    assert "Urgente" in texto_del_pdf(_pdf_adjunto(mensaje))


def test_smtp_caido_y_de_vuelta_entrega_una_sola_vez(ayuntamiento, caso, titular, smtp, settings):
    with scope(ayuntamiento=ayuntamiento):
        documento = documento_preparar(
            clave=ClaveDocumento.PREVENCION,
            fecha=HOY,
            usuario=titular,
            **caso[Procedimiento.SOLICITUD],
        )
        # Sin confirmar la transacción (la prueba la envuelve): la tarea no sale todavía.
        documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
    with scopes_disabled():
        (notificacion,) = Notificacion.objects.all()
    assert notificacion.encolada is None

    puerto = settings.EMAIL_PORT
    settings.EMAIL_PORT = puerto_libre()  # nadie escucha
    assert notificaciones.notificacion_intentar(notificacion.pk, ultimo=False) == "reintentar"
    notificacion.refresh_from_db()
    assert notificacion.estado == EstadoNotificacion.PENDIENTE and notificacion.reclamada is None
    assert notificacion.error.startswith(
        "Falló un intento (el servidor de correo rechazó la conexión"
    )
    assert smtp.recibidos == []

    settings.EMAIL_PORT = puerto
    # El rescate de cada minuto la entrega (aquí, en modo eager, se envía en el acto).
    assert tasks.rescatar_notificaciones() == 1
    assert notificaciones.notificacion_intentar(notificacion.pk, ultimo=False) == "ya enviada"
    assert tasks.rescatar_notificaciones() == 0
    (mensaje,) = smtp.recibidos
    assert mensaje["To"] == "rosa@example.mx"
    assert "Requerimiento de información adicional" in mensaje["Subject"]


def test_la_unidad_sabe_cuando_un_area_responde_su_turno(
    ayuntamiento, ayuntamiento_ajeno, areas, titular, personal, consulta, enlace, extrano,
    smtp, cliente_de, django_capture_on_commit_callbacks,
):  # fmt: skip
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000303",
                recibida=datetime(2024, 7, 1, 10, tzinfo=ZoneInfo("America/Mexico_City")),
                descripcion="Padrón de proveedores",
            )
        )
        (turno,) = solicitud_turnar(solicitud=solicitud, areas=[areas[0]], fecha=date(2024, 7, 2))
    url = reverse(
        "solicitudes:turno_detalle", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": turno.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente_de(enlace).post(
            url, {"fecha": "2024-07-03", "respuesta": "Se anexa el padrón.", "no_competente": ""}
        )
    assert respuesta.status_code == 302
    # Titular y personal, no consulta, ni la titular de otro ayuntamiento.
    assert sorted(m["To"] for m in smtp.recibidos) == sorted([titular.email, personal.email])
    mensaje = smtp.recibidos[0]
    assert " ".join(mensaje["Subject"].split()) == (
        "Tesorería Municipal respondió en la solicitud 201181924000303"
    )
    cuerpo = mensaje.get_body(preferencelist=("plain",)).get_content()
    assert (
        f"https://transparencia.ejemplo.mx/{ayuntamiento.slug}/solicitudes/{solicitud.pk}/"
        in cuerpo
    )
    # Volver a avisar del mismo turno no repite el correo.
    with django_capture_on_commit_callbacks(execute=True), scope(ayuntamiento=ayuntamiento):
        assert notificaciones.turno_respondido_avisar(turno) == []
    assert len(smtp.recibidos) == 2


def test_lo_subido_a_la_pnt_lo_registra_la_unidad_con_fecha_y_hora(
    ayuntamiento, caso, titular, personal, consulta, cliente_de, django_capture_on_commit_callbacks
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    with scopes_disabled():
        Solicitud.objects.filter(pk=solicitud.pk).update(medio=MedioRecepcion.PNT)
    solicitud.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        documento = _emitir(
            ayuntamiento, ClaveDocumento.RESPUESTA_ENTREGA, {"solicitud": solicitud}, titular
        )
    kwargs = {"ayuntamiento": ayuntamiento.slug, "pk": documento.pk}
    pagina = cliente_de(personal).get(reverse("documentos:documento", kwargs=kwargs))
    texto = pagina.content.decode()
    assert "Registrar la notificación" in texto and "súbalo a la Plataforma" in texto
    assert 'value="pnt" selected' in texto
    url = reverse("documentos:notificado", kwargs=kwargs)

    # Mal: en el futuro, antes de la emisión, sin fecha. Nada se anota.
    for valor, error in (
        ("2999-01-01T10:00", "no puede ser en el futuro"),
        ("2000-01-01T10:00", "no puede ser anterior a la emisión"),
        ("ayer", "Introduzca una fecha/hora válida"),
    ):
        malo = cliente_de(personal).post(url, {"medio": "pnt", "cuando": valor})
        assert malo.status_code == 400 and error in malo.content.decode()
    assert cliente_de(consulta).post(url, {"medio": "pnt", "cuando": "x"}).status_code == 403
    documento.refresh_from_db()
    assert documento.notificado is None

    cuando = timezone.localtime().replace(second=0, microsecond=0)
    respuesta = cliente_de(personal).post(
        url, {"medio": "pnt", "cuando": cuando.strftime("%Y-%m-%dT%H:%M")}, follow=True
    )
    assert "Se registró la notificación." in respuesta.content.decode()
    documento.refresh_from_db()
    assert (documento.notificado, documento.medio_notificacion) == (cuando, "pnt")
    assert documento.notificado_por == personal
    detalle = (
        cliente_de(titular)
        .get(
            reverse(
                "solicitudes:detalle",
                kwargs={"ayuntamiento": ayuntamiento.slug, "pk": solicitud.pk},
            )
        )
        .content.decode()
    )
    assert (
        "Notificado</strong> en la Plataforma Nacional de Transparencia el "
        f"{cuando:%-d/%m/%Y %H:%M}"
    ) in detalle
    # Registrada una vez: no se reescribe.
    otra = cliente_de(titular).post(
        url, {"medio": "personal", "cuando": "2024-07-04T10:00"}, follow=True
    )
    assert "ya tiene su notificación registrada" in otra.content.decode()
    documento.refresh_from_db()
    assert documento.medio_notificacion == "pnt"


def test_de_la_recepcion_a_la_respuesta_cada_carta_y_cada_aviso(
    ayuntamiento, areas, titular, personal, enlace, smtp, cliente_de,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Una solicitud por correo, de principio a fin en el portal: el acuse, el oficio de
    turno, el aviso de la respuesta del área y la respuesta; cada carta con su número, cada
    aviso en el buzón de quien debe recibirlo, una vez."""
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000909",
                medio=MedioRecepcion.CORREO,
                recibida=datetime(2024, 7, 1, 10, tzinfo=ZoneInfo("America/Mexico_City")),
                nombre_solicitante="Rosa Pérez Martínez",
                correo_solicitante="rosa@example.mx",
                descripcion="Padrón de proveedores 2024",
            )
        )
    slug = ayuntamiento.slug
    unidad = cliente_de(titular)

    def emitir(clave: str) -> Documento:
        with django_capture_on_commit_callbacks(execute=True):
            preparado = unidad.post(
                reverse("documentos:preparar", kwargs={"ayuntamiento": slug}),
                {"solicitud": solicitud.pk, "clave": clave},
            )
            pk = int(preparado["Location"].rstrip("/").rsplit("/", 1)[1])
            unidad.post(reverse("documentos:emitir", kwargs={"ayuntamiento": slug, "pk": pk}))
        with scopes_disabled():
            return Documento.objects.select_related("oficio").get(pk=pk)

    acuse = emitir(ClaveDocumento.ACUSE)
    with django_capture_on_commit_callbacks(execute=True):
        unidad.post(
            reverse("solicitudes:turnar", kwargs={"ayuntamiento": slug, "pk": solicitud.pk}),
            {"turno-areas": [areas[0].pk], "turno-fecha": "2024-07-02"},
        )
    with scopes_disabled():
        (turno,) = solicitud.turnos.all()
    with django_capture_on_commit_callbacks(execute=True):
        cliente_de(enlace).post(
            reverse("solicitudes:turno_detalle", kwargs={"ayuntamiento": slug, "pk": turno.pk}),
            {"fecha": "2024-07-03", "respuesta": "Se anexa el padrón.", "no_competente": ""},
        )
    respuesta = emitir(ClaveDocumento.RESPUESTA_ENTREGA)

    buzon = [(m["To"], " ".join(m["Subject"].split()), adjuntos_pdf(m)) for m in smtp.recibidos]
    assert [(para, asunto) for para, asunto, _ in buzon] == [
        ("rosa@example.mx", f"{acuse.asunto} — H. Ayuntamiento de Oaxaca de Juárez"),
        (enlace.email, "Turno de la solicitud de información 201181924000909 — H. Ayuntamiento de Oaxaca de Juárez"),
        *sorted(
            (correo, "Tesorería Municipal respondió en la solicitud 201181924000909")
            for correo in (titular.email, personal.email)
        ),
        ("rosa@example.mx", f"{respuesta.asunto} — H. Ayuntamiento de Oaxaca de Juárez"),
    ]  # fmt: skip
    primeras = []
    for para, asunto, pdfs in buzon:
        for pdf in pdfs:
            texto = texto_del_pdf(pdf)
            assert "201181924000909" in texto and "BORRADOR" not in texto
            primeras.append((para, asunto, [r for r in texto.splitlines() if r.strip()][:6]))
    folios = [acuse.oficio.folio, turno.oficio.folio, respuesta.oficio.folio]  # type: ignore[union-attr]
    assert len(primeras) == 3 and len(set(folios)) == 3
    for (_, _, renglones), folio in zip(primeras, folios, strict=True):
        assert any(folio in r for r in renglones)
    for documento in (acuse, respuesta):
        documento.refresh_from_db()
        assert documento.medio_notificacion == "correo" and documento.notificado is not None
    for para, asunto, renglones in primeras:  # lo que se cita en la nota de la entrega
        print(f"{para} · {asunto}\n    " + "\n    ".join(renglones))
