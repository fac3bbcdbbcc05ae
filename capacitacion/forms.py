from typing import cast

from django import forms

from organizacion.forms import (
    FECHA,
    FormularioArchivoImportacion,
    FormularioDeAyuntamiento,
    SeleccionMultiple,
)
from organizacion.models import Oficio, UnidadAdministrativa

from .models import (
    MESES,
    Asesoria,
    Capacitacion,
    Modalidad,
    Participante,
    PlanCapacitacion,
    Publico,
    PublicoAsesoria,
    TemaAsesoria,
    TemaPlaneado,
    TipoEvidencia,
)
from .servicios import CAMPOS_TOTALES

HORA = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CapacitacionForm(FormularioDeAyuntamiento):
    # Los catálogos de inquilino se declaran vacíos: su consulta sólo puede correr dentro
    # del ámbito del ayuntamiento, en __init__.
    areas: forms.ModelMultipleChoiceField = SeleccionMultiple(
        label="Áreas participantes",
        queryset=UnidadAdministrativa.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tema_planeado: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Tema del plan anual", queryset=TemaPlaneado.objects.none(), required=False
    )
    oficio: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Oficio o circular de convocatoria", queryset=Oficio.objects.none(), required=False
    )

    class Meta:
        model = Capacitacion
        fields = [
            "tema",
            "fecha",
            "hora",
            "duracion_minutos",
            "modalidad",
            "formato",
            "publico",
            "impartida_por",
            "institucion",
            "sede",
            "liga",
            "areas",
            "mujeres",
            "hombres",
            "no_identificado",
            "tema_planeado",
            "oficio",
            "observaciones",
        ]
        widgets = {
            "fecha": FECHA,
            "hora": HORA,
            "observaciones": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["areas"]
        ).queryset = UnidadAdministrativa.objects.filter(activa=True)
        cast(
            forms.ModelChoiceField, self.fields["tema_planeado"]
        ).queryset = TemaPlaneado.objects.select_related("plan").order_by(
            "-plan__anio", "mes", "tema"
        )
        cast(forms.ModelChoiceField, self.fields["oficio"]).queryset = Oficio.objects.all()
        self.fields["oficio"].help_text = (
            "Un oficio ya registrado. Para emitir la circular desde aquí, guarde la sesión y use "
            "«Emitir circular de convocatoria»."
        )
        if self.instance.con_lista:
            # Con lista, los totales los cuenta el sistema: el navegador no puede cambiarlos.
            for campo in CAMPOS_TOTALES:
                self.fields[campo].disabled = True
                self.fields[campo].help_text = "Se cuenta de la lista de participantes."


class ParticipanteForm(forms.ModelForm):
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Área del ayuntamiento", queryset=UnidadAdministrativa.objects.none(), required=False
    )

    class Meta:
        model = Participante
        fields = ["nombre", "sexo", "area", "institucion", "cargo", "correo", "asistio"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["area"]
        ).queryset = UnidadAdministrativa.objects.filter(activa=True)


class EvidenciaForm(forms.Form):
    tipo = forms.ChoiceField(choices=TipoEvidencia.choices)
    archivo = forms.FileField()


class ConvocarForm(forms.Form):
    fecha = forms.DateField(widget=FECHA)
    destinatario = forms.CharField(
        max_length=200, initial="Titulares de la Administración Pública Municipal"
    )
    asunto = forms.CharField(max_length=300)


class PlanForm(FormularioDeAyuntamiento):
    class Meta:
        model = PlanCapacitacion
        fields = ["anio", "publico", "descripcion"]
        widgets = {"descripcion": forms.Textarea(attrs={"rows": 3})}


class TemaForm(forms.ModelForm):
    class Meta:
        model = TemaPlaneado
        fields = ["tema", "mes", "publico", "meta_asistentes"]


class AsesoriaForm(FormularioDeAyuntamiento):
    class Meta:
        model = Asesoria
        fields = ["fecha", "tema", "publico", "sexo", "medio", "nota"]
        widgets = {"fecha": FECHA}


class FiltroCapacitacionesForm(forms.Form):
    anio = forms.IntegerField(label="Año", required=False, min_value=2000, max_value=2100)
    mes = forms.TypedChoiceField(
        choices=[("", "Todos"), *MESES], coerce=int, required=False, empty_value=None
    )
    publico = forms.ChoiceField(
        label="Público", choices=[("", "Todos"), *Publico.choices], required=False
    )
    modalidad = forms.ChoiceField(choices=[("", "Todas"), *Modalidad.choices], required=False)
    q = forms.CharField(label="Buscar tema", required=False, max_length=100)


class FiltroAsesoriasForm(forms.Form):
    anio = forms.IntegerField(label="Año", required=False, min_value=2000, max_value=2100)
    mes = forms.TypedChoiceField(
        choices=[("", "Todos"), *MESES], coerce=int, required=False, empty_value=None
    )
    tema = forms.ChoiceField(choices=[("", "Todos"), *TemaAsesoria.choices], required=False)
    publico = forms.ChoiceField(
        label="A quién", choices=[("", "Todos"), *PublicoAsesoria.choices], required=False
    )


class ImportarForm(FormularioArchivoImportacion):
    ayuda = (
        "Un libro de Excel (.xlsx): los encabezados en la primera fila de la primera hoja y "
        "una fila por registro."
    )
