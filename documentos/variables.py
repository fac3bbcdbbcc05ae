"""Los valores de las variables de un documento, leídos de su expediente: lo guardado por
la derivación de plazos (la tabla Plazo), nunca un plazo contado aquí otra vez."""

from datetime import date

from organizacion.models import Ayuntamiento, Plazo, TipoExpediente
from organizacion.templatetags.transparencia import fecha_larga
from reportes.generacion import configuracion_de
from solicitudes.models import (
    Denuncia,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    Turno,
)
from solicitudes.servicios import recibida_local, reglas_de

from .textos import DATOS_PERSONALES, SIN_DATO

PERSONA_SOLICITANTE = "Persona solicitante"
# Plazos internos de la Unidad que no se le comunican a quien solicita.
PLAZOS_INTERNOS = ("captura_pnt",)


def _fecha(valor: date | None) -> str:
    return fecha_larga(valor) if valor else ""


def _plazos(tipo: str, expediente_id: int) -> str:
    filas = (
        Plazo.objects.filter(expediente_tipo=tipo, expediente_id=expediente_id)
        .corriendo()
        .filter(opcional=False)
        .exclude(clave__in=PLAZOS_INTERNOS)
        .order_by("vence", "pk")
    )
    return "\n".join(
        f"— {fila.nombre}: vence el {fecha_larga(fila.vence)}"
        + (f" ({fila.fundamento})" if fila.fundamento else "")
        for fila in filas
    )


def _vence(tipo: str, expediente_id: int, clave: str) -> str:
    fila = (
        Plazo.objects.filter(expediente_tipo=tipo, expediente_id=expediente_id, clave=clave)
        .order_by("-pk")
        .first()
    )
    return _fecha(fila.vence) if fila else ""


def _comunes(ayuntamiento: Ayuntamiento, fecha: date) -> dict[str, str]:
    return {
        "ayuntamiento": ayuntamiento.nombre,
        "unidad": configuracion_de(ayuntamiento).area,
        "fecha": fecha_larga(fecha),
        "garante": ayuntamiento.garante.nombre,
    }


def de_solicitud(solicitud: Solicitud, fecha: date) -> dict[str, str]:
    ayuntamiento = solicitud.ayuntamiento
    recibida = recibida_local(solicitud)
    reglas = reglas_de(ayuntamiento)
    arco = solicitud.tipo == "arco"
    resolucion = (
        ResolucionComite.objects.filter(solicitud=solicitud).order_by("-fecha", "-pk").first()
    )
    campo_recurso = "dias_arco_recurso" if arco else "dias_recurso"
    return {
        **_comunes(ayuntamiento, fecha),
        "folio": solicitud.folio,
        "tipo_solicitud": solicitud.get_tipo_display().lower(),
        "solicitante": solicitud.nombre_solicitante or PERSONA_SOLICITANTE,
        "fecha_recepcion": fecha_larga(recibida.date()),
        "hora_recepcion": f"{recibida:%H:%M}",
        "medio": solicitud.get_medio_display(),
        "fecha_recepcion_efectiva": _fecha(solicitud.recepcion_efectiva),
        "motivo_recepcion": solicitud.motivo_recepcion or "Llegó en día y hora hábiles.",
        "descripcion": solicitud.descripcion,
        "modalidad": solicitud.get_modalidad_entrega_display(),
        "vence": _fecha(solicitud.vence),
        "plazos": _plazos(TipoExpediente.SOLICITUD, solicitud.pk),
        "dias_recurso": str(reglas.dias.get(campo_recurso, "")),
        "fundamento_recurso": reglas.fundamento(campo_recurso),
        "dias_prevencion": str(reglas.dias.get("dias_respuesta_prevencion", "")),
        "fundamento_prevencion": reglas.fundamento("dias_respuesta_prevencion"),
        "resolucion_comite": (
            f"acta {resolucion.numero_acta} del {fecha_larga(resolucion.fecha)}, "
            f"que {resolucion.get_sentido_display().lower()} "
            f"({resolucion.get_tipo_display().lower()})"
            if resolucion
            else ""
        ),
        "tipo_respuesta": solicitud.get_tipo_respuesta_display(),
    }


def de_turno(turno: Turno, fecha: date) -> dict[str, str]:
    area = turno.unidad_administrativa
    de_la_solicitud = de_solicitud(turno.solicitud, fecha)
    for nombre in DATOS_PERSONALES:
        del de_la_solicitud[nombre]
    return {
        **de_la_solicitud,
        "area": area.nombre,
        "responsable_area": area.responsable or f"Titular de {area.nombre}",
        "cargo_responsable_area": area.cargo_responsable,
        "fecha_turno": fecha_larga(turno.fecha),
        "vence_turno": fecha_larga(turno.vence),
        "instrucciones": turno.instrucciones,
    }


def de_recurso(recurso: RecursoRevision, fecha: date) -> dict[str, str]:
    return {
        **_comunes(recurso.ayuntamiento, fecha),
        "expediente": recurso.expediente,
        "folio": recurso.solicitud.folio if recurso.solicitud else SIN_DATO.format("folio"),
        "fecha_interposicion": _fecha(recurso.fecha_interposicion),
        "fecha_notificacion": _fecha(recurso.fecha_notificacion),
        "vence_alegatos": _fecha(recurso.vence_alegatos),
        "resolucion": recurso.get_resolucion_display(),
        "fecha_resolucion": _fecha(recurso.fecha_resolucion),
        "vence_cumplimiento": _fecha(recurso.vence_cumplimiento),
    }


def de_denuncia(denuncia: Denuncia, fecha: date) -> dict[str, str]:
    return {
        **_comunes(denuncia.ayuntamiento, fecha),
        "expediente": denuncia.expediente,
        "articulo": denuncia.articulo,
        "fraccion": denuncia.fraccion,
        "incumplimiento": denuncia.descripcion,
        "fecha_admision": _fecha(denuncia.fecha_admision),
        "vence_informe": _vence(TipoExpediente.DENUNCIA, denuncia.pk, "informe"),
    }
