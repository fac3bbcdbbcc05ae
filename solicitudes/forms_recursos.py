"""Formularios de recursos de revisión y denuncias.

Aquí se capturan los hechos (las fechas de cada paso). Sus plazos no: los deriva
`servicios.recursos_derivar` / `denuncias_derivar` con el calendario del ayuntamiento, y el
orden de las fechas lo revisan `recurso_guardar` y `denuncia_guardar`, nunca se teclean.
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
from .servicios import HECHOS_DE_DENUNCIA, HECHOS_DE_RECURSO

# Los campos de fecha de cada expediente: los hechos que sus servicios ordenan y derivan.
FECHAS_DE_RECURSO = [c for c in HECHOS_DE_RECURSO if c.startswith("fecha")]
FECHAS_DE_DENUNCIA = [c for c in HECHOS_DE_DENUNCIA if c.startswith("fecha")]


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
            "fecha_admision",
            "fecha_notificacion",
            "fecha_alegatos",
            "fecha_ampliacion_resolucion",
            "resolucion",
            "fecha_resolucion",
            "fecha_notificacion_resolucion",
            "fecha_prorroga_solicitada",
            "dias_prorroga",
            "fecha_cumplimiento",
            "fecha_informe_cumplimiento",
            "notas",
        ]
        widgets = {campo: FECHA for campo in FECHAS_DE_RECURSO}
        labels = {
            "fecha_resolucion": "Fecha de la resolución",
            "fecha_cumplimiento": "Fecha en que se cumplió",
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

    class Meta:
        model = Denuncia
        fields = [
            "expediente",
            "fecha_presentacion",
            "fecha_admision",
            "fecha",
            "sexo",
            "articulo",
            "fraccion",
            "descripcion",
            "fecha_informe",
            "fecha_requerimiento_complementario",
            "fecha_informe_complementario",
            "resolucion",
            "fecha_resolucion",
            "fecha_notificacion_resolucion",
            "fecha_cumplimiento",
            "fecha_informe_cumplimiento",
            "fecha_requerimiento_superior",
        ]
        widgets = {campo: FECHA for campo in FECHAS_DE_DENUNCIA}
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
