"""Programa en django-celery-beat la actualización nocturna de los indicadores automáticos
(editable en el admin)."""

from django.db import migrations

TAREA = "poa.tasks.actualizar_indicadores_automaticos"
NOMBRE = "Actualizar los indicadores automáticos del POA (cada noche)"


def programar(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Tarea = apps.get_model("django_celery_beat", "PeriodicTask")
    horario, _ = Crontab.objects.get_or_create(
        minute="30",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="America/Mexico_City",
    )
    Tarea.objects.get_or_create(name=NOMBRE, defaults={"task": TAREA, "crontab": horario})


def quitar(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NOMBRE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("poa", "0002_fuentes_de_capacitacion"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(programar, quitar)]
