"""«Un plazo que corre» se define una vez (`Plazo.objects.corriendo().del_ayuntamiento()`) y
el aviso diario, el tablero y las listas dicen lo mismo, en todos los procedimientos. Antes,
el tablero contaba como «por vencer» una solicitud ARCO con la entrega pendiente que el
aviso diario omitía."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_scopes import scope

from organizacion.models import Plazo, TipoExpediente
from reportes.envios import avisos_diarios_enviar
from solicitudes.estadisticas import conteo_semaforo, conteo_turnos_pendientes, corte_semaforo
from solicitudes.models import (
    Denuncia,
    MedioRecepcion,
    RecursoRevision,
    Sexo,
    Solicitud,
    TipoEvento,
    TipoRespuesta,
)
from solicitudes.servicios import (
    denuncia_guardar,
    evento_registrar,
    recurso_guardar,
    solicitud_registrar,
    solicitud_turnar,
)
from tests.solicitudes.test_vistas_solicitudes import MX

pytestmark = pytest.mark.django_db
HOY = date(2024, 7, 10)


@pytest.fixture
def de_todo(ayuntamiento, areas, titular, enlace):
    """Al miércoles 10 de julio de 2024, con «por vencer» a 3 días hábiles (hasta el 15)."""
    with (
        time_machine.travel(datetime(2024, 7, 10, 9, tzinfo=MX), tick=False),
        scope(ayuntamiento=ayuntamiento),
    ):

        def registrar(folio, recibida, **campos):
            return solicitud_registrar(
                solicitud=Solicitud(
                    ayuntamiento=ayuntamiento,
                    folio=folio,
                    recibida=recibida,
                    descripcion="x",
                    **campos,
                )
            )

        # Respuesta vencida el 1 de julio.
        vencida = registrar("VENCIDA", datetime(2024, 6, 3, 10, tzinfo=MX))
        # ARCO respondida el 21 de junio (procedente): hacerla efectiva en 15 días vence el 12.
        arco = registrar(
            "ARCO", datetime(2024, 6, 3, 10, tzinfo=MX), tipo="arco", derecho_arco="acceso"
        )
        evento_registrar(
            solicitud=arco,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 6, 21),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        # Por correo el lunes 8 y sin capturar en la PNT: vence el 15 (4 días después).
        correo = registrar("", datetime(2024, 7, 8, 10, tzinfo=MX), medio=MedioRecepcion.CORREO)
        # En tiempo: vence en agosto; no aparece en el aviso.
        registrar("ENTIEMPO", datetime(2024, 7, 9, 10, tzinfo=MX))
        # Un turno vencido (del 2 de julio, 5 días: el 9).
        (turno,) = solicitud_turnar(solicitud=vencida, areas=[areas[0]], fecha=date(2024, 7, 2))
        recurso = recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente="RR/1/2024",
                sexo=Sexo.MUJER,
                fecha_interposicion=date(2024, 6, 20),
                fecha_notificacion=date(2024, 7, 3),  # alegatos: 7 días, vence el 12
            )
        )
        denuncia = denuncia_guardar(
            denuncia=Denuncia(
                ayuntamiento=ayuntamiento,
                expediente="DI/1/2024",
                fecha=date(2024, 7, 8),  # informe justificado: 5 días, vence el 15
                sexo=Sexo.NO_IDENTIFICADO,
                articulo="65",
                descripcion="x",
            )
        )
    return {
        "solicitudes": {vencida.pk, arco.pk, correo.pk},
        "turno": turno,
        "recurso": recurso,
        "denuncia": denuncia,
    }


def test_el_aviso_el_tablero_y_las_listas_cuentan_lo_mismo(
    ayuntamiento, de_todo, titular, consulta, cliente_de
):
    with scope(ayuntamiento=ayuntamiento):
        corte = corte_semaforo(ayuntamiento, hoy=HOY)
        corriendo = list(
            Plazo.objects.corriendo().del_ayuntamiento().filter(vence__lte=corte.limite)
        )
        conteo = conteo_semaforo(ayuntamiento=ayuntamiento, corte=corte)
        turnos = conteo_turnos_pendientes(
            ayuntamiento=ayuntamiento,
            area_id=de_todo["turno"].unidad_administrativa_id,
            corte=corte,
        )
    por_tipo = {(p.expediente_tipo, p.expediente_id) for p in corriendo}
    # La definición: las tres solicitudes (respuesta, entrega ARCO, captura en la PNT), el
    # turno, los alegatos y el informe justificado.
    assert {i for t, i in por_tipo if t == TipoExpediente.SOLICITUD} == de_todo["solicitudes"]
    assert (TipoExpediente.TURNO, de_todo["turno"].pk) in por_tipo
    assert (TipoExpediente.RECURSO, de_todo["recurso"].pk) in por_tipo
    assert (TipoExpediente.DENUNCIA, de_todo["denuncia"].pk) in por_tipo

    # El tablero (y el conteo de la lista): las mismas tres solicitudes, vencidas o por vencer.
    assert conteo["vencida"] + conteo["por_vencer"] == len(de_todo["solicitudes"])
    assert turnos["vencida"] == 1
    # La lista, filtrada por color, da las mismas solicitudes.
    lista = reverse("solicitudes:lista", kwargs={"ayuntamiento": ayuntamiento.slug})
    cliente = cliente_de(consulta)
    with time_machine.travel(datetime(2024, 7, 10, 9, tzinfo=MX), tick=False):
        en_lista = {
            s.pk
            for color in ("vencida", "por_vencer")
            for s, _, _ in cliente.get(lista, {"semaforo": color}).context["filas"]
        }
    assert en_lista == de_todo["solicitudes"]

    # El aviso de la titular: una línea por cada plazo que corre y vence pronto.
    avisos_diarios_enviar(fecha=HOY)
    (correo,) = [c for c in mail.outbox if c.to == [titular.email]]
    cuerpo = str(correo.body)
    for texto in (
        "Solicitud VENCIDA (Responder la solicitud)",
        "Solicitud ARCO (Hacer efectivo el derecho)",
        "(Capturar la solicitud en la PNT)",
        "Recurso RR/1/2024 (Presentar alegatos)",
        "Denuncia DI/1/2024 (Rendir el informe justificado)",
        "Solicitud VENCIDA (Tesorería Municipal",
    ):
        assert texto in cuerpo, texto
    assert "ENTIEMPO" not in cuerpo
    assert cuerpo.count("\n- ") == len(corriendo)
