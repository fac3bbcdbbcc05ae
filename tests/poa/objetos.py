"""Ayudantes para crear POA en pruebas. Para la prueba de tenencia, cada colección con pk
tiene su función que devuelve el pk de un objeto de prueba: «planes» → `plan_de_prueba`,
«objetivos» → `objetivo_de_prueba`, «actividades» → `actividad_de_prueba`, «avances» →
`avance_de_prueba`, «anexos» → `anexo_de_prueba`."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from organizacion.models import Ayuntamiento, UnidadAdministrativa
from poa.models import Actividad, Formula, Objetivo, Plan
from poa.servicios import (
    Captura,
    actividad_guardar,
    avance_capturar,
    objetivo_guardar,
    plan_guardar,
)
from tests.conftest import pdf_valido


def pdf(nombre: str = "evidencia.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, pdf_valido("evidencia"), content_type="application/pdf")


def crear_plan(ayuntamiento: Ayuntamiento, anio: int = 2024, **campos) -> Plan:
    with scope(ayuntamiento=ayuntamiento):
        existente = Plan.objects.filter(anio=anio, unidad_administrativa=None).first()
        if existente is not None:
            return existente
        return plan_guardar(
            plan=Plan(
                ayuntamiento=ayuntamiento,
                anio=anio,
                titulo=f"POA {anio}",
                programa_presupuestario="26 – Gobierno Transparente",
                **campos,
            )
        )


def crear_objetivo(
    plan: Plan, descripcion: str = "Normativa en transparencia fortalecida", **campos
) -> Objetivo:
    with scope(ayuntamiento=plan.ayuntamiento):
        return objetivo_guardar(
            objetivo=Objetivo(
                plan=plan, ayuntamiento=plan.ayuntamiento, descripcion=descripcion, **campos
            )
        )


def crear_actividad(
    objetivo: Objetivo,
    area: UnidadAdministrativa | None = None,
    **campos,
) -> Actividad:
    anio = objetivo.plan.anio
    datos = {
        "descripcion": "Monitoreo del SISAI 2.0",
        "fecha_inicio": date(anio, 1, 1),
        "fecha_fin": date(anio, 12, 31),
        "formula": Formula.CONTEO,
        "meta_anual": Decimal(640),
        "unidad_medida": "monitoreos",
        **campos,
    }
    with scope(ayuntamiento=objetivo.ayuntamiento):
        return actividad_guardar(
            actividad=Actividad(
                objetivo=objetivo,
                plan=objetivo.plan,
                ayuntamiento=objetivo.ayuntamiento,
                unidad_administrativa=area,
                **datos,
            )
        )


def capturar(actividad: Actividad, mes: int, valor=None, **campos):
    with scope(ayuntamiento=actividad.ayuntamiento):
        return avance_capturar(
            actividad=actividad,
            mes=mes,
            captura=Captura(valor=None if valor is None else Decimal(valor), **campos),
            usuario=None,
        )


def plan_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return crear_plan(ayuntamiento).pk


def _actividad(ayuntamiento: Ayuntamiento) -> Actividad:
    plan = crear_plan(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        existente = Actividad.objects.filter(plan=plan).first()
    if existente is not None:
        return existente
    return crear_actividad(crear_objetivo(plan))


def objetivo_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return _actividad(ayuntamiento).objetivo_id


def actividad_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return _actividad(ayuntamiento).pk


def avance_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return capturar(_actividad(ayuntamiento), 4, 66).pk


def anexo_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    actividad = _actividad(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        avance = avance_capturar(
            actividad=actividad,
            mes=5,
            captura=Captura(valor=Decimal(66)),
            usuario=None,
            archivos=[pdf()],
        )
        return avance.anexos.get().pk
