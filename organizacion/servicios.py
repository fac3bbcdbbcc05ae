"""Operaciones de organizacion que otras apps usan: emitir oficios y crear ayuntamientos.

Las demás apps crean oficios sólo a través de `oficio_emitir`, para que la numeración
consecutiva tenga un único dueño.
"""

import secrets
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_scopes import scopes_disabled

from .models import (
    Ayuntamiento,
    ConfiguracionPlazos,
    ContadorOficio,
    Membresia,
    Oficio,
    PresetPlazos,
    Rol,
    TipoOficio,
    UnidadAdministrativa,
    Usuario,
)


def siguiente_numero(*, ayuntamiento: Ayuntamiento, anio: int, serie: str) -> int:
    """El siguiente número consecutivo de una serie y año del ayuntamiento. Llamar dentro
    de una transacción: el número sólo queda tomado si la transacción se confirma.

    El contador se crea si no existe (INSERT … ON CONFLICT DO NOTHING, así dos primeras
    emisiones simultáneas no chocan) y luego se bloquea su fila con SELECT … FOR UPDATE:
    los números nunca se repiten ni se saltan, y si la transacción se revierte el número
    vuelve a quedar libre.
    """
    ContadorOficio.objects.bulk_create(
        [ContadorOficio(ayuntamiento=ayuntamiento, anio=anio, serie=serie)],
        ignore_conflicts=True,
    )
    contador = (
        ContadorOficio.objects.with_scope(ayuntamiento=ayuntamiento)
        .select_for_update()
        .get(ayuntamiento=ayuntamiento, anio=anio, serie=serie)
    )
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return contador.ultimo


def oficio_emitir(
    *,
    ayuntamiento: Ayuntamiento,
    fecha: date,
    asunto: str,
    destinatario: str,
    tipo: str = TipoOficio.OTRO,
    serie: str | None = None,
    cargo_destinatario: str = "",
    archivo: UploadedFile | None = None,
    emitido_por: Usuario | None = None,
) -> Oficio:
    """Emite un oficio con el siguiente número de su serie y año."""
    serie = (serie or ayuntamiento.serie_oficio).strip().upper()
    if not serie:
        raise ValueError("La serie del oficio no puede quedar vacía.")
    anio = fecha.year
    with transaction.atomic():
        numero = siguiente_numero(ayuntamiento=ayuntamiento, anio=anio, serie=serie)
        oficio = Oficio(
            ayuntamiento=ayuntamiento,
            anio=anio,
            serie=serie,
            numero=numero,
            folio=ayuntamiento.numero_oficio(serie=serie, numero=numero, anio=anio),
            fecha=fecha,
            tipo=tipo,
            asunto=asunto,
            destinatario=destinatario,
            cargo_destinatario=cargo_destinatario,
            emitido_por=emitido_por,
        )
        if archivo is not None:
            oficio.archivo.save(archivo.name or "oficio", archivo, save=False)
        oficio.save()
    return oficio


PRESET_POR_OMISION = "Ley General (LGTAIP 2025)"


def configuracion_plazos_crear(
    *, ayuntamiento: Ayuntamiento, preset: PresetPlazos | None = None
) -> ConfiguracionPlazos:
    """Crea los plazos de un ayuntamiento nuevo desde un marco legal: el indicado, el de su
    garante o, si el garante no tiene uno, la Ley General."""
    preset = (
        preset
        or ayuntamiento.garante.marco_legal
        or PresetPlazos.objects.filter(nombre=PRESET_POR_OMISION).first()
    )
    configuracion = ConfiguracionPlazos(ayuntamiento=ayuntamiento)
    if preset is not None:
        configuracion.aplicar_preset(preset)
    configuracion.save()
    return configuracion


def _cuenta_propia(usuario: Usuario, ayuntamiento: Ayuntamiento) -> bool:
    """Si la cuenta sólo existe para este ayuntamiento: ninguna otra membresía, ninguna de
    garante, sin acceso al admin. Sólo entonces su titular puede corregir nombre y cargo."""
    with scopes_disabled():
        otras = Membresia.objects.filter(usuario=usuario).exclude(ayuntamiento=ayuntamiento)
        return not (usuario.is_staff or usuario.membresias_garante.exists() or otras.exists())


