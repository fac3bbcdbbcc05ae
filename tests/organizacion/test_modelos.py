"""Datos inválidos en el modelo: mensaje claro en español y nada guardado, tanto por la
validación de Django como por las restricciones de la base."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from django_scopes import scopes_disabled

from organizacion.models import (
    Ambito,
    Ayuntamiento,
    DiaInhabil,
    Membresia,
    PresetPlazos,
    Rol,
)


def test_slug_repetido(ayuntamiento, garante):
    Formulario = modelform_factory(Ayuntamiento, fields=["nombre", "slug", "estado", "garante"])
    form = Formulario(
        {"nombre": "Otro Oaxaca", "slug": ayuntamiento.slug, "estado": "OAX", "garante": garante.pk}
    )
    assert not form.is_valid()
    assert form.errors["slug"] == ["Ya existe un ayuntamiento con ese identificador."]
    assert Ayuntamiento.objects.filter(slug=ayuntamiento.slug).count() == 1


@pytest.mark.parametrize("slug", ["admin", "cuentas", "static", "constancias"])
def test_slug_reservado(slug, garante):
    ayuntamiento = Ayuntamiento(nombre="X", slug=slug, estado="OAX", garante=garante)
    with pytest.raises(ValidationError) as error:
        ayuntamiento.full_clean()
    assert "reservada" in error.value.message_dict["slug"][0]


def test_enlace_sin_area(ayuntamiento, titular):
    with scopes_disabled():
        membresia = Membresia(usuario=titular, ayuntamiento=ayuntamiento, rol=Rol.ENLACE)
        with pytest.raises(ValidationError) as error:
            membresia.clean()
        assert error.value.message_dict["unidad_administrativa"] == [
            "Indique el área de la que es enlace."
        ]


def test_la_base_rechaza_enlace_sin_area(ayuntamiento, ayuntamiento_ajeno, titular):
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        Membresia.objects.create(usuario=titular, ayuntamiento=ayuntamiento_ajeno, rol=Rol.ENLACE)
    with scopes_disabled():
        assert not Membresia.objects.filter(ayuntamiento=ayuntamiento_ajeno).exists()


def test_area_de_otro_ayuntamiento_no_sirve(ayuntamiento, ayuntamiento_ajeno, areas, extrano):
    with scopes_disabled():
        membresia = Membresia(
            usuario=extrano,
            ayuntamiento=ayuntamiento_ajeno,
            rol=Rol.ENLACE,
            unidad_administrativa=areas[0],
        )
        with pytest.raises(ValidationError) as error:
            membresia.clean()
    assert (
        "no pertenece a este ayuntamiento" in error.value.message_dict["unidad_administrativa"][0]
    )


def test_dia_inhabil_al_reves(ayuntamiento):
    dia = DiaInhabil(
        ambito=Ambito.AYUNTAMIENTO,
        ayuntamiento=ayuntamiento,
        fecha_inicio=date(2024, 5, 10),
        fecha_fin=date(2024, 5, 9),
        motivo="x",
        acuerdo="y",
    )
    with pytest.raises(ValidationError) as error:
        dia.full_clean()
    assert "La fecha final no puede ser anterior a la inicial." in error.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        dia.save()
    assert not DiaInhabil.objects.exists()


def test_dia_inhabil_con_ambito_incoherente(ayuntamiento, garante):
    dia = DiaInhabil(
        ambito=Ambito.NACIONAL,
        ayuntamiento=ayuntamiento,
        fecha_inicio=date(2024, 5, 10),
        fecha_fin=date(2024, 5, 10),
        motivo="x",
        acuerdo="y",
    )
    with pytest.raises(ValidationError) as error:
        dia.full_clean()
    assert "El ámbito no corresponde" in " ".join(error.value.messages)


@pytest.mark.parametrize("valor", [0, -5])
def test_preset_con_dias_no_positivos(db, valor):
    preset = PresetPlazos(nombre="Marco defectuoso", dias_respuesta=valor)
    with pytest.raises(ValidationError) as error:
        preset.full_clean()
    assert "dias_respuesta" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        preset.save()
    assert not PresetPlazos.objects.filter(nombre="Marco defectuoso").exists()


def test_preset_excesivo(db):
    preset = PresetPlazos(nombre="Marco exagerado", dias_recurso=400)
    with pytest.raises(ValidationError) as error:
        preset.full_clean()
    assert error.value.message_dict["dias_recurso"] == [
        "El plazo no puede pasar de 60 días hábiles."
    ]


def test_los_dos_marcos_legales_vienen_de_la_migracion(db):
    nombres = set(PresetPlazos.objects.values_list("nombre", flat=True))
    assert {"Ley General (LGTAIP 2025)", "Estado de México"} <= nombres


def test_la_demo_no_corre_en_produccion(settings):
    from django.core.management import CommandError, call_command

    settings.PRODUCCION = True
    with pytest.raises(CommandError, match="no se carga en producción"):
        call_command("demo")
