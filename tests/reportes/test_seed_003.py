"""El informe trimestral de Oaxaca de Juárez, abril a junio de 2024 (seed 003), generado de
verdad: cada cifra del informe en papel sale en el PDF, en su tabla y en su mes, y los CSV
de datos abiertos traen exactamente las mismas cifras.

Los datos se cargan una vez para el módulo con la demo de la seed 003 (sólo Oaxaca), dentro
de una transacción que se revierte al final."""

import csv
import io
import random
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from capacitacion import demo as demo_capacitacion
from organizacion import demo as demo_organizacion
from organizacion.models import Ayuntamiento, Membresia, Rol, UnidadAdministrativa
from poa import demo as demo_poa
from reportes import generacion
from reportes.models import ConfiguracionReportes, EstadoReporte, Reporte
from solicitudes import demo as demo_solicitudes

from .pdf import paginas_del_pdf, renglones_de_tabla, texto_del_pdf

# Como en la prueba de la demo: un lunes de 2026, con todo 2024 ya resuelto.
HOY = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("America/Mexico_City"))


@pytest.fixture(scope="module")
def oaxaca_003(django_db_setup, django_db_blocker):
    viaje = time_machine.travel(HOY, tick=False)
    viaje.start()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
            transaction.atomic(),
        ):
            demo_organizacion.cargar(StringIO())
            with scopes_disabled():
                oaxaca = Ayuntamiento.objects.get(slug="oaxaca-de-juarez")
                solicitudes = demo_solicitudes._Demo(oaxaca)
                solicitudes.trimestre_003()
                solicitudes.guardar()
            with scope(ayuntamiento=oaxaca):
                areas = list(UnidadAdministrativa.objects.filter(ayuntamiento=oaxaca))
                demo_capacitacion._sesiones(oaxaca, random.Random(oaxaca.slug), areas)
                demo_capacitacion._asesorias(oaxaca, random.Random(oaxaca.slug))
                demo_poa._oaxaca(oaxaca)
                ConfiguracionReportes.objects.update_or_create(
                    ayuntamiento=oaxaca,
                    defaults={
                        "lugar": "Oaxaca de Juárez, Oaxaca",
                        "destinatario": "Lic. Keyla Matus Meléndez",
                        "cargo_destinatario": "Titular de la Unidad de Transparencia",
                        "elaboro_nombre": "Lic. Fatima Anai Sanchez Carrasco",
                        "elaboro_cargo": "Jefa de Departamento de la Vinculación con la Sociedad y Gobierno Abierto",
                        "vobo_nombre": "Lic. Keyla Matus Meléndez",
                        "vobo_cargo": "Titular de Unidad de Transparencia",
                        "lemas": '"EL RESPETO AL DERECHO AJENO ES LA PAZ"\n"POR UNA CIUDAD EDUCADORA"',
                    },
                )
            yield oaxaca
            transaction.set_rollback(True)
    finally:
        viaje.stop()


@pytest.fixture(scope="module")
def informe(oaxaca_003, django_db_blocker):
    """El PDF del segundo trimestre de 2024, generado una vez para el módulo."""
    with django_db_blocker.unblock(), scope(ayuntamiento=oaxaca_003):
        reporte = Reporte.objects.create(
            ayuntamiento=oaxaca_003, tipo="trimestral", anio=2024, periodo=2
        )
        # Emitido, como lo recibe el garante: con su número de oficio.
        generacion.oficio_de_remision(reporte, hoy=timezone.localdate(), usuario=None)
        contenido = generacion.generar(reporte)
    return reporte, contenido


@pytest.fixture
def texto(informe, db) -> str:
    return texto_del_pdf(informe[1])


def test_el_pdf_queda_listo_con_su_huella_y_su_oficio(informe, db):
    reporte, contenido = informe
    assert reporte.estado == EstadoReporte.LISTO
    assert contenido.startswith(b"%PDF-")
    assert reporte.tamano == len(contenido)
    assert len(reporte.sha256) == 64
    # El oficio de remisión sale del registro de oficios, con su número consecutivo.
    assert reporte.oficio.folio.startswith("UT/")
    assert reporte.oficio.tipo == "informe"


def test_encabezado_oficio_firmas_y_numeros_de_pagina(informe, texto, db):
    reporte, contenido = informe
    paginas = paginas_del_pdf(contenido)
    total = len(paginas)
    for numero, pagina in enumerate(paginas, start=1):
        assert f"Página {numero} de {total}" in pagina
        assert "2024, Bicentenario de la integración de Oaxaca a la República Mexicana" in pagina
    portada = " ".join(paginas[0].split())  # sin los saltos de línea del párrafo
    assert f"No. DE OFICIO: {reporte.oficio.folio}" in portada
    assert "Oaxaca de Juárez, Oaxaca, 16 de marzo de 2026." in portada
    assert "LIC. KEYLA MATUS MELÉNDEZ" in portada.upper()
    assert "EL RESPETO AL DERECHO AJENO ES LA PAZ" in portada
    assert "abril – junio de 2024" in portada
    # Con firmantes configurados no hay página de avisos.
    assert "Avisos antes de firmar".upper() not in texto.upper()
    final = paginas[-1]
    assert "Elaboró" in final and "Vo. Bo." in final
    assert "Lic. Fatima Anai Sanchez Carrasco" in final
    assert "Titular de Unidad de Transparencia" in final


