"""El catálogo cargado por migración es el de la semilla 004, y las ediciones no se pisan."""

from datetime import date

import pytest
from django.db import IntegrityError
from django_scopes import scope

from autoevaluacion.models import Dimension, Edicion, EstadoHerramienta, Herramienta
from autoevaluacion.servicios import adhesion_guardar

from .objetos import HOY, adhesion_de_prueba

# clave: (nombre, temporalidad, meses, temporalidad según el documento)
ESPERADO = {
    "convenio-colaboracion": ("Convenio de colaboración", "meses", 1, "1 mes para elaboración, vigencia indefinida."),
    "politica-transparencia": ("Política de Transparencia y Acceso a la Información Pública", "meses", 3, "3 meses de implementación"),
    "sistema-integridad": ("Sistema de Integridad y Código de Ética", "meses", 6, "6 meses de implementación y vigencia indefinida"),
    "planes-proyectos": ("Planes y Proyectos de Transparencia", "proyecto", None, "Depende de la duración de cada proyecto"),
    "perfiles-cargo": ("Perfiles de Cargo", "meses", 3, "3 meses"),
    "capacitacion-funcionarios": ("Plan anual de capacitación interna a funcionarios públicos", "anual", None, "Anual"),
    "capacitacion-ciudadania": ("Plan anual de capacitación interna a ciudadanía públicos", "anual", None, "Anual"),
    "diagnostico-infraestructura": ("Diagnóstico de la infraestructura asignada a los procesos de transparencia", "meses", 3, "3 meses"),
    "formalizacion-procesos": ("Formalización de procesos", "meses", 6, "6 meses"),
    "automatizacion-procesos": ("Automatización de procesos", "meses", 3, "3 meses"),
    "plan-difusion": ("Plan anual de difusión a la ciudadanía", "meses", 3, "3 meses"),
    "canales-atencion": ("Formalización de canales de atención", "meses", 3, "3 meses"),
    "transparencia-proactiva": ("Transparencia Proactiva", "meses", 4, "4 meses"),
    "datos-abiertos": ("Política de datos abiertos", "meses", 5, "5 meses"),
    "satisfaccion-usuaria": ("Satisfacción usuaria", "anual", None, "Anual"),
    "indicadores-desempeno": ("Reporte de indicadores de desempeño", "meses", 3, "3 meses para la adopción de batería de indicadores de instalación"),
    "rendicion-cuentas": ("Rendición de cuentas", "anual", None, "Anual"),
    "planes-mejora": ("Planes de Mejora", "meses", 3, "3 meses"),
}  # fmt: skip


def test_las_18_herramientas_de_la_semilla_con_su_temporalidad(db):
    edicion = Edicion.objects.get(vigente=True)
    herramientas = Herramienta.objects.filter(dimension__edicion=edicion)
    # El documento dice «17 herramientas», pero enumera 18 (cuatro en Recursos).
    assert herramientas.count() == 18
    obtenido = {
        h.clave: (h.nombre, h.temporalidad, h.meses, h.temporalidad_texto) for h in herramientas
    }
    assert obtenido == ESPERADO
    assert list(herramientas.values_list("clave", flat=True)) == list(ESPERADO)


def test_cinco_dimensiones_en_el_orden_del_documento(db):
    dimensiones = Dimension.objects.filter(edicion__vigente=True)
    assert [(d.nombre, d.herramientas.count()) for d in dimensiones] == [
        ("Estrategia", 4),
        ("Recursos", 4),
        ("Procesos", 2),
        ("Ciudadanía", 4),
        ("Mejora continua", 4),
    ]
    assert dimensiones[0].descripcion.startswith("guía el actuar de los colaboradores")


def test_descripciones_al_pie_de_la_letra(db):
    convenio = Herramienta.objects.get(clave="convenio-colaboracion")
    assert convenio.descripcion == (
        "instrumento de compromiso entre la municipalidad y el órgano garante, a fin de "
        "estipular lo avances, mejoras y mecanismos de evaluación."
    )
    assert convenio.vigencia_indefinida
    procesos = Herramienta.objects.get(clave="formalizacion-procesos")
    assert procesos.descripcion.endswith(
        "Los procesos de: Transparencia activa y Transparencia pasiva, incluyendo la debida "
        "referencia a sus plataformas digitales"
    )
    assert "17" in Edicion.objects.get(vigente=True).nota


def test_solo_una_edicion_vigente(db):
    with pytest.raises(IntegrityError):
        Edicion.objects.create(
            clave="otra", nombre="Otra", publicada=date(2026, 1, 1), vigente=True
        )


def test_una_edicion_nueva_no_reescribe_las_autoevaluaciones_pasadas(
    ayuntamiento, ayuntamiento_ajeno
):
    pasada = adhesion_de_prueba(ayuntamiento)
    anterior = Edicion.objects.get(vigente=True)
    anterior.vigente = False
    anterior.save()
    nueva = Edicion.objects.create(
        clave="infoem-2026", nombre="Edición 2026", publicada=date(2026, 1, 1), vigente=True
    )
    dimension = Dimension.objects.create(
        edicion=nueva, clave="estrategia", orden=1, nombre="Estrategia", descripcion="…"
    )
    Herramienta.objects.create(
        dimension=dimension,
        clave="convenio-colaboracion",
        orden=1,
        nombre="Convenio de colaboración 2026",
        nombre_corto="Convenio",
        descripcion="…",
        temporalidad="anual",
        temporalidad_texto="Anual",
    )
    with scope(ayuntamiento=ayuntamiento_ajeno):
        reciente = adhesion_guardar(
            ayuntamiento=ayuntamiento_ajeno,
            fecha_convenio=date(2025, 1, 10),
            enlace_nombre="Enlace",
            hoy=HOY,
        )
        assert [
            e.herramienta.nombre for e in EstadoHerramienta.objects.filter(adhesion=reciente)
        ] == ["Convenio de colaboración 2026"]
    with scope(ayuntamiento=ayuntamiento):
        estados = EstadoHerramienta.objects.filter(adhesion=pasada)
        assert estados.count() == 18
        assert set(estados.values_list("herramienta__dimension__edicion", flat=True)) == {
            anterior.pk
        }
