"""Endurecimiento: bloqueo por intentos fallidos de entrada (sin que nadie pueda dejar fuera
a otro), sesiones de una jornada, restablecer la contraseña sin delatar cuentas, hojas de
cálculo sin fórmulas inyectadas, scripts sólo del sitio y bitácoras sin datos de quien
solicita."""

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.conf import settings as ajustes
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from organizacion.exportar import respuesta_tabla
from organizacion.servicios import oficio_emitir
from reportes.envios import avisos_diarios_enviar
from tests.conftest import CLAVE
from tests.solicitudes.test_vistas_solicitudes import HOY, datos_solicitud, url

MX = ZoneInfo("America/Mexico_City")


def _entrar(client, email, clave):
    return client.post(reverse("login"), {"username": email, "password": clave})


@pytest.mark.django_db
def test_cinco_intentos_fallidos_bloquean_aun_con_la_clave_correcta(client, titular):
    for _ in range(4):
        assert _entrar(client, titular.email, "no-es-la-clave").status_code == 200
    quinto = _entrar(client, titular.email, "tampoco")
    assert quinto.status_code == 429
    assert "Acceso bloqueado temporalmente" in quinto.content.decode()
    # Ya bloqueado, ni la contraseña correcta entra.
    bloqueado = _entrar(client, titular.email, CLAVE)
    assert bloqueado.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_un_acierto_reinicia_la_cuenta_de_fallos(client, titular):
    for _ in range(4):
        _entrar(client, titular.email, "no-es-la-clave")
    assert _entrar(client, titular.email, CLAVE).status_code == 302
    client.logout()
    for _ in range(4):
        assert _entrar(client, titular.email, "no-es-la-clave").status_code == 200


@pytest.mark.django_db
def test_cambiar_mayusculas_no_da_mas_intentos(client, titular):
    """Cinco fallos bloquean la cuenta, se escriba como se escriba el correo."""
    variantes = ["titular@oaxaca.gob.mx", "Titular@oaxaca.gob.mx", " TITULAR@Oaxaca.gob.mx "]
    for intento in range(5):
        _entrar(client, variantes[intento % 3], "no-es-la-clave")
    for variante in [*variantes, "tiTular@oaxaca.gob.mx"]:
        respuesta = _entrar(client, variante, CLAVE)
        assert respuesta.status_code == 429, variante
    assert "_auth_user_id" not in client.session


def _desde(cliente, ip: str, email: str, clave: str):
    """Una entrada que llega por el proxy (127.0.0.1) en nombre del cliente `ip`."""
    return cliente.post(
        reverse("login"),
        {"username": email, "password": clave},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=ip,
    )


@pytest.mark.django_db
def test_detras_del_proxy_el_atacante_no_bloquea_a_la_victima(settings, titular):
    settings.PROXIES_DE_CONFIANZA = 1
    atacante, victima = Client(), Client()
    for _ in range(6):
        _desde(atacante, "203.0.113.7", titular.email, "adivinanza")
    # El atacante queda bloqueado, aun con la contraseña correcta…
    assert _desde(atacante, "203.0.113.7", titular.email, CLAVE).status_code == 429
    # …y la titular, desde su oficina, entra: el bloqueo es del par correo y dirección real.
    assert _desde(victima, "198.51.100.20", titular.email, CLAVE).status_code == 302


@pytest.mark.django_db
def test_el_cliente_no_elige_su_direccion(settings, titular):
    """Lo que el cliente escribe en X-Forwarded-For antes del proxy no cuenta: el proxy agrega
    la dirección real al final y esa es la que se bloquea."""
    settings.PROXIES_DE_CONFIANZA = 1
    cliente = Client()
    for intento in range(5):
        _desde(cliente, f"10.0.0.{intento}, 203.0.113.7", titular.email, "adivinanza")
    assert _desde(cliente, "10.9.9.9, 203.0.113.7", titular.email, CLAVE).status_code == 429


@pytest.mark.django_db
def test_sin_proxies_de_confianza_el_encabezado_se_ignora(settings, titular):
    settings.PROXIES_DE_CONFIANZA = 0
    cliente = Client()
    for intento in range(5):
        _desde(cliente, f"203.0.113.{intento}", titular.email, "adivinanza")
    # Todas llegaron de 127.0.0.1: ese par quedó bloqueado, cambie lo que cambie el encabezado.
    assert _desde(cliente, "198.51.100.20", titular.email, CLAVE).status_code == 429


