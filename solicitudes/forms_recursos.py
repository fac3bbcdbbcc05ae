"""Formularios de recursos de revisión y denuncias.

Los plazos de un recurso (vencimiento de alegatos y de cumplimiento) no están aquí: los
deriva `servicios.recurso_guardar` con el calendario del ayuntamiento, nunca se teclean.
"""

from datetime import date
from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from organizacion.forms import FECHA, FormularioDeAyuntamiento, SeleccionMultiple
from organizacion.models import Sexo, TipoOficio, UnidadAdministrativa, hoy_local

from .models import (
    Denuncia,
    EstadoRecurso,
    RecursoRevision,
    ResolucionDenuncia,
    Solicitud,
)


class RecursoForm(FormularioDeAyuntamiento):
    """La solicitud recurrida se elige por su folio, que es lo que trae el expediente del
    garante; se busca dentro del ayuntamiento (la consulta corre en su ámbito)."""

    folio_solicitud = forms.CharField(
        label="Folio de la solicitud recurrida",
        max_length=40,
        required=False,
        help_text="Opcional. El folio de la PNT o el interno de la solicitud.",
    )
    sexo = forms.ChoiceField(
        label="Sexo del recurrente",
        choices=[("", "El de la solicitud recurrida"), *Sexo.choices],
        required=False,
        help_text="Si lo deja así, se toma el sexo registrado en la solicitud.",
    )

    class Meta:
        model = RecursoRevision
        fields = [
            "expediente",
            "folio_solicitud",
            "sexo",
            "fecha_interposicion",
            "fecha_notificacion",
            "fecha_alegatos",
            "resolucion",
            "fecha_resolucion",
            "fecha_cumplimiento",
            "notas",
        ]
        widgets = {
            campo: FECHA
            for campo in [
                "fecha_interposicion",
                "fecha_notificacion",
                "fecha_alegatos",
                "fecha_resolucion",
                "fecha_cumplimiento",
            ]
        }
        labels = {
            "fecha_resolucion": "Fecha de la resolución",
            "fecha_cumplimiento": "Cumplimiento informado",
            "resolucion": "Sentido de la resolución",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.solicitud_id:
            self.initial.setdefault("folio_solicitud", self.instance.solicitud.folio)

    def clean_expediente(self) -> str:
        expediente = self.cleaned_data["expediente"].strip()
        repetido = RecursoRevision.objects.filter(expediente__iexact=expediente).exclude(
            pk=self.instance.pk
        )
        if repetido.exists():
            raise ValidationError("Ya existe un recurso con ese número de expediente.")
        return expediente

    def clean_folio_solicitud(self) -> Solicitud | None:
        folio = self.cleaned_data["folio_solicitud"].strip()
        if not folio:
            return None
        solicitud = Solicitud.objects.filter(folio__iexact=folio).first()
        if solicitud is None:
            raise ValidationError(
                f"No hay una solicitud con el folio «{folio}» en este ayuntamiento."
            )
        return solicitud

    def clean(self) -> dict:
        datos = super().clean() or {}
        solicitud = datos.get("folio_solicitud")
        if "folio_solicitud" in datos and not datos.get("sexo"):
            if solicitud is None:
                self.add_error(
                    "sexo", "Indique el sexo del recurrente (o «No identificado»), o el folio."
                )
            else:
                datos["sexo"] = solicitud.sexo
        return datos

    def _post_clean(self) -> None:
        # Antes de que el ModelForm copie los datos a la instancia: la solicitud no es un
        # campo del formulario, sale del folio.
        if "folio_solicitud" in self.cleaned_data:
            self.instance.solicitud = self.cleaned_data["folio_solicitud"]
        super()._post_clean()


class DenunciaForm(FormularioDeAyuntamiento):
    """Las áreas requeridas no se capturan aquí: se agregan al emitir su oficio de
    requerimiento (`servicios.denuncia_requerir`)."""

    # (campo, «la fecha …» en el mensaje, fecha que no puede ser posterior, cómo se nombra)
    ORDEN = [
        ("fecha_informe", "del informe justificado", "fecha", "de la denuncia"),
        ("fecha_resolucion", "de la resolución", "fecha", "de la denuncia"),
        ("fecha_cumplimiento", "del cumplimiento", "fecha_resolucion", "de la resolución"),
    ]

    class Meta:
        model = Denuncia
        fields = [
            "expediente",
            "fecha",
            "sexo",
            "articulo",
            "fraccion",
            "descripcion",
            "fecha_informe",
            "resolucion",
            "fecha_resolucion",
            "fecha_cumplimiento",
        ]
        widgets = {
            campo: FECHA
            for campo in ["fecha", "fecha_informe", "fecha_resolucion", "fecha_cumplimiento"]
        }
        labels = {
            "fecha_informe": "Fecha del informe justificado",
            "fecha_resolucion": "Fecha de la resolución",
            "fecha_cumplimiento": "Fecha de cumplimiento",
        }

    def clean_expediente(self) -> str:
        expediente = self.cleaned_data["expediente"].strip()
        repetida = Denuncia.objects.filter(expediente__iexact=expediente).exclude(
            pk=self.instance.pk
        )
        if repetida.exists():
            raise ValidationError("Ya existe una denuncia con ese número de expediente.")
        return expediente

    def clean(self) -> dict:
        datos = super().clean() or {}
        hoy = hoy_local(self.instance.ayuntamiento)
        nombres = {"fecha": "de la denuncia"} | {
            campo: nombre for campo, nombre, _, _ in self.ORDEN
        }
        for campo, nombre in nombres.items():
            fecha = datos.get(campo)
            if fecha is not None and fecha > hoy:
                self.add_error(campo, f"La fecha {nombre} no puede estar en el futuro.")
        for campo, nombre, previo, nombre_previo in self.ORDEN:
            fecha, fecha_previa = datos.get(campo), datos.get(previo)
            if campo in self.errors or fecha is None:
                continue
            if fecha_previa is not None and fecha < fecha_previa:
                self.add_error(
                    campo, f"La fecha {nombre} no puede ser anterior a la {nombre_previo}."
                )
        if datos.get("resolucion") and not datos.get("fecha_resolucion"):
            self.add_error("fecha_resolucion", "Indique la fecha de la resolución.")
        if datos.get("fecha_resolucion") and not datos.get("resolucion"):
            self.add_error("resolucion", "Indique el sentido de la resolución.")
        if datos.get("fecha_cumplimiento") and not datos.get("fecha_resolucion"):
            self.add_error(
                "fecha_cumplimiento", "El cumplimiento va después de una resolución: indíquela."
            )
        return datos


class RecursoOficioForm(forms.Form):
    """Un oficio dentro del recurso: los que cuenta el informe trimestral (seed 003)."""

    tipo = forms.ChoiceField(
        choices=[
            (t.value, t.label)
            for t in (TipoOficio.TURNO, TipoOficio.RESPUESTA, TipoOficio.NOTIFICACION)
        ]
    )
    fecha = forms.DateField(widget=FECHA)
    asunto = forms.CharField(max_length=300)
    destinatario = forms.CharField(max_length=200)

    def __init__(self, *args, recurso: RecursoRevision, **kwargs):
        self.recurso = recurso
        kwargs.setdefault("initial", {"fecha": hoy_local(recurso.ayuntamiento)})
        super().__init__(*args, **kwargs)

    def clean_fecha(self) -> date:
        fecha = self.cleaned_data["fecha"]
        if fecha > hoy_local(self.recurso.ayuntamiento):
            raise ValidationError("La fecha del oficio no puede estar en el futuro.")
        if fecha < self.recurso.fecha_interposicion:
            raise ValidationError("El oficio no puede ser anterior a la interposición del recurso.")
        return fecha


class DenunciaRequerirForm(forms.Form):
    areas: forms.ModelMultipleChoiceField = SeleccionMultiple(
        label="Áreas a requerir",
        queryset=UnidadAdministrativa.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Elija al menos un área."},
    )
    fecha = forms.DateField(label="Fecha de los oficios", widget=FECHA)

    def __init__(self, *args, denuncia: Denuncia, **kwargs):
        self.denuncia = denuncia
        kwargs.setdefault("initial", {"fecha": hoy_local(denuncia.ayuntamiento)})
        super().__init__(*args, **kwargs)
        campo = cast(forms.ModelMultipleChoiceField, self.fields["areas"])
        campo.queryset = UnidadAdministrativa.objects.filter(activa=True).order_by("nombre")

    def clean_fecha(self) -> date:
        fecha = self.cleaned_data["fecha"]
        if fecha > hoy_local(self.denuncia.ayuntamiento):
            raise ValidationError("La fecha de los oficios no puede estar en el futuro.")
        return fecha


# --- Filtros de las listas -----------------------------------------------------------------


class FiltroRecursosForm(forms.Form):
    q = forms.CharField(label="Buscar", required=False, max_length=100)
    estado = forms.ChoiceField(
        choices=[
            ("", "Todos"),
            *[
                (
                    e.value,
                    "Admitido: alegatos pendientes" if e == EstadoRecurso.ADMITIDO else e.label,
                )
                for e in EstadoRecurso
            ],
        ],
        required=False,
    )
    anio = forms.IntegerField(
        label="Año de interposición", required=False, min_value=2000, max_value=2100
    )


SIN_RESOLUCION = "sin"


class FiltroDenunciasForm(forms.Form):
    q = forms.CharField(label="Buscar", required=False, max_length=100)
    anio = forms.IntegerField(label="Año", required=False, min_value=2000, max_value=2100)
    resolucion = forms.ChoiceField(
        label="Resolución",
        choices=[("", "Todas"), (SIN_RESOLUCION, "Sin resolución"), *ResolucionDenuncia.choices],
        required=False,
    )
