from io import StringIO

from django.db.models import Count
from django.urls import reverse
from django_scopes import scopes_disabled

from autoevaluacion import demo as demo_autoevaluacion
from autoevaluacion.models import Adhesion, Estado, EstadoHerramienta, Evidencia
from organizacion import demo as demo_organizacion
from organizacion.models import Ayuntamiento, Membresia, Rol


def _conteos():
    with scopes_disabled():
        return (
            Ayuntamiento.objects.count(),
            Membresia.objects.count(),
            Adhesion.objects.count(),
            EstadoHerramienta.objects.count(),
            Evidencia.objects.count(),
        )


def test_demo_idempotente_con_ocho_o_mas_ayuntamientos_en_etapas_distintas(db, client):
    demo_organizacion.cargar(StringIO())
    salida = StringIO()
    demo_autoevaluacion.cargar(salida)
    primera = _conteos()
    demo_autoevaluacion.cargar(StringIO())
    assert _conteos() == primera
    with scopes_disabled():
        infoem = Ayuntamiento.objects.filter(garante__siglas="Infoem")
        assert infoem.count() >= 9
        avances = (
            EstadoHerramienta.objects.filter(estado=Estado.IMPLEMENTADA)
            .values("ayuntamiento")
            .annotate(n=Count("pk"))
        )
        assert len({a["n"] for a in avances}) >= 5  # etapas distintas
        metepec = Adhesion.objects.get(ayuntamiento__slug="metepec")
        assert str(metepec.fecha_convenio) == "2022-11-16"
        implementadas = metepec.estados.filter(estado=Estado.IMPLEMENTADA)
        assert [e.herramienta.clave for e in implementadas] == ["convenio-colaboracion"]
        assert not Adhesion.objects.filter(ayuntamiento__slug="texcoco").exists()
        for ayuntamiento in infoem:
            roles = set(ayuntamiento.membresias.values_list("rol", flat=True))
            assert set(Rol.values) <= roles, ayuntamiento
    assert "titular@metepec.demo.mx" in salida.getvalue()
    assert (
        client.post(
            reverse("login"),
            {"username": "titular@metepec.demo.mx", "password": "transparencia-demo"},
        ).status_code
        == 302
    )
