from datetime import date

import pytest
import time_machine
from django.urls import reverse

from organizacion.models import Ambito, DiaInhabil
from organizacion.servicios import oficio_emitir


@time_machine.travel("2024-07-10 10:00:00-06:00")
def test_portada_muestra_fecha_leyenda_y_proximos_inhabiles(
    ayuntamiento, garante, titular, cliente_de
):
    ayuntamiento.leyenda_oficial = (
        "2024, Bicentenario de la integración de Oaxaca a la República Mexicana"
    )
    ayuntamiento.save()
    DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 7, 15),
        fecha_fin=date(2024, 7, 26),
        motivo="Primer periodo vacacional",
        acuerdo="OGAIPO",
    )
    DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 3, 28),
        fecha_fin=date(2024, 3, 29),
        motivo="Semana Santa",
        acuerdo="OGAIPO",
    )
    oficio_emitir(
        ayuntamiento=ayuntamiento,
        fecha=date(2024, 7, 4),
        asunto="Reporte Trimestral",
        destinatario="Titular",
    )
    html = (
        cliente_de(titular)
        .get(reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug}))
        .content.decode()
    )
    assert "10 de julio de 2024" in html
    assert "Bicentenario de la integración de Oaxaca" in html
    assert "15 de julio de 2024 al 26 de julio de 2024: Primer periodo vacacional" in html
    assert "Semana Santa" not in html  # ya pasó
    assert "UT/0001/2024" in html


def test_el_enlace_no_ve_oficios_en_la_portada(ayuntamiento, enlace, cliente_de):
    oficio_emitir(
        ayuntamiento=ayuntamiento,
        fecha=date(2024, 7, 4),
        asunto="Reservado a la UT",
        destinatario="X",
    )
    respuesta = cliente_de(enlace).get(
        reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug})
    )
    html = respuesta.content.decode()
    assert "Reservado a la UT" not in html
    assert "Enlace de área de Tesorería Municipal" in html


def test_portada_solo_get(ayuntamiento, titular, cliente_de):
    assert (
        cliente_de(titular)
        .post(reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug}))
        .status_code
        == 405
    )


@pytest.mark.parametrize(
    ("ruta", "activa"),
    [
        ("", "Inicio"),
        ("areas/nueva/", "Áreas"),
        ("solicitudes/", "Solicitudes"),
        ("solicitudes/recursos/", "Recursos de revisión"),
    ],
)
def test_el_menu_marca_solo_la_entrada_mas_especifica(
    ruta, activa, ayuntamiento, titular, cliente_de
):
    respuesta = cliente_de(titular).get(f"/{ayuntamiento.slug}/{ruta}")
    activas = [e["etiqueta"] for e in respuesta.context["navegacion"] if e["activa"]]
    assert activas == [activa]
    assert 'aria-current="page">' + activa in respuesta.content.decode()
