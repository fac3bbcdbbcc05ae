"""El envío programado de reportes, a mano y sin worker: lo mismo que la tarea diaria de
beat, pero aquí mismo, con un resumen y un solo intento por correo (el que no sale queda
`fallido` y la corrida siguiente lo reintenta). Sirve para ponerse al día después de una caída o
para ver qué saldría en una fecha.

Sólo envía los reportes: el aviso diario de vencimientos es otro trabajo (con su propia
hora) y se pide aparte con --avisos. Los dos respetan el «exactamente una vez»: correr la
orden después del beat, o dos veces, no duplica ningún correo."""

from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from organizacion.models import hoy_local
from organizacion.templatetags.transparencia import fecha_larga
from reportes import envios

# Lo que pasó con cada correo, como se lee en el resumen.
RESULTADOS = {
    "enviado": "enviados ahora",
    "fallido": "con falla",
    "sin reporte": "sin reporte listo",
    "ya enviado": "ya enviados antes",
}


def _fecha(valor: str | None) -> date | None:
    if not valor:
        return None
    try:
        fecha = date.fromisoformat(valor)
    except ValueError:
        raise CommandError(
            f"La fecha «{valor}» no es válida; use el formato AAAA-MM-DD (p. ej. 2024-07-05)."
        ) from None
    if fecha > timezone.localdate():
        # Enviaría como cerrado un periodo que todavía corre.
        raise CommandError(f"La fecha {fecha_larga(fecha)} aún no llega.")
    return fecha


class Command(BaseCommand):
    help = (
        "Envía ya los reportes programados que tocan (el último periodo cerrado, pasados los "
        "días hábiles de la configuración) y muestra un resumen. No repite lo ya enviado."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fecha",
            help="Día que se toma como «hoy» (AAAA-MM-DD); por omisión, hoy en cada ayuntamiento.",
        )
        parser.add_argument(
            "--avisos",
            action="store_true",
            help="También envía el aviso diario de vencimientos de esa fecha.",
        )

    def handle(self, *args, **opciones) -> None:
        fecha = _fecha(opciones["fecha"])
        totales: Counter[str] = Counter()
        for ayuntamiento in envios.ayuntamientos_con_destinatarios():
            hoy = fecha or hoy_local(ayuntamiento)
            for lote in envios.envios_preparar(ayuntamiento=ayuntamiento, hoy=hoy):
                totales["lotes"] += 1
                if lote.error:
                    totales["fallido"] += 1
                    self.stdout.write(self.style.ERROR(f"{lote}: {lote.error}"))
                    continue
                if lote.por_emitir:
                    esperan = lote.esperan_emision
                    totales["por emitir"] += esperan
                    self.stdout.write(
                        self.style.WARNING(
                            f"{lote}: el borrador (versión {lote.por_emitir.version}) espera que "
                            f"la persona titular lo emita; {esperan} correos saldrán al emitirlo."
                        )
                    )
                    continue
                # Un solo intento por correo: el que no sale queda «fallido» y la próxima
                # corrida (o el beat) lo vuelve a intentar.
                resultados = Counter(
                    envios.envio_intentar(envio_id=envio_id, ultimo=True)
                    for envio_id in lote.por_enviar
                )
                resultados["ya enviado"] += lote.ya_enviados
                totales.update(resultados)
                detalle = [
                    f"{resultados[r]} {texto}" for r, texto in RESULTADOS.items() if resultados[r]
                ]
                estilo = self.style.ERROR if resultados["fallido"] else self.style.SUCCESS
                self.stdout.write(estilo(f"{lote}: {', '.join(detalle)}."))
        if not totales["lotes"]:
            self.stdout.write("No hay reportes programados que enviar.")
        else:
            self.stdout.write(
                f"Reportes: {totales['enviado']} correos enviados, {totales['fallido']} con "
                f"falla, {totales['ya enviado']} ya se habían enviado, "
                f"{totales['por emitir']} esperan la emisión."
            )
        if opciones["avisos"]:
            dia = fecha or timezone.localdate()
            resumen = envios.avisos_diarios_enviar(fecha=dia)
            self.stdout.write(
                f"Aviso diario del {fecha_larga(dia)}: {resumen.enviados} enviados, "
                f"{resumen.ya_enviados} ya se habían enviado."
            )
            if resumen.fallidos:
                self.stdout.write(
                    self.style.ERROR(f"No se pudo enviar a: {', '.join(resumen.fallidos)}.")
                )
