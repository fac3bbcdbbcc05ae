"""Ayudantes para crear datos de capacitación en pruebas (también para la prueba de
tenencia: cada función da el pk de un objeto de su colección)."""

from datetime import date, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from capacitacion.models import (
    Asesoria,
    Capacitacion,
    MedioAsesoria,
    Participante,
    PlanCapacitacion,
    PublicoAsesoria,
    PublicoPlan,
    TemaAsesoria,
    TemaPlaneado,
)
from capacitacion.servicios import capacitacion_guardar, evidencia_agregar, participante_guardar
from organizacion.models import Ayuntamiento, Sexo
from tests.conftest import pdf_valido


def sesion(ayuntamiento: Ayuntamiento, **campos) -> Capacitacion:
    datos = {
        "tema": "Obligaciones en materia de datos personales",
        "fecha": date(2024, 4, 9),
        "hora": time(10, 30),
        **campos,
    }
    with scope(ayuntamiento=ayuntamiento):
        return capacitacion_guardar(capacitacion=Capacitacion(ayuntamiento=ayuntamiento, **datos))


def participante(capacitacion: Capacitacion, nombre: str, sexo: str = Sexo.MUJER, **campos):
    with scope(ayuntamiento=capacitacion.ayuntamiento):
        return participante_guardar(
            participante=Participante(capacitacion=capacitacion, nombre=nombre, sexo=sexo, **campos)
        )


def plan(ayuntamiento: Ayuntamiento, anio: int = 2024, publico: str = PublicoPlan.SERVIDORES):
    with scope(ayuntamiento=ayuntamiento):
        return PlanCapacitacion.objects.get_or_create(
            ayuntamiento=ayuntamiento, anio=anio, publico=publico
        )[0]


def tema(plan_: PlanCapacitacion, mes: int, nombre: str = "Datos personales", meta: int = 30):
    with scope(ayuntamiento=plan_.ayuntamiento):
        return TemaPlaneado.objects.create(
            ayuntamiento=plan_.ayuntamiento,
            plan=plan_,
            tema=nombre,
            mes=mes,
            publico="servidores",
            meta_asistentes=meta,
        )


def asesoria(ayuntamiento: Ayuntamiento, **campos) -> Asesoria:
    datos = {
        "fecha": date(2024, 4, 10),
        "tema": TemaAsesoria.DATOS_PERSONALES,
        "publico": PublicoAsesoria.CIUDADANO,
        "sexo": Sexo.MUJER,
        "medio": MedioAsesoria.PRESENCIAL,
        **campos,
    }
    with scope(ayuntamiento=ayuntamiento):
        return Asesoria.objects.create(ayuntamiento=ayuntamiento, **datos)


def pdf(nombre: str = "ficha.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, pdf_valido("ficha de capacitacion"), "application/pdf")


# --- Un objeto por colección, para tests/organizacion/test_tenencia.py ----------------------


def sesion_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return sesion(ayuntamiento).pk


def participante_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return participante(sesion(ayuntamiento, tema="Sesión con lista"), "Ana López").pk


def evidencia_capacitacion_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    capacitacion = sesion(ayuntamiento, tema="Sesión con ficha")
    with scope(ayuntamiento=ayuntamiento):
        return evidencia_agregar(capacitacion=capacitacion, archivo=pdf()).pk


def plan_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return plan(ayuntamiento).pk


def tema_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return tema(plan(ayuntamiento), 5).pk


def asesoria_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    return asesoria(ayuntamiento).pk
