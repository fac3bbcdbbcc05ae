"""Datos de demostración de organizacion: tres ayuntamientos reales de las semillas y uno
del Estado de México, con sus garantes, áreas, una persona por rol, días inhábiles del año
en curso y el anterior, plazos desde su marco legal y algunos oficios.

Idempotente: se puede correr muchas veces; busca por llaves naturales y no duplica nada.
"""

from datetime import date, time, timedelta
from typing import NamedTuple

from dateutil.easter import easter
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import (
    Ambito,
    Ayuntamiento,
    ConfiguracionPlazos,
    DiaInhabil,
    Garante,
    Membresia,
    MembresiaGarante,
    Oficio,
    PresetPlazos,
    Rol,
    TipoOficio,
    UnidadAdministrativa,
    Usuario,
)
from .servicios import oficio_emitir

CLAVE_DEMO = "transparencia-demo"

# siglas: (nombre, entidad, marco legal con que empiezan sus ayuntamientos)
GARANTES = {
    "COTAIPEC": (
        "Comisión de Transparencia y Acceso a la Información Pública del Estado de Campeche",
        "CAM",
        "Campeche",
    ),
    "OGAIPO": (
        "Órgano Garante de Acceso a la Información Pública, Transparencia, Protección de Datos Personales y Buen Gobierno de Oaxaca",
        "OAX",
        "Oaxaca",
    ),
    "ITAIPUE": (
        "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales del Estado de Puebla",
        "PUE",
        "Puebla",
    ),
    "Infoem": (
        "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales del Estado de México y Municipios",
        "MEX",
        "Estado de México",
    ),
}


class AyuntamientoDemo(NamedTuple):
    nombre: str
    garante: str
    leyenda: str
    # La primera es la Unidad de Transparencia.
    areas: list[str]
    dominio: str


# Los plazos de cada uno, los del marco legal de su garante.
AYUNTAMIENTOS = {
    "hecelchakan": AyuntamientoDemo(
        "Hecelchakán",
        "COTAIPEC",
        "2021, Año de la Independencia",
        [
            "Coordinación de Transparencia",
            "Tesorería Municipal",
            "Obras Públicas",
            "DIF Municipal",
            "Secretaría del H. Ayuntamiento",
            "Desarrollo Social",
        ],
        "hecelchakan.demo.mx",
    ),
    "oaxaca-de-juarez": AyuntamientoDemo(
        "Oaxaca de Juárez",
        "OGAIPO",
        "2024, Bicentenario de la integración de Oaxaca a la República Mexicana",
        [
            "Unidad de Transparencia Municipal",
            "Tesorería Municipal",
            "Coordinación de Comunicación Social",
            "Secretaría de Obras Públicas",
            "Secretaría Municipal",
            "Contraloría Municipal",
            "Dirección de Recursos Humanos",
        ],
        "oaxaca.demo.mx",
    ),
    "puebla": AyuntamientoDemo(
        "Puebla",
        "ITAIPUE",
        "",
        [
            "Coordinación General de Transparencia",
            "Tesorería Municipal",
            "Secretaría de Administración",
            "Contraloría Municipal",
            "Secretaría de Desarrollo Urbano y Sustentabilidad",
        ],
        "puebla.demo.mx",
    ),
    "toluca": AyuntamientoDemo(
        "Toluca",
        "Infoem",
        "",
        [
            "Unidad de Transparencia",
            "Tesorería Municipal",
            "Dirección de Obras Públicas",
            "Dirección de Desarrollo Económico",
        ],
        "toluca.demo.mx",
    ),
}


def _usuario(email: str, nombre: str, cargo: str = "") -> Usuario:
    usuario = Usuario.objects.filter(email=email).first()
    if usuario is None:
        usuario = Usuario.objects.create_user(
            email, password=CLAVE_DEMO, nombre=nombre, cargo=cargo
        )
    return usuario


def _dias_inhabiles(garantes: dict[str, Garante], anios: list[int]) -> None:
    for anio in anios:
        pascua = easter(anio)
        nacionales = [
            (
                pascua - timedelta(days=3),
                pascua - timedelta(days=2),
                "Jueves y Viernes Santo",
                f"Acuerdo del Sistema Nacional de Transparencia sobre días inhábiles {anio}",
            ),
        ]
        for inicio, fin, motivo, acuerdo in nacionales:
            DiaInhabil.objects.get_or_create(
                ambito=Ambito.NACIONAL,
                fecha_inicio=inicio,
                fecha_fin=fin,
                defaults={"motivo": motivo, "acuerdo": acuerdo},
            )
        for siglas, garante in garantes.items():
            acuerdo = f"Acuerdo {siglas}/CG/{anio}-01 por el que se aprueba el calendario de días inhábiles {anio}"
            propios = [
                (date(anio, 7, 20), date(anio, 7, 31), "Primer periodo vacacional"),
                (date(anio, 11, 2), date(anio, 11, 2), "Día de Muertos"),
                (date(anio, 12, 12), date(anio, 12, 12), "Día de la Virgen de Guadalupe"),
                (date(anio, 12, 21), date(anio, 12, 31), "Segundo periodo vacacional"),
            ]
            for inicio, fin, motivo in propios:
                DiaInhabil.objects.get_or_create(
                    ambito=Ambito.GARANTE,
                    garante=garante,
                    fecha_inicio=inicio,
                    fecha_fin=fin,
                    defaults={"motivo": motivo, "acuerdo": acuerdo},
                )