def membresia_guardar(
    *,
    ayuntamiento: Ayuntamiento,
    email: str,
    nombre: str,
    cargo: str,
    rol: str,
    unidad_administrativa: UnidadAdministrativa | None,
    membresia: Membresia | None = None,
) -> tuple[Membresia, bool]:
    """Da de alta (o actualiza) a una persona en el ayuntamiento. Si el correo aún no tiene
    usuario, se crea sin contraseña conocida y se devuelve `True` (se le invita a crear una).

    El nombre y el cargo son de la persona, no del ayuntamiento: a una cuenta que ya existía
    y que también usa otro ayuntamiento (o un garante, o el admin) no se le cambian."""
    with transaction.atomic():
        usuario = Usuario.objects.filter(email=email).first()
        nuevo = usuario is None
        if usuario is None:
            # Una contraseña aleatoria que nadie conoce: la persona crea la suya con el enlace
            # de la invitación (Django no envía ese enlace a cuentas sin contraseña utilizable).
            usuario = Usuario.objects.create_user(
                email, password=secrets.token_urlsafe(32), nombre=nombre, cargo=cargo
            )
        elif membresia is not None and _cuenta_propia(usuario, ayuntamiento):
            usuario.nombre, usuario.cargo = nombre, cargo
            usuario.save(update_fields=["nombre", "cargo"])
        membresia = membresia or Membresia(usuario=usuario, ayuntamiento=ayuntamiento)
        membresia.rol = rol
        membresia.unidad_administrativa = unidad_administrativa if rol == Rol.ENLACE else None
        membresia.full_clean()
        membresia.save()
    return membresia, nuevo


def _sitio() -> dict[str, Any]:
    """Dominio y esquema de los enlaces de un correo que sale de un worker, sin petición HTTP
    de la cual tomarlos: los de SITIO_URL."""
    sitio = urlsplit(settings.SITIO_URL)
    return {"domain_override": sitio.netloc, "use_https": sitio.scheme == "https"}


def usuario_invitar(*, usuario: Usuario, ayuntamiento: Ayuntamiento, nueva_cuenta: bool) -> None:
    """Avisa a la persona que ya tiene acceso al ayuntamiento. A una cuenta nueva le llega el
    mismo correo de «restablecer contraseña», con un enlace de un solo uso para crear la
    suya; a una que ya existía, el aviso con la dirección para entrar."""
    if not nueva_cuenta:
        contexto = {
            "usuario": usuario,
            "ayuntamiento": ayuntamiento.nombre,
            "entrada": settings.SITIO_URL.rstrip("/") + reverse("login"),
            "olvido": settings.SITIO_URL.rstrip("/") + reverse("password_reset"),
        }
        send_mail(
            render_to_string("registration/acceso_asunto.txt", contexto).strip(),
            render_to_string("registration/acceso_correo.txt", contexto),
            None,
            [usuario.email],
        )
        return
    formulario = PasswordResetForm({"email": usuario.email})
    if not formulario.is_valid():
        raise ValueError(f"El correo {usuario.email!r} no es válido.")
    formulario.save(
        **_sitio(),
        subject_template_name="registration/invitacion_asunto.txt",
        email_template_name="registration/invitacion_correo.txt",
        extra_email_context={"ayuntamiento": ayuntamiento.nombre},
    )


def contrasena_restablecer(*, email: str) -> None:
    """El correo de «olvidé mi contraseña» a la cuenta de ese correo, si existe (si no,
    nada). Corre en un worker: la página responde igual y en el mismo tiempo en ambos
    casos, y el tiempo del SMTP no delata qué cuentas existen."""
    formulario = PasswordResetForm({"email": email})
    if formulario.is_valid():
        formulario.save(**_sitio())
