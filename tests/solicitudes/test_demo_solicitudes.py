"""La demo de solicitudes: las cifras del segundo trimestre de 2024 de Oaxaca de Juárez salen
exactas de las funciones de estadísticas (seed 003), el año de cada ayuntamiento es
realista y coherente con los servicios, y correr la demo otra vez no agrega nada.

La demo tarda unos segundos: se carga una sola vez para todo el módulo, dentro de una
transacción que se revierte al final (la base de pruebas queda como estaba)."""

from collections import Counter
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model
from django.test.utils import override_settings
from django_scopes import scopes_disabled

from organizacion.calendario import calendario_para
from organizacion.models import Ayuntamiento, Oficio, Procedimiento, Sexo, TipoOficio, hoy_local
from solicitudes import estadisticas
from solicitudes.models import (
    Denuncia,
    EstadoSolicitud,
    Evento,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    TipoEvento,
    TipoResolucionComite,
    TipoSolicitud,
    Turno,
)
from solicitudes.servicios import CON_HECHOS, reglas_de, situacion_de

# Un lunes de marzo: la demo trae 2025 completo y 2026 hasta el día anterior.
HOY = datetime(2026, 3, 16, 12, 0, tzinfo=ZoneInfo("America/Mexico_City"))
SLUGS = ["hecelchakan", "oaxaca-de-juarez", "puebla", "toluca"]
ABRIL, MAYO, JUNIO = date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)
TRIMESTRE: dict[str, Any] = {"desde": ABRIL, "hasta": date(2024, 6, 30)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    viaje = time_machine.travel(HOY, tick=False)
    viaje.start()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
            transaction.atomic(),
        ):
            call_command("demo", stdout=StringIO())
            yield
            transaction.set_rollback(True)
    finally:
        viaje.stop()


@pytest.fixture
def oaxaca(demo, db) -> Ayuntamiento:
    with scopes_disabled():
        return Ayuntamiento.objects.get(slug="oaxaca-de-juarez")


def _por_mes(filas, columnas, valor="total"):
    tabla = estadisticas.pivotar(
        filas,
        renglon="mes",
        columna="sexo",
        columnas=columnas,
        renglones=estadisticas.meses(ABRIL, date(2024, 6, 30)),
        valor=valor,
    )
    return {f["mes"]: tuple(f[c] for c in columnas) for f in tabla}


SEXOS = [Sexo.HOMBRE, Sexo.MUJER, Sexo.NO_IDENTIFICADO]


def test_solicitudes_del_trimestre_como_el_informe(oaxaca):
    with scopes_disabled():
        recibidas = _por_mes(estadisticas.recibidas(ayuntamiento=oaxaca, **TRIMESTRE), SEXOS)
        atendidas = _por_mes(estadisticas.atendidas(ayuntamiento=oaxaca, **TRIMESTRE), SEXOS)
        oficios = estadisticas.oficios_por_mes(ayuntamiento=oaxaca, **TRIMESTRE)
        oportunidad = estadisticas.oportunidad(ayuntamiento=oaxaca, **TRIMESTRE)
    # «SOLICITUDES RECIBIDAS Y ATENDIDAS POR GÉNERO»: hombre, mujer, no identificado.
    esperadas = {ABRIL: (10, 6, 10), MAYO: (6, 3, 4), JUNIO: (4, 20, 8)}
    assert recibidas == esperadas
    assert atendidas == esperadas
    assert sum(map(sum, recibidas.values())) == 71
    assert oportunidad["respondidas"] == 71
    # «OFICIOS DE TURNO / OFICIOS DE RESPUESTA» por mes.
    assert [(f["mes"], f["turno"], f["respuesta"]) for f in oficios] == [
        (ABRIL, 49, 41),
        (MAYO, 20, 17),
        (JUNIO, 69, 69),
    ]


