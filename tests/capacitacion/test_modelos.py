"""Reglas de la sesión y su lista: totales derivados, duplicados, conteos no negativos y
el año del plan."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scope, scopes_disabled

from capacitacion.models import Capacitacion, Participante
from capacitacion.servicios import capacitacion_guardar, participante_quitar
from organizacion.models import Sexo

from .objetos import participante, plan, sesion, tema


def _recargar(capacitacion):
    with scopes_disabled():
        return Capacitacion.objects.get(pk=capacitacion.pk)


def test_los_totales_salen_de_la_lista(ayuntamiento):
    capacitacion = sesion(ayuntamiento, mujeres=10, hombres=5)
    participante(capacitacion, "Ana López", Sexo.MUJER)
    participante(capacitacion, "Luis Pérez", Sexo.HOMBRE)
    participante(capacitacion, "Rosa Ruiz", Sexo.MUJER)
    participante(capacitacion, "Sin dato", Sexo.NO_IDENTIFICADO)
    participante(capacitacion, "No vino", Sexo.HOMBRE, asistio=False)
    capacitacion = _recargar(capacitacion)
    assert capacitacion.con_lista
    assert (capacitacion.mujeres, capacitacion.hombres, capacitacion.no_identificado) == (2, 1, 1)
    assert capacitacion.asistentes == 4


def test_con_lista_no_se_capturan_totales(ayuntamiento):
    capacitacion = sesion(ayuntamiento)
    participante(capacitacion, "Ana López")
    capacitacion = _recargar(capacitacion)
    capacitacion.hombres = 30
    with scope(ayuntamiento=ayuntamiento), pytest.raises(ValidationError) as error:
        capacitacion_guardar(capacitacion=capacitacion)
    assert "lista de participantes" in str(error.value)
    assert _recargar(capacitacion).hombres == 0


def test_quitar_al_ultimo_libera_los_totales(ayuntamiento):
    capacitacion = sesion(ayuntamiento)
    ana = participante(capacitacion, "Ana López")
    with scope(ayuntamiento=ayuntamiento):
        participante_quitar(participante=ana)
    capacitacion = _recargar(capacitacion)
    assert not capacitacion.con_lista
    capacitacion.hombres = 7
    with scope(ayuntamiento=ayuntamiento):
        capacitacion_guardar(capacitacion=capacitacion)
    assert _recargar(capacitacion).hombres == 7


def test_participante_duplicado_en_la_sesion(ayuntamiento):
    capacitacion = sesion(ayuntamiento)
    participante(capacitacion, "Ana López")
    with pytest.raises(ValidationError) as error:
        participante(capacitacion, "  ANA   LÓPEZ ")
    assert "ya está en la lista" in str(error.value)
    # En otra sesión sí puede estar.
    otra = sesion(ayuntamiento, tema="Otra")
    assert participante(otra, "Ana López").pk
    with scopes_disabled():
        assert Participante.objects.filter(capacitacion=capacitacion).count() == 1


def test_codigo_de_constancia_unico_y_largo(ayuntamiento):
    capacitacion = sesion(ayuntamiento)
    a = participante(capacitacion, "Ana López")
    b = participante(capacitacion, "Luis Pérez")
    assert a.codigo != b.codigo
    assert len(a.codigo) >= 20


def test_asistentes_negativos(ayuntamiento):
    with pytest.raises(ValidationError):
        sesion(ayuntamiento, mujeres=-1)
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        Capacitacion.objects.create(
            ayuntamiento=ayuntamiento, tema="x", fecha=date(2024, 1, 9), hombres=-3
        )


def test_sesion_fuera_del_anio_de_su_plan(ayuntamiento):
    planeado = tema(plan(ayuntamiento, 2024), 4)
    with pytest.raises(ValidationError) as error:
        sesion(ayuntamiento, fecha=date(2025, 4, 9), tema_planeado=planeado)
    assert "plan 2024" in str(error.value)
    assert sesion(ayuntamiento, fecha=date(2024, 4, 9), tema_planeado=planeado).pk
