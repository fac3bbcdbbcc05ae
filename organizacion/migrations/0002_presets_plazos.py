"""Preajustes de plazos por marco legal (DOMAIN.md, «Deadlines»). Son datos: los operadores
pueden agregar otros marcos estatales desde el admin."""

from django.db import migrations

COMUNES = {
    "dias_orientacion": 5,
    "dias_recurso": 15,
    "dias_alegatos": 7,
    "dias_cumplimiento_resolucion": 10,
    "dias_arco_respuesta": 20,
    "dias_arco_ampliacion": 10,
    "dias_arco_efectivo": 15,
    "dias_arco_prevencion": 5,
    "dias_arco_respuesta_prevencion": 10,
    "dias_turno_area": 5,
    "dias_aviso_vencimiento": 3,
}

PRESETS = [
    {
        "nombre": "Ley General (LGTAIP 2025)",
        "descripcion": (
            "Ley General de Transparencia y Acceso a la Información Pública (2025), arts. 130, "
            "132, 134, 138 y 144; Ley General de Protección de Datos Personales en Posesión de "
            "Sujetos Obligados (2025), art. 45."
        ),
        "dias_respuesta": 20,
        "dias_ampliacion": 10,
        "dias_prevencion": 5,
        "dias_respuesta_prevencion": 10,
        "dias_incompetencia": 3,
    },
    {
        "nombre": "Estado de México",
        "descripcion": (
            "Ley de Transparencia y Acceso a la Información Pública del Estado de México y "
            "Municipios: respuesta en 15 días hábiles, ampliable 7."
        ),
        "dias_respuesta": 15,
        "dias_ampliacion": 7,
        "dias_prevencion": 5,
        "dias_respuesta_prevencion": 10,
        "dias_incompetencia": 3,
    },
]


def crear(apps, schema_editor):
    PresetPlazos = apps.get_model("organizacion", "PresetPlazos")
    for datos in PRESETS:
        datos = {**COMUNES, **datos}
        PresetPlazos.objects.update_or_create(nombre=datos.pop("nombre"), defaults=datos)


def quitar(apps, schema_editor):
    PresetPlazos = apps.get_model("organizacion", "PresetPlazos")
    PresetPlazos.objects.filter(nombre__in=[p["nombre"] for p in PRESETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizacion", "0001_initial")]
    operations = [migrations.RunPython(crear, quitar)]
