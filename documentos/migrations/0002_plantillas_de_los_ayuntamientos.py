from django.db import migrations


def adelante(apps, schema_editor):
    # Los ayuntamientos que ya existían reciben sus plantillas (vacías: el texto por omisión).
    Ayuntamiento = apps.get_model("organizacion", "Ayuntamiento")
    Plantilla = apps.get_model("documentos", "PlantillaDocumento")
    from documentos.textos import ClaveDocumento

    Plantilla.objects.bulk_create(
        Plantilla(ayuntamiento_id=pk, clave=clave)
        for pk in Ayuntamiento.objects.values_list("pk", flat=True)
        for clave in ClaveDocumento.values
    )


class Migration(migrations.Migration):
    dependencies = [("documentos", "0001_initial")]

    operations = [migrations.RunPython(adelante, migrations.RunPython.noop)]