@pytest.mark.django_db
def test_una_direccion_que_prueba_muchas_cuentas_se_bloquea(settings, titular, personal):
    settings.PROXIES_DE_CONFIANZA = 1
    settings.INTENTOS_POR_DIRECCION = 12
    atacante = Client()
    for numero in range(12):  # tres fallos por cuenta: ninguna llega a cinco
        _desde(atacante, "203.0.113.7", f"persona{numero // 3}@oaxaca.gob.mx", "adivinanza")
    assert _desde(atacante, "203.0.113.7", personal.email, CLAVE).status_code == 429
    # Desde otra dirección la misma cuenta entra.
    assert _desde(Client(), "198.51.100.20", personal.email, CLAVE).status_code == 302


@pytest.mark.django_db
def test_restablecer_la_contrasena_no_delata_que_cuentas_existen(
    client, titular, django_capture_on_commit_callbacks
):
    """La petición sólo encola la tarea: mismas consultas, misma respuesta y ningún correo
    dentro de ella, exista o no la cuenta (con un SMTP real, su tiempo la delataría)."""
    vistas, tareas = {}, {}
    for email in (titular.email, "nadie@oaxaca.gob.mx"):
        with (
            CaptureQueriesContext(connection) as consultas,
            django_capture_on_commit_callbacks() as pendientes,
        ):
            respuesta = client.post(reverse("password_reset"), {"email": email})
        vistas[email] = (
            respuesta.status_code,
            respuesta["Location"],
            len(consultas.captured_queries),
        )
        tareas[email] = pendientes
    assert vistas[titular.email] == vistas["nadie@oaxaca.gob.mx"]
    assert vistas[titular.email][:2] == (302, reverse("password_reset_done"))
    assert mail.outbox == []
    assert [len(t) for t in tareas.values()] == [1, 1]
    # Ya en el worker, sólo la cuenta que existe recibe su enlace.
    for pendientes in tareas.values():
        pendientes[0]()
    (correo,) = mail.outbox
    assert correo.to == [titular.email]
    assert "/cuentas/reset/" in correo.body


@pytest.mark.django_db
def test_la_sesion_termina_al_acabar_la_jornada_o_al_cerrar_el_navegador(
    client, ayuntamiento, titular
):
    tablero = reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug})
    with time_machine.travel(datetime(2024, 7, 10, 8, 0, tzinfo=MX), tick=False) as viaje:
        respuesta = _entrar(client, titular.email, CLAVE)
        cookie = respuesta.cookies[ajustes.SESSION_COOKIE_NAME]
        # Sin fecha de caducidad: el navegador la borra al cerrarse.
        assert cookie["expires"] == "" and cookie["max-age"] == ""
        viaje.move_to(datetime(2024, 7, 10, 16, 59, tzinfo=MX))
        assert client.get(tablero).status_code == 200
        viaje.move_to(datetime(2024, 7, 10, 17, 1, tzinfo=MX))
        respuesta = client.get(tablero)
        assert respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login"))


PELIGROSAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUMA(A1)", "\t=1"]


def test_la_exportacion_csv_neutraliza_formulas():
    respuesta = respuesta_tabla(
        nombre="prueba",
        encabezados=["Texto", "Número"],
        filas=[[texto, -5] for texto in PELIGROSAS] + [["Normal", 3]],
        formato="csv",
    )
    filas = list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"))))
    assert [f[0] for f in filas[1:-1]] == ["'" + texto for texto in PELIGROSAS]
    # Los números negativos son números, no fórmulas: se quedan como están.
    assert filas[1][1] == "-5"
    assert filas[-1] == ["Normal", "3"]


def test_la_exportacion_xlsx_no_guarda_formulas():
    respuesta = respuesta_tabla(
        nombre="prueba", encabezados=["Texto"], filas=[[t] for t in PELIGROSAS], formato="xlsx"
    )
    hoja = openpyxl.load_workbook(io.BytesIO(respuesta.content)).active
    valores = [fila[0].value for fila in hoja.iter_rows(min_row=2)]
    assert valores == ["'" + texto for texto in PELIGROSAS]
    assert all(fila[0].data_type == "s" for fila in hoja.iter_rows(min_row=2))


