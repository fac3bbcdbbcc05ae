"""Las fallas de la operación, provocadas de verdad: la base que corta la conexión a media
generación, el broker apagado cuando alguien pide un reporte, un SMTP que acepta la conexión
y nunca contesta, y un worker matado con SIGKILL. En cada caso el reporte o el correo
terminan una sola vez, sin que nadie tenga que repetir nada, y sin archivos ni filas a
medias.

Cada prueba usa un Redis propio (tests/procesos.py), así apagarlo no toca a las demás, y
workers de Celery reales contra la base de pruebas de PostgreSQL."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from datetime import date

import psycopg
import pytest
import time_machine
from celery import Celery
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django_scopes import scope, scopes_disabled

from reportes import envios
from reportes.models import Envio, EstadoEnvio, EstadoReporte, Reporte
from reportes.servicios import reporte_solicitar
from tests.procesos import (
    adjuntos_pdf,
    arrancar_gunicorn,
    escucha,
    esperar,
    puerto_libre,
    redis_propio,
    servidor_smtp,
)
from tests.reportes.objetos import lote_emitido
from tests.reportes.test_envios import DIA_DE_ENVIO, destinatarios  # noqa: F401 (fixture)
from tests.worker import arrancar_worker, url_base_de_pruebas

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOY = date(2026, 12, 4)
# La bitácora de PostgreSQL nombra así las conexiones del worker: así se encuentra la suya.
APLICACION = "worker-de-fallas"


def _pedir_sin_encolar(ayuntamiento) -> Reporte:
    with scope(ayuntamiento=ayuntamiento):
        return reporte_solicitar(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            anio=2026,
            periodo=3,
            hoy=HOY,
            encolar=False,
        )


def _estado(reporte: Reporte) -> Reporte:
    with scopes_disabled():
        return Reporte.objects.get(pk=reporte.pk)


def _pdfs(carpeta) -> list:
    return sorted(carpeta.rglob("*.pdf"))


def _worker(broker: str, tmp_path, nombre: str, **entorno: str) -> subprocess.Popen:
    """Un worker real que escucha la cola por omisión de su Redis propio; su bitácora queda
    en tmp_path/<nombre>.log."""
    with open(tmp_path / f"{nombre}.log", "w") as bitacora:
        return arrancar_worker(
            "celery",
            salida=bitacora,
            CELERY_BROKER_URL=broker,
            DATABASE_URL=f"{url_base_de_pruebas()}?application_name={APLICACION}",
            MEDIA_ROOT=str(tmp_path / "archivos"),
            **entorno,
        )


def _detener(worker: subprocess.Popen, tmp_path, nombre: str) -> str:
    """Detiene el worker (si sigue vivo) y devuelve su bitácora."""
    if worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=60)
    return (tmp_path / f"{nombre}.log").read_text()


def _enviar(broker: str, tarea: str, *args) -> None:
    cliente = Celery("prueba", broker=broker)
    try:
        cliente.send_task(tarea, args=list(args))
    finally:
        cliente.close()


def _conexion_del_worker_en_espera() -> int | None:
    with connection.cursor() as cursor:
        # Dentro de una transacción pg_stat_activity es una foto; se pide una nueva.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
            " AND wait_event_type = 'Lock'",
            [APLICACION],
        )
        fila = cursor.fetchone()
    return fila[0] if fila else None


def _detener_la_generacion_a_media():
    """La generación toma la fila (`generando`) y se queda esperando la configuración de
    reportes, que esta transacción tiene bloqueada hasta salir del bloque."""
    bloque = transaction.atomic()
    bloque.__enter__()
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE reportes_configuracionreportes IN ACCESS EXCLUSIVE MODE")
    return bloque


def test_la_base_corta_la_conexion_a_media_generacion_y_el_reporte_sale_igual(
    ayuntamiento, tmp_path
):
    reporte = _pedir_sin_encolar(ayuntamiento)
    with redis_propio(puerto_libre()) as broker:
        worker = _worker(broker, tmp_path, "worker")
        try:
            bloqueo = _detener_la_generacion_a_media()
            try:
                _enviar(broker, "reportes.tasks.generar_reporte", reporte.pk)
                pid = esperar(_conexion_del_worker_en_espera, 60, "el worker no llegó al bloqueo")
                assert _estado(reporte).estado == EstadoReporte.GENERANDO
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                bloqueo.__exit__(None, None, None)
            inicio = time.monotonic()
            listo = esperar(
                lambda: _estado(reporte).estado == EstadoReporte.LISTO, 60, "no quedó listo"
            )
            assert listo and time.monotonic() - inicio < 60
        finally:
            bitacora = _detener(worker, tmp_path, "worker")
    final = _estado(reporte)
    assert final.intentos == 2, bitacora
    assert final.error == ""
    assert "terminating connection" in bitacora
    assert len(_pdfs(tmp_path / "archivos")) == 1


def test_un_worker_matado_a_media_generacion_lo_termina_el_rescate(ayuntamiento, tmp_path):
    """SIGKILL: el worker no alcanza a anotar nada y su mensaje no vuelve (hasta la
    visibilidad del broker, una hora). El rescate de cada minuto lo da por abandonado a los
    REPORTE_SEGUNDOS + 15 s y lo devuelve a la cola; otro worker lo genera."""
    reporte = _pedir_sin_encolar(ayuntamiento)
    with redis_propio(puerto_libre()) as broker:
        muerto = _worker(broker, tmp_path, "muerto", REPORTE_SEGUNDOS="10")
        bloqueo = _detener_la_generacion_a_media()
        try:
            _enviar(broker, "reportes.tasks.generar_reporte", reporte.pk)
            esperar(_conexion_del_worker_en_espera, 60, "el worker no llegó al bloqueo")
            muerto.send_signal(signal.SIGKILL)
            muerto.wait(timeout=10)
        finally:
            bloqueo.__exit__(None, None, None)
            _detener(muerto, tmp_path, "muerto")
        tomado = _estado(reporte)
        assert tomado.estado == EstadoReporte.GENERANDO and tomado.intentos == 1

        nuevo = _worker(broker, tmp_path, "nuevo", REPORTE_SEGUNDOS="10")
        try:
            # beat lo manda cada minuto; aquí, cada dos segundos para no esperar el minuto.
            def rescatado() -> bool:
                if _estado(reporte).estado == EstadoReporte.LISTO:
                    return True
                _enviar(broker, "reportes.tasks.rescatar_generaciones")
                time.sleep(1.8)
                return False

            esperar(rescatado, 10 + 15 + 30, "el rescate no lo terminó")
        finally:
            bitacora = _detener(nuevo, tmp_path, "nuevo")
    final = _estado(reporte)
    assert final.intentos == 2, bitacora
    # Abandonado a los 25 s de haberlo tomado, no antes.
    assert final.iniciado and tomado.iniciado
    assert (final.iniciado - tomado.iniciado).total_seconds() >= 25
    assert len(_pdfs(tmp_path / "archivos")) == 1


def _galletas(usuario) -> dict[str, str]:
    """Las cookies de una sesión iniciada de `usuario`, en la base que comparte gunicorn."""
    cliente = Client()
    cliente.force_login(usuario)
    return {nombre: galleta.value for nombre, galleta in cliente.cookies.items()}


def _sesion(usuario) -> http.cookiejar.CookieJar:
    frasco = http.cookiejar.CookieJar()
    for nombre, valor in _galletas(usuario).items():
        frasco.set_cookie(
            http.cookiejar.Cookie(
                0, nombre, valor, None, False, "127.0.0.1", False, False,
                "/", True, False, None, False, None, None, {},
            )
        )  # fmt: skip
    return frasco


def test_sin_broker_pedir_un_reporte_responde_enseguida_y_se_genera_al_volver(
    ayuntamiento, titular, tmp_path
):
    puerto_web, puerto_redis = puerto_libre(), puerto_libre()
    broker = f"redis://127.0.0.1:{puerto_redis}/0"  # nadie escucha ahí todavía
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(_sesion(titular)))
    base = f"http://127.0.0.1:{puerto_web}/{ayuntamiento.slug}/reportes/"
    servidor = arrancar_gunicorn(puerto_web, tmp_path, CELERY_BROKER_URL=broker)
    try:
        pagina = esperar(lambda: _leer(web, base), 30, "gunicorn no respondió").decode()
        assert 'name="periodo"' in pagina  # la sesión vale: es la página de reportes
        ficha = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina)[0]
        datos = {"csrfmiddlewaretoken": ficha, "tipo": "trimestral", "anio": "2026", "periodo": "3"}
        inicio = time.monotonic()
        with web.open(base, data=urllib.parse.urlencode(datos).encode(), timeout=30) as respuesta:
            respuesta_html = respuesta.read().decode()
        duracion = time.monotonic() - inicio
    finally:
        servidor.terminate()
        servidor.wait(timeout=30)
    assert duracion < 1, f"la petición tardó {duracion:.2f} s con el broker caído"
    assert "Se registró su solicitud; se generará en cuanto el servicio de tareas vuelva" in (
        respuesta_html
    )
    assert "En espera del servicio de tareas" in respuesta_html
    with scopes_disabled():
        (reporte,) = Reporte.objects.all()
    assert reporte.estado == EstadoReporte.PENDIENTE and reporte.encolado is None

    with redis_propio(puerto_redis):
        worker = _worker(broker, tmp_path, "worker")
        try:
            _enviar(broker, "reportes.tasks.rescatar_generaciones")
            esperar(lambda: _estado(reporte).estado == EstadoReporte.LISTO, 60, "no se generó")
        finally:
            _detener(worker, tmp_path, "worker")
    assert _estado(reporte).encolado is not None
    assert len(_pdfs(tmp_path / "archivos")) == 1


def _leer(web, url: str) -> bytes | None:
    try:
        with web.open(url, timeout=30) as respuesta:
            return respuesta.read()
    except OSError:  # aún no escucha
        return None


# --- Un SMTP mudo ------------------------------------------------------------------------


def test_un_smtp_que_nunca_contesta_no_retiene_la_fila_y_el_correo_sale_una_vez(
    settings,
    ayuntamiento,
    destinatarios,  # noqa: F811
):
    mudo = socket.socket()
    mudo.bind(("127.0.0.1", 0))
    mudo.listen()
    conectado = threading.Event()
    aceptadas: list[socket.socket] = []

    def aceptar() -> None:  # acepta y calla: ni el saludo 220
        conexion, _ = mudo.accept()
        aceptadas.append(conexion)
        conectado.set()

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = mudo.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1  # EMAIL_URL=smtp://…?timeout=1
    with time_machine.travel(DIA_DE_ENVIO, tick=False):
        lote = lote_emitido(ayuntamiento, DIA_DE_ENVIO.date())
    envio_id = lote.por_enviar[0]
    resultado: list[str] = []

    def intentar() -> None:
        try:
            resultado.append(envios.envio_intentar(envio_id=envio_id, ultimo=False))
        finally:
            connection.close()

    threading.Thread(target=aceptar, daemon=True).start()
    inicio = time.monotonic()
    hilo = threading.Thread(target=intentar)
    hilo.start()
    try:
        assert conectado.wait(10)
        # Mientras el SMTP calla, nadie tiene la fila bloqueada: otra conexión la toma ya.
        datos = connection.settings_dict
        with psycopg.connect(
            host=datos["HOST"] or "127.0.0.1",
            port=datos["PORT"] or 5432,
            user=datos["USER"],
            dbname=datos["NAME"],
            autocommit=False,
        ) as otra:
            fila = otra.execute(
                "SELECT estado FROM reportes_envio WHERE id = %s FOR UPDATE NOWAIT", [envio_id]
            ).fetchone()
        assert fila == (EstadoEnvio.ENVIANDO,)
        hilo.join(timeout=30)
    finally:
        for conexion in aceptadas:
            conexion.close()
        mudo.close()
    assert time.monotonic() - inicio < 10
    assert resultado == ["reintentar"]
    with scopes_disabled():
        envio = Envio.objects.get(pk=envio_id)
    assert envio.estado == EstadoEnvio.PENDIENTE and envio.reclamado is None
    assert envio.error.startswith(
        "Falló un intento (el servidor de correo no contestó en su tiempo de espera (1 s) ["
    )

    with servidor_smtp() as (buzon, puerto):
        settings.EMAIL_PORT = puerto
        assert envios.envio_intentar(envio_id=envio_id, ultimo=False) == "enviado"
        assert envios.envio_intentar(envio_id=envio_id, ultimo=False) == "ya enviado"
    assert [mensaje["To"] for mensaje in buzon.recibidos] == [envio.correo]
    assert len(adjuntos_pdf(buzon.recibidos[0])) == 1


# --- Una descarga grande a un cliente lento ------------------------------------------------

MB = 1024 * 1024


def _descarga_lenta(puerto: int, ruta: str, galletas: dict[str, str]) -> tuple[int, int]:
    """Baja `ruta` a unos 2.5 MB/s con un búfer de recepción chico, como un enlace lento:
    devuelve (Content-Length, bytes recibidos del cuerpo)."""
    cliente = socket.socket()
    cliente.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    cliente.settimeout(30)
    cliente.connect(("127.0.0.1", puerto))
    cookie = "; ".join(f"{n}={v}" for n, v in galletas.items())
    cliente.sendall(
        f"GET {ruta} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    recibido = b""
    with cliente:
        while True:
            pedazo = cliente.recv(64 * 1024)
            if not pedazo:
                break
            recibido += pedazo
            time.sleep(0.025)
    encabezados, _, cuerpo = recibido.partition(b"\r\n\r\n")
    assert encabezados.startswith(b"HTTP/1.1 200"), encabezados[:200]
    (largo,) = re.findall(rb"(?i)content-length: (\d+)", encabezados)
    return int(largo), len(cuerpo)


@pytest.mark.parametrize(
    "opciones, completa",
    [
        # La configuración de transparencia/gunicorn.py (gthread): el hilo que sirve el
        # archivo no detiene el latido del proceso.
        ((), True),
        # Procesos síncronos, como antes: el mismo cliente lento se corta con estado 200 (la
        # prueba sabe fallar).
        (("--worker-class", "sync", "--threads", "1"), False),
    ],
    ids=["gthread", "sync"],
)
def test_una_descarga_grande_a_un_cliente_lento_llega_completa(
    ayuntamiento, titular, tmp_path, opciones, completa
):
    contenido = b"%PDF-1.7\n" + os.urandom(20 * MB)
    with scope(ayuntamiento=ayuntamiento):
        reporte = _pedir_sin_encolar(ayuntamiento)
        reporte.archivo.save("evidencias.pdf", ContentFile(contenido), save=False)
        reporte.estado = EstadoReporte.LISTO
        reporte.tamano = len(contenido)
        reporte.save()
    puerto = puerto_libre()
    # Tres segundos de tiempo máximo (en producción, 30): la descarga dura unos ocho.
    servidor = arrancar_gunicorn(puerto, tmp_path, "--timeout", "3", *opciones)
    try:
        esperar(lambda: escucha(puerto), 30, "gunicorn no respondió")
        largo, recibidos = _descarga_lenta(
            puerto, f"/{ayuntamiento.slug}/reportes/{reporte.pk}/descargar/", _galletas(titular)
        )
    finally:
        servidor.terminate()
        servidor.wait(timeout=30)
    assert largo == len(contenido)
    assert (recibidos == largo) is completa, f"{recibidos} de {largo} bytes"
