"""Propiedad de los plazos (hypothesis): después de cualquier secuencia de operaciones de los
servicios y de cambios al calendario y a los plazos, con el paso de los días:

- lo guardado de cada solicitud (sus campos derivados y sus plazos que corren) es lo mismo
  que una derivación nueva;
- ningún plazo concluido cambió cómo se contó (desde, días, vencimiento, días omitidos), y
  uno cumplido o sustituido no cambió en nada.

Cada ejemplo corre en una transacción que se deshace, con la fecha de «hoy» congelada y
avanzando."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizacion.models import Ambito, ConfiguracionPlazos, DiaInhabil, EstadoPlazo, Plazo
from solicitudes.models import Solicitud, TipoEvento, TipoRespuesta
from solicitudes.servicios import (
    CON_HECHOS,
    comite_resolver,
    evento_registrar,
    plazos_recalcular,
    situacion_de,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
)
from tests.solicitudes.test_vistas_solicitudes import MX

INICIO = date(2024, 6, 3)

dia = st.integers(min_value=0, max_value=40)
registro = st.tuples(
    st.just("registrar"),
    st.integers(0, 3),
    st.sampled_from([9, 14, 15, 16]),
    st.sampled_from(["pnt", "correo"]),
    st.booleans(),
)
# Las operaciones que hacen concluir plazos pesan más: sin ellas no hay nada que congelar.
operacion = st.one_of(
    registro,
    st.tuples(
        st.just("evento"),
        st.integers(0, 9),
        st.sampled_from(
            [
                TipoEvento.PREVENCION,
                TipoEvento.PREVENCION_ATENDIDA,
                TipoEvento.PREVENCION_EXTEMPORANEA,
                TipoEvento.PREVENCION_NO_ATENDIDA,
                TipoEvento.AMPLIACION_ARCO,
                TipoEvento.RESPUESTA,
                TipoEvento.PAGO,
                TipoEvento.ENTREGA,
            ]
        ),
        st.sampled_from(
            [TipoRespuesta.ENTREGA_TOTAL, TipoRespuesta.PAGO_PENDIENTE, TipoRespuesta.INCOMPETENCIA]
        ),
        st.integers(0, 30),
    ),
    st.tuples(st.just("turnar"), st.integers(0, 9), st.integers(0, 10)),
    st.tuples(st.just("responder_turno"), st.integers(0, 9), st.integers(0, 10)),
    st.tuples(st.just("comite"), st.integers(0, 9), st.integers(0, 30)),
    st.tuples(st.just("dia_inhabil"), dia, st.integers(0, 4)),
    st.tuples(st.just("quitar_dia"), st.integers(0, 5)),
    st.tuples(st.just("plazo"), st.integers(10, 25)),
    st.tuples(st.just("cierre"), st.sampled_from([14, 15, 16])),
    st.tuples(st.just("avanzar"), st.integers(1, 15)),
    st.tuples(
        st.just("evento"),
        st.integers(0, 9),
        st.just(TipoEvento.RESPUESTA),
        st.just(TipoRespuesta.ENTREGA_TOTAL),
        st.integers(0, 3),
    ),
    st.tuples(st.just("dia_inhabil"), dia, st.integers(0, 4)),
)


def _tiempos(fila: Plazo):
    return (fila.desde, fila.dias, fila.vence, fila.omitidos)


def _todo(fila: Plazo):
    return (*_tiempos(fila), fila.cumplido, fila.estado)


def _aplicar(paso, ayuntamiento, area, hoy: date, folios: list) -> date:
    """Un paso; los que la ley no admite (un `ValidationError`) simplemente no ocurren."""
    tipo = paso[0]
    solicitudes = list(Solicitud.objects.order_by("pk"))

    def una(indice):
        return solicitudes[indice % len(solicitudes)] if solicitudes else None

    try:
        if tipo == "registrar":
            _, atras, hora, medio, arco = paso
            recibida = datetime.combine(hoy - timedelta(days=atras), time(hora), tzinfo=MX)
            if recibida.date() < INICIO:
                return hoy
            folios.append(f"S{len(folios)}")
            solicitud_registrar(
                solicitud=Solicitud(
                    ayuntamiento=ayuntamiento,
                    folio=folios[-1],
                    recibida=recibida,
                    medio=medio,
                    tipo="arco" if arco else "acceso",
                    derecho_arco="acceso" if arco else "",
                    descripcion="x",
                ),
            )
        elif tipo == "evento" and (s := una(paso[1])):
            _, _, evento, respuesta, atras = paso
            evento_registrar(
                solicitud=s,
                tipo=evento,
                fecha=max(hoy - timedelta(days=atras), s.recibida.astimezone(MX).date()),
                tipo_respuesta=respuesta if evento == TipoEvento.RESPUESTA else "",
                detalle="Razones",
            )
        elif tipo == "turnar" and (s := una(paso[1])):
            solicitud_turnar(solicitud=s, areas=[area], fecha=hoy - timedelta(days=paso[2]))
        elif tipo == "responder_turno" and (s := una(paso[1])):
            turno = s.turnos.filter(fecha_respuesta__isnull=True, cerrado__isnull=True).first()
            if turno:
                turno_responder(
                    turno=turno,
                    fecha=max(turno.fecha, hoy - timedelta(days=paso[2])),
                    respuesta="Sí",
                )
        elif tipo == "comite" and (s := una(paso[1])):
            comite_resolver(
                solicitud=s,
                sesion="Primera",
                numero_acta="1",
                tipo="ampliacion",
                sentido="confirma",
                fecha=hoy - timedelta(days=paso[2]),
            )
        elif tipo == "dia_inhabil":
            _, desde, largo = paso
            inicio = INICIO + timedelta(days=desde)
            DiaInhabil.objects.create(
                ambito=Ambito.AYUNTAMIENTO,
                ayuntamiento=ayuntamiento,
                fecha_inicio=inicio,
                fecha_fin=inicio + timedelta(days=largo),
                motivo="Acuerdo de prueba",
                acuerdo="Cabildo",
            )
            plazos_recalcular(ayuntamiento=ayuntamiento)
        elif tipo == "quitar_dia":
            dias = list(DiaInhabil.objects.filter(ayuntamiento=ayuntamiento).order_by("pk"))
            if dias:
                dias[paso[1] % len(dias)].delete()
                plazos_recalcular(ayuntamiento=ayuntamiento)
        elif tipo == "plazo":
            configuracion = ConfiguracionPlazos.objects.get(ayuntamiento=ayuntamiento)
            configuracion.dias_respuesta = paso[1]
            configuracion.save()
            plazos_recalcular(ayuntamiento=ayuntamiento)
        elif tipo == "cierre":
            ayuntamiento.hora_cierre = time(paso[1])
            ayuntamiento.save()
            plazos_recalcular(ayuntamiento=ayuntamiento)
        elif tipo == "avanzar":
            # El recálculo de cada noche.
            hoy = hoy + timedelta(days=paso[1])
            return hoy
    except ValidationError:
        pass
    return hoy


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pasos=st.tuples(
        st.lists(registro, min_size=2, max_size=4), st.lists(operacion, min_size=6, max_size=20)
    ).map(lambda partes: partes[0] + partes[1])
)
def test_lo_guardado_es_la_derivacion_y_lo_concluido_no_cambia(ayuntamiento, areas, pasos):
    with transaction.atomic(), scope(ayuntamiento=ayuntamiento):
        hoy = INICIO + timedelta(days=1)
        concluidos: dict[int, tuple] = {}
        folios: list[str] = []
        with time_machine.travel(datetime.combine(hoy, time(12), tzinfo=MX), tick=False) as viaje:
            for paso in pasos:
                nuevo_hoy = _aplicar(paso, ayuntamiento, areas[0], hoy, folios)
                if nuevo_hoy != hoy:
                    hoy = nuevo_hoy
                    viaje.move_to(datetime.combine(hoy, time(12), tzinfo=MX))
                    plazos_recalcular(ayuntamiento=ayuntamiento)
                ayuntamiento.refresh_from_db()
                for fila in Plazo.objects.all():
                    anterior = concluidos.get(fila.pk)
                    if anterior is not None:
                        # Un concluido conserva cómo se contó; cumplido o sustituido, todo.
                        assert _tiempos(fila) == anterior[:4], (paso, fila.clave)
                        if anterior[5] != EstadoPlazo.SIN_EFECTO:
                            assert _todo(fila) == anterior, (paso, fila.clave)
                    if fila.estado != EstadoPlazo.CORRE:
                        concluidos.setdefault(fila.pk, _todo(fila))
                # Ningún plazo concluido desapareció.
                assert set(concluidos) <= set(Plazo.objects.values_list("pk", flat=True))
            for solicitud in Solicitud.objects.prefetch_related(*CON_HECHOS):
                fresca = situacion_de(solicitud, hoy=hoy)
                for campo in Solicitud.CAMPOS_DERIVADOS:
                    assert getattr(solicitud, campo) == getattr(fresca, campo), (
                        solicitud.folio,
                        campo,
                        pasos,
                    )
                guardados = {
                    p.clave: p.vence
                    for p in Plazo.objects.corriendo().filter(
                        expediente_tipo="solicitud", expediente_id=solicitud.pk
                    )
                }
                assert guardados == {p.clave: p.vence for p in fresca.plazos if p.corre}, (
                    solicitud.folio,
                    pasos,
                )
        transaction.set_rollback(True)
