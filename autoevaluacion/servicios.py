"""Operaciones del modelo regional: registrar la adhesión, declarar el estado de una
herramienta con su evidencia y quitar una evidencia. Validan antes de guardar y lanzan
ValidationError con mensajes en español; las vistas, el admin y la demo las comparten."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from organizacion.archivos import validar_archivo
from organizacion.models import Ayuntamiento, Usuario

from .models import Adhesion, Edicion, Estado, EstadoHerramienta, Evidencia, Herramienta


@dataclass(frozen=True)
class EvidenciaNueva:
    descripcion: str
    fecha: date
    archivo: UploadedFile | None = None
    liga: str = ""


def edicion_vigente() -> Edicion:
    edicion = Edicion.objects.filter(vigente=True).first()
    if edicion is None:
        raise ValidationError("No hay una edición vigente del modelo regional; avise al operador.")
    return edicion


@transaction.atomic
def adhesion_guardar(
    *,
    ayuntamiento: Ayuntamiento,
    fecha_convenio: date,
    enlace_nombre: str,
    enlace_cargo: str = "",
    enlace_correo: str = "",
    hoy: date,
    adhesion: Adhesion | None = None,
) -> Adhesion:
    """Registra (o corrige) la firma del convenio y el enlace. Al registrarla crea una fila
    pendiente por cada herramienta de la edición vigente: desde ese momento cada una tiene su
    fecha de compromiso, y las estadísticas cuentan filas en lugar de ausencias."""
    if fecha_convenio > hoy:
        raise ValidationError({"fecha_convenio": "La fecha de firma no puede ser posterior a hoy."})
    if not enlace_nombre.strip():
        raise ValidationError({"enlace_nombre": "Indique quién es el enlace designado."})
    nueva = adhesion is None
    if adhesion is None:
        edicion = edicion_vigente()
        if Adhesion.objects.filter(ayuntamiento=ayuntamiento, edicion=edicion).exists():
            raise ValidationError("El ayuntamiento ya registró su adhesión a esta edición.")
        adhesion = Adhesion(ayuntamiento=ayuntamiento, edicion=edicion)
    adhesion.fecha_convenio = fecha_convenio
    adhesion.enlace_nombre = enlace_nombre.strip()
    adhesion.enlace_cargo = enlace_cargo.strip()
    adhesion.enlace_correo = enlace_correo.strip().lower()
    adhesion.save()
    if nueva:
        herramientas = Herramienta.objects.filter(dimension__edicion=adhesion.edicion_id)
        bulk_create_with_history(
            [
                EstadoHerramienta(ayuntamiento=ayuntamiento, adhesion=adhesion, herramienta=h)
                for h in herramientas
            ],
            EstadoHerramienta,
        )
    return adhesion


def _evidencias_validas(estado: EstadoHerramienta, hoy: date) -> int:
    """Cuántas evidencias ya guardadas sostienen la herramienta como implementada: cualquiera,
    o sólo las fechadas en el año en curso si la herramienta es anual."""
    evidencias = Evidencia.objects.filter(estado=estado)
    if estado.herramienta.es_anual:
        evidencias = evidencias.filter(fecha__year=hoy.year)
    return evidencias.count()


def _validar_evidencia(evidencia: EvidenciaNueva, hoy: date) -> None:
    errores: dict[str, str] = {}
    if evidencia.archivo is None and not evidencia.liga.strip():
        errores["evidencia_archivo"] = "Adjunte un archivo o escriba una liga."
    if not evidencia.descripcion.strip():
        errores["evidencia_descripcion"] = (
            "Describa el documento (p. ej. «Acta de Cabildo 12/2024»)."
        )
    if evidencia.fecha > hoy:
        errores["evidencia_fecha"] = "La fecha del documento no puede ser posterior a hoy."
    if evidencia.archivo is not None:
        try:
            validar_archivo(evidencia.archivo)
        except ValidationError as error:
            errores["evidencia_archivo"] = error.messages[0]
    if errores:
        raise ValidationError(errores)


@transaction.atomic
def estado_guardar(
    *,
    estado: EstadoHerramienta,
    nuevo: str,
    hoy: date,
    motivo_no_aplica: str = "",
    fecha_implementacion: date | None = None,
    fecha_compromiso: date | None = None,
    notas: str = "",
    evidencia: EvidenciaNueva | None = None,
    usuario: Usuario | None = None,
) -> EstadoHerramienta:
    """Declara el estado de una herramienta y, si se da, agrega una evidencia. Implementada
    exige al menos un documento comprobatorio (del año en curso si la herramienta es anual);
    «no aplica» exige el motivo. Si algo falla no se guarda nada, tampoco el archivo."""
    herramienta = estado.herramienta
    if nuevo not in Estado.values:
        raise ValidationError({"estado": "Elija un estado de la lista."})
    errores: dict[str, str] = {}
    if nuevo == Estado.NO_APLICA and not motivo_no_aplica.strip():
        errores["motivo_no_aplica"] = "Explique por qué la herramienta no aplica al ayuntamiento."
    if fecha_compromiso is not None and herramienta.fecha_calculable:
        errores["fecha_compromiso"] = (
            "Esta herramienta tiene fecha de compromiso calculada desde la firma del convenio; "
            "no se fija a mano."
        )
    if nuevo == Estado.IMPLEMENTADA and fecha_implementacion is None:
        errores["fecha_implementacion"] = "Indique la fecha en que se implementó."
    if fecha_implementacion is not None and fecha_implementacion > hoy:
        errores["fecha_implementacion"] = "La fecha de implementación no puede ser posterior a hoy."
    if errores:
        raise ValidationError(errores)
    if evidencia is not None:
        _validar_evidencia(evidencia, hoy)

    if nuevo == Estado.IMPLEMENTADA:
        nueva_cuenta = evidencia is not None and (
            not herramienta.es_anual or evidencia.fecha.year == hoy.year
        )
        if not nueva_cuenta and _evidencias_validas(estado, hoy) == 0:
            if herramienta.es_anual:
                mensaje = (
                    f"Es una herramienta anual: para marcarla como implementada adjunte su "
                    f"evidencia de {hoy.year} (un documento fechado en {hoy.year})."
                )
            else:
                mensaje = (
                    "Para marcar la herramienta como implementada adjunte al menos un "
                    "documento comprobatorio (archivo o liga)."
                )
            raise ValidationError({"evidencia_archivo": mensaje})

    estado.estado = nuevo
    estado.motivo_no_aplica = motivo_no_aplica.strip() if nuevo == Estado.NO_APLICA else ""
    estado.fecha_implementacion = fecha_implementacion if nuevo == Estado.IMPLEMENTADA else None
    estado.fecha_compromiso = None if herramienta.fecha_calculable else fecha_compromiso
    estado.notas = notas.strip()
    estado.save()
    if evidencia is not None:
        registro = Evidencia(
            ayuntamiento_id=estado.ayuntamiento_id,
            estado=estado,
            descripcion=evidencia.descripcion.strip(),
            fecha=evidencia.fecha,
            liga=evidencia.liga.strip(),
            subida_por=usuario,
        )
        if evidencia.archivo is None:
            registro.save()
        else:
            nombre = evidencia.archivo.name or "evidencia"
            registro.nombre_archivo = nombre[-200:]
            # Todo se validó antes de escribir el archivo; si aun así falla el guardado, el
            # archivo escrito no debe quedar huérfano en el almacenamiento.
            try:
                registro.archivo.save(nombre, evidencia.archivo, save=False)
                registro.save()
            except Exception:
                if registro.archivo.name:
                    registro.archivo.storage.delete(registro.archivo.name)
                raise
    return estado


@transaction.atomic
def evidencia_eliminar(*, evidencia: Evidencia, hoy: date) -> None:
    """Quita una evidencia, salvo que sea la última que sostiene una herramienta implementada."""
    estado = evidencia.estado
    if estado.estado == Estado.IMPLEMENTADA:
        restantes = _evidencias_validas(estado, hoy) - (
            1 if not estado.herramienta.es_anual or evidencia.fecha.year == hoy.year else 0
        )
        if restantes < 1:
            raise ValidationError(
                "Es la única evidencia que sostiene la herramienta como implementada: "
                "agregue otra o cambie antes su estado."
            )
    almacen, ruta = evidencia.archivo.storage, evidencia.archivo.name
    evidencia.delete()
    if ruta:
        transaction.on_commit(lambda: almacen.delete(ruta))
