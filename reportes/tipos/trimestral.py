"""Informe trimestral (la forma del informe de Oaxaca de Juárez, abril–junio de 2024): el
avance de cada componente y actividad del POA con su semáforo y lo que el personal
escribió, y las tablas mensuales del trimestre."""

from typing import Any

from capacitacion import estadisticas as capacitacion
from capacitacion.models import PublicoAsesoria, TemaAsesoria
from organizacion.models import Sexo, TipoOficio
from poa import estadisticas as poa
from poa.derivacion import ETIQUETAS_SEMAFORO
from poa.models import umbrales_de
from solicitudes import estadisticas as solicitudes
from solicitudes.models import MedioRecepcion, TipoSolicitud

from .. import graficas
from .base import POR_SEXO, Informe, Tabla, nombre_de_mes

SEXOS = list(POR_SEXO)
COLUMNAS_SEXO = list(POR_SEXO.values())


def _por_mes(filas: list[dict[str, Any]], columna: str, columnas: list[str], meses, valor="total"):
    return solicitudes.pivotar(
        filas, renglon="mes", columna=columna, columnas=columnas, renglones=meses, valor=valor
    )


class InformeTrimestral(Informe):
    clave = "trimestral"
    plantilla = "reportes/pdf/trimestral.html"

    def contexto(self) -> dict[str, Any]:
        meses = solicitudes.meses(self.periodo.desde, self.periodo.hasta)
        componentes = self._poa()
        tablas = [
            componentes["tabla"],
            *self._solicitudes(meses),
            *self._recursos(meses),
            self._denuncias(meses),
            self._capacitaciones(),
            self._asesorias(meses),
        ]
        por_clave = {t.clave: t for t in tablas}
        solicitudes_, capacitaciones = por_clave["solicitudes"], por_clave["capacitaciones"]
        return {
            "tablas": tablas,
            "componentes": componentes["grupos"],
            "sin_plan": componentes["sin_plan"],
            # Las gráficas dibujan las mismas cifras de sus tablas.
            "grafica_solicitudes": graficas.barras(
                solicitudes_.etiquetas(),
                {c: solicitudes_.serie(c) for c in ("Recibidas", "Atendidas")},
                titulo="Solicitudes recibidas y atendidas por mes",
            ),
            "grafica_capacitacion": graficas.barras(
                capacitaciones.etiquetas(),
                {c: capacitaciones.serie(c) for c in ("Hombres", "Mujeres")},
                titulo="Personas capacitadas por mes",
            ),
        }

    # --- POA ------------------------------------------------------------------------------

    def _poa(self) -> dict[str, Any]:
        tabla = Tabla(
            "poa_actividades",
            f"Avance del POA al {self.periodo.nombre}",
            [
                "Componente",
                "Actividad",
                "Programado en el trimestre",
                "Alcanzado en el trimestre",
                "Cumplimiento en el trimestre (%)",
                "Programado acumulado",
                "Alcanzado acumulado",
                "Cumplimiento acumulado (%)",
                "Avance de la meta anual (%)",
                "Semáforo",
            ],
        )
        plan = poa.plan_de_la_unidad(ayuntamiento=self.ayuntamiento, anio=self.periodo.anio)
        if plan is None:
            return {"tabla": tabla, "grupos": [], "sin_plan": True}
        numero = self.periodo.numero
        filas = poa.avance_del_plan(plan, umbrales=umbrales_de(self.ayuntamiento))
        textos = poa.narrativas(plan, desde_mes=3 * numero - 2, hasta_mes=3 * numero)
        grupos: dict[int, dict[str, Any]] = {}
        for fila in filas:
            actividad, trimestre = fila.actividad, fila.trimestre(numero)
            objetivo = actividad.objetivo
            grupo = grupos.setdefault(objetivo.pk, {"objetivo": objetivo, "actividades": []})
            grupo["actividades"].append(
                {
                    "actividad": actividad,
                    "trimestre": trimestre,
                    "semaforo": ETIQUETAS_SEMAFORO[trimestre.semaforo],
                    "narrativas": textos.get(actividad.pk, []),
                }
            )
            tabla.agregar(
                f"{objetivo.clave} {objetivo.descripcion}".strip(),
                f"{actividad.clave} {actividad.descripcion}".strip(),
                trimestre.programado,
                trimestre.alcanzado,
                trimestre.cumplimiento_trimestre,
                trimestre.programado_acumulado,
                trimestre.acumulado,
                trimestre.cumplimiento,
                trimestre.porcentaje_meta,
                ETIQUETAS_SEMAFORO[trimestre.semaforo],
            )
        return {"tabla": tabla, "grupos": list(grupos.values()), "sin_plan": False}

    # --- Solicitudes ----------------------------------------------------------------------

    def _solicitudes(self, meses) -> list[Tabla]:
        recibidas = solicitudes.recibidas(**self.rango)
        atendidas = _por_mes(solicitudes.atendidas(**self.rango), "sexo", Sexo.values, meses)
        por_tipo = _por_mes(recibidas, "tipo", TipoSolicitud.values, meses)
        resumen = Tabla(
            "solicitudes",
            "Recepción y atención de solicitudes de acceso a la información y ARCO",
            ["Mes", "Acceso a la información", "ARCO", "Recibidas", "Atendidas"],
        )
        for tipo, atendida in zip(por_tipo, atendidas, strict=True):
            resumen.agregar(
                tipo["mes"],
                tipo[TipoSolicitud.ACCESO],
                tipo[TipoSolicitud.ARCO],
                tipo["total"],
                atendida["total"],
            )
        resumen.agregar_total()

        por_sexo = Tabla(
            "solicitudes_por_sexo",
            "Solicitudes recibidas y atendidas por sexo de quien solicita",
            [
                "Mes",
                *[f"Recibidas: {c}" for c in COLUMNAS_SEXO],
                *[f"Atendidas: {c}" for c in COLUMNAS_SEXO],
            ],
        )
        recibidas_sexo = _por_mes(recibidas, "sexo", Sexo.values, meses)
        for recibida, atendida in zip(recibidas_sexo, atendidas, strict=True):
            por_sexo.agregar(
                recibida["mes"], *[recibida[s] for s in SEXOS], *[atendida[s] for s in SEXOS]
            )
        por_sexo.agregar_total()

        por_medio = Tabla(
            "solicitudes_por_medio",
            "Solicitudes recibidas por medio",
            ["Mes", *MedioRecepcion.labels, "Total"],
        )
        for fila in _por_mes(recibidas, "medio", MedioRecepcion.values, meses):
            por_medio.agregar(fila["mes"], *[fila[m] for m in MedioRecepcion.values], fila["total"])
        por_medio.agregar_total()

        oficios = Tabla(
            "oficios_de_turno",
            "Oficios de turno a las áreas y de respuesta",
            ["Mes", "Oficios de turno", "Oficios de respuesta"],
        )
        for fila in solicitudes.oficios_por_mes(**self.rango):
            oficios.agregar(fila["mes"], fila["turno"], fila["respuesta"])
        oficios.agregar_total()
        return [resumen, por_sexo, por_medio, oficios]

    # --- Recursos de revisión -------------------------------------------------------------

    def _recursos(self, meses) -> list[Tabla]:
        filas = solicitudes.recursos_por_mes(**self.rango)
        recibidos = _por_mes(filas, "sexo", Sexo.values, meses, valor="recibidos")
        atendidos = _por_mes(filas, "sexo", Sexo.values, meses, valor="atendidos")
        resumen = Tabla(
            "recursos",
            "Recepción y atención de recursos de revisión",
            ["Mes", "Recibidos", "Atendidos"],
        )
        por_sexo = Tabla(
            "recursos_por_sexo",
            "Recursos de revisión recibidos por sexo de quien recurre",
            ["Mes", *COLUMNAS_SEXO],
        )
        for recibido, atendido in zip(recibidos, atendidos, strict=True):
            resumen.agregar(recibido["mes"], recibido["total"], atendido["total"])
            por_sexo.agregar(recibido["mes"], *[recibido[s] for s in SEXOS])
        resumen.agregar_total()
        por_sexo.agregar_total()

        tipos = [TipoOficio.TURNO, TipoOficio.RESPUESTA, TipoOficio.NOTIFICACION]
        oficios = Tabla(
            "oficios_de_recursos",
            "Oficios de recepción y respuesta a recursos de revisión",
            ["Mes", "Oficios de turno", "Oficios de respuesta", "Notificaciones", "Otros"],
        )
        por_tipo = _por_mes(
            solicitudes.oficios_de_recursos_por_mes(**self.rango), "tipo", TipoOficio.values, meses
        )
        for fila in por_tipo:
            otros = fila["total"] - sum(fila[t] for t in tipos)
            oficios.agregar(fila["mes"], *[fila[t] for t in tipos], otros)
        oficios.agregar_total()
        return [resumen, por_sexo, oficios]

    def _denuncias(self, meses) -> Tabla:
        tabla = Tabla(
            "denuncias",
            "Denuncias por incumplimiento de obligaciones de transparencia",
            ["Mes", *COLUMNAS_SEXO, "Total"],
        )
        for fila in _por_mes(
            solicitudes.denuncias_por_mes(**self.rango), "sexo", Sexo.values, meses
        ):
            tabla.agregar(fila["mes"], *[fila[s] for s in SEXOS], fila["total"])
        tabla.agregar_total()
        return tabla

    # --- Capacitación y asesorías ---------------------------------------------------------

    def _capacitaciones(self) -> Tabla:
        tabla = Tabla(
            "capacitaciones",
            "Capacitación: sesiones y personas asistentes por sexo",
            ["Mes", "Sesiones", "Hombres", "Mujeres", "N/I", "Asistentes"],
        )
        por_mes = {f["mes"]: f for f in capacitacion.capacitaciones_por_mes(**self.rango)}
        for mes in solicitudes.meses(self.periodo.desde, self.periodo.hasta):
            fila = por_mes.get(mes, {})
            tabla.agregar(
                mes,
                fila.get("sesiones", 0),
                fila.get("hombres", 0),
                fila.get("mujeres", 0),
                fila.get("no_identificado", 0),
                fila.get("asistentes", 0),
            )
        tabla.agregar_total()
        return tabla

    def _asesorias(self, meses) -> Tabla:
        """Una fila por público y tema, con los meses y el sexo en columnas: la forma de
        «Asesorías datos personales» y «Asesorías a los enlaces» del informe de Oaxaca."""
        tabla = Tabla(
            "asesorias",
            "Asesorías por público y tema",
            ["Asesoría", *[nombre_de_mes(m) for m in meses], "Mujeres", "Hombres", "N/I", "Total"],
        )
        filas = capacitacion.asesorias(**self.rango)
        grupos: dict[tuple[str, str], dict[Any, int]] = {}
        for fila in filas:
            grupo = grupos.setdefault((fila["publico"], fila["tema"]), {})
            for clave in (fila["mes"], fila["sexo"], "total"):
                grupo[clave] = grupo.get(clave, 0) + fila["total"]
        for (publico, tema), grupo in sorted(grupos.items()):
            tabla.agregar(
                f"{PublicoAsesoria(publico).label}: {TemaAsesoria(tema).label}",
                *[grupo.get(m, 0) for m in meses],
                grupo.get(Sexo.MUJER, 0),
                grupo.get(Sexo.HOMBRE, 0),
                grupo.get(Sexo.NO_IDENTIFICADO, 0),
                grupo["total"],
            )
        tabla.agregar_total()
        return tabla
