"""Los correos programados: cada reporte periódico sale una sola vez a cada destinatario,
en su fecha (días hábiles después del cierre), con el PDF adjunto o, si pesa demasiado, con
el enlace a la descarga; un SMTP que rechaza deja el envío `fallido`, nunca `enviado`, y la
corrida siguiente lo manda una vez. El aviso diario de vencimientos: a cada quien lo suyo,
una vez al día."""

import io
import random
import re
import threading
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as Locmem
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_scopes import scope, scopes_disabled
from PIL import Image

from organizacion.models import (
    Ambito,
    DiaInhabil,
    Membresia,
    Oficio,
    Rol,
    UnidadAdministrativa,
    Usuario,
)
from reportes import envios, tasks
from reportes.generacion import generar
from reportes.models import (
    AvisoDiario,
    ConfiguracionReportes,
    Destinatario,
    Envio,
    EstadoEnvio,
    EstadoReporte,
    Reporte,
)
from reportes.servicios import reporte_emitir
from solicitudes.models import Semaforo, Solicitud
from solicitudes.plazos import semaforo
from solicitudes.servicios import solicitud_registrar, solicitud_turnar, turno_responder
from tests.procesos import puerto_libre
from tests.reportes.objetos import lote_emitido
from tests.reportes.pdf import texto_del_pdf
from transparencia.celery import app

MX = ZoneInfo("America/Mexico_City")
# El segundo trimestre de 2024 cierra el domingo 30 de junio; cinco días hábiles después
# es el viernes 5 de julio.
DIA_DE_ENVIO = datetime(2024, 7, 5, 7, tzinfo=MX)
VISPERA = datetime(2024, 7, 4, 7, tzinfo=MX)
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def destinatarios(ayuntamiento):
    with scopes_disabled():
        return [
            Destinatario.objects.create(
                ayuntamiento=ayuntamiento,
                tipo="trimestral",
                nombre="Mtra. Keyla Matus",
                correo="titular@oaxaca.gob.mx",
            ),
            Destinatario.objects.create(
                ayuntamiento=ayuntamiento,
                tipo="trimestral",
                nombre="Contraloría Municipal",
                correo="contraloria@oaxaca.gob.mx",
            ),
            Destinatario.objects.create(
                ayuntamiento=ayuntamiento,
                tipo="trimestral",
                nombre="Ya no recibe",
                correo="baja@oaxaca.gob.mx",
                activo=False,
            ),
        ]


def correr(django_capture_on_commit_callbacks, fecha: str | None = None, *, emitir: bool = True):
    """La tarea de beat, como en producción: los correos se encolan al confirmar. La corrida
    deja el borrador del periodo esperando a la persona titular; con `emitir`, ella lo emite
    enseguida y los correos salen (su generación corre aquí, en modo eager)."""
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enviar_reportes_programados.delay(fecha)
    if emitir:
        emitir_los_borradores(django_capture_on_commit_callbacks)


def emitir_los_borradores(django_capture_on_commit_callbacks) -> list[Reporte]:
    """La persona titular emite cada borrador que un envío espera."""
    with scopes_disabled():
        borradores = list(
            Reporte.objects.filter(
                oficio__isnull=True,
                estado=EstadoReporte.LISTO,
                pk__in=Envio.objects.values("reporte"),
            ).select_related("ayuntamiento")
        )
    for borrador in borradores:
        with (
            django_capture_on_commit_callbacks(execute=True),
            scope(ayuntamiento=borrador.ayuntamiento),
        ):
            reporte_emitir(reporte_id=borrador.pk, usuario=None, hoy=timezone.localdate())
    return borradores


def envios_del(ayuntamiento):
    with scopes_disabled():
        return list(Envio.objects.filter(ayuntamiento=ayuntamiento).order_by("correo"))


def pdf_de(mensaje) -> bytes:
    (adjunto,) = mensaje.attachments
    nombre, contenido, tipo = adjunto
    assert tipo == "application/pdf" and nombre.endswith(".pdf")
    return contenido


def html_de(mensaje) -> str:
    assert isinstance(mensaje, EmailMultiAlternatives)
    ((html, tipo),) = mensaje.alternatives
    assert tipo == "text/html"
    return str(html)


@pytest.fixture
def smtp_caido(settings):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = puerto_libre()  # nadie escucha: se rechaza en el acto
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


