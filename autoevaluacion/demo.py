"""Datos de demostración del modelo regional: Infoem con nueve ayuntamientos del Estado de
México en etapas distintas, desde uno sin convenio hasta uno con todo implementado; uno de
ellos como la semilla 004 (sólo el convenio, firmado el 16 de noviembre de 2022).

Toluca e Infoem los crea la demo de organizacion (corre antes). Los demás ayuntamientos se
crean aquí con una persona por rol, como los de organizacion. Idempotente: un ayuntamiento
que ya tiene su adhesión no se toca.
"""

import io
from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from pypdf import PdfWriter

from organizacion.demo import CLAVE_DEMO
from organizacion.models import (
    Ayuntamiento,
    Garante,
    Membresia,
    Rol,
    UnidadAdministrativa,
    Usuario,
)

from .models import Adhesion, Estado, EstadoHerramienta
from .servicios import EvidenciaNueva, adhesion_guardar, estado_guardar

CONVENIO_SEMILLA = date(2022, 11, 16)

# slug: (nombre, dominio de correo, etapa)
AYUNTAMIENTOS = {
    "metepec": ("Metepec", "metepec.demo.mx", "semilla"),
    "naucalpan": ("Naucalpan de Juárez", "naucalpan.demo.mx", "media"),
    "ecatepec": ("Ecatepec de Morelos", "ecatepec.demo.mx", "reciente"),
    "tlalnepantla": ("Tlalnepantla de Baz", "tlalnepantla.demo.mx", "completa"),
    "nezahualcoyotl": ("Nezahualcóyotl", "nezahualcoyotl.demo.mx", "por_renovar"),
    "zinacantepec": ("Zinacantepec", "zinacantepec.demo.mx", "atrasada"),
    "huixquilucan": ("Huixquilucan", "huixquilucan.demo.mx", "no_aplica"),
    "texcoco": ("Texcoco", "texcoco.demo.mx", "sin_convenio"),
}
ETAPA_TOLUCA = "avanzada"

# Lo que declara cada etapa, por clave de herramienta; lo demás queda pendiente. «completa» y
# «por_renovar» declaran todas implementadas.
_BASICAS = ["convenio-colaboracion", "politica-transparencia", "perfiles-cargo"]
ETAPAS: dict[str, dict[str, str]] = {
    "semilla": {"convenio-colaboracion": Estado.IMPLEMENTADA},
    "reciente": {"convenio-colaboracion": Estado.IMPLEMENTADA},
    "media": {
        **dict.fromkeys(_BASICAS, Estado.IMPLEMENTADA),
        "sistema-integridad": Estado.IMPLEMENTADA,
        "capacitacion-funcionarios": Estado.IMPLEMENTADA,
        "diagnostico-infraestructura": Estado.ELABORACION,
        "formalizacion-procesos": Estado.ELABORACION,
        "plan-difusion": Estado.IMPLEMENTADA,
    },
    "atrasada": {
        "convenio-colaboracion": Estado.IMPLEMENTADA,
        "politica-transparencia": Estado.ELABORACION,
        "perfiles-cargo": Estado.ELABORACION,
    },
    "no_aplica": {
        **dict.fromkeys(_BASICAS, Estado.IMPLEMENTADA),
        "automatizacion-procesos": Estado.NO_APLICA,
        "datos-abiertos": Estado.ELABORACION,
        "satisfaccion-usuaria": Estado.IMPLEMENTADA,
    },
    "avanzada": {
        **dict.fromkeys(_BASICAS, Estado.IMPLEMENTADA),
        "sistema-integridad": Estado.IMPLEMENTADA,
        "planes-proyectos": Estado.ELABORACION,
        "capacitacion-funcionarios": Estado.IMPLEMENTADA,
        "capacitacion-ciudadania": Estado.IMPLEMENTADA,
        "diagnostico-infraestructura": Estado.IMPLEMENTADA,
        "formalizacion-procesos": Estado.IMPLEMENTADA,
        "automatizacion-procesos": Estado.IMPLEMENTADA,
        "plan-difusion": Estado.IMPLEMENTADA,
        "canales-atencion": Estado.IMPLEMENTADA,
        "transparencia-proactiva": Estado.ELABORACION,
        "satisfaccion-usuaria": Estado.IMPLEMENTADA,
        "indicadores-desempeno": Estado.IMPLEMENTADA,
        "rendicion-cuentas": Estado.IMPLEMENTADA,
        "planes-mejora": Estado.ELABORACION,
    },
}


@cache
def _pdf_de_demostracion() -> bytes:
    """Una hoja carta en blanco titulada «Documento de demostración»: un PDF de verdad,
    porque las evidencias se revisan por su estructura."""
    escritor = PdfWriter()
    escritor.add_blank_page(width=612, height=792)
    escritor.add_metadata({"/Title": "Documento de demostración"})
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _pdf(nombre: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, _pdf_de_demostracion(), content_type="application/pdf")


def _convenio(etapa: str, hoy: date) -> date:
    if etapa == "semilla":
        return CONVENIO_SEMILLA
    if etapa == "reciente":
        return hoy - relativedelta(months=2)
    if etapa == "atrasada":
        return hoy - relativedelta(months=10)
    return hoy - relativedelta(years=2, months=1)


