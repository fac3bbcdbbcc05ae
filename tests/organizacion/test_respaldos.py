"""Órdenes respaldar y restaurar: el respaldo devuelve la base y los archivos exactamente como
estaban, y un respaldo dañado, peligroso o sin --confirmar no toca nada. Corren contra la base
configurada (SQLite o, con DATABASE_URL, PostgreSQL con pg_dump y pg_restore reales)."""

import io
import json
import tarfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_scopes import scope, scopes_disabled

from organizacion.management.commands.respaldar import sha256_de
from organizacion.models import Ayuntamiento, Oficio
from organizacion.servicios import oficio_emitir

pytestmark = pytest.mark.django_db(transaction=True)

CONTENIDO = b"%PDF-1.4 oficio firmado \x00\xff"


@pytest.fixture
def oficio(ayuntamiento) -> Oficio:
    with scope(ayuntamiento=ayuntamiento):
        return oficio_emitir(
            ayuntamiento=ayuntamiento,
            fecha=date(2024, 3, 13),
            asunto="Turno de solicitud de información",
            destinatario="C.P. Juana Pérez López",
            archivo=SimpleUploadedFile("turno.pdf", CONTENIDO),
        )


def respaldar(destino: Path) -> dict:
    call_command("respaldar", destino=destino, stdout=io.StringIO())
    [manifiesto] = destino.glob("respaldo_*.json")
    return json.loads(manifiesto.read_text(encoding="utf-8"))


def restaurar(origen: Path, *opciones: str) -> str:
    salida = io.StringIO()
    call_command("restaurar", "--origen", str(origen), *opciones, stdout=salida)
    return salida.getvalue()


def estado() -> dict:
    """Lo que una restauración debe devolver o dejar intacto: filas y archivos."""
    raiz = Path(settings.MEDIA_ROOT)
    with scopes_disabled():
        return {
            "ayuntamientos": sorted(Ayuntamiento.objects.values_list("pk", "nombre")),
            "oficios": sorted(Oficio.objects.values_list("pk", "folio", "asunto", "archivo")),
            "archivos": {
                str(ruta.relative_to(raiz)): ruta.read_bytes()
                for ruta in sorted(raiz.rglob("*"))
                if ruta.is_file()
            },
        }


def estropear_despues_del_respaldo(ayuntamiento: Ayuntamiento, oficio: Oficio) -> None:
    Ayuntamiento.objects.filter(pk=ayuntamiento.pk).update(nombre="Nombre cambiado")
    oficio.archivo.delete(save=False)
    with scopes_disabled():
        Oficio.objects.filter(pk=oficio.pk).delete()
    Ayuntamiento.objects.create(
        nombre="Posterior", slug="posterior", estado="OAX", garante=ayuntamiento.garante
    )
    (Path(settings.MEDIA_ROOT) / "posterior.txt").write_bytes(b"subido despues")


def test_restaurar_devuelve_datos_y_archivos_exactos(tmp_path, ayuntamiento, oficio):
    antes = estado()
    assert antes["archivos"] == {oficio.archivo.name: CONTENIDO}
    datos = respaldar(tmp_path / "respaldos")
    estropear_despues_del_respaldo(ayuntamiento, oficio)
    assert estado() != antes

    salida = restaurar(tmp_path / "respaldos", "--confirmar")

    assert estado() == antes
    assert "restaurado" in salida
    # La secuencia también vuelve: el siguiente oficio no repite llave primaria.
    with scope(ayuntamiento=ayuntamiento):
        nuevo = oficio_emitir(
            ayuntamiento=ayuntamiento, fecha=date(2024, 3, 14), asunto="Otro", destinatario="X"
        )
    assert nuevo.pk > oficio.pk and nuevo.numero == 2
    assert datos["motor"] == connection.vendor
    assert datos["base_de_datos"] == str(connection.settings_dict["NAME"])
    assert datos["migraciones"]["organizacion"].startswith("00")
    for parte in ("base", "archivos"):
        assert sha256_de(tmp_path / "respaldos" / datos[parte]["archivo"]) == datos[parte]["sha256"]


@pytest.mark.postgres
def test_postgres_usa_el_formato_propio_de_pg_dump(tmp_path, ayuntamiento):
    datos = respaldar(tmp_path)

    base = tmp_path / datos["base"]["archivo"]
    assert base.name.endswith(".dump")
    assert base.read_bytes()[:5] == b"PGDMP"
    assert datos["motor"] == "postgresql"
    # El nombre de la base de pruebas (test_…): pg_dump respaldó la misma base que Django usa.
    assert datos["base_de_datos"].startswith("test_")


