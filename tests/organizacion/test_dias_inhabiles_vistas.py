from datetime import date

import pytest
from django.urls import reverse

from organizacion.models import Ambito, DiaInhabil


def url(ayuntamiento, nombre="dias_inhabiles", **kw):
    return reverse(f"organizacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


@pytest.fixture
def vacaciones_garante(garante):
    return DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 7, 15),
        fecha_fin=date(2024, 7, 26),
        motivo="Primer periodo vacacional",
        acuerdo="Acuerdo OGAIPO/CG/2024-01",
    )


def test_lista_del_anio_junta_lft_garante_y_propios(
    ayuntamiento, vacaciones_garante, enlace, cliente_de
):
    respuesta = cliente_de(enlace).get(url(ayuntamiento) + "?anio=2024")
    html = respuesta.content.decode()
    assert "Primer periodo vacacional" in html and "Acuerdo OGAIPO/CG/2024-01" in html
    fechas = [d.fecha for d in respuesta.context["omitidos"]]
    assert date(2024, 10, 1) in fechas  # Transmisión del Poder Ejecutivo (LFT art. 74)
    assert date(2024, 7, 15) in fechas and date(2024, 7, 26) in fechas
    assert all(f.weekday() < 5 for f in fechas)  # los fines de semana no se enlistan
    assert "Declarar día inhábil" not in html  # el enlace sólo consulta


def test_anio_invalido_usa_el_actual(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).get(url(ayuntamiento) + "?anio=abc")
    assert respuesta.status_code == 200 and respuesta.context["anio"] >= 2024
    assert cliente_de(titular).get(url(ayuntamiento) + "?anio=99999").context["anio"] < 2101


def test_titular_declara_un_periodo(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "dia_inhabil_nuevo"),
        {
            "fecha_inicio": "2024-10-11",
            "fecha_fin": "2024-10-14",
            "motivo": "Fiestas patronales",
            "acuerdo": "Cabildo 12/2024",
        },
    )
    assert respuesta.status_code == 302
    dia = DiaInhabil.objects.get(motivo="Fiestas patronales")
    assert (
        dia.ambito == Ambito.AYUNTAMIENTO
        and dia.ayuntamiento == ayuntamiento
        and dia.garante is None
    )


def test_fin_antes_que_inicio_se_rechaza_sin_guardar(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "dia_inhabil_nuevo"),
        {
            "fecha_inicio": "2024-10-14",
            "fecha_fin": "2024-10-11",
            "motivo": "Al revés",
            "acuerdo": "x",
        },
    )
    assert respuesta.status_code == 200
    assert "La fecha final no puede ser anterior a la inicial" in respuesta.content.decode()
    assert not DiaInhabil.objects.filter(motivo="Al revés").exists()


def test_fecha_imposible_se_rechaza(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "dia_inhabil_nuevo"),
        {"fecha_inicio": "2024-02-30", "fecha_fin": "2024-02-30", "motivo": "x", "acuerdo": "x"},
    )
    assert (
        respuesta.status_code == 200 and "Introduzca una fecha válida" in respuesta.content.decode()
    )


def test_no_se_editan_dias_del_garante_desde_el_ayuntamiento(
    ayuntamiento, vacaciones_garante, titular, cliente_de
):
    cliente = cliente_de(titular)
    assert (
        cliente.get(url(ayuntamiento, "dia_inhabil_editar", pk=vacaciones_garante.pk)).status_code
        == 404
    )
    assert (
        cliente.post(
            url(ayuntamiento, "dia_inhabil_eliminar", pk=vacaciones_garante.pk)
        ).status_code
        == 404
    )
    assert DiaInhabil.objects.filter(pk=vacaciones_garante.pk).exists()


def test_no_se_toca_el_dia_de_otro_ayuntamiento(
    ayuntamiento, ayuntamiento_ajeno, titular, cliente_de
):
    ajeno = DiaInhabil.objects.create(
        ambito=Ambito.AYUNTAMIENTO,
        ayuntamiento=ayuntamiento_ajeno,
        fecha_inicio=date(2024, 1, 15),
        fecha_fin=date(2024, 1, 15),
        motivo="Fiesta de Puebla",
        acuerdo="x",
    )
    assert (
        cliente_de(titular).post(url(ayuntamiento, "dia_inhabil_eliminar", pk=ajeno.pk)).status_code
        == 404
    )
    html = cliente_de(titular).get(url(ayuntamiento) + "?anio=2024").content.decode()
    assert "Fiesta de Puebla" not in html


def test_editar_y_eliminar_propio(ayuntamiento, titular, cliente_de):
    propio = DiaInhabil.objects.create(
        ambito=Ambito.AYUNTAMIENTO,
        ayuntamiento=ayuntamiento,
        fecha_inicio=date(2024, 10, 11),
        fecha_fin=date(2024, 10, 11),
        motivo="Aniversario",
        acuerdo="Cabildo",
    )
    cliente = cliente_de(titular)
    cliente.post(
        url(ayuntamiento, "dia_inhabil_editar", pk=propio.pk),
        {
            "fecha_inicio": "2024-10-11",
            "fecha_fin": "2024-10-12",
            "motivo": "Aniversario",
            "acuerdo": "Cabildo 2",
        },
    )
    propio.refresh_from_db()
    assert propio.fecha_fin == date(2024, 10, 12) and propio.acuerdo == "Cabildo 2"
    # Eliminar pide confirmación: la página dice qué toca (aquí, ningún plazo) y no borra.
    aviso = cliente.get(url(ayuntamiento, "dia_inhabil_eliminar", pk=propio.pk))
    assert "cruza 0 expedientes con plazos que corren" in aviso.content.decode()
    assert DiaInhabil.objects.filter(pk=propio.pk).exists()
    cliente.post(url(ayuntamiento, "dia_inhabil_eliminar", pk=propio.pk))
    assert not DiaInhabil.objects.filter(pk=propio.pk).exists()


@pytest.mark.parametrize("rol", ["personal", "consulta", "enlace", "usuario_garante"])
def test_solo_la_titular_declara(rol, request, ayuntamiento, cliente_de):
    respuesta = cliente_de(request.getfixturevalue(rol)).post(
        url(ayuntamiento, "dia_inhabil_nuevo"),
        {"fecha_inicio": "2024-10-11", "fecha_fin": "2024-10-11", "motivo": "No", "acuerdo": "x"},
    )
    assert respuesta.status_code == 403
    assert not DiaInhabil.objects.filter(motivo="No").exists()
