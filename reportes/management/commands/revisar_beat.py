"""La prueba de vida de beat (healthcheck de docker-compose.yml, o un monitor con systemd):
sale con error y dice por qué si no hay un beat con el candado o si no programa."""

from django.core.management.base import BaseCommand, CommandError

from transparencia.beat import problemas_de_beat


class Command(BaseCommand):
    help = "Comprueba que un beat de Celery corre y programa tareas (para el healthcheck)."

    def handle(self, *args, **opciones) -> None:
        problemas = problemas_de_beat()
        if problemas:
            raise CommandError(" ".join(problemas))
        self.stdout.write("beat está vivo: tiene el candado y programó el rescate hace poco.")
