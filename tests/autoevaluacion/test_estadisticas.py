"""Avance con «no aplica» excluido, «por renovar» de las anuales y cifras por garante."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from autoevaluacion.estadisticas import (
    Avance,
    avance_por_ayuntamiento,
    avance_por_dimension,
    estados_del_anio,
    matriz_garante,
    pendientes_por_herramienta,
)
from autoevaluacion.models import POR_RENOVAR, Edicion, Estado
from organizacion.models import Ayuntamiento

from .objetos import HOY, adhesion_de_prueba, declarar


def test_porcentaje_excluye_no_aplica():
    assert Avance(total=18, no_aplica=2, implementadas=4).porcentaje == 25.0
    assert Avance(total=4, no_aplica=4).porcentaje is None
    assert Avance(total=18).porcentaje == 0.0


def test_avance_por_dimension(adhesion):
    declarar(adhesion, "convenio-colaboracion")
    declarar(adhesion, "politica-transparencia")
    declarar(adhesion, "planes-proyectos", Estado.NO_APLICA, motivo="Sin proyectos este año")
    declarar(adhesion, "perfiles-cargo", Estado.ELABORACION)
    with scope(ayuntamiento=adhesion.ayuntamiento), CaptureQueriesContext(connection) as q:
        avances = avance_por_dimension(adhesion=adhesion, anio=2025)
    assert len(q) == 1
    por_nombre = {a.nombre: a.avance for a in avances}
    assert list(por_nombre) == [
        "Estrategia",
        "Recursos",
        "Procesos",
        "Ciudadanía",
        "Mejora continua",
    ]
    estrategia = por_nombre["Estrategia"]
    assert (estrategia.total, estrategia.no_aplica, estrategia.implementadas) == (4, 1, 2)
    assert estrategia.porcentaje == 66.7  # 2 de 3 aplicables
    assert por_nombre["Recursos"].elaboracion == 1 and por_nombre["Recursos"].porcentaje == 0.0
    general = Avance.sumar(por_nombre.values())
    assert (general.aplicables, general.implementadas, general.porcentaje) == (17, 2, 11.8)


def test_anual_implementada_el_anio_pasado_queda_por_renovar(adhesion):
    declarar(adhesion, "rendicion-cuentas", hoy=date(2024, 6, 1))
    with scope(ayuntamiento=adhesion.ayuntamiento):
        en_2024 = estados_del_anio(2024).get(herramienta__clave="rendicion-cuentas")
        en_2025 = estados_del_anio(2025).get(herramienta__clave="rendicion-cuentas")
        assert getattr(en_2024, "efectivo") == Estado.IMPLEMENTADA  # noqa: B009 - anotación
        assert getattr(en_2025, "efectivo") == POR_RENOVAR  # noqa: B009
        mejora = {a.nombre: a.avance for a in avance_por_dimension(adhesion=adhesion, anio=2025)}
        assert mejora["Mejora continua"].implementadas == 0
        assert mejora["Mejora continua"].por_renovar == 1
    # Con la evidencia de 2025 vuelve a contar.
    declarar(adhesion, "rendicion-cuentas", fecha_documento=date(2025, 1, 15))
    with scope(ayuntamiento=adhesion.ayuntamiento):
        mejora = {a.nombre: a.avance for a in avance_por_dimension(adhesion=adhesion, anio=2025)}
        assert mejora["Mejora continua"].implementadas == 1


def _ayuntamientos(garante, cuantos, prefijo="m"):
    lista = []
    for numero in range(cuantos):
        ayuntamiento = Ayuntamiento.objects.create(
            nombre=f"Municipio {prefijo}{numero:03d}",
            slug=f"{prefijo}-{numero}",
            estado=garante.estado,
            garante=garante,
        )
        adhesion = adhesion_de_prueba(ayuntamiento)
        declarar(adhesion, "convenio-colaboracion")
        if numero % 2:
            declarar(adhesion, "perfiles-cargo", Estado.NO_APLICA, motivo="No aplica")
        lista.append(ayuntamiento)
    return lista


def test_cifras_del_garante_solo_de_sus_ayuntamientos(garante, otro_garante, ayuntamiento_ajeno):
    propios = _ayuntamientos(garante, 3)
    ajena = adhesion_de_prueba(ayuntamiento_ajeno)
    for clave in ("politica-transparencia", "perfiles-cargo", "convenio-colaboracion"):
        declarar(ajena, clave)
    edicion = Edicion.objects.get(vigente=True)
    with scopes_disabled():
        avances = avance_por_ayuntamiento(garante=garante, edicion=edicion, anio=2025)
        assert set(avances) == {a.pk for a in propios}
        assert avances[propios[1].pk].porcentaje == round(100 / 17, 1)
        pendientes = pendientes_por_herramienta(garante=garante, edicion=edicion, anio=2025)
        por_clave = {p.nombre: p.avance for p in pendientes}
        assert por_clave["Convenio de colaboración"].implementadas == 3
        assert por_clave["Perfiles de Cargo"].no_aplica == 1
        assert por_clave["Perfiles de Cargo"].sin_implementar == 2
        assert (
            por_clave["Política de Transparencia y Acceso a la Información Pública"].implementadas
            == 0
        )
        assert pendientes[-1].nombre == "Convenio de colaboración"
        matriz = matriz_garante(garante=garante, edicion=edicion, hoy=HOY)
        assert {f.ayuntamiento.pk for f in matriz.filas} == {a.pk for a in propios}


def test_matriz_con_3_o_30_ayuntamientos_hace_las_mismas_consultas(garante):
    edicion = Edicion.objects.get(vigente=True)
    _ayuntamientos(garante, 3)
    with scopes_disabled(), CaptureQueriesContext(connection) as pocos:
        matriz = matriz_garante(garante=garante, edicion=edicion, hoy=HOY)
    assert len(matriz.filas) == 3
    _ayuntamientos(garante, 27, prefijo="n")
    with scopes_disabled(), CaptureQueriesContext(connection) as muchos:
        matriz = matriz_garante(garante=garante, edicion=edicion, hoy=HOY)
    assert len(matriz.filas) == 30
    assert len(pocos) == len(muchos) == 4
    # El 10 de marzo de 2025 ya vencieron las 12 herramientas «en meses» pendientes (las 13
    # menos el convenio); las anuales vencen el 16 de noviembre y «según proyecto» no tiene fecha.
    primera = matriz.filas[0]
    assert primera.avance is not None and primera.avance.porcentaje == 5.6
    assert primera.atrasadas == 12
