"""Las órdenes de reportes: `generar_reporte` produce fuera de la web el mismo PDF (una
versión nueva) y `enviar_reportes_programados` corre el envío programado aquí mismo, con
un resumen. Una entrada mala da un error en español y no deja nada a medias."""

import io
import shlex
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope, scopes_disabled

from organizacion.models import Oficio
from reportes.generacion import generar, oficio_de_remision
from reportes.models import AvisoDiario, Destinatario, Envio, EstadoEnvio, EstadoReporte, Reporte
from solicitudes.models import Solicitud
from solicitudes.servicios import solicitud_registrar
from tests.procesos import puerto_libre
from tests.reportes.pdf import texto_del_pdf

MX = ZoneInfo("America/Mexico_City")
HOY = datetime(2024, 7, 10, 10, tzinfo=MX)


def correr(*argumentos: str) -> str:
    salida = io.StringIO()
    call_command(*argumentos, stdout=salida)
    return salida.getvalue()


def reportes_de(ayuntamiento):
    with scopes_disabled():
        return list(Reporte.objects.filter(ayuntamiento=ayuntamiento).order_by("version"))


# --- generar_reporte -----------------------------------------------------------------------

OAXACA = "--ayuntamiento oaxaca-de-juarez --tipo trimestral"
GENERAR = ("generar_reporte", *OAXACA.split())


@time_machine.travel(HOY, tick=False)
def test_generar_reporte_escribe_el_pdf_en_la_salida(ayuntamiento, tmp_path):
    destino = tmp_path / "informe.pdf"
    texto = correr(*GENERAR, "--anio", "2024", "--periodo", "2", "--salida", str(destino))

    contenido = destino.read_bytes()
    assert contenido.startswith(b"%PDF")
    assert "Oaxaca de Juárez" in texto_del_pdf(contenido)
    (reporte,) = reportes_de(ayuntamiento)
    assert reporte.estado == EstadoReporte.LISTO and reporte.version == 1
    assert reporte.solicitado_por is None
    # La copia es el mismo archivo que quedó guardado.
    assert Path(reporte.archivo.path).read_bytes() == contenido
    assert f"Copia escrita en {destino}" in texto
    assert "Informe trimestral de Oaxaca de Juárez, segundo trimestre de 2024 (versión 1" in texto


@time_machine.travel(HOY, tick=False)
def test_sin_salida_dice_donde_quedo_y_cada_corrida_es_otra_version(ayuntamiento):
    correr(*GENERAR, "--anio", "2024", "--periodo", "2")
    texto = correr(*GENERAR, "--anio", "2024", "--periodo", "2")

    primera, segunda = reportes_de(ayuntamiento)
    assert (primera.version, segunda.version) == (1, 2)
    assert f"Guardado en {segunda.archivo.path}" in texto
    assert Path(segunda.archivo.path).read_bytes().startswith(b"%PDF")
    assert primera.archivo.name != segunda.archivo.name
    # Sin --emitir son borradores: ningún número de oficio se gasta.
    assert "(versión 2, " in texto and "): borrador." in texto
    assert primera.oficio_id is None and segunda.oficio_id is None


@time_machine.travel(HOY, tick=False)
def test_con_emitir_cada_version_lleva_su_propio_oficio(ayuntamiento):
    textos = [correr(*GENERAR, "--anio", "2024", "--periodo", "2", "--emitir") for _ in "12"]

    primera, segunda = reportes_de(ayuntamiento)
    assert primera.oficio_id != segunda.oficio_id
    assert primera.emitido is not None and segunda.emitido is not None
    assert f"emitido con el oficio {segunda.oficio}." in textos[1]
    assert f"No. DE OFICIO: {segunda.oficio}" in texto_del_pdf(
        Path(segunda.archivo.path).read_bytes()
    )


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        (
            "--ayuntamiento no-existe --tipo trimestral --anio 2024 --periodo 2",
            "No existe el ayuntamiento «no-existe».",
        ),
        (
            "--ayuntamiento oaxaca-de-juarez --tipo mensual --anio 2024 --periodo 2",
            "No existe el tipo de reporte «mensual»; use uno de: ",
        ),
        (f"{OAXACA} --anio 2024 --periodo 4", "El cuarto trimestre de 2024 aún no comienza"),
        (f"{OAXACA} --anio 2024 --periodo 5", "El trimestre debe ser un número del 1 al 4."),
        (f"{OAXACA} --anio 1990 --periodo 1", "El año 1990 está fuera de rango."),
        (
            f"{OAXACA} --anio 'dos mil' --periodo 1",
            "--anio debe ser un número entero, no «dos mil».",
        ),
        (f"{OAXACA} --anio 2024", "Falta --periodo."),
        ("--tipo trimestral --anio 2024 --periodo 2", "Falta --ayuntamiento"),
        ("--ayuntamiento oaxaca-de-juarez --anio 2024 --periodo 2", "Falta --tipo"),
    ],
    ids=[
        "ayuntamiento",
        "tipo",
        "no_comienza",
        "periodo",
        "anio_fuera",
        "anio_texto",
        "sin_periodo",
        "sin_ayuntamiento",
        "sin_tipo",
    ],
)
def test_generar_reporte_con_entrada_mala(ayuntamiento, argumentos, mensaje):
    with pytest.raises(CommandError) as error:
        correr("generar_reporte", *shlex.split(argumentos))
    assert mensaje in str(error.value)
    assert reportes_de(ayuntamiento) == []


