"""La tarea de generación: idempotente, reintenta sólo las fallas pasajeras (y reutiliza el
oficio ya emitido), deja un error legible en las demás, y rescata las generaciones que un
worker muerto dejó a medias.

Las fallas se inyectan en la frontera con WeasyPrint (`reportes.generacion.pdf_de_html`):
la primera llamada falla como fallaría la red o la base, las siguientes convierten de
verdad."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone
from django_scopes import scopes_disabled

from organizacion.models import Oficio
from reportes import generacion, tasks
from reportes.models import EstadoReporte, Reporte

from .objetos import reporte_pendiente
from .pdf import texto_del_pdf


@pytest.fixture(autouse=True)
def _hoy():
    with time_machine.travel("2024-07-10 12:00-06:00", tick=False):
        yield


@pytest.fixture
def pendiente(ayuntamiento) -> Reporte:
    return reporte_pendiente(ayuntamiento)


def _falla(monkeypatch, excepcion: Exception, veces: int) -> list[int]:
    """Hace fallar las primeras `veces` conversiones a PDF; devuelve el contador."""
    llamadas = [0]
    real = generacion.pdf_de_html

    def convertir(html: str, **opciones) -> bytes:
        llamadas[0] += 1
        if llamadas[0] <= veces:
            raise excepcion
        return real(html, **opciones)

    monkeypatch.setattr(generacion, "pdf_de_html", convertir)
    return llamadas


def _fila(reporte: Reporte) -> Reporte:
    with scopes_disabled():
        return Reporte.objects.select_related("oficio").get(pk=reporte.pk)


def test_el_borrador_no_toma_numero_de_oficio(pendiente):
    assert tasks.generar_reporte.delay(pendiente.pk).get() == "listo"
    fila = _fila(pendiente)
    assert fila.estado == EstadoReporte.LISTO and fila.emitido is None and fila.oficio is None
    with scopes_disabled():
        assert not Oficio.objects.exists()
    texto = texto_del_pdf(fila.archivo.read())
    assert "BORRADOR" in texto and "Borrador sin número" in texto


def test_una_falla_pasajera_de_la_emision_se_reintenta_con_el_mismo_oficio(pendiente, monkeypatch):
    # La emisión tomó el número (reportes.servicios.reporte_emitir) y encoló la generación.
    with scopes_disabled():
        generacion.oficio_de_remision(pendiente, hoy=date(2024, 7, 10), usuario=None)
    llamadas = _falla(monkeypatch, OperationalError("la base no responde"), veces=1)
    assert tasks.generar_reporte.delay(pendiente.pk).get() == "emitido"
    fila = _fila(pendiente)
    assert llamadas[0] == 2
    assert fila.estado == EstadoReporte.LISTO
    assert fila.intentos == 2
    assert fila.error == ""
    texto = texto_del_pdf(fila.archivo.read())
    assert "Oaxaca de Juárez" in texto
    with scopes_disabled():
        # El reintento no gastó otro número de oficio.
        assert Oficio.objects.count() == 1
    assert fila.oficio is not None and fila.oficio.folio in texto
    assert fila.emitido is not None and "BORRADOR" not in texto


def test_agotados_los_reintentos_queda_en_error_sin_archivo(pendiente, monkeypatch):
    _falla(monkeypatch, ConnectionError("sin red"), veces=99)
    tasks.generar_reporte.delay(pendiente.pk)
    fila = _fila(pendiente)
    assert fila.estado == EstadoReporte.ERROR
    assert fila.intentos == tasks.REINTENTOS + 1
    assert fila.error == f"No se pudo generar después de {tasks.REINTENTOS + 1} intentos: sin red"
    assert not fila.archivo
    assert fila.terminado is not None


def test_una_falla_que_no_es_pasajera_no_se_reintenta(pendiente, monkeypatch):
    llamadas = _falla(monkeypatch, ValueError("imagen del logotipo dañada"), veces=99)
    assert tasks.generar_reporte.delay(pendiente.pk).get() == "error"
    fila = _fila(pendiente)
    assert llamadas[0] == 1
    assert fila.estado == EstadoReporte.ERROR
    assert fila.error == "No se pudo generar el reporte: imagen del logotipo dañada"


def test_es_idempotente_un_reporte_listo_no_se_reescribe(pendiente):
    tasks.generar_reporte.delay(pendiente.pk)
    antes = _fila(pendiente)
    assert tasks.generar_reporte.delay(pendiente.pk).get() == "ya estaba listo"
    despues = _fila(pendiente)
    assert (despues.archivo.name, despues.sha256, despues.intentos, despues.terminado) == (
        antes.archivo.name,
        antes.sha256,
        antes.intentos,
        antes.terminado,
    )


def test_un_reporte_borrado_no_rompe_la_tarea(pendiente):
    with scopes_disabled():
        Reporte.objects.filter(pk=pendiente.pk).delete()
    assert tasks.generar_reporte.delay(pendiente.pk).get() == "no existe"


def test_la_generacion_abandonada_vuelve_a_la_cola_y_termina(pendiente, ayuntamiento):
    """Un worker murió con la fila en `generando` (y quizá un archivo a medias en disco):
    el rescate la devuelve a `pendiente` y la vuelve a encolar; la nueva ejecución escribe
    el PDF completo. Una generación reciente no se toca."""
    hace_rato = timezone.now() - tasks.GENERACION_ABANDONADA - timedelta(minutes=1)
    reciente = reporte_pendiente(ayuntamiento, periodo=1)
    with scopes_disabled():
        Reporte.objects.filter(pk=pendiente.pk).update(
            estado=EstadoReporte.GENERANDO, iniciado=hace_rato, intentos=1
        )
        Reporte.objects.filter(pk=reciente.pk).update(
            estado=EstadoReporte.GENERANDO, iniciado=timezone.now()
        )
    assert tasks.rescatar_generaciones.delay().get() == 1
    fila = _fila(pendiente)
    assert fila.estado == EstadoReporte.LISTO
    assert fila.intentos == 2
    assert fila.archivo.read().startswith(b"%PDF-")
    assert _fila(reciente).estado == EstadoReporte.GENERANDO
