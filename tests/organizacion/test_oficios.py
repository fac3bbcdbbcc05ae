"""Registro de oficios: numeración consecutiva por ayuntamiento, año y serie, formato del
folio, reversión de transacciones, concurrencia real en PostgreSQL y validación del formato.
"""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento, ContadorOficio, Oficio, validar_formato_oficio
from organizacion.servicios import oficio_emitir


def emitir(ayuntamiento: Ayuntamiento, fecha: date = date(2024, 3, 13), **campos) -> Oficio:
    campos.setdefault("asunto", "Turno de solicitud de información")
    campos.setdefault("destinatario", "C.P. Juana Pérez López")
    with scope(ayuntamiento=ayuntamiento):
        return oficio_emitir(ayuntamiento=ayuntamiento, fecha=fecha, **campos)


class ErrorProvocado(Exception):
    """Se lanza a propósito para revertir una transacción."""


# --- Numeración consecutiva ------------------------------------------------------------------


def test_numeracion_consecutiva(ayuntamiento):
    oficios = [emitir(ayuntamiento) for _ in range(3)]
    assert [o.numero for o in oficios] == [1, 2, 3]
    assert [o.folio for o in oficios] == ["UT/0001/2024", "UT/0002/2024", "UT/0003/2024"]
    assert {(o.serie, o.anio) for o in oficios} == {("UT", 2024)}
    with scope(ayuntamiento=ayuntamiento):
        assert Oficio.objects.count() == 3
        assert ContadorOficio.objects.get(anio=2024, serie="UT").ultimo == 3


def test_anio_nuevo_reinicia_en_uno(ayuntamiento):
    emitir(ayuntamiento, date(2024, 12, 30))
    emitir(ayuntamiento, date(2024, 12, 31))
    primero_2025 = emitir(ayuntamiento, date(2025, 1, 2))
    assert (primero_2025.numero, primero_2025.folio) == (1, "UT/0001/2025")
    # El año anterior conserva su propio contador.
    assert emitir(ayuntamiento, date(2024, 12, 31)).folio == "UT/0003/2024"
    assert emitir(ayuntamiento, date(2025, 1, 3)).numero == 2


def test_otra_serie_tiene_su_propio_contador(ayuntamiento):
    emitir(ayuntamiento)
    emitir(ayuntamiento)
    circular = emitir(ayuntamiento, serie="CIRC")
    assert (circular.numero, circular.folio) == (1, "CIRC/0001/2024")
    assert emitir(ayuntamiento).numero == 3
    # La serie se normaliza: « circ » es la misma serie que «CIRC».
    assert emitir(ayuntamiento, serie=" circ ").folio == "CIRC/0002/2024"


def test_dos_ayuntamientos_no_comparten_contador(ayuntamiento, ayuntamiento_ajeno):
    emitir(ayuntamiento)
    emitir(ayuntamiento)
    ajeno = emitir(ayuntamiento_ajeno)
    assert (ajeno.numero, ajeno.folio) == (1, "UT/0001/2024")
    assert emitir(ayuntamiento).numero == 3
    with scopes_disabled():
        assert Oficio.objects.filter(ayuntamiento=ayuntamiento).count() == 3
        assert Oficio.objects.filter(ayuntamiento=ayuntamiento_ajeno).count() == 1


def test_formato_propio_del_ayuntamiento(ayuntamiento):
    ayuntamiento.formato_oficio = "{serie}-{numero}/{anio}"
    ayuntamiento.save()
    assert emitir(ayuntamiento).folio == "UT-1/2024"
    assert emitir(ayuntamiento).folio == "UT-2/2024"


def test_serie_por_omision_del_ayuntamiento(ayuntamiento):
    ayuntamiento.serie_oficio = "SMT"
    ayuntamiento.save()
    oficio = emitir(ayuntamiento)
    assert (oficio.serie, oficio.folio) == ("SMT", "SMT/0001/2024")


def test_serie_vacia_es_un_error(ayuntamiento):
    ayuntamiento.serie_oficio = "   "
    with pytest.raises(ValueError, match="serie"):
        emitir(ayuntamiento)


