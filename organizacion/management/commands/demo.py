from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Carga (o actualiza) los datos de demostración. Se puede correr varias veces."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCCION:
            # La demo crea usuarios con una contraseña conocida e impresa en pantalla.
            raise CommandError("La demo no se carga en producción (DEBUG=False).")
        # Cada app aporta sus datos en <app>/demo.py con una función cargar(salida); se
        # cargan en el orden de INSTALLED_APPS, que respeta las capas (organizacion primero).
        for config in apps.get_app_configs():
            modulo = f"{config.name}.demo"
            if find_spec(config.name) and find_spec(modulo):
                self.stdout.write(f"Cargando datos de demostración de {config.verbose_name}…")
                import_module(modulo).cargar(self.stdout)
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
