from django import forms
from django.core.exceptions import ValidationError

from organizacion.archivos import validar_archivo
from organizacion.forms import FECHA, FormularioArchivoImportacion, FormularioDeAyuntamiento
from organizacion.models import UnidadAdministrativa

from .models import MESES, Actividad, Objetivo, Plan
from .servicios import Captura


def _area(etiqueta: str) -> forms.ModelChoiceField:
    # Declarado a mano: el campo automático consultaría el modelo fuera de ámbito al importar.
    return forms.ModelChoiceField(
        label=etiqueta, queryset=UnidadAdministrativa.objects.none(), required=False
    )


class PlanForm(FormularioDeAyuntamiento):
    unidad_administrativa = _area("Área (vacío: la Unidad de Transparencia)")

    class Meta:
        model = Plan
        fields = [
            "anio",
            "unidad_administrativa",
            "titulo",
            "programa_presupuestario",
            "mision",
            "vision",
            "objetivos_generales",
            "metas",
            "estrategias",
            "procedimiento_interno",
        ]
        widgets = {
            campo: forms.Textarea(attrs={"rows": 3})
            for campo in (
                "mision",
                "vision",
                "objetivos_generales",
                "metas",
                "estrategias",
                "procedimiento_interno",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["unidad_administrativa"]
        campo.queryset = UnidadAdministrativa.objects.filter(activa=True)  # type: ignore[attr-defined]


class ObjetivoForm(FormularioDeAyuntamiento):
    class Meta:
        model = Objetivo
        fields = ["orden", "nivel_mir", "clave", "descripcion"]
        widgets = {"descripcion": forms.Textarea(attrs={"rows": 2})}


class ActividadForm(FormularioDeAyuntamiento):
    objetivo: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Objetivo.objects.none())
    unidad_administrativa = _area("Área responsable (vacío: la Unidad de Transparencia)")
    meses = forms.TypedMultipleChoiceField(
        label="Meses programados (cronograma)",
        choices=MESES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vacío: todos los meses entre inicio y término.",
    )

    class Meta:
        model = Actividad
        fields = [
            "objetivo",
            "orden",
            "nivel_mir",
            "clave",
            "descripcion",
            "linea_accion",
            "producto",
            "fecha_inicio",
            "fecha_fin",
            "meses",
            "evidencia_esperada",
            "poblacion",
            "unidad_administrativa",
            "etiquetas",
            "por_sexo",
            "formula",
            "meta_anual",
            "unidad_medida",
            "indicador",
            "numerador",
            "denominador",
            "frecuencia",
            "sentido",
            "programado_t1",
            "programado_t2",
            "programado_t3",
            "programado_t4",
            "fuente",
        ]
        widgets = {
            "fecha_inicio": FECHA,
            "fecha_fin": FECHA,
            "descripcion": forms.Textarea(attrs={"rows": 2}),
            "linea_accion": forms.Textarea(attrs={"rows": 2}),
            "producto": forms.Textarea(attrs={"rows": 2}),
            "evidencia_esperada": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["objetivo"].queryset = Objetivo.objects.filter(plan=plan)  # type: ignore[attr-defined]
        area = self.fields["unidad_administrativa"]
        area.queryset = UnidadAdministrativa.objects.filter(activa=True)  # type: ignore[attr-defined]


class CapturaForm(forms.Form):
    # Los límites son los de las columnas de Avance: SQLite guardaría un número más largo y
    # la página de la actividad fallaría al leerlo.
    valor = forms.DecimalField(
        label="Valor alcanzado en el mes",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    numerador = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2, required=False)
    denominador = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2, required=False)
    mujeres = forms.IntegerField(min_value=0, max_value=2147483647, required=False)
    hombres = forms.IntegerField(min_value=0, max_value=2147483647, required=False)
    no_identificado = forms.IntegerField(
        label="Sexo no identificado", min_value=0, max_value=2147483647, required=False
    )
    narrativa = forms.CharField(
        label="Qué se hizo", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    archivos = forms.FileField(
        label="Evidencia (archivo)", required=False, validators=[validar_archivo]
    )

    def __init__(self, *args, actividad: Actividad, **kwargs):
        super().__init__(*args, **kwargs)
        if actividad.es_porcentaje:
            del self.fields["valor"]
            self.fields["numerador"].label = actividad.numerador or "Numerador"
            self.fields["denominador"].label = actividad.denominador or "Denominador"
        else:
            del self.fields["numerador"], self.fields["denominador"]
            if actividad.unidad_medida:
                self.fields[
                    "valor"
                ].label = f"Valor alcanzado en el mes ({actividad.unidad_medida})"
        if not actividad.por_sexo:
            del self.fields["mujeres"], self.fields["hombres"], self.fields["no_identificado"]

    def captura(self) -> Captura:
        datos = self.cleaned_data
        return Captura(
            valor=datos.get("valor"),
            numerador=datos.get("numerador"),
            denominador=datos.get("denominador"),
            mujeres=datos.get("mujeres"),
            hombres=datos.get("hombres"),
            no_identificado=datos.get("no_identificado"),
            narrativa=datos.get("narrativa", ""),
        )


class ComentarioForm(forms.Form):
    comentario = forms.CharField(
        label="Qué hay que corregir", widget=forms.Textarea(attrs={"rows": 3})
    )


class MotivoForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo de la reapertura", widget=forms.Textarea(attrs={"rows": 3}), min_length=10
    )


class JustificacionForm(forms.Form):
    trimestre = forms.IntegerField(min_value=1, max_value=4, widget=forms.HiddenInput)
    texto = forms.CharField(label="Justificación", widget=forms.Textarea(attrs={"rows": 3}))


class CopiarForm(forms.Form):
    origen: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Plan de origen", queryset=Plan.objects.none()
    )
    anio = forms.IntegerField(label="Año del plan nuevo", min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origen"].queryset = Plan.objects.select_related("unidad_administrativa")  # type: ignore[attr-defined]

    def clean(self):
        datos = super().clean() or {}
        origen, anio = datos.get("origen"), datos.get("anio")
        if origen and anio and anio <= origen.anio:
            raise ValidationError("El plan nuevo debe ser de un año posterior al de origen.")
        return datos


class ImportarForm(FormularioArchivoImportacion):
    etiqueta = "Hoja de cálculo del plan"
    ayuda = (
        "Un archivo .xlsx con una fila por actividad y los encabezados arriba (puede llevar "
        "filas de título antes del encabezado)."
    )
    no_admitido = (
        "Formato no admitido: suba un libro de Excel .xlsx (en Excel o LibreOffice: Guardar "
        "como → «Libro de Excel (.xlsx)»)."
    )