@time_machine.travel(HOY, tick=False)
def test_una_salida_en_carpeta_inexistente_no_genera_nada(ayuntamiento, tmp_path):
    destino = tmp_path / "no-existe" / "informe.pdf"
    with pytest.raises(CommandError, match="No existe la carpeta"):
        correr(*GENERAR, "--anio", "2024", "--periodo", "2", "--salida", str(destino))
    assert reportes_de(ayuntamiento) == []
    with scopes_disabled():
        assert not Oficio.objects.exists()


# --- enviar_reportes_programados -----------------------------------------------------------


def emitido_aqui(ayuntamiento) -> None:
    """La titular emite el borrador que dejó la corrida; se genera aquí con su número (sin
    el despacho al worker: la orden siguiente es la que envía)."""
    with scope(ayuntamiento=ayuntamiento):
        borrador = Reporte.objects.get(emitido__isnull=True)
        oficio_de_remision(borrador, hoy=HOY.date(), usuario=None)
        generar(borrador, hoy=HOY.date())


@pytest.fixture
def destinatarios(ayuntamiento):
    with scopes_disabled():
        for correo in ("titular@oaxaca.gob.mx", "contraloria@oaxaca.gob.mx"):
            Destinatario.objects.create(
                ayuntamiento=ayuntamiento, tipo="trimestral", nombre=correo, correo=correo
            )


@time_machine.travel(HOY, tick=False)
def test_el_envio_programado_a_mano_manda_una_vez_y_resume(ayuntamiento, destinatarios):
    texto = correr("enviar_reportes_programados", "--fecha", "2024-07-05")
    assert (
        "Oaxaca de Juárez · Informe trimestral (segundo trimestre de 2024): el borrador "
        "(versión 1) espera que la persona titular lo emita; 2 correos saldrán al emitirlo."
    ) in texto
    assert "Reportes: 0 correos enviados, 0 con falla, 0 ya se habían enviado, 2 esperan" in texto
    assert mail.outbox == []
    emitido_aqui(ayuntamiento)

    texto = correr("enviar_reportes_programados", "--fecha", "2024-07-05")
    assert (
        "Oaxaca de Juárez · Informe trimestral (segundo trimestre de 2024): 2 enviados ahora."
        in (texto)
    )
    assert "Reportes: 2 correos enviados, 0 con falla, 0 ya se habían enviado, 0 esperan" in texto
    assert len(mail.outbox) == 2

    texto = correr("enviar_reportes_programados", "--fecha", "2024-07-05")
    assert "(segundo trimestre de 2024): 2 ya enviados antes." in texto
    assert len(mail.outbox) == 2


@time_machine.travel(HOY, tick=False)
def test_antes_de_la_fecha_de_envio_no_hay_nada_que_enviar(ayuntamiento, destinatarios):
    texto = correr("enviar_reportes_programados", "--fecha", "2024-07-04")
    assert "No hay reportes programados que enviar." in texto
    assert mail.outbox == []
    with scopes_disabled():
        assert not Envio.objects.exists()


@time_machine.travel(HOY, tick=False)
def test_el_envio_a_mano_con_smtp_caido_deja_fallido(settings, ayuntamiento, destinatarios):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", puerto_libre()
    correr("enviar_reportes_programados", "--fecha", "2024-07-05")
    emitido_aqui(ayuntamiento)
    texto = correr("enviar_reportes_programados", "--fecha", "2024-07-05")

    assert "2 con falla." in texto
    with scopes_disabled():
        assert {(e.estado, e.intentos) for e in Envio.objects.all()} == {(EstadoEnvio.FALLIDO, 1)}


@time_machine.travel(HOY, tick=False)
def test_con_avisos_tambien_manda_el_aviso_diario(ayuntamiento, titular):
    with scope(ayuntamiento=ayuntamiento):
        solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="S-VIEJA",
                recibida=datetime(2024, 6, 3, 10, tzinfo=MX),
                descripcion="Nóminas",
            )
        )
    texto = correr("enviar_reportes_programados", "--avisos")
    assert "Aviso diario del 10 de julio de 2024: 1 enviados, 0 ya se habían enviado." in texto
    assert [m.to for m in mail.outbox] == [[titular.email]]
    assert AvisoDiario.objects.filter(usuario=titular, fecha=date(2024, 7, 10)).exists()

    texto = correr("enviar_reportes_programados", "--avisos")
    assert "0 enviados, 1 ya se habían enviado." in texto
    assert len(mail.outbox) == 1


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    ("fecha", "mensaje"),
    [
        ("05/07/2024", "La fecha «05/07/2024» no es válida; use el formato AAAA-MM-DD"),
        ("2024-02-30", "La fecha «2024-02-30» no es válida"),
        ("2024-07-11", "La fecha 11 de julio de 2024 aún no llega."),
    ],
)
def test_una_fecha_mala_da_un_error_en_espanol(ayuntamiento, destinatarios, fecha, mensaje):
    with pytest.raises(CommandError) as error:
        correr("enviar_reportes_programados", "--fecha", fecha)
    assert mensaje in str(error.value)
    assert mail.outbox == []
