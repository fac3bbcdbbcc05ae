from django import forms

from organizacion.archivos import validar_archivo
from organizacion.forms import FECHA

from .models import Adhesion, Dimension, Estado, EstadoHerramienta
from .servicios import EvidenciaNueva


class AdhesionForm(forms.ModelForm):
    class Meta:
        model = Adhesion
        fields = ["fecha_convenio", "enlace_nombre", "enlace_cargo", "enlace_correo"]
        widgets = {"fecha_convenio": FECHA}
        help_texts = {
            "enlace_nombre": "La persona designada para la implementación del modelo.",
        }


class EstadoForm(forms.Form):
    """El estado de una herramienta y, opcionalmente, una evidencia nueva. Las reglas (la
    evidencia para «implementada», el motivo de «no aplica») las aplica el servicio."""

    estado = forms.ChoiceField(choices=Estado.choices)
    motivo_no_aplica = forms.CharField(
        label="Motivo por el que no aplica",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    fecha_implementacion = forms.DateField(
        label="Fecha de implementación", required=False, widget=FECHA
    )
    fecha_compromiso = forms.DateField(
        label="Fecha de compromiso",
        required=False,
        widget=FECHA,
        help_text="Esta herramienta no tiene fecha calculada: fije la suya si la acordó.",
    )
    notas = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    evidencia_archivo = forms.FileField(
        label="Documento comprobatorio (archivo)", required=False, validators=[validar_archivo]
    )
    evidencia_liga = forms.URLField(
        label="o liga al documento", required=False, max_length=500, assume_scheme="https"
    )
    evidencia_descripcion = forms.CharField(
        label="Descripción del documento", required=False, max_length=300
    )
    evidencia_fecha = forms.DateField(label="Fecha del documento", required=False, widget=FECHA)

    def __init__(self, *args, estado: EstadoHerramienta, hoy, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "estado": estado.estado,
                "motivo_no_aplica": estado.motivo_no_aplica,
                "fecha_implementacion": estado.fecha_implementacion,
                "fecha_compromiso": estado.fecha_compromiso,
                "notas": estado.notas,
                "evidencia_fecha": hoy,
            },
        )
        super().__init__(*args, **kwargs)
        self.hoy = hoy
        if estado.herramienta.fecha_calculable:
            del self.fields["fecha_compromiso"]

    def evidencia(self) -> EvidenciaNueva | None:
        """La evidencia nueva, si se dio algún dato de ella (el servicio la valida completa)."""
        datos = self.cleaned_data
        archivo, liga = datos.get("evidencia_archivo"), datos.get("evidencia_liga") or ""
        descripcion = datos.get("evidencia_descripcion") or ""
        if archivo is None and not liga and not descripcion:
            return None
        return EvidenciaNueva(
            descripcion=descripcion,
            fecha=datos.get("evidencia_fecha") or self.hoy,
            archivo=archivo,
            liga=liga,
        )


class FiltroMatrizForm(forms.Form):
    dimension = forms.ModelChoiceField(
        label="Dimensión", queryset=Dimension.objects.none(), required=False, empty_label="Todas"
    )
    orden = forms.ChoiceField(
        label="Ordenar por",
        required=False,
        choices=[
            ("avance", "Menor avance primero"),
            ("-avance", "Mayor avance primero"),
            ("nombre", "Nombre"),
        ],
    )

    def __init__(self, *args, edicion, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["dimension"]
        assert isinstance(campo, forms.ModelChoiceField)
        campo.queryset = Dimension.objects.filter(edicion=edicion)
        campo.to_field_name = "clave"