def test_recursos_y_denuncia_del_trimestre_como_el_informe(oaxaca):
    with scopes_disabled():
        recursos = estadisticas.recursos_por_mes(ayuntamiento=oaxaca, **TRIMESTRE)
        oficios = estadisticas.oficios_de_recursos_por_mes(ayuntamiento=oaxaca, **TRIMESTRE)
        denuncias = estadisticas.denuncias_por_mes(ayuntamiento=oaxaca, **TRIMESTRE)
        denuncia = Denuncia.objects.get(ayuntamiento=oaxaca, fecha__year=2024)
        areas = sorted(denuncia.areas.values_list("nombre", flat=True))
        requerimientos = list(denuncia.oficios.values_list("tipo", flat=True))
    # Recibidos 3/1/1. El informe desglosa por sexo «recibidos y atendidos»: abril
    # 1 H y 2 N/I (recibidos y atendidos en abril), mayo 1 M (recibido; se atendió en
    # junio) y junio 1 H y 1 M (los atendidos en junio).
    recibidos = _por_mes(recursos, SEXOS, valor="recibidos")
    atendidos = _por_mes(recursos, SEXOS, valor="atendidos")
    assert recibidos == {ABRIL: (1, 0, 2), MAYO: (0, 1, 0), JUNIO: (1, 0, 0)}
    assert atendidos == {ABRIL: (1, 0, 2), MAYO: (0, 0, 0), JUNIO: (1, 1, 0)}
    assert sum(map(sum, recibidos.values())) == sum(map(sum, atendidos.values())) == 5
    # «OFICIOS DE RECEPCIÓN Y RESPUESTA A RECURSOS DE REVISIÓN»: turno, respuesta, notificaciones.
    tabla = {(f["mes"], f["tipo"]): f["total"] for f in oficios}
    assert {
        mes: tuple(tabla.get((mes, t), 0) for t in ("turno", "respuesta", "notificacion"))
        for mes in (ABRIL, MAYO, JUNIO)
    } == {ABRIL: (4, 4, 3), MAYO: (1, 1, 1), JUNIO: (2, 2, 1)}
    # «DENUNCIAS»: 0, 0, 1, de una persona no identificada; fracción XXIX del art. 70 y
    # un oficio de requerimiento a cada una de las cuatro áreas.
    assert denuncias == [{"mes": JUNIO, "sexo": Sexo.NO_IDENTIFICADO, "total": 1}]
    assert (denuncia.articulo, denuncia.fraccion) == ("70", "XXIX")
    assert areas == [
        "Comité Municipal del Sistema para el Desarrollo Integral de la Familia",
        "Dirección de Protección Civil",
        "Secretaría de Fomento Turístico",
        "Secretaría de Gobierno",
    ]
    assert requerimientos == [TipoOficio.REQUERIMIENTO] * 4


@pytest.mark.parametrize("slug", SLUGS)
def test_un_anio_realista_por_ayuntamiento(demo, db, slug):
    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.get(slug=slug)
        del_2025 = Solicitud.objects.filter(ayuntamiento=ayuntamiento, recibida__year=2025)
        total = del_2025.count()
        tipos = Counter(del_2025.values_list("tipo", flat=True))
        medios = Counter(del_2025.values_list("medio", flat=True))
        sexos = Counter(del_2025.values_list("sexo", flat=True))
        oportunidad = estadisticas.oportunidad(
            ayuntamiento=ayuntamiento, desde=date(2025, 1, 1), hasta=date(2025, 12, 31)
        )
        semaforo = estadisticas.conteo_semaforo(ayuntamiento=ayuntamiento)
        eventos = set(
            Evento.objects.filter(ayuntamiento=ayuntamiento).values_list("tipo", flat=True)
        )
        comite = set(
            ResolucionComite.objects.filter(ayuntamiento=ayuntamiento).values_list(
                "tipo", flat=True
            )
        )
        recursos = RecursoRevision.objects.filter(ayuntamiento=ayuntamiento)
        de_2026 = Solicitud.objects.filter(ayuntamiento=ayuntamiento, recibida__year=2026)
    assert 250 <= total <= 450
    assert 0.78 <= tipos[TipoSolicitud.ACCESO] / total <= 0.92
    assert medios.most_common(1)[0][0] == "pnt" and len(medios) >= 3
    assert set(sexos) == set(Sexo.values)
    # La mayoría a tiempo, algunas tarde.
    assert oportunidad["fuera_de_tiempo"] > 0
    assert oportunidad["porcentaje_en_tiempo"] > 85
    # Hoy hay abiertas vencidas y a tiempo (las por vencer, en la prueba siguiente).
    assert semaforo["vencida"] > 0 and semaforo["en_tiempo"] > 0
    assert {
        TipoEvento.PREVENCION,
        TipoEvento.PREVENCION_ATENDIDA,
        TipoEvento.PREVENCION_NO_ATENDIDA,
        TipoEvento.ENTREGA,
    } <= eventos
    assert {
        TipoResolucionComite.AMPLIACION,
        TipoResolucionComite.RESERVA,
        TipoResolucionComite.INEXISTENCIA,
        TipoResolucionComite.INCOMPETENCIA,
    } <= comite
    assert recursos.filter(fecha_alegatos__isnull=False, fecha_resolucion__isnull=False).exists()
    assert 0 < de_2026.count() < total
    assert not de_2026.filter(recibida__gt=HOY).exists()