@pytest.mark.django_db
def test_la_politica_de_contenido_no_admite_scripts_en_linea(client):
    politica = client.get(reverse("login"))["Content-Security-Policy"]
    directivas = dict(d.strip().split(" ", 1) for d in politica.split(";") if d.strip())
    assert directivas["script-src"] == "'self'"
    assert directivas["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directivas["script-src"]


def test_ninguna_plantilla_trae_scripts_en_linea():
    """Con script-src 'self' un script en línea no correría: todo va en static/js/. Sólo se
    admiten bloques de datos JSON (json_script), que no se ejecutan."""
    raiz = Path(ajustes.BASE_DIR) / "templates"
    en_linea = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    manejador = re.compile(r"\son[a-z]+\s*=", re.I)
    culpables = [
        str(plantilla.relative_to(raiz))
        for plantilla in raiz.rglob("*.html")
        if en_linea.search(texto := plantilla.read_text()) or manejador.search(texto)
    ]
    assert culpables == []


@pytest.mark.django_db
def test_los_datos_de_quien_solicita_no_llegan_a_las_bitacoras(
    ayuntamiento, personal, cliente_de, client, caplog
):
    """Registrar una solicitud con datos personales, equivocarse en formularios (una
    petición 400 se registra), fallar la entrada y mandar el aviso diario: ninguna línea de
    bitácora, de ningún nivel, trae el nombre, el correo o el domicilio de quien solicita."""
    privados = {
        "nombre_solicitante": "Rosalinda Quetzalli Hernández",
        "correo_solicitante": "rosalinda.privado@ejemplo.mx",
        "domicilio_solicitante": "Calle Jacarandas 123, Colonia Reforma",
    }
    caplog.set_level("DEBUG")
    with time_machine.travel(HOY, tick=False):
        cliente = cliente_de(personal)
        assert (
            cliente.post(url(ayuntamiento, "nueva"), datos_solicitud(**privados)).status_code == 302
        )
        invalida = cliente.post(
            url(ayuntamiento, "nueva"), datos_solicitud(**privados, recibida="ayer")
        )
        assert "Introduzca una fecha/hora válida." in invalida.content.decode()
        assert cliente.post(f"/{ayuntamiento.slug}/reportes/", {"tipo": "x"}).status_code == 400
        _entrar(client, privados["correo_solicitante"], "no-es-la-clave")
        avisos_diarios_enviar(fecha=HOY.date())
    bitacora = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert "Bad Request" in bitacora  # sí se registró la petición equivocada…
    for valor in privados.values():
        assert valor not in bitacora  # …pero sin los datos de la persona


@pytest.mark.django_db
def test_los_archivos_subidos_no_tienen_direccion_publica(
    ayuntamiento, titular, cliente_de, client
):
    """Un archivo guardado sólo sale por su vista, que verifica ayuntamiento y rol y lo
    entrega como adjunto; la ruta de medios no existe, ni con sesión ni sin ella."""
    with scope(ayuntamiento=ayuntamiento):
        oficio = oficio_emitir(
            ayuntamiento=ayuntamiento,
            fecha=date(2024, 7, 1),
            asunto="Respuesta",
            destinatario="Tesorería",
            archivo=SimpleUploadedFile("respuesta.pdf", b"%PDF-1.4 contenido privado"),
        )
    publica = f"{ajustes.MEDIA_URL}{oficio.archivo.name}"
    assert client.get(publica).status_code == 404
    assert cliente_de(titular).get(publica).status_code == 404
    descarga = cliente_de(titular).get(
        reverse(
            "organizacion:oficio_archivo",
            kwargs={"ayuntamiento": ayuntamiento.slug, "pk": oficio.pk},
        )
    )
    assert descarga["Content-Disposition"].startswith("attachment;")
    # El navegador no adivina el tipo: nunca lo abre como página.
    assert descarga["X-Content-Type-Options"] == "nosniff"
    assert b"".join(descarga.streaming_content) == b"%PDF-1.4 contenido privado"
