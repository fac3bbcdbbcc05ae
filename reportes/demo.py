"""Datos de demostración de reportes: firmas y destinatarios de cada ayuntamiento (para
Oaxaca de Juárez, los del informe trimestral de la seed 003; el informe semestral, dirigido
al garante) y ese informe trimestral, abril a junio de 2024, ya emitido con su oficio. Los envíos programados no salen solos en la demo (no hay beat en modo
eager): `manage.py enviar_reportes_programados --fecha AAAA-MM-DD` los envía a `var/correo/`.

Idempotente: lo que ya existe no se toca."""

from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento, Membresia, Rol, hoy_local

from . import generacion
from .models import ConfiguracionReportes, Destinatario, RemisionReporte, Reporte, TipoReporte
from .servicios import reporte_emitir, reporte_solicitar

# Las firmas del informe trimestral de Oaxaca de Juárez (seed 003).
OAXACA = {
    "lugar": "Oaxaca de Juárez, Oaxaca",
    "destinatario": "Lic. Keyla Matus Meléndez",
    "cargo_destinatario": "Titular de la Unidad de Transparencia",
    "elaboro_nombre": "Lic. Fatima Anai Sanchez Carrasco",
    "elaboro_cargo": "Jefa de Departamento de la Vinculación con la Sociedad y Gobierno Abierto",
    "vobo_nombre": "Lic. Keyla Matus Meléndez",
    "vobo_cargo": "Titular de Unidad de Transparencia",
    "lemas": '"EL RESPETO AL DERECHO AJENO ES LA PAZ"\n"POR UNA CIUDAD EDUCADORA"',
}


def _configuracion(ayuntamiento: Ayuntamiento) -> None:
    personas = {
        m.rol: m.usuario
        for m in Membresia.objects.filter(
            ayuntamiento=ayuntamiento, rol__in=[Rol.TITULAR, Rol.PERSONAL]
        ).select_related("usuario")
    }
    titular, personal = personas.get(Rol.TITULAR), personas.get(Rol.PERSONAL)
    if ayuntamiento.slug == "oaxaca-de-juarez":
        datos = OAXACA
    elif titular and personal:
        datos = {
            "destinatario": titular.nombre,
            "cargo_destinatario": titular.cargo,
            "elaboro_nombre": personal.nombre,
            "elaboro_cargo": personal.cargo,
            "vobo_nombre": titular.nombre,
            "vobo_cargo": titular.cargo,
        }
    else:
        return
    ConfiguracionReportes.objects.get_or_create(ayuntamiento=ayuntamiento, defaults=datos)
    RemisionReporte.objects.get_or_create(
        ayuntamiento=ayuntamiento,
        tipo=TipoReporte.SEMESTRAL,
        defaults={
            "destinatario": ayuntamiento.garante.nombre,
            "cargo_destinatario": "Pleno",
            "vobo_nombre": titular.nombre if titular else "",
            "vobo_cargo": titular.cargo if titular else "",
        },
    )
    if titular:
        Destinatario.objects.get_or_create(
            ayuntamiento=ayuntamiento,
            tipo=TipoReporte.TRIMESTRAL,
            correo=titular.email,
            defaults={"nombre": titular.nombre},
        )
    if ayuntamiento.garante.correo:
        Destinatario.objects.get_or_create(
            ayuntamiento=ayuntamiento,
            tipo=TipoReporte.SEMESTRAL,
            correo=ayuntamiento.garante.correo,
            defaults={"nombre": ayuntamiento.garante.siglas},
        )


def cargar(salida) -> None:
    with scopes_disabled():
        ayuntamientos = list(Ayuntamiento.objects.select_related("garante").order_by("slug"))
    for ayuntamiento in ayuntamientos:
        with scope(ayuntamiento=ayuntamiento):
            _configuracion(ayuntamiento)
            if (
                ayuntamiento.slug != "oaxaca-de-juarez"
                or Reporte.objects.filter(
                    tipo=TipoReporte.TRIMESTRAL, anio=2024, periodo=2
                ).exists()
            ):
                continue
            reporte = reporte_solicitar(
                ayuntamiento=ayuntamiento,
                tipo=TipoReporte.TRIMESTRAL,
                anio=2024,
                periodo=2,
                hoy=hoy_local(ayuntamiento),
                encolar=False,
            )
            generacion.generar(reporte)
            # Emitido por su titular: en la demo (modo eager) se genera con su número aquí.
            reporte = reporte_emitir(
                reporte_id=reporte.pk, usuario=None, hoy=hoy_local(ayuntamiento)
            )
            salida.write(f"  {reporte} de {ayuntamiento.nombre}: emitido ({reporte.oficio}).\n")
    salida.write("Firmas y destinatarios de reportes configurados.\n")
