"""La bitácora «quién cambió qué y cuándo», leída de django-simple-history: la muestran
todas las páginas de detalle de registros legales."""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from .permisos import DATO_PROTEGIDO
from .templatetags.transparencia import fecha_larga


@dataclass
class Cambio:
    fecha: datetime
    usuario: str
    que: str
    campos: list[tuple[str, str, str]] = field(default_factory=list)


def _texto(campo: models.Field, valor: Any, zona: ZoneInfo) -> str:
    if valor is None or valor == "":
        return "—"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, datetime):
        local = timezone.localtime(valor, zona)
        return f"{fecha_larga(local.date())}, {local:%H:%M}"
    if isinstance(valor, date):
        return fecha_larga(valor)
    if campo.choices:
        return str(dict(campo.flatchoices).get(valor, valor))
    return str(valor)


def _campos_cambiados(
    registro, anterior, modelo, zona: ZoneInfo, protegidos: Collection[str]
) -> list[tuple[str, str, str]]:
    campos = []
    for cambio in registro.diff_against(anterior, foreign_keys_are_objs=True).changes:
        campo = cast(models.Field, modelo._meta.get_field(cambio.field))
        etiqueta = capfirst(str(campo.verbose_name))
        if cambio.field in protegidos:
            # Se sabe que cambió, no qué decía (permisos.ve_datos_personales).
            campos.append((etiqueta, DATO_PROTEGIDO, DATO_PROTEGIDO))
        elif campo.many_to_many:
            # Las relaciones de varios a varios se muestran como lo agregado y lo quitado.
            clave = cast(type[models.Model], campo.related_model)._meta.model_name
            antes = {str(fila[clave]) for fila in cambio.old}
            despues = {str(fila[clave]) for fila in cambio.new}
            campos += [(etiqueta, "—", texto) for texto in sorted(despues - antes)]
            campos += [(etiqueta, texto, "—") for texto in sorted(antes - despues)]
        else:
            campos.append(
                (etiqueta, _texto(campo, cambio.old, zona), _texto(campo, cambio.new, zona))
            )
    return campos


def bitacora(
    fuentes: Iterable[tuple[QuerySet, Callable[[Any], str]]],
    *,
    zona: ZoneInfo,
    protegidos: Collection[str] = (),
) -> list[Cambio]:
    """Los cambios de varias historias (cada una con la función que nombra al objeto), del
    más reciente al más antiguo. Cada registro se compara con el anterior del mismo objeto.
    De los campos `protegidos` se dice que cambiaron, sin sus valores."""
    cambios = []
    for registros, nombre in fuentes:
        modelo = registros.model.instance_type
        anteriores: dict[Any, Any] = {}
        for registro in registros.select_related("history_user").order_by(
            "history_date", "history_id"
        ):
            anterior = anteriores.get(registro.id)
            anteriores[registro.id] = registro
            usuario = str(registro.history_user or "El sistema")
            if registro.history_type == "+":
                cambios.append(Cambio(registro.history_date, usuario, f"{nombre(registro)}: alta"))
            elif registro.history_type == "-":
                cambios.append(
                    Cambio(registro.history_date, usuario, f"{nombre(registro)}: eliminado")
                )
            elif anterior is not None:
                campos = _campos_cambiados(registro, anterior, modelo, zona, protegidos)
                if campos:
                    cambios.append(Cambio(registro.history_date, usuario, nombre(registro), campos))
    # Del más reciente al más antiguo; a igual hora, el registrado después va primero.
    cambios.sort(key=lambda c: c.fecha)
    return cambios[::-1]
