import pytest
from django.urls import reverse
from django_scopes import scope

from organizacion.models import TERMINOS, ConfiguracionPlazos, PresetPlazos


def url(ayuntamiento, nombre="plazos"):
    return reverse(f"organizacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug})


def _configuracion(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        return ConfiguracionPlazos.objects.select_related("preset").get()


def _datos(**cambios):
    datos = {t.campo: 10 for t in TERMINOS}
    datos.update(cambios)
    return datos


def _terminos_principales(configuracion):
    """Respuesta, ampliación, prevención, respuesta a la prevención e incompetencia."""
    return (
        configuracion.dias_respuesta,
        configuracion.dias_ampliacion,
        configuracion.dias_prevencion,
        configuracion.dias_respuesta_prevencion,
        configuracion.dias_incompetencia,
    )


def test_ayuntamiento_nuevo_nace_con_la_ley_general(ayuntamiento):
    configuracion = _configuracion(ayuntamiento)
    assert configuracion.preset.nombre == "Ley General (LGTAIP 2025)"
    assert _terminos_principales(configuracion) == (20, 10, 5, 10, 3)


def test_aplicar_el_marco_del_estado_de_mexico(ayuntamiento, titular, cliente_de):
    edomex = PresetPlazos.objects.get(nombre="Estado de México")
    cliente_de(titular).post(url(ayuntamiento, "plazos_preset"), {"preset": edomex.pk})
    configuracion = _configuracion(ayuntamiento)
    assert configuracion.preset == edomex
    assert _terminos_principales(configuracion) == (15, 7, 5, 10, 3)


def test_preset_inexistente_da_mensaje(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "plazos_preset"), {"preset": 99999}, follow=True
    )
    assert "Elija un marco legal de la lista" in respuesta.content.decode()
    assert _configuracion(ayuntamiento).dias_respuesta == 20


def test_titular_edita_plazos(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(url(ayuntamiento), _datos(dias_respuesta=18))
    assert respuesta.status_code == 302
    assert _configuracion(ayuntamiento).dias_respuesta == 18


@pytest.mark.parametrize(
    "valor, mensaje",
    [
        (0, "mayor o igual a 1"),
        (-3, "mayor o igual a 1"),
        (61, "menor o igual a 60"),
        ("veinte", "número entero"),
    ],
)
def test_plazo_fuera_de_rango_no_guarda_nada(valor, mensaje, ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento), _datos(dias_respuesta=valor, dias_ampliacion=12)
    )
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    configuracion = _configuracion(ayuntamiento)
    assert configuracion.dias_respuesta == 20 and configuracion.dias_ampliacion == 10


def test_lectura_para_personal_y_garante(ayuntamiento, personal, usuario_garante, cliente_de):
    for usuario in (personal, usuario_garante):
        respuesta = cliente_de(usuario).get(url(ayuntamiento))
        html = respuesta.content.decode()
        assert "Responder una solicitud" in html
        # Cada plazo con el artículo que lo fija.
        assert "LGTAIP 2025, art. 134" in html and "LGPDPPSO 2025, art. 45" in html
        assert "Guardar plazos" not in html


@pytest.mark.parametrize("rol", ["personal", "consulta", "usuario_garante"])
def test_solo_la_titular_modifica(rol, request, ayuntamiento, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    assert cliente.post(url(ayuntamiento), _datos(dias_respuesta=1)).status_code == 403
    assert cliente.post(url(ayuntamiento, "plazos_preset"), {"preset": 1}).status_code == 403
    assert _configuracion(ayuntamiento).dias_respuesta == 20


def test_enlace_no_ve_plazos(ayuntamiento, enlace, cliente_de):
    assert cliente_de(enlace).get(url(ayuntamiento)).status_code == 403


def test_preset_solo_por_post(ayuntamiento, titular, cliente_de):
    assert cliente_de(titular).get(url(ayuntamiento, "plazos_preset")).status_code == 405