def test_hay_solicitudes_por_vencer(demo, db):
    with scopes_disabled():
        por_vencer = sum(
            estadisticas.conteo_semaforo(ayuntamiento=a)["por_vencer"]
            for a in Ayuntamiento.objects.filter(slug__in=SLUGS)
        )
    assert por_vencer > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_campos_derivados_como_los_calculan_los_servicios(demo, db, slug):
    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.get(slug=slug)
        calendario = calendario_para(ayuntamiento, Procedimiento.SOLICITUDES)
        reglas = reglas_de(ayuntamiento)
        hoy = hoy_local(ayuntamiento)
        solicitudes = list(
            Solicitud.objects.filter(ayuntamiento=ayuntamiento)
            .select_related("ayuntamiento")
            .prefetch_related(*CON_HECHOS)
        )
        distintas = [
            s.folio
            for s in solicitudes
            if any(
                getattr(s, campo)
                != getattr(situacion_de(s, calendario=calendario, reglas=reglas, hoy=hoy), campo)
                for campo in Solicitud.CAMPOS_DERIVADOS
            )
        ]
        estados = Counter(s.estado for s in solicitudes)
    assert distintas == []
    assert {
        EstadoSolicitud.RESPONDIDA,
        EstadoSolicitud.EN_TRAMITE,
        EstadoSolicitud.DESECHADA,
        EstadoSolicitud.EN_RECURSO,
    } <= set(estados)


@pytest.mark.parametrize("slug", SLUGS)
def test_oficios_consecutivos_en_el_orden_de_sus_fechas(demo, db, slug):
    with scopes_disabled():
        oficios = list(
            Oficio.objects.filter(ayuntamiento__slug=slug, anio=2025, serie="UT")
            .order_by("numero")
            .values_list("numero", "fecha")
        )
        turnos = Turno.objects.filter(ayuntamiento__slug=slug)
        sin_oficio = turnos.filter(fecha_respuesta__isnull=False, oficio_respuesta__isnull=True)
    assert [numero for numero, _ in oficios] == list(range(1, len(oficios) + 1))
    fechas = [fecha for _, fecha in oficios]
    assert fechas == sorted(fechas)
    assert not sin_oficio.exists()


def test_correrla_otra_vez_no_agrega_nada(demo, db):
    modelos: list[type[Model]] = [
        Solicitud,
        Evento,
        Turno,
        ResolucionComite,
        RecursoRevision,
        Denuncia,
        Oficio,
    ]
    with scopes_disabled():
        antes = {m.__name__: m._default_manager.count() for m in modelos}
    salida = StringIO()
    call_command("demo", stdout=salida)
    with scopes_disabled():
        despues = {m.__name__: m._default_manager.count() for m in modelos}
    assert despues == antes
    assert "Oaxaca de Juárez: ya tiene solicitudes" in salida.getvalue()
