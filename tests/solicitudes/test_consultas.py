"""La lista de solicitudes, su exportación, la bandeja de turnos y la portada hacen el mismo
número de consultas con 10 filas que con 500: nada se consulta fila por fila."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from organizacion.models import Oficio, Sexo, TipoOficio
from solicitudes.models import (
    EstadoSolicitud,
    MedioRecepcion,
    Solicitud,
    TipoSolicitud,
    Turno,
)

MX = ZoneInfo("America/Mexico_City")
HOY = datetime(2024, 7, 10, 10, tzinfo=MX)
ESTADOS = [EstadoSolicitud.RECIBIDA, EstadoSolicitud.EN_TRAMITE, EstadoSolicitud.RESPONDIDA]


def poblar(ayuntamiento, areas, desde: int, hasta: int) -> None:
    """Solicitudes con sus campos derivados puestos directamente (sin recalcular) y un turno
    con su oficio cada una, alternando áreas, medios, tipos y colores del semáforo."""
    with scope(ayuntamiento=ayuntamiento):
        solicitudes = Solicitud.objects.bulk_create(
            Solicitud(
                ayuntamiento=ayuntamiento,
                folio=f"PNT-{i:05d}",
                recibida=datetime(2024, 6, 1, 10, tzinfo=MX) + timedelta(hours=i),
                descripcion=f"Solicitud {i}",
                medio=list(MedioRecepcion)[i % len(MedioRecepcion)],
                tipo=TipoSolicitud.ARCO if i % 5 == 0 else TipoSolicitud.ACCESO,
                derecho_arco="acceso" if i % 5 == 0 else "",
                sexo=list(Sexo)[i % 3],
                estado=ESTADOS[i % 3],
                vence=None if i % 3 == 2 else date(2024, 7, 1) + timedelta(days=i % 30),
                fecha_respuesta=date(2024, 7, 5) if i % 3 == 2 else None,
                en_tiempo=True if i % 3 == 2 else None,
            )
            for i in range(desde, hasta)
        )
        oficios = Oficio.objects.bulk_create(
            Oficio(
                ayuntamiento=ayuntamiento,
                anio=2024,
                serie="UT",
                numero=i + 1,
                folio=f"UT/{i + 1:04d}/2024",
                fecha=date(2024, 6, 3),
                tipo=TipoOficio.TURNO,
                asunto="Turno",
                destinatario="Área",
            )
            for i in range(desde, hasta)
        )
        Turno.objects.bulk_create(
            Turno(
                ayuntamiento=ayuntamiento,
                solicitud=solicitud,
                unidad_administrativa=areas[n % 2],
                fecha=date(2024, 6, 3),
                vence=date(2024, 7, 1) + timedelta(days=n % 20),
                oficio=oficio,
            )
            for n, (solicitud, oficio) in enumerate(zip(solicitudes, oficios, strict=True))
        )


def consultas(cliente, url: str) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(url)
    assert respuesta.status_code == 200
    return len(capturadas)


def _url(ayuntamiento, nombre: str) -> str:
    return reverse(nombre, kwargs={"ayuntamiento": ayuntamiento.slug})


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "nombre, consulta_get, rol",
    [
        ("solicitudes:lista", "", "personal"),
        ("solicitudes:lista", "?semaforo=vencida&area=AREA&q=PNT", "personal"),
        ("solicitudes:lista", "?formato=xlsx", "consulta"),
        ("solicitudes:lista", "?formato=csv&tipo=acceso", "consulta"),
        ("solicitudes:turnos", "", "titular"),
        ("solicitudes:turnos", "?formato=csv", "titular"),
        ("solicitudes:turnos", "", "enlace"),
        ("organizacion:tablero", "", "titular"),
        ("organizacion:tablero", "", "enlace"),
    ],
)
def test_consultas_constantes_con_10_y_500_filas(
    nombre, consulta_get, rol, request, ayuntamiento, areas, cliente_de
):
    cliente = cliente_de(request.getfixturevalue(rol))
    url = _url(ayuntamiento, nombre) + consulta_get.replace("AREA", str(areas[0].pk))
    poblar(ayuntamiento, areas, 0, 10)
    con_10 = consultas(cliente, url)
    poblar(ayuntamiento, areas, 10, 500)
    con_500 = consultas(cliente, url)
    assert con_10 == con_500, (con_10, con_500)
    # Sesión, usuario, ayuntamiento, membresía, plazos, calendario, la página y, en la
    # portada, una consulta agregada por cifra del tablero.
    assert con_500 <= 20


@time_machine.travel(HOY, tick=False)
def test_la_pagina_y_la_exportacion_traen_todas_las_filas(
    ayuntamiento, areas, personal, cliente_de
):
    """Las consultas constantes no se logran recortando datos."""
    poblar(ayuntamiento, areas, 0, 500)
    cliente = cliente_de(personal)
    respuesta = cliente.get(_url(ayuntamiento, "solicitudes:lista"))
    assert len(respuesta.context["filas"]) == 50
    assert respuesta.context["pagina"].paginator.count == 500
    conteo = respuesta.context["conteo"]
    with scope(ayuntamiento=ayuntamiento):
        con_plazo = Solicitud.objects.filter(vence__isnull=False).count()
    assert sum(conteo.values()) == con_plazo
    texto = cliente.get(_url(ayuntamiento, "solicitudes:lista") + "?formato=csv").content
    lineas = texto.decode("utf-8-sig").strip().splitlines()
    assert len(lineas) == 501
    assert lineas[-1].endswith("Tesorería Municipal")  # la primera fila, turnada a areas[0]