def test_solicitudes_recibidas_y_atendidas_por_mes(texto):
    renglones = renglones_de_tabla(
        texto,
        "Recepción y atención de solicitudes de acceso a la información y ARCO",
        hasta="Solicitudes recibidas y atendidas por sexo",
    )
    assert "Abril 26 0 26 26" in renglones
    assert "Mayo 13 0 13 13" in renglones
    assert "Junio 32 0 32 32" in renglones
    assert "Total 71 0 71 71" in renglones


def test_solicitudes_por_sexo(texto):
    renglones = renglones_de_tabla(
        texto, "Solicitudes recibidas y atendidas por sexo", hasta="Solicitudes recibidas por medio"
    )
    # Hombre, mujer, no identificado: recibidas y luego atendidas (todas se atendieron).
    assert "Abril 10 6 10 10 6 10" in renglones
    assert "Mayo 6 3 4 6 3 4" in renglones
    assert "Junio 4 20 8 4 20 8" in renglones


def test_oficios_de_turno_y_respuesta(texto):
    renglones = renglones_de_tabla(
        texto, "Oficios de turno a las áreas y de respuesta", hasta="Recursos de revisión"
    )
    for renglon in ["Abril 49 41", "Mayo 20 17", "Junio 69 69", "Total 138 127"]:
        assert renglon in renglones


def test_recursos_de_revision(texto):
    recibidos = renglones_de_tabla(
        texto,
        "Recepción y atención de recursos de revisión",
        hasta="Recursos de revisión recibidos por sexo",
    )
    assert "Abril 3 3" in recibidos
    assert "Total 5 5" in recibidos
    por_sexo = renglones_de_tabla(
        texto, "Recursos de revisión recibidos por sexo", hasta="Oficios de recepción"
    )
    assert "Abril 1 0 2" in por_sexo
    oficios = renglones_de_tabla(
        texto, "Oficios de recepción y respuesta a recursos de revisión", hasta="Denuncias"
    )
    assert "Abril 4 4 3 0" in oficios
    assert "Mayo 1 1 1 0" in oficios
    assert "Junio 2 2 1 0" in oficios


def test_denuncias_capacitacion_y_asesorias(texto):
    denuncias = renglones_de_tabla(
        texto, "Denuncias por incumplimiento", hasta="Capacitación y asesorías"
    )
    assert "Junio 0 0 1 1" in denuncias
    capacitacion = renglones_de_tabla(
        texto,
        "Capacitación: sesiones y personas asistentes por sexo",
        hasta="Asesorías por público",
    )
    assert "Abril 4 58 101 0 159" in capacitacion
    assert "Mayo 0 0 0 0 0" in capacitacion
    assert "Junio 2 45 60 0 105" in capacitacion
    asesorias = renglones_de_tabla(texto, "Asesorías por público y tema", hasta="Elaboró")
    assert "Ciudadano: Datos personales 1 1 1 3 0 0 3" in asesorias
    assert any(
        r.startswith("Enlace de transparencia") and r.endswith("6 3 3 7 5 0 12") for r in asesorias
    )


def test_avance_del_poa_con_su_narrativa(texto):
    seccion = renglones_de_tabla(
        texto,
        "Avance del programa operativo anual",
        hasta="Solicitudes de acceso a la información y de derechos ARCO",
    )
    unido = " ".join(seccion)
    assert "Monitoreo del SISAI 2.0" in unido
    # Actividad 2.2: 192 monitoreos en el trimestre, lo programado: 100 % del trimestre y el
    # «valor alcanzado 30 %» del informe (de la meta anual de 640). Sin cifras del primer
    # trimestre en la seed, el acumulado queda en 60 % y en rojo.
    assert "192 192 100 % 320 192 60 % 30 % Rojo" in unido
    assert "Monitoreo del SISAI 2.0; 26 solicitudes recibidas." in unido


def test_los_csv_traen_las_mismas_cifras_que_el_pdf(informe, oaxaca_003, cliente_de, db):
    reporte, _ = informe
    with scopes_disabled():
        titular = Membresia.objects.get(ayuntamiento=oaxaca_003, rol=Rol.TITULAR).usuario
    cliente = cliente_de(titular)
    respuesta = cliente.get(f"/{oaxaca_003.slug}/reportes/{reporte.pk}/tablas/solicitudes.csv")
    assert respuesta.status_code == 200
    filas = list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"))))
    assert filas[0] == ["Mes", "Acceso a la información", "ARCO", "Recibidas", "Atendidas"]
    assert filas[1:] == [
        ["Abril", "26", "0", "26", "26"],
        ["Mayo", "13", "0", "13", "13"],
        ["Junio", "32", "0", "32", "32"],
        ["Total", "71", "0", "71", "71"],
    ]
    turnos = cliente.get(f"/{oaxaca_003.slug}/reportes/{reporte.pk}/tablas/oficios_de_turno.csv")
    assert "Abril,49,41" in turnos.content.decode("utf-8-sig").replace("\r", "")