# --- Una vez, en su fecha ------------------------------------------------------------------


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_dos_corridas_un_correo_por_destinatario_activo(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    correr(django_capture_on_commit_callbacks)
    correr(django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "contraloria@oaxaca.gob.mx",
        "titular@oaxaca.gob.mx",
    ]
    filas = envios_del(ayuntamiento)
    assert [(e.correo, e.estado, e.intentos, e.anio, e.periodo) for e in filas] == [
        ("contraloria@oaxaca.gob.mx", EstadoEnvio.ENVIADO, 1, 2024, 2),
        ("titular@oaxaca.gob.mx", EstadoEnvio.ENVIADO, 1, 2024, 2),
    ]
    with scopes_disabled():
        (reporte,) = Reporte.objects.filter(ayuntamiento=ayuntamiento)
    assert reporte.estado == EstadoReporte.LISTO and reporte.solicitado_por is None
    assert {e.reporte_id for e in filas} == {reporte.pk}
    assert pdf_de(mail.outbox[0]) == pdf_de(mail.outbox[1])
    assert mail.outbox[0].subject == (
        "Informe trimestral, segundo trimestre de 2024 — Oaxaca de Juárez"
    )


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_nada_sale_sin_emitir_y_al_emitirse_sale_una_vez_con_su_oficio(
    ayuntamiento, destinatarios, titular, cliente_de, django_capture_on_commit_callbacks
):
    correr(django_capture_on_commit_callbacks, emitir=False)
    correr(django_capture_on_commit_callbacks, emitir=False)

    # La corrida generó un borrador, sin número, y los envíos lo esperan.
    assert mail.outbox == []
    with scopes_disabled():
        (borrador,) = Reporte.objects.filter(ayuntamiento=ayuntamiento)
        assert not Oficio.objects.exists()
    assert borrador.estado == EstadoReporte.LISTO and borrador.emitido is None
    filas = envios_del(ayuntamiento)
    assert {(e.estado, e.reporte_id) for e in filas} == {(EstadoEnvio.PENDIENTE, borrador.pk)}
    assert all(e.error.startswith("Espera que la persona titular emita") for e in filas)
    with borrador.archivo.open("rb") as archivo:
        texto_borrador = texto_del_pdf(archivo.read())
    assert "BORRADOR" in texto_borrador and "No. DE OFICIO: (se asigna al emitir)" in texto_borrador

    # La titular lo emite desde su página: toma el oficio y los correos salen una vez.
    url = reverse("reportes:emitir", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": borrador.pk})
    with django_capture_on_commit_callbacks(execute=True):
        cliente_de(titular).post(url)
    with scopes_disabled():
        oficio = Oficio.objects.get()
    detalle = url.removesuffix("emitir/")
    assert f"Emitido: {oficio.folio}" in cliente_de(titular).get(detalle).content.decode()
    borrador.refresh_from_db()
    assert borrador.emitido is not None and borrador.oficio_id == oficio.pk
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contraloria@oaxaca.gob.mx",
        "titular@oaxaca.gob.mx",
    ]
    texto = texto_del_pdf(pdf_de(mail.outbox[0]))
    assert f"No. DE OFICIO: {oficio.folio}" in texto and "BORRADOR" not in texto

    # Emitir otra vez o volver a correr no toma otro número ni repite los correos.
    with django_capture_on_commit_callbacks(execute=True):
        otra = cliente_de(titular).post(url, follow=True).content.decode()
    assert f"Ya estaba emitido con el oficio {oficio.folio}" in otra
    correr(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    with scopes_disabled():
        assert Oficio.objects.count() == 1


def test_un_destinatario_nuevo_recibe_el_mismo_pdf_que_los_demas(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    with time_machine.travel(DIA_DE_ENVIO, tick=False):
        correr(django_capture_on_commit_callbacks)
    primero = pdf_de(mail.outbox[0])
    with scopes_disabled():
        Destinatario.objects.create(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            nombre="Órgano Garante",
            correo="Informes@OGAIPO.org.mx",
        )
    with time_machine.travel(datetime(2024, 7, 9, 7, tzinfo=MX), tick=False):
        correr(django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 3
    assert mail.outbox[2].to == ["informes@ogaipo.org.mx"]
    assert pdf_de(mail.outbox[2]) == primero
    with scopes_disabled():
        assert Reporte.objects.filter(ayuntamiento=ayuntamiento).count() == 1


@time_machine.travel(VISPERA, tick=False)
def test_antes_de_la_fecha_de_envio_no_sale_nada(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    correr(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert envios_del(ayuntamiento) == []
    with scopes_disabled():
        assert not Reporte.objects.exists()


def test_los_dias_habiles_de_la_fecha_de_envio_saltan_los_inhabiles(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    # El 3 de julio inhábil: el quinto día hábil es el lunes 8.
    DiaInhabil.objects.create(
        ambito=Ambito.AYUNTAMIENTO,
        ayuntamiento=ayuntamiento,
        fecha_inicio=date(2024, 7, 3),
        fecha_fin=date(2024, 7, 3),
        motivo="Fiesta patronal",
        acuerdo="Acuerdo de Cabildo 12/2024",
    )
    with scopes_disabled():
        ConfiguracionReportes.objects.create(ayuntamiento=ayuntamiento, dias_habiles_envio=5)
    for dia in (5, 6, 7):
        with time_machine.travel(datetime(2024, 7, dia, 7, tzinfo=MX), tick=False):
            correr(django_capture_on_commit_callbacks)
    assert mail.outbox == []

    with time_machine.travel(datetime(2024, 7, 8, 7, tzinfo=MX), tick=False):
        correr(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_un_beat_perdido_envia_despues_solo_el_ultimo_periodo_cerrado(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    # Nada corrió en julio ni en octubre: a mediados de octubre sale el tercer trimestre,
    # nunca el segundo.
    with time_machine.travel(datetime(2024, 10, 21, 7, tzinfo=MX), tick=False):
        correr(django_capture_on_commit_callbacks)

    assert {(e.anio, e.periodo) for e in envios_del(ayuntamiento)} == {(2024, 3)}
    assert len(mail.outbox) == 2
    assert "tercer trimestre de 2024" in mail.outbox[0].subject


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_un_ayuntamiento_inactivo_no_envia(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    ayuntamiento.activo = False
    ayuntamiento.save()
    correr(django_capture_on_commit_callbacks)
    assert mail.outbox == []


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_un_reintento_del_mismo_envio_no_lo_repite(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    correr(django_capture_on_commit_callbacks)
    envio = envios_del(ayuntamiento)[0]

    assert tasks.enviar_reporte_por_correo.delay(envio.pk).get() == "ya enviado"
    assert len(mail.outbox) == 2
    envio.refresh_from_db()
    assert envio.intentos == 1


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_si_el_pdf_no_se_puede_guardar_no_queda_nada_a_medias(
    settings, tmp_path, ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    # Los archivos van a una «carpeta» que es un archivo: guardar el PDF falla de verdad.
    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path / "no-es-carpeta"
    settings.MEDIA_ROOT.write_text("")
    correr(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    with scopes_disabled():
        assert not Reporte.objects.exists()
        assert not Oficio.objects.exists()  # el número de oficio no se gastó
    filas = envios_del(ayuntamiento)
    assert {(e.estado, e.intentos, e.reporte_id) for e in filas} == {
        (EstadoEnvio.PENDIENTE, 0, None)
    }
    assert all(e.error.startswith("No se pudo generar el reporte:") for e in filas)

    settings.MEDIA_ROOT = media
    correr(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert {e.error for e in envios_del(ayuntamiento)} == {""}


# --- El correo -----------------------------------------------------------------------------


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_el_correo_lleva_texto_html_y_el_pdf_del_ayuntamiento(
    ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    correr(django_capture_on_commit_callbacks)

    mensaje = next(m for m in mail.outbox if m.to == ["titular@oaxaca.gob.mx"])
    contenido = pdf_de(mensaje)
    assert contenido.startswith(b"%PDF")
    assert "Oaxaca de Juárez" in texto_del_pdf(contenido)
    assert mensaje.body.startswith("Mtra. Keyla Matus:")
    assert "informe trimestral del segundo trimestre de 2024" in mensaje.body
    assert "va adjunto en PDF" in mensaje.body
    html = html_de(mensaje)
    assert "<strong>informe trimestral del segundo trimestre de 2024</strong>" in html
    assert mensaje.extra_headers["Auto-Submitted"] == "auto-generated"
    with scopes_disabled():
        reporte = Reporte.objects.get()
    assert reporte.sha256 in mensaje.body


def _logo_pesado(ayuntamiento) -> None:
    """Un logotipo de ruido (no se comprime): el PDF que lo lleva pasa de 1 MB."""
    generador = random.Random(7)
    imagen = Image.frombytes("RGB", (700, 700), generador.randbytes(700 * 700 * 3))
    archivo = io.BytesIO()
    imagen.save(archivo, "PNG")
    ayuntamiento.logo.save("logo.png", ContentFile(archivo.getvalue()))


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_un_pdf_demasiado_grande_se_envia_como_enlace_firmado_que_no_pide_cuenta(
    settings, ayuntamiento, destinatarios, client, django_capture_on_commit_callbacks
):
    settings.SITIO_URL = "https://transparencia.ejemplo.mx/"
    _logo_pesado(ayuntamiento)
    with scopes_disabled():
        ConfiguracionReportes.objects.create(ayuntamiento=ayuntamiento, tamano_maximo_adjunto_mb=1)
    correr(django_capture_on_commit_callbacks)

    with scopes_disabled():
        reporte = Reporte.objects.get()
    assert (reporte.tamano or 0) > 1024 * 1024
    assert len(mail.outbox) == 2
    rutas = []
    for mensaje in mail.outbox:
        assert mensaje.attachments == []
        (enlace,) = re.findall(
            r"https://transparencia\.ejemplo\.mx(/descargas/\S+/)", str(mensaje.body)
        )
        assert f'href="https://transparencia.ejemplo.mx{enlace}"' in html_de(mensaje)
        assert "no pide iniciar sesión y vale 30 días" in mensaje.body
        rutas.append(enlace)
    # Un enlace por destinatario (cada uno firma su envío).
    assert rutas[0] != rutas[1]
    # Sin sesión: el enlace baja ese mismo archivo.
    respuesta = client.get(rutas[0])
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith('attachment; filename="oaxaca-de-juarez-')
    with reporte.archivo.open("rb") as archivo:
        assert b"".join(respuesta.streaming_content) == archivo.read()
    # Alterado, da el mismo 404 que una dirección inexistente.
    alterado = rutas[0][:-3] + ("A" if rutas[0][-3] != "A" else "B") + rutas[0][-2:]
    assert client.get(alterado).status_code == 404
    assert client.get("/descargas/no-existe/").status_code == 404
    # Pasados 30 días, la página dice que venció y a quién pedirlo.
    with time_machine.travel(datetime(2024, 8, 5, 7, tzinfo=MX), tick=False):
        vencido = client.get(rutas[0])
    assert vencido.status_code == 410
    assert (
        "Los enlaces de los reportes enviados por correo valen 30 días" in vencido.content.decode()
    )
    # Un reporte que ya no está listo no se sirve aunque la firma valga.
    with scopes_disabled():
        Reporte.objects.filter(pk=reporte.pk).update(estado=EstadoReporte.ERROR)
    assert client.get(rutas[1]).status_code == 404


def test_enviar_ahora_manda_esta_version_una_vez_a_cada_destinatario(
    ayuntamiento,
    destinatarios,
    titular,
    usuario_garante,
    cliente_de,
    django_capture_on_commit_callbacks,
):
    with scope(ayuntamiento=ayuntamiento):
        reporte = envios.reporte_solicitar(
            ayuntamiento=ayuntamiento, tipo="trimestral", anio=2024, periodo=1,
            hoy=date(2024, 5, 2), encolar=False,
        )  # fmt: skip
        generar(reporte, hoy=date(2024, 5, 2))
    url = reverse(
        "reportes:enviar_ahora", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": reporte.pk}
    )
    # Un borrador no se envía.
    borrador = cliente_de(titular).post(url, follow=True).content.decode()
    assert "Sólo se envía un reporte emitido" in borrador
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True), scope(ayuntamiento=ayuntamiento):
        reporte_emitir(reporte_id=reporte.pk, usuario=titular, hoy=date(2024, 5, 2))
    # El garante no ve el borrador, y el emitido no lo puede enviar.
    assert cliente_de(usuario_garante).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente_de(titular).post(url, follow=True)
    assert "Se está enviando a 2 destinatario(s)." in respuesta.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contraloria@oaxaca.gob.mx",
        "titular@oaxaca.gob.mx",
    ]
    assert all(m.attachments for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        otra = cliente_de(titular).post(url, follow=True)
    assert "2 ya lo había(n) recibido y no se le repite." in otra.content.decode()
    assert len(mail.outbox) == 2
    # El envío programado del periodo lo encuentra hecho.
    with scopes_disabled():
        assert set(Envio.objects.values_list("estado", flat=True)) == {EstadoEnvio.ENVIADO}


def test_enviar_ahora_sin_destinatarios_lo_dice(ayuntamiento, titular, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        reporte = envios.reporte_solicitar(
            ayuntamiento=ayuntamiento, tipo="semestral", anio=2024, periodo=1,
            hoy=date(2024, 8, 2), encolar=False,
        )  # fmt: skip
    url = reverse(
        "reportes:enviar_ahora", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": reporte.pk}
    )
    respuesta = cliente_de(titular).post(url, follow=True)
    assert "Sólo se envía un reporte emitido" in respuesta.content.decode()
    with scopes_disabled():
        Reporte.objects.filter(pk=reporte.pk).update(
            estado=EstadoReporte.LISTO, emitido=timezone.now()
        )
    respuesta = cliente_de(titular).post(url, follow=True)
    assert "Este tipo de reporte no tiene destinatarios" in respuesta.content.decode()
    assert mail.outbox == []


# --- Un SMTP que rechaza -------------------------------------------------------------------


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_un_smtp_que_rechaza_deja_el_envio_fallido_y_la_corrida_siguiente_lo_manda_una_vez(
    settings, smtp_caido, ayuntamiento, destinatarios, django_capture_on_commit_callbacks
):
    correr(django_capture_on_commit_callbacks)

    filas = envios_del(ayuntamiento)
    assert len(filas) == 2
    for envio in filas:
        # El primer intento y sus cuatro reintentos, todos rechazados.
        assert envio.estado == EstadoEnvio.FALLIDO
        assert envio.intentos == tasks.REINTENTOS_CORREO + 1
        assert envio.enviado is None
        assert envio.error.startswith("No se pudo enviar:")
        assert envio.reporte is not None
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    correr(django_capture_on_commit_callbacks)
    correr(django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "contraloria@oaxaca.gob.mx",
        "titular@oaxaca.gob.mx",
    ]
    for envio in envios_del(ayuntamiento):
        assert envio.estado == EstadoEnvio.ENVIADO
        assert envio.intentos == tasks.REINTENTOS_CORREO + 2
        assert envio.error == ""
    with scopes_disabled():
        assert Reporte.objects.count() == 1


@time_machine.travel(DIA_DE_ENVIO, tick=False)
def test_el_admin_reintenta_los_envios_fallidos(
    settings,
    smtp_caido,
    ayuntamiento,
    destinatarios,
    cliente_de,
    django_capture_on_commit_callbacks,
):
    correr(django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    operador = Usuario.objects.create_superuser("operador@plataforma.mx", "x" * 12, nombre="Op")
    filas = envios_del(ayuntamiento)

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente_de(operador).post(
            reverse("admin:reportes_envio_changelist"),
            {"action": "reintentar", "_selected_action": [e.pk for e in filas]},
        )
    assert respuesta.status_code == 302
    assert len(mail.outbox) == 2
    assert {e.estado for e in envios_del(ayuntamiento)} == {EstadoEnvio.ENVIADO}


class CorreoLento(Locmem):
    """Un servidor que tarda en aceptar: abre la ventana en que dos envíos simultáneos
    del mismo correo se cruzarían si nada los ordenara."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dos_envios_simultaneos_del_mismo_correo_salen_una_vez(
    settings, ayuntamiento, destinatarios
):
    settings.EMAIL_BACKEND = "tests.reportes.test_envios.CorreoLento"
    with time_machine.travel(DIA_DE_ENVIO, tick=False):
        lote = lote_emitido(ayuntamiento, DIA_DE_ENVIO.date())
    envio_id = lote.por_enviar[0]
    resultados = []

    def enviar():
        try:
            resultados.append(envios.envio_enviar(envio_id=envio_id))
        finally:
            connection.close()  # cada hilo abre su conexión; la base de pruebas se borra al final

    hilos = [threading.Thread(target=enviar) for _ in range(2)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()

    # El segundo encuentra el reclamo del primero (o, si llega tarde, la marca de enviado).
    assert sorted(resultados) in (["enviado", "lo tiene otro"], ["enviado", "ya enviado"])
    assert len(mail.outbox) == 1


# --- Las tareas en beat --------------------------------------------------------------------


def test_la_migracion_programa_las_tareas_en_beat(db):
    tareas = {t.task: t for t in PeriodicTask.objects.filter(task__startswith="reportes.")}
    assert set(tareas) == {
        "reportes.tasks.enviar_reportes_programados",
        "reportes.tasks.enviar_avisos_diarios",
        "reportes.tasks.rescatar_generaciones",
    }
    for nombre in tareas:
        assert nombre in app.tasks  # el nombre apunta a una tarea que existe
    for nombre, hora, minuto in (
        ("reportes.tasks.enviar_reportes_programados", "7", "0"),
        ("reportes.tasks.enviar_avisos_diarios", "7", "30"),
    ):
        horario = tareas[nombre].crontab
        assert (horario.hour, horario.minute, str(horario.timezone)) == (
            hora,
            minuto,
            "America/Mexico_City",
        )
    # Cada minuto: lo que la web no pudo encolar sale en cuanto el broker vuelve.
    intervalo = tareas["reportes.tasks.rescatar_generaciones"].interval
    assert (intervalo.every, intervalo.period) == (1, "minutes")


# --- Aviso diario de vencimientos ----------------------------------------------------------

HOY = datetime(2024, 7, 10, 10, tzinfo=MX)
CONTACTO = ("juana.perez@correo.mx", "951 123 4567", "Juana Pérez López", "Calle Morelos 12")


def _solicitud(ayuntamiento, folio, recibida):
    with scope(ayuntamiento=ayuntamiento):
        return solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio=folio,
                recibida=recibida,
                nombre_solicitante=CONTACTO[2],
                correo_solicitante=CONTACTO[0],
                domicilio_solicitante=CONTACTO[3],
                descripcion=f"Nóminas de 2023. Llamarme al {CONTACTO[1]}.",
            )
        )


@pytest.fixture
def vencimientos(ayuntamiento, areas):
    """Al 10 de julio de 2024 (por vencer: 3 días hábiles): la solicitud S-VIEJA (recibida
    el 3 de junio) venció, y sus turnos a Tesorería y a Comunicación Social también; el de
    Obras Públicas está respondido. S-NUEVA (del 9 de julio) está en tiempo, con un turno
    a Obras en tiempo."""
    tesoreria, obras = areas
    with scopes_disabled():
        comunicacion = UnidadAdministrativa.objects.create(
            ayuntamiento=ayuntamiento, nombre="Comunicación Social"
        )
    with time_machine.travel(HOY, tick=False), scope(ayuntamiento=ayuntamiento):
        vieja = _solicitud(ayuntamiento, "S-VIEJA", datetime(2024, 6, 3, 10, tzinfo=MX))
        turnos = solicitud_turnar(
            solicitud=vieja, areas=[tesoreria, comunicacion, obras], fecha=date(2024, 6, 4)
        )
        turno_responder(turno=turnos[2], fecha=date(2024, 6, 6), respuesta="Se anexa.")
        nueva = _solicitud(ayuntamiento, "S-NUEVA", datetime(2024, 7, 9, 10, tzinfo=MX))
        (de_obras,) = solicitud_turnar(solicitud=nueva, areas=[obras], fecha=date(2024, 7, 10))
        vieja.refresh_from_db()
        nueva.refresh_from_db()
    hoy, limite = date(2024, 7, 10), date(2024, 7, 15)
    # Lo que el escenario supone, para que una falla aquí no se confunda con otra.
    assert semaforo(vieja.vence, hoy, limite) == Semaforo.VENCIDA and vieja.abierta
    assert semaforo(nueva.vence, hoy, limite) == Semaforo.EN_TIEMPO
    assert semaforo(turnos[0].vence, hoy, limite) == Semaforo.VENCIDA
    assert semaforo(de_obras.vence, hoy, limite) == Semaforo.EN_TIEMPO
    return {
        "vieja": vieja,
        "nueva": nueva,
        "tesoreria": turnos[0],
        "comunicacion": turnos[1],
        "de_obras": de_obras,
    }


def url(nombre, ayuntamiento, pk):
    return "http://127.0.0.1:8000" + reverse(
        f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": pk}
    )


def correo_de(usuario):
    (mensaje,) = [m for m in mail.outbox if m.to == [usuario.email]]
    return mensaje


def _todo_el_correo(mensaje) -> str:
    return mensaje.subject + mensaje.body + html_de(mensaje)


@time_machine.travel(HOY, tick=False)
def test_aviso_diario_a_cada_quien_lo_suyo(
    settings,
    ayuntamiento,
    vencimientos,
    titular,
    personal,
    enlace,
    enlace_otra_area,
    consulta,
    usuario_garante,
):
    settings.SITIO_URL = "http://127.0.0.1:8000"
    assert tasks.enviar_avisos_diarios.delay().get() == 3

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [titular.email, personal.email, enlace.email]
    )
    v = vencimientos
    # La Unidad: la solicitud vencida y los dos turnos pendientes vencidos.
    for usuario in (titular, personal):
        mensaje = correo_de(usuario)
        assert mensaje.subject == "Vencimientos al 10 de julio de 2024: 1 solicitud y 2 turnos"
        texto = mensaje.body
        assert url("detalle", ayuntamiento, v["vieja"].pk) in texto
        assert url("turno_detalle", ayuntamiento, v["tesoreria"].pk) in texto
        assert url("turno_detalle", ayuntamiento, v["comunicacion"].pk) in texto
        assert "S-NUEVA" not in texto
        assert url("turno_detalle", ayuntamiento, v["de_obras"].pk) not in texto
        assert "vencida" in texto
        assert f'href="{url("detalle", ayuntamiento, v["vieja"].pk)}"' in html_de(mensaje)
    # El enlace de Tesorería: sólo su turno, sin la solicitud ni datos de quien la hizo.
    mensaje = correo_de(enlace)
    assert mensaje.subject == "Vencimientos al 10 de julio de 2024: 1 turno"
    todo = _todo_el_correo(mensaje)
    assert url("turno_detalle", ayuntamiento, v["tesoreria"].pk) in todo
    assert url("turno_detalle", ayuntamiento, v["comunicacion"].pk) not in todo
    assert url("detalle", ayuntamiento, v["vieja"].pk) not in todo
    assert "Comunicación Social" not in todo
    for dato in CONTACTO:
        assert dato not in todo
    with scopes_disabled():
        avisos = {
            a.usuario_id: (a.solicitudes, a.turnos)
            for a in AvisoDiario.objects.filter(fecha=date(2024, 7, 10))
        }
    assert avisos == {titular.pk: (1, 2), personal.pk: (1, 2), enlace.pk: (0, 1)}


@time_machine.travel(HOY, tick=False)
def test_aviso_diario_una_vez_al_dia(ayuntamiento, vencimientos, titular, enlace):
    tasks.enviar_avisos_diarios.delay()
    tasks.enviar_avisos_diarios.delay("2024-07-10")
    assert len(mail.outbox) == 2

    tasks.enviar_avisos_diarios.delay("2024-07-11")
    assert len(mail.outbox) == 4
    assert AvisoDiario.objects.filter(usuario=titular).count() == 2


@time_machine.travel(HOY, tick=False)
def test_sin_pendientes_no_hay_aviso(ayuntamiento, titular, enlace, consulta):
    assert tasks.enviar_avisos_diarios.delay().get() == 0
    assert mail.outbox == []
    assert not AvisoDiario.objects.exists()


@time_machine.travel(HOY, tick=False)
def test_el_aviso_que_no_salio_no_queda_registrado(
    settings, smtp_caido, ayuntamiento, vencimientos, titular
):
    assert tasks.enviar_avisos_diarios.delay().get() == 0
    assert not AvisoDiario.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.enviar_avisos_diarios.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[titular.email]]


@time_machine.travel(HOY, tick=False)
def test_el_aviso_solo_a_personas_activas_de_ayuntamientos_activos(
    ayuntamiento, ayuntamiento_ajeno, vencimientos, titular, personal
):
    personal.is_active = False
    personal.save()
    with scopes_disabled():
        Membresia.objects.create(usuario=titular, ayuntamiento=ayuntamiento_ajeno, rol=Rol.TITULAR)
    tasks.enviar_avisos_diarios.delay()
    assert [m.to for m in mail.outbox] == [[titular.email]]
    assert "Puebla" not in mail.outbox[0].body

    ayuntamiento.activo = False
    ayuntamiento.save()
    tasks.enviar_avisos_diarios.delay("2024-07-11")
    assert len(mail.outbox) == 1
