from django.db import migrations

RESCATE = "documentos.tasks.rescatar_notificaciones"


def adelante(apps, schema_editor):
    # Cada minuto, como el rescate de reportes: lo que la web no pudo encolar sale en cuanto
    # el broker vuelve.
    Intervalo = apps.get_model("django_celery_beat", "IntervalSchedule")
    cada_minuto, _ = Intervalo.objects.get_or_create(every=1, period="minutes")
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name="Notificaciones: entregar las pendientes",
        defaults={"task": RESCATE, "interval": cada_minuto},
    )


def atras(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=RESCATE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documentos", "0003_notificaciones_y_estrados"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(adelante, atras)]
