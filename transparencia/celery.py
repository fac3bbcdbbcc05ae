import os

from celery import Celery
from celery.signals import beat_init

from transparencia.beat import tomar_candado

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparencia.settings")

app = Celery("transparencia")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Un solo beat: el que arranca segundo se detiene (transparencia/beat.py).
beat_init.connect(tomar_candado)