@pytest.mark.postgres
def test_sin_pg_dump_explica_como_instalarlo(tmp_path, ayuntamiento, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "vacio"))

    with pytest.raises(CommandError, match="apt-get install postgresql-client"):
        call_command("respaldar", destino=tmp_path / "respaldos")

    assert list((tmp_path / "respaldos").iterdir()) == []


@pytest.mark.parametrize("parte", ["base", "archivos"])
def test_respaldo_danado_se_rechaza_sin_tocar_nada(tmp_path, ayuntamiento, oficio, parte):
    datos = respaldar(tmp_path)
    estropear_despues_del_respaldo(ayuntamiento, oficio)
    despues = estado()
    danado = tmp_path / datos[parte]["archivo"]
    contenido = bytearray(danado.read_bytes())
    contenido[len(contenido) // 2] ^= 0x01
    danado.write_bytes(bytes(contenido))

    with pytest.raises(CommandError, match=f"dañado: {danado.name}"):
        restaurar(tmp_path, "--confirmar")

    assert estado() == despues


def test_sin_confirmar_solo_comprueba(tmp_path, ayuntamiento, oficio):
    respaldar(tmp_path)
    estropear_despues_del_respaldo(ayuntamiento, oficio)
    despues = estado()

    with pytest.raises(CommandError, match="repita la orden con --confirmar"):
        restaurar(tmp_path)

    assert estado() == despues


def test_paquete_con_ruta_peligrosa_se_rechaza(tmp_path, ayuntamiento, oficio):
    datos = respaldar(tmp_path)
    Ayuntamiento.objects.filter(pk=ayuntamiento.pk).update(nombre="Nombre cambiado")
    despues = estado()
    # Un paquete con «..» y suma correcta: la suma no basta, se revisa cada ruta.
    archivos = tmp_path / datos["archivos"]["archivo"]
    with tarfile.open(archivos, "w:gz") as tar:
        miembro = tarfile.TarInfo("../fuera.txt")
        miembro.size = 3
        tar.addfile(miembro, io.BytesIO(b"mal"))
    datos["archivos"]["sha256"] = sha256_de(archivos)
    [manifiesto] = tmp_path.glob("respaldo_*.json")
    manifiesto.write_text(json.dumps(datos), encoding="utf-8")

    with pytest.raises(CommandError, match="ruta no permitida"):
        restaurar(manifiesto, "--confirmar")

    assert estado() == despues
    assert not (Path(settings.MEDIA_ROOT).parent / "fuera.txt").exists()


def test_respaldo_de_una_version_mas_nueva_se_rechaza(tmp_path, ayuntamiento):
    datos = respaldar(tmp_path)
    [manifiesto] = tmp_path.glob("respaldo_*.json")
    datos["migraciones"]["organizacion"] = "9999_del_futuro"
    manifiesto.write_text(json.dumps(datos), encoding="utf-8")
    Ayuntamiento.objects.filter(pk=ayuntamiento.pk).update(nombre="Nombre cambiado")

    with pytest.raises(CommandError, match="versión más nueva"):
        restaurar(tmp_path, "--confirmar")

    assert Ayuntamiento.objects.get(pk=ayuntamiento.pk).nombre == "Nombre cambiado"


def test_toma_el_respaldo_mas_reciente_de_la_carpeta(tmp_path, ayuntamiento):
    with time_machine.travel(datetime(2024, 1, 10, 12, tzinfo=UTC)):
        respaldar(tmp_path / "primero")
    Ayuntamiento.objects.filter(pk=ayuntamiento.pk).update(nombre="Nombre del segundo")
    with time_machine.travel(datetime(2025, 1, 10, 12, tzinfo=UTC)):
        respaldar(tmp_path / "segundo")
    for archivo in [*(tmp_path / "primero").iterdir(), *(tmp_path / "segundo").iterdir()]:
        archivo.rename(tmp_path / archivo.name)
    Ayuntamiento.objects.filter(pk=ayuntamiento.pk).update(nombre="Nombre actual")

    salida = restaurar(tmp_path, "--confirmar")

    assert "respaldo_2025-01-10_060000.json" in salida
    assert Ayuntamiento.objects.get(pk=ayuntamiento.pk).nombre == "Nombre del segundo"


def test_origen_sin_respaldos(tmp_path, db):
    with pytest.raises(CommandError, match="No hay respaldos"):
        restaurar(tmp_path, "--confirmar")
    with pytest.raises(CommandError, match="No existe"):
        restaurar(tmp_path / "no-existe", "--confirmar")


def test_destino_no_escribible(tmp_path, db):
    (tmp_path / "archivo").write_text("no soy carpeta")

    with pytest.raises(CommandError, match="No se puede crear la carpeta"):
        call_command("respaldar", destino=tmp_path / "archivo" / "respaldos")
