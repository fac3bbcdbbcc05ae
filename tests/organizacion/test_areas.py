import pytest
from django.urls import reverse
from django_scopes import scope

from organizacion.models import UnidadAdministrativa


def url(ayuntamiento, nombre="areas", **kw):
    return reverse(f"organizacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def test_lista_muestra_areas_con_sus_enlaces(ayuntamiento, areas, enlace, personal, cliente_de):
    html = cliente_de(personal).get(url(ayuntamiento)).content.decode()
    assert "Tesorería Municipal" in html and "Obras Públicas" in html
    assert "Enlace de Tesorería" in html
    assert "Sin enlace" in html  # Obras Públicas aún no tiene
    assert "Nueva área" not in html  # personal no administra áreas


def test_lista_con_consultas_constantes(
    ayuntamiento, titular, cliente_de, django_assert_max_num_queries
):
    with scope(ayuntamiento=ayuntamiento):
        for i in range(30):
            UnidadAdministrativa.objects.create(ayuntamiento=ayuntamiento, nombre=f"Área {i}")
    cliente = cliente_de(titular)
    with django_assert_max_num_queries(8):
        cliente.get(url(ayuntamiento))


def test_titular_crea_un_area(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "area_nueva"),
        {"nombre": "Dirección de Catastro", "siglas": "DC", "activa": "on"},
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        area = UnidadAdministrativa.objects.get(nombre="Dirección de Catastro")
    assert area.ayuntamiento == ayuntamiento and area.siglas == "DC"


def test_nombre_repetido_se_rechaza_en_espanol(ayuntamiento, areas, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "area_nueva"), {"nombre": "Tesorería Municipal"}
    )
    assert respuesta.status_code == 200
    assert "Ya existe un área con ese nombre" in respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        assert UnidadAdministrativa.objects.filter(nombre="Tesorería Municipal").count() == 1


def test_el_mismo_nombre_en_otro_ayuntamiento_si_se_permite(
    ayuntamiento_ajeno, areas, extrano, cliente_de
):
    respuesta = cliente_de(extrano).post(
        url(ayuntamiento_ajeno, "area_nueva"), {"nombre": "Tesorería Municipal"}
    )
    assert respuesta.status_code == 302


def test_titular_edita(ayuntamiento, areas, titular, cliente_de):
    cliente_de(titular).post(
        url(ayuntamiento, "area_editar", pk=areas[1].pk),
        {"nombre": "Obras Públicas", "responsable": "Ing. Ruiz"},
    )
    areas[1].refresh_from_db()
    assert areas[1].responsable == "Ing. Ruiz"
    assert areas[1].activa is False  # casilla sin marcar


@pytest.mark.parametrize("rol", ["personal", "consulta", "enlace", "usuario_garante"])
def test_solo_la_titular_crea_o_edita(rol, request, ayuntamiento, areas, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    assert cliente.post(url(ayuntamiento, "area_nueva"), {"nombre": "X"}).status_code == 403
    assert cliente.get(url(ayuntamiento, "area_editar", pk=areas[0].pk)).status_code == 403


@pytest.mark.parametrize("rol", ["enlace", "usuario_garante"])
def test_enlace_y_garante_no_ven_la_lista(rol, request, ayuntamiento, cliente_de):
    assert cliente_de(request.getfixturevalue(rol)).get(url(ayuntamiento)).status_code == 403


def test_id_inexistente_da_404(ayuntamiento, titular, cliente_de):
    assert cliente_de(titular).get(url(ayuntamiento, "area_editar", pk=999999)).status_code == 404


def test_lista_no_acepta_post(ayuntamiento, titular, cliente_de):
    assert cliente_de(titular).post(url(ayuntamiento)).status_code == 405
