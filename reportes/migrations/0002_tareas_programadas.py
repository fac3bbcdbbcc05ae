"""Programa en django-celery-beat los envíos de reportes, el aviso diario de vencimientos y
el rescate de generaciones abandonadas (todo editable en el admin)."""

from django.db import migrations

ZONA = "America/Mexico_City"
# (nombre, tarea, hora, minuto) de las que corren una vez al día.
DIARIAS = [
    (
        "Enviar los reportes programados (cada mañana)",
        "reportes.tasks.enviar_reportes_programados",
        "7",
        "0",
    ),
    (
        "Enviar el aviso diario de vencimientos (cada mañana)",
        "reportes.tasks.enviar_avisos_diarios",
        "7",
        "30",
    ),
]
RESCATE = ("Rescatar generaciones de reportes abandonadas", "reportes.tasks.rescatar_generaciones")


def programar(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Intervalo = apps.get_model("django_celery_beat", "IntervalSchedule")
    Tarea = apps.get_model("django_celery_beat", "PeriodicTask")
    for nombre, tarea, hora, minuto in DIARIAS:
        horario, _ = Crontab.objects.get_or_create(
            minute=minuto,
            hour=hora,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=ZONA,
        )
        Tarea.objects.get_or_create(name=nombre, defaults={"task": tarea, "crontab": horario})
    cada_diez, _ = Intervalo.objects.get_or_create(every=10, period="minutes")
    nombre, tarea = RESCATE
    Tarea.objects.get_or_create(name=nombre, defaults={"task": tarea, "interval": cada_diez})


def quitar(apps, schema_editor):
    nombres = [nombre for nombre, *_ in DIARIAS] + [RESCATE[0]]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=nombres).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reportes", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(programar, quitar)]