def _declarar(ayuntamiento: Ayuntamiento, adhesion: Adhesion, etapa: str, hoy: date) -> None:
    plan = dict(ETAPAS.get(etapa, {}))
    if etapa in ("completa", "por_renovar"):
        plan = {
            e.herramienta.clave: Estado.IMPLEMENTADA
            for e in EstadoHerramienta.objects.filter(adhesion=adhesion).select_related(
                "herramienta"
            )
        }
    estados = {
        e.herramienta.clave: e
        for e in EstadoHerramienta.objects.filter(adhesion=adhesion).select_related("herramienta")
    }
    for clave, nuevo in plan.items():
        estado = estados[clave]
        anual = estado.herramienta.es_anual
        # «Por renovar»: las anuales se implementaron con evidencia del año pasado; se
        # declaran primero con «hoy» del año anterior, como se habría hecho entonces.
        hoy_declarado = hoy - relativedelta(years=1) if etapa == "por_renovar" and anual else hoy
        fecha = max(
            adhesion.fecha_convenio,
            hoy_declarado - timedelta(days=20),
            date(hoy_declarado.year, 1, 1),
        )
        if clave == "convenio-colaboracion":
            fecha = adhesion.fecha_convenio
        evidencia = None
        if nuevo == Estado.IMPLEMENTADA:
            descripcion = (
                "Convenio en archivo de la DGTAIPGA"
                if clave == "convenio-colaboracion"
                else f"{estado.herramienta.nombre} aprobado por el Cabildo"
            )
            evidencia = EvidenciaNueva(
                descripcion=descripcion, fecha=fecha, archivo=_pdf(f"{clave}-{fecha.year}.pdf")
            )
        estado_guardar(
            estado=estado,
            nuevo=nuevo,
            hoy=hoy_declarado,
            fecha_implementacion=fecha if nuevo == Estado.IMPLEMENTADA else None,
            motivo_no_aplica=(
                "El municipio no cuenta con sistemas propios: usa la plataforma estatal."
                if nuevo == Estado.NO_APLICA
                else ""
            ),
            notas="Información proporcionada por el enlace del modelo.",
            evidencia=evidencia,
        )


def _ayuntamiento_demo(slug: str, nombre: str, dominio: str, garante: Garante) -> Ayuntamiento:
    ayuntamiento, _ = Ayuntamiento.objects.get_or_create(
        slug=slug, defaults={"nombre": nombre, "estado": garante.estado, "garante": garante}
    )
    # Sus plazos, los del marco legal de su garante (el del Estado de México, para Infoem).
    UnidadAdministrativa.objects.get_or_create(
        ayuntamiento=ayuntamiento, nombre="Unidad de Transparencia"
    )
    tesoreria, _ = UnidadAdministrativa.objects.get_or_create(
        ayuntamiento=ayuntamiento, nombre="Tesorería Municipal"
    )
    personas = [
        (Rol.TITULAR, "titular", f"Titular de Transparencia de {nombre}", None),
        (Rol.PERSONAL, "personal", f"Personal de Transparencia de {nombre}", None),
        (Rol.ENLACE, "enlace", f"Enlace de Tesorería de {nombre}", tesoreria),
        (Rol.CONSULTA, "consulta", f"Consulta de {nombre}", None),
    ]
    for rol, usuario_correo, nombre_persona, area in personas:
        email = f"{usuario_correo}@{dominio}"
        usuario = Usuario.objects.filter(email=email).first() or Usuario.objects.create_user(
            email, password=CLAVE_DEMO, nombre=nombre_persona
        )
        Membresia.objects.get_or_create(
            usuario=usuario,
            ayuntamiento=ayuntamiento,
            defaults={"rol": rol, "unidad_administrativa": area},
        )
    return ayuntamiento


@transaction.atomic
def cargar(salida) -> None:
    hoy = timezone.localdate()
    with scopes_disabled():
        garante = Garante.objects.get(siglas="Infoem")
        etapas = {"toluca": ETAPA_TOLUCA}
        for slug, (nombre, dominio, etapa) in AYUNTAMIENTOS.items():
            _ayuntamiento_demo(slug, nombre, dominio, garante)
            etapas[slug] = etapa
        ayuntamientos = {a.slug: a for a in Ayuntamiento.objects.filter(slug__in=etapas)}

    for slug, etapa in etapas.items():
        ayuntamiento = ayuntamientos[slug]
        if etapa == "sin_convenio":
            continue
        with scope(ayuntamiento=ayuntamiento):
            if Adhesion.objects.exists():
                continue
            fecha = _convenio(etapa, hoy)
            adhesion = adhesion_guardar(
                ayuntamiento=ayuntamiento,
                fecha_convenio=fecha,
                enlace_nombre=f"Titular de Transparencia de {ayuntamiento.nombre}",
                enlace_cargo="Titular de la Unidad de Transparencia",
                hoy=hoy,
            )
            _declarar(ayuntamiento, adhesion, etapa, hoy)

    salida.write(
        f"\nModelo regional (Infoem, contraseña {CLAVE_DEMO}): en cada ayuntamiento hay "
        "titular@, personal@, enlace@ y consulta@ de su dominio.\n"
    )
    for nombre, dominio, etapa in AYUNTAMIENTOS.values():
        salida.write(f"  titular@{dominio.ljust(24)}  {nombre} — etapa: {etapa}\n")
    salida.write(
        f"  Matriz del garante: entre como supervision@infoem.demo.mx y abra "
        f"/garante/{garante.pk}/autoevaluacion/\n"
    )
