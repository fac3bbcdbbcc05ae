"""Los marcos legales con el artículo de cada plazo, y el marco por omisión de cada garante.

Donde el plazo de un estado no se pudo verificar contra su ley, el preajuste lo dice en su
fundamento («sin fuente estatal verificada») en lugar de copiar el de la Ley General en
silencio: la titular lo ve en «Plazos» y en cada explicación, y lo corrige si su ley dice otra
cosa. Los garantes se relacionan por su entidad federativa; los que se den de alta después
eligen el suyo en el admin.
"""

from django.db import migrations

SIN_FUENTE = "Sin fuente estatal verificada: valor de la Ley General"

# Plazos que la Ley General fija y que un marco estatal sin verificar toma de ella.
LEY_GENERAL = {
    "dias_prevencion": (5, "art. 130"),
    "dias_respuesta_prevencion": (10, "art. 130"),
    "dias_incompetencia": (3, "art. 138"),
    "dias_orientacion": (5, "art. 132"),
    "dias_respuesta": (20, "art. 134"),
    "dias_ampliacion": (10, "art. 134"),
    "dias_recurso": (15, "art. 144"),
}

ESTADOS = [
    # (entidad, nombre del preajuste, ley estatal)
    (
        "OAX",
        "Oaxaca",
        "Ley de Transparencia, Acceso a la Información Pública y Buen Gobierno del Estado de Oaxaca",
    ),
    ("PUE", "Puebla", "Ley de Transparencia y Acceso a la Información Pública del Estado de Puebla"),
    (
        "CAM",
        "Campeche",
        "Ley de Transparencia y Acceso a la Información Pública del Estado de Campeche",
    ),
]
ESTADO_DE_MEXICO = "Estado de México"
LEY_MEXIQUENSE = "Ley de Transparencia y Acceso a la Información Pública del Estado de México y Municipios"


def crear(apps, schema_editor):
    PresetPlazos = apps.get_model("organizacion", "PresetPlazos")
    Garante = apps.get_model("organizacion", "Garante")
    general = PresetPlazos.objects.filter(nombre="Ley General (LGTAIP 2025)").first()
    if general is None:
        return
    campos = {
        f.name: getattr(general, f.name)
        for f in PresetPlazos._meta.concrete_fields
        if f.name.startswith("dias_")
    }
    mexiquense = PresetPlazos.objects.filter(nombre=ESTADO_DE_MEXICO).first()
    if mexiquense is not None:
        # 15 + 7 según la ley mexiquense (el valor con que Infoem opera); el artículo está
        # por verificar contra el texto vigente de la ley.
        mexiquense.fundamentos = {
            "dias_respuesta": f"{LEY_MEXIQUENSE} (15 días; artículo por verificar)",
            "dias_ampliacion": f"{LEY_MEXIQUENSE} (7 días; artículo por verificar)",
            **{
                campo: f"{SIN_FUENTE} (LGTAIP 2025, {articulo})"
                for campo, (_, articulo) in LEY_GENERAL.items()
                if campo not in ("dias_respuesta", "dias_ampliacion")
            },
        }
        mexiquense.save()
    preajustes = {"MEX": mexiquense}
    for entidad, nombre, ley in ESTADOS:
        preajuste, _ = PresetPlazos.objects.update_or_create(
            nombre=nombre,
            defaults={
                **campos,
                "descripcion": (
                    f"{ley}. Sus plazos aún no se verificaron contra el texto de la ley: cada "
                    "uno lleva el valor de la Ley General y lo dice en su fundamento."
                ),
                "fundamentos": {
                    campo: f"{SIN_FUENTE} (LGTAIP 2025, {articulo})"
                    for campo, (_, articulo) in LEY_GENERAL.items()
                },
            },
        )
        preajustes[entidad] = preajuste
    for garante in Garante.objects.filter(marco_legal__isnull=True):
        garante.marco_legal = preajustes.get(garante.estado) or general
        garante.save(update_fields=["marco_legal"])


def quitar(apps, schema_editor):
    PresetPlazos = apps.get_model("organizacion", "PresetPlazos")
    PresetPlazos.objects.filter(nombre__in=[nombre for _, nombre, _ in ESTADOS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizacion", "0003_plazos_integros")]
    operations = [migrations.RunPython(crear, quitar)]
