"""La demo reproduce las cifras del segundo trimestre 2024 de Oaxaca de Juárez (semilla
003), leídas con las mismas funciones de estadísticas que usan los reportes."""

from datetime import date
from io import StringIO

from django.db.models import Count
from django_scopes import scope, scopes_disabled

from capacitacion import demo as demo_capacitacion
from capacitacion import estadisticas
from capacitacion.models import Asesoria, Capacitacion, Participante
from organizacion import demo as demo_organizacion
from organizacion.models import Ayuntamiento

TRIMESTRE = {"desde": date(2024, 4, 1), "hasta": date(2024, 6, 30)}


def _conteos():
    with scopes_disabled():
        return (
            Capacitacion.objects.count(),
            Participante.objects.count(),
            Asesoria.objects.count(),
        )


def test_demo_idempotente_y_con_las_cifras_de_la_semilla(db):
    demo_organizacion.cargar(StringIO())
    demo_capacitacion.cargar(StringIO())
    primera = _conteos()
    demo_capacitacion.cargar(StringIO())
    assert _conteos() == primera

    with scopes_disabled():
        oaxaca = Ayuntamiento.objects.get(slug="oaxaca-de-juarez")
        # Cada ayuntamiento de la demo tiene su año, y alguno con listas de participantes.
        por_ayuntamiento = dict(
            Capacitacion.objects.values_list("ayuntamiento__slug").annotate(n=Count("pk"))
        )
        assert set(por_ayuntamiento) == set(Ayuntamiento.objects.values_list("slug", flat=True))
        assert Capacitacion.objects.filter(con_lista=True).count() >= 3

    with scope(ayuntamiento=oaxaca):
        meses = {
            f["mes"]: (f["sesiones"], f["hombres"], f["mujeres"])
            for f in estadisticas.capacitaciones_por_mes(ayuntamiento=oaxaca, **TRIMESTRE)
        }
        asesorias = estadisticas.asesorias(ayuntamiento=oaxaca, **TRIMESTRE)
    assert meses == {date(2024, 4, 1): (4, 58, 101), date(2024, 6, 1): (2, 45, 60)}

    datos_personales = [a for a in asesorias if a["tema"] == "datos_personales"]
    assert [
        sum(a["total"] for a in datos_personales if a["mes"].month == m) for m in (4, 5, 6)
    ] == [1, 1, 1]
    assert {a["sexo"] for a in datos_personales} == {"mujer"}

    enlaces = [a for a in asesorias if a["publico"] == "enlace"]
    assert [sum(a["total"] for a in enlaces if a["mes"].month == m) for m in (4, 5, 6)] == [6, 3, 3]
    assert sum(a["total"] for a in enlaces if a["sexo"] == "mujer") == 7
    assert sum(a["total"] for a in enlaces if a["sexo"] == "hombre") == 5
