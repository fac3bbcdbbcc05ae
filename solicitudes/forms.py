"""Formularios de solicitudes: los filtros de la lista, el alta y edición de una solicitud y
las acciones de su página de detalle. Sólo convierten y validan la captura; las reglas de
plazos y de orden de los hechos las aplican los servicios, y la vista muestra su error en
el formulario que lo provocó."""

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from organizacion.archivos import validar_archivo
from organizacion.forms import FECHA, FormularioDeAyuntamiento, SeleccionMultiple
from organizacion.models import Ayuntamiento, Sexo, UnidadAdministrativa

from .models import (
    EstadoSolicitud,
    MedioRecepcion,
    ModalidadEntrega,
    Semaforo,
    SentidoResolucion,
    Solicitud,
    TipoEvento,
    TipoResolucionComite,
    TipoRespuesta,
    TipoSolicitud,
)
from .servicios import hechos_de


def _con_todas(opciones: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "Todos"), *opciones]


class SubidaMultiple(forms.ClearableFileInput):
    allow_multiple_selected = True


class ArchivosField(forms.FileField):
    """Varios archivos en un solo control; cada uno se valida por tamaño y contenido."""

    widget = SubidaMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Archivos")
        kwargs.setdefault(
            "help_text", "Puede elegir varios: PDF, imágenes o documentos de oficina."
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        archivos = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not archivos:
            raise ValidationError(self.error_messages["required"], code="required")
        errores = []
        for archivo in archivos:
            try:
                validar_archivo(archivo)
            except ValidationError as error:
                errores += [f"{archivo.name}: {mensaje}" for mensaje in error.messages]
        if errores:
            raise ValidationError(errores)
        return list(archivos)


class FechaHoraDelAyuntamiento(forms.DateTimeField):
    """Fecha y hora capturadas en la zona horaria del ayuntamiento, no en la del servidor:
    en Cancún las 14:30 son las 13:30 de la Ciudad de México, y la hora de cierre manda."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, zona: str = "America/Mexico_City", **kwargs) -> None:
        self.zona = ZoneInfo(zona)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zona)
        return value

    def to_python(self, value) -> datetime | None:
        valor = super().to_python(value)
        if valor is None:
            return None
        # Django la interpretó en la zona del servidor; se reinterpreta en la del ayuntamiento.
        return timezone.make_naive(valor).replace(tzinfo=self.zona)


# --- Lista ---------------------------------------------------------------------------------


class FiltroSolicitudesForm(forms.Form):
    q = forms.CharField(label="Buscar", required=False, max_length=100)
    estado = forms.ChoiceField(required=False, choices=_con_todas(EstadoSolicitud.choices))
    semaforo = forms.ChoiceField(
        label="Semáforo", required=False, choices=_con_todas(Semaforo.choices)
    )
    tipo = forms.ChoiceField(required=False, choices=_con_todas(TipoSolicitud.choices))
    medio = forms.ChoiceField(required=False, choices=_con_todas(MedioRecepcion.choices))
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Área turnada",
        required=False,
        empty_label="Todas",
        queryset=UnidadAdministrativa.objects.none(),
    )
    desde = forms.DateField(label="Recibidas desde", required=False, widget=FECHA)
    hasta = forms.DateField(label="Recibidas hasta", required=False, widget=FECHA)
    sexo = forms.ChoiceField(required=False, choices=_con_todas(Sexo.choices))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        campo_area = cast(forms.ModelChoiceField, self.fields["area"])
        campo_area.queryset = UnidadAdministrativa.objects.order_by("nombre")

    def clean(self) -> dict:
        datos = super().clean() or {}
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", "La fecha final no puede ser anterior a la inicial.")
        return datos


class FiltroTurnosForm(forms.Form):
    estado = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Todos"),
            ("pendientes", "Pendientes"),
            ("respondidos", "Respondidos"),
            ("cerrados", "Cerrados sin respuesta"),
        ],
    )
    semaforo = forms.ChoiceField(
        label="Semáforo", required=False, choices=_con_todas(Semaforo.choices)
    )
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Área",
        required=False,
        empty_label="Todas",
        queryset=UnidadAdministrativa.objects.none(),
    )

    def __init__(self, *args, con_area: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if con_area:
            campo_area = cast(forms.ModelChoiceField, self.fields["area"])
            campo_area.queryset = UnidadAdministrativa.objects.order_by("nombre")
        else:
            del self.fields["area"]


# --- Alta y edición ------------------------------------------------------------------------


class SolicitudForm(FormularioDeAyuntamiento):
    archivos = ArchivosField(label="Archivos de la solicitud")

    class Meta:
        model = Solicitud
        fields = [
            "tipo",
            "derecho_arco",
            "folio",
            "medio",
            "recibida",
            "nombre_solicitante",
            "sexo",
            "correo_solicitante",
            "telefono_solicitante",
            "domicilio_solicitante",
            "identidad_acreditada",
            "documento_identidad",
            "descripcion",
            "modalidad_entrega",
            "folio_pnt",
            "capturada_pnt",
            "costo_reproduccion",
            "costo_envio",
        ]
        widgets = {"descripcion": forms.Textarea(attrs={"rows": 4}), "capturada_pnt": FECHA}

    def __init__(self, *args, ayuntamiento: Ayuntamiento, **kwargs) -> None:
        super().__init__(*args, ayuntamiento=ayuntamiento, **kwargs)
        self.fields["recibida"] = FechaHoraDelAyuntamiento(
            label="Fecha y hora de recepción",
            zona=ayuntamiento.zona_horaria,
            help_text=f"Hora local del ayuntamiento. Lo recibido a las "
            f"{ayuntamiento.hora_cierre:%H:%M} o después, o en día inhábil, se tiene por recibido "
            "el siguiente día hábil.",
        )
        self.fields["folio"].required = False
        if self.instance.pk:
            del self.fields["archivos"]
            if self.instance.folio_interno:
                self.fields["folio"].help_text = "Folio interno asignado al registrarla."

    def clean_folio(self) -> str:
        folio = self.cleaned_data["folio"].strip()
        # Al editar, un folio vacío conserva el que ya tenía (el interno no se reasigna).
        return folio or (self.instance.folio if self.instance.pk else "")

    def clean_recibida(self) -> datetime:
        recibida = self.cleaned_data["recibida"]
        if recibida > timezone.now():
            raise ValidationError("La fecha de recepción no puede estar en el futuro.")
        if self.instance.pk:
            primero = min((h.fecha for h in hechos_de(self.instance)), default=None)
            local = timezone.localtime(recibida, ZoneInfo(self.instance.ayuntamiento.zona_horaria))
            if primero and local.date() > primero:
                raise ValidationError(
                    f"La solicitud tiene hechos registrados desde el {primero:%d/%m/%Y}: "
                    "no pudo recibirse después."
                )
        return recibida

    def clean(self) -> dict:
        datos = super().clean() or {}
        tipo, derecho = datos.get("tipo"), datos.get("derecho_arco")
        if tipo == TipoSolicitud.ARCO and not derecho:
            self.add_error("derecho_arco", "Indique qué derecho ARCO se ejerce.")
        elif tipo and tipo != TipoSolicitud.ARCO and derecho:
            self.add_error(
                "derecho_arco", "El derecho ARCO sólo se indica en solicitudes de derechos ARCO."
            )
        if not datos.get("folio") and datos.get("medio") == MedioRecepcion.PNT:
            self.add_error("folio", "Una solicitud recibida por la PNT lleva su folio.")
        return datos

    def _post_clean(self) -> None:
        # Con el derecho ARCO ya marcado en su campo, la restricción de la base repetiría el
        # aviso arriba del formulario: se omite esa segunda pasada (el folio se revisa al
        # volver a enviarlo corregido).
        if self.has_error("derecho_arco"):
            forms.ModelForm._post_clean(self)  # type: ignore[attr-defined]
        else:
            super()._post_clean()


# --- Acciones del detalle ------------------------------------------------------------------


class EventoForm(forms.Form):
    tipo = forms.ChoiceField(label="Qué ocurrió", choices=TipoEvento.choices)
    fecha = forms.DateField(
        widget=FECHA,
        help_text="Para la respuesta final, la fecha en que se notificó al solicitante.",
    )
    tipo_respuesta = forms.ChoiceField(
        label="Tipo de respuesta",
        required=False,
        choices=[("", "—"), *TipoRespuesta.choices],
        help_text="Sólo para la respuesta final.",
    )
    modalidad_entrega = forms.ChoiceField(
        label="Modalidad de entrega", required=False, choices=[("", "—"), *ModalidadEntrega.choices]
    )
    hora = forms.TimeField(
        label="Hora en que llegó",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Para la respuesta a una prevención: a partir de la hora de cierre cuenta "
        "desde el siguiente día hábil.",
    )
    detalle = forms.CharField(
        label="Texto o detalle",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="En una ampliación ARCO, las razones que se notificaron.",
    )
    archivos = ArchivosField()

    prefix = "evento"


class RetirarTurnoForm(forms.Form):
    fecha = forms.DateField(label="Fecha del retiro", widget=FECHA)
    motivo = forms.CharField(label="Motivo", max_length=300)

    prefix = "retiro"


class TurnarForm(forms.Form):
    areas: forms.ModelMultipleChoiceField = SeleccionMultiple(
        label="Áreas",
        queryset=UnidadAdministrativa.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Elija al menos un área."},
    )
    fecha = forms.DateField(label="Fecha del turno", widget=FECHA)
    instrucciones = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    prefix = "turno"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        campo = cast(forms.ModelMultipleChoiceField, self.fields["areas"])
        campo.queryset = UnidadAdministrativa.objects.filter(activa=True).order_by("nombre")


class ComiteForm(forms.Form):
    sesion = forms.CharField(
        label="Sesión", max_length=100, help_text="P. ej. «Tercera extraordinaria»."
    )
    numero_acta = forms.CharField(label="Número de acta", max_length=50)
    tipo = forms.ChoiceField(choices=TipoResolucionComite.choices)
    sentido = forms.ChoiceField(choices=SentidoResolucion.choices)
    fecha = forms.DateField(widget=FECHA)

    prefix = "comite"


class RespuestaTurnoForm(forms.Form):
    fecha = forms.DateField(label="Fecha de la respuesta", widget=FECHA)
    respuesta = forms.CharField(
        label="Respuesta del área",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Escriba la respuesta del área."},
    )
    no_competente = forms.BooleanField(
        label="El área no es competente para atender la solicitud", required=False
    )
    archivos = ArchivosField(label="Oficio de respuesta y anexos")