@transaction.atomic
def cargar(salida) -> None:
    hoy = timezone.localdate()
    anios = [hoy.year - 1, hoy.year]
    credenciales: list[tuple[str, str, str]] = []
    with scopes_disabled():
        garantes = {}
        for siglas, (nombre, estado, marco) in GARANTES.items():
            garantes[siglas], _ = Garante.objects.update_or_create(
                siglas=siglas,
                defaults={
                    "nombre": nombre,
                    "estado": estado,
                    "marco_legal": PresetPlazos.objects.get(nombre=marco),
                },
            )
            supervisor = _usuario(
                f"supervision@{siglas.lower()}.demo.mx",
                f"Supervisión {siglas}",
                "Dirección de Verificación",
            )
            MembresiaGarante.objects.get_or_create(usuario=supervisor, garante=garantes[siglas])
            credenciales.append(
                (supervisor.email, f"garante ({siglas})", "todos sus ayuntamientos")
            )

        _dias_inhabiles(garantes, anios)

        for slug, (nombre, siglas, leyenda, nombres_areas, dominio) in AYUNTAMIENTOS.items():
            garante = garantes[siglas]
            ayuntamiento, _ = Ayuntamiento.objects.update_or_create(
                slug=slug,
                defaults={
                    "nombre": nombre,
                    "estado": garante.estado,
                    "garante": garante,
                    "leyenda_oficial": leyenda,
                    "hora_cierre": time(15, 0),
                },
            )
            # Un ayuntamiento nuevo ya nace con el marco de su garante; uno de una demo
            # anterior se pone al día.
            configuracion = ConfiguracionPlazos.objects.get(ayuntamiento=ayuntamiento)
            if garante.marco_legal and configuracion.preset != garante.marco_legal:
                configuracion.aplicar_preset(garante.marco_legal)
                configuracion.save()
            areas = [
                UnidadAdministrativa.objects.get_or_create(ayuntamiento=ayuntamiento, nombre=n)[0]
                for n in nombres_areas
            ]
            personas = [
                (
                    Rol.TITULAR,
                    "titular",
                    f"Titular de Transparencia de {nombre}",
                    "Titular de la Unidad de Transparencia",
                    None,
                ),
                (
                    Rol.PERSONAL,
                    "personal",
                    f"Personal de Transparencia de {nombre}",
                    "Jefatura de Departamento",
                    None,
                ),
                (
                    Rol.ENLACE,
                    "enlace",
                    f"Enlace de {areas[1].nombre} de {nombre}",
                    "Enlace de transparencia",
                    areas[1],
                ),
                (Rol.CONSULTA, "consulta", f"Consulta de {nombre}", "Contraloría", None),
            ]
            for rol, usuario_correo, nombre_persona, cargo, area in personas:
                usuario = _usuario(f"{usuario_correo}@{dominio}", nombre_persona, cargo)
                Membresia.objects.update_or_create(
                    usuario=usuario,
                    ayuntamiento=ayuntamiento,
                    defaults={"rol": rol, "unidad_administrativa": area},
                )
                detalle = f"{rol.label}" + (f" de {area.nombre}" if area else "")
                credenciales.append((usuario.email, detalle, nombre))
            DiaInhabil.objects.get_or_create(
                ambito=Ambito.AYUNTAMIENTO,
                ayuntamiento=ayuntamiento,
                fecha_inicio=date(hoy.year, 10, 12),
                fecha_fin=date(hoy.year, 10, 12),
                defaults={
                    "motivo": "Aniversario de la fundación del municipio",
                    "acuerdo": f"Acuerdo de Cabildo SA/{hoy.year}/045",
                },
            )
            if not Oficio.objects.filter(ayuntamiento=ayuntamiento).exists():
                for numero, (asunto, destinatario, tipo) in enumerate(
                    [
                        (
                            "Solicitud de actualización de obligaciones de transparencia",
                            areas[1].nombre,
                            TipoOficio.REQUERIMIENTO,
                        ),
                        (
                            "Turno de solicitud de acceso a la información",
                            areas[2].nombre,
                            TipoOficio.TURNO,
                        ),
                        (
                            "Reporte trimestral de actividades",
                            "Titular de la Unidad de Transparencia",
                            TipoOficio.INFORME,
                        ),
                    ]
                ):
                    oficio_emitir(
                        ayuntamiento=ayuntamiento,
                        fecha=hoy - timedelta(days=10 - numero * 3),
                        asunto=asunto,
                        destinatario=destinatario,
                        tipo=tipo,
                    )

        # Una persona con dos ayuntamientos: al entrar elige en cuál trabajar.
        asesora = _usuario("asesora@demo.mx", "Asesora regional", "Asesoría externa")
        for slug in ("hecelchakan", "puebla"):
            Membresia.objects.get_or_create(
                usuario=asesora,
                ayuntamiento=Ayuntamiento.objects.get(slug=slug),
                defaults={"rol": Rol.CONSULTA},
            )
        credenciales.append((asesora.email, "Consulta", "Hecelchakán y Puebla (elige al entrar)"))

        operador = Usuario.objects.filter(email="admin@demo.mx").first()
        if operador is None:
            operador = Usuario.objects.create_superuser(
                "admin@demo.mx", CLAVE_DEMO, nombre="Operación de la plataforma"
            )
        credenciales.append((operador.email, "Superusuario", "/admin/"))

    salida.write(f"\nUsuarios de demostración (contraseña de todos: {CLAVE_DEMO})\n")
    ancho = max(len(c[0]) for c in credenciales)
    for email, papel, donde in credenciales:
        salida.write(f"  {email.ljust(ancho)}  {papel} — {donde}\n")
