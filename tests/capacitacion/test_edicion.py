"""Editar un tema del plan anual y una asesoría: lo que hacen, método equivocado (405), rol
de sólo lectura (403), objeto de otro ayuntamiento (404) e id inexistente (404)."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from capacitacion.models import Asesoria, MedioAsesoria, PublicoAsesoria, TemaAsesoria, TemaPlaneado
from organizacion.models import Sexo

from . import objetos

pytestmark = pytest.mark.django_db


def _url(ayuntamiento, nombre, **kwargs):
    return reverse(f"capacitacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


def _tema(pk) -> TemaPlaneado:
    with scopes_disabled():
        return TemaPlaneado.objects.get(pk=pk)


def _asesoria(pk) -> Asesoria:
    with scopes_disabled():
        return Asesoria.objects.get(pk=pk)


TEMA = {
    "tema": "Clasificación de la información",
    "mes": 9,
    "publico": "enlaces",
    "meta_asistentes": 45,
}
ASESORIA = {
    "fecha": "2024-04-12",
    "tema": TemaAsesoria.SISAI,
    "publico": PublicoAsesoria.ENLACE,
    "sexo": Sexo.HOMBRE,
    "medio": MedioAsesoria.TELEFONO,
    "nota": "Carga de la fracción XXVIII",
}


# --- Tema del plan ---------------------------------------------------------------------------


def test_editar_tema(ayuntamiento, personal, cliente_de):
    tema = objetos.tema(objetos.plan(ayuntamiento), 5)
    cliente = cliente_de(personal)
    pagina = cliente.get(_url(ayuntamiento, "tema_editar", pk=tema.pk))
    assert pagina.context["form"].initial["tema"] == "Datos personales"

    respuesta = cliente.post(_url(ayuntamiento, "tema_editar", pk=tema.pk), TEMA)

    assert respuesta.status_code == 302
    assert respuesta["Location"] == _url(ayuntamiento, "plan", pk=tema.plan_id)
    editado = _tema(tema.pk)
    assert (editado.tema, editado.mes, editado.publico, editado.meta_asistentes) == (
        "Clasificación de la información",
        9,
        "enlaces",
        45,
    )
    with scopes_disabled():
        assert editado.history.count() == 2


def test_editar_tema_con_datos_malos_no_guarda(ayuntamiento, titular, cliente_de):
    tema = objetos.tema(objetos.plan(ayuntamiento), 5)
    respuesta = cliente_de(titular).post(
        _url(ayuntamiento, "tema_editar", pk=tema.pk), {**TEMA, "mes": 13, "meta_asistentes": -2}
    )
    assert respuesta.status_code == 200
    assert set(respuesta.context["form"].errors) == {"mes", "meta_asistentes"}
    assert (_tema(tema.pk).mes, _tema(tema.pk).meta_asistentes) == (5, 30)


def test_editar_tema_permisos_y_metodo(
    ayuntamiento, ayuntamiento_ajeno, titular, consulta, usuario_garante, enlace, cliente_de
):
    tema = objetos.tema(objetos.plan(ayuntamiento), 5)
    ajeno = objetos.tema(objetos.plan(ayuntamiento_ajeno), 5)
    url = _url(ayuntamiento, "tema_editar", pk=tema.pk)
    for lector in (consulta, usuario_garante, enlace):
        assert cliente_de(lector).get(url).status_code == 403
        assert cliente_de(lector).post(url, TEMA).status_code == 403
    assert cliente_de(titular).put(url).status_code == 405
    for pk in (ajeno.pk, 987654):
        respuesta = cliente_de(titular).post(_url(ayuntamiento, "tema_editar", pk=pk), TEMA)
        assert respuesta.status_code == 404
    assert _tema(tema.pk).tema == _tema(ajeno.pk).tema == "Datos personales"


# --- Asesoría --------------------------------------------------------------------------------


def test_editar_asesoria(ayuntamiento, personal, cliente_de):
    asesoria = objetos.asesoria(ayuntamiento)
    respuesta = cliente_de(personal).post(
        _url(ayuntamiento, "asesoria_editar", pk=asesoria.pk), ASESORIA
    )
    assert respuesta.status_code == 302
    assert respuesta["Location"] == _url(ayuntamiento, "asesorias")
    editada = _asesoria(asesoria.pk)
    assert (editada.fecha, editada.tema, editada.publico, editada.sexo, editada.medio) == (
        date(2024, 4, 12),
        TemaAsesoria.SISAI,
        PublicoAsesoria.ENLACE,
        Sexo.HOMBRE,
        MedioAsesoria.TELEFONO,
    )
    assert editada.nota == "Carga de la fracción XXVIII"
    assert editada.ayuntamiento_id == ayuntamiento.pk


def test_editar_asesoria_con_tema_desconocido_no_guarda(ayuntamiento, titular, cliente_de):
    asesoria = objetos.asesoria(ayuntamiento)
    respuesta = cliente_de(titular).post(
        _url(ayuntamiento, "asesoria_editar", pk=asesoria.pk), {**ASESORIA, "tema": "astrologia"}
    )
    assert respuesta.status_code == 200
    assert list(respuesta.context["form"].errors) == ["tema"]
    assert _asesoria(asesoria.pk).tema == TemaAsesoria.DATOS_PERSONALES


def test_editar_asesoria_permisos_y_metodo(
    ayuntamiento, ayuntamiento_ajeno, titular, consulta, usuario_garante, enlace, cliente_de
):
    asesoria = objetos.asesoria(ayuntamiento)
    ajena = objetos.asesoria(ayuntamiento_ajeno)
    url = _url(ayuntamiento, "asesoria_editar", pk=asesoria.pk)
    for lector in (consulta, usuario_garante, enlace):
        assert cliente_de(lector).get(url).status_code == 403
        assert cliente_de(lector).post(url, ASESORIA).status_code == 403
    assert cliente_de(titular).delete(url).status_code == 405
    for pk in (ajena.pk, 987654):
        respuesta = cliente_de(titular).post(_url(ayuntamiento, "asesoria_editar", pk=pk), ASESORIA)
        assert respuesta.status_code == 404
    assert _asesoria(asesoria.pk).tema == _asesoria(ajena.pk).tema == TemaAsesoria.DATOS_PERSONALES
    assert _asesoria(ajena.pk).ayuntamiento_id == ayuntamiento_ajeno.pk