def test_reversion_libera_el_numero(ayuntamiento):
    emitir(ayuntamiento)
    with pytest.raises(ErrorProvocado), transaction.atomic():
        revertido = emitir(ayuntamiento)
        assert revertido.numero == 2
        raise ErrorProvocado
    # El número 2 no quedó usado: el siguiente oficio lo reutiliza, no salta al 3.
    siguiente = emitir(ayuntamiento)
    assert (siguiente.numero, siguiente.folio) == (2, "UT/0002/2024")
    with scope(ayuntamiento=ayuntamiento):
        assert list(Oficio.objects.order_by("numero").values_list("numero", flat=True)) == [1, 2]


def test_reversion_del_primer_oficio_del_anio(ayuntamiento):
    # También se revierte la creación del contador.
    with pytest.raises(ErrorProvocado), transaction.atomic():
        emitir(ayuntamiento)
        raise ErrorProvocado
    with scope(ayuntamiento=ayuntamiento):
        assert not ContadorOficio.objects.exists()
    assert emitir(ayuntamiento).numero == 1


# --- Concurrencia (PostgreSQL) -----------------------------------------------------------------

HILOS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_emisiones_simultaneas_no_repiten_ni_saltan_numeros(ayuntamiento):
    barrera = threading.Barrier(HILOS)
    numeros: list[int] = []
    errores: list[BaseException] = []
    candado = threading.Lock()

    def trabajar(indice: int) -> None:
        try:
            barrera.wait(timeout=30)
            oficio = emitir(ayuntamiento, asunto=f"Oficio simultáneo {indice}")
            with candado:
                numeros.append(oficio.numero)
        except BaseException as error:  # se reporta en el hilo principal
            with candado:
                errores.append(error)
        finally:
            connection.close()

    hilos = [threading.Thread(target=trabajar, args=(i,)) for i in range(HILOS)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)

    assert not any(hilo.is_alive() for hilo in hilos), "algún hilo no terminó"
    assert errores == []
    assert sorted(numeros) == list(range(1, HILOS + 1))
    with scope(ayuntamiento=ayuntamiento):
        assert Oficio.objects.count() == HILOS
        assert Oficio.objects.values("numero").distinct().count() == HILOS
        assert len(set(Oficio.objects.values_list("folio", flat=True))) == HILOS
        assert ContadorOficio.objects.get(anio=2024, serie="UT").ultimo == HILOS


# --- Validación del formato --------------------------------------------------------------------


@pytest.mark.parametrize(
    "formato", ["{serie}/{numero:04d}/{anio}", "{serie}-{numero}/{anio}", "OF-{numero:03d}"]
)
def test_formato_valido(formato):
    validar_formato_oficio(formato)


def test_formato_sin_numero_se_rechaza():
    with pytest.raises(ValidationError) as error:
        validar_formato_oficio("{serie}/{anio}")
    assert "debe incluir {numero}" in error.value.messages[0]


def test_formato_con_marcador_desconocido_se_rechaza():
    with pytest.raises(ValidationError) as error:
        validar_formato_oficio("{serie}/{numero}/{foo}")
    mensaje = error.value.messages[0]
    assert "no es válido" in mensaje
    assert "{serie}, {numero} y {anio}" in mensaje


def test_formato_invalido_se_rechaza_al_validar_el_ayuntamiento(ayuntamiento):
    ayuntamiento.formato_oficio = "{serie}/{anio}"
    with pytest.raises(ValidationError) as error:
        ayuntamiento.full_clean()
    assert "formato_oficio" in error.value.message_dict


@pytest.mark.parametrize(
    "formato",
    [
        "{{numero}}/{serie}",
        "{numero:0100d}",
        "{anio.__class__}/{numero}",
        "{serie}/{numero}/{0}",
        "{numero!r}",
        "{numero:>9}",
        # Lo que rompería el CSS de un PDF o la celda de una hoja.
        '{serie}/{numero}"; }\n body { background: url(file:///etc/passwd) } .x { content: "',
        "{serie}/{numero}\n",
        "{numero};@import 'file:///dev/zero'",
        "=HYPERLINK({numero})",
        "{serie}<b>{numero}</b>",
    ],
)
def test_formatos_enganosos_se_rechazan(formato):
    with pytest.raises(ValidationError) as error:
        validar_formato_oficio(formato)
    assert "El formato del número de oficio no es válido" in error.value.messages[0]
