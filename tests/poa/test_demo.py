from decimal import Decimal as D
from io import StringIO

from django_scopes import scope, scopes_disabled

from organizacion import demo as demo_organizacion
from organizacion.models import Ayuntamiento
from poa import demo, derivacion
from poa.estadisticas import avance_del_plan
from poa.models import Actividad, EstadoPlan, Plan


def _plan(slug: str, anio: int):
    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.get(slug=slug)
    with scope(ayuntamiento=ayuntamiento):
        plan = Plan.objects.get(anio=anio)
        return plan, {
            f.actividad.clave or f.actividad.descripcion[:40]: f for f in avance_del_plan(plan)
        }


def test_demo_reproduce_las_semillas_y_es_idempotente(db):
    demo_organizacion.cargar(StringIO())
    demo.cargar(StringIO())
    demo.cargar(StringIO())
    with scopes_disabled():
        assert Plan.objects.count() == 3
        assert Actividad.objects.filter(plan__anio=2020).count() == 11
        assert Actividad.objects.filter(plan__anio=2013).count() == 11
    plan, filas = _plan("puebla", 2013)
    assert plan.estado == EstadoPlan.APROBADO
    semana = next(
        f for f in filas.values() if "Semana de la Transparencia" in f.actividad.descripcion
    )
    assert semana.trimestre(4).acumulado == D(1022) and semana.actividad.meta_anual == D(300)
    infomex = next(f for f in filas.values() if "INFOMEX" in f.actividad.descripcion)
    assert derivacion.redondear(infomex.trimestre(4).acumulado) == D("98.61")
    _, filas = _plan("oaxaca-de-juarez", 2024)
    assert [m.valor for m in filas["1.2"].meses] == [D(77), D(70), D(64)]
    assert [m.valor for m in filas["2.2"].meses] == [D(66), D(66), D(60)]
    assert filas["2.2"].trimestre(2).porcentaje_meta == D(30)
    assert (filas["2.3"].mujeres, filas["2.3"].hombres) == (161, 103)
    _, filas = _plan("hecelchakan", 2020)
    entregas = next(f for f in filas.values() if "semestre" in f.actividad.descripcion)
    assert entregas.actividad.meses_programados == [1, 7]
