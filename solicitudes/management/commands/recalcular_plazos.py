"""`manage.py recalcular_plazos`: lo mismo que el recálculo de cada noche, ahora. Después de
actualizar a una versión que agrega plazos, deriva los de todo lo que no los tiene todavía;
lo concluido se congela con el calendario vigente al correrla."""

from django.core.management.base import BaseCommand

from solicitudes.tasks import recalcular_plazos_de_todos


class Command(BaseCommand):
    help = "Vuelve a derivar los plazos que corren de todos los ayuntamientos activos."

    def handle(self, *args, **opciones) -> None:
        cambiadas = recalcular_plazos_de_todos()
        self.stdout.write(f"Listo: {cambiadas} solicitudes cambiaron de estado o de plazo.")
