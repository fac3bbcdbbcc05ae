from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from organizacion.models import (
    Ayuntamiento,
    DiaInhabil,
    Membresia,
    MembresiaGarante,
    Oficio,
    Rol,
    UnidadAdministrativa,
    Usuario,
)


def _conteos():
    with scopes_disabled():
        return {
            modelo.__name__: modelo.objects.count()
            for modelo in (
                Ayuntamiento,
                UnidadAdministrativa,
                Usuario,
                Membresia,
                MembresiaGarante,
                DiaInhabil,
                Oficio,
            )
        }


def test_demo_idempotente_con_un_usuario_por_rol(db):
    salida = StringIO()
    call_command("demo", stdout=salida)
    primera = _conteos()
    call_command("demo", stdout=StringIO())
    assert _conteos() == primera
    with scopes_disabled():
        garantes = set(Ayuntamiento.objects.values_list("garante__siglas", flat=True))
        assert {"hecelchakan", "oaxaca-de-juarez", "puebla"} <= set(
            Ayuntamiento.objects.values_list("slug", flat=True)
        )
        assert len(garantes) >= 3
        for ayuntamiento in Ayuntamiento.objects.all():
            roles = set(
                Membresia.objects.filter(ayuntamiento=ayuntamiento).values_list("rol", flat=True)
            )
            assert set(Rol.values) <= roles, ayuntamiento
    texto = salida.getvalue()
    assert "titular@oaxaca.demo.mx" in texto and "transparencia-demo" in texto
    assert "supervision@ogaipo.demo.mx" in texto


def test_credenciales_de_la_demo_sirven_para_entrar(db, client):
    call_command("demo", stdout=StringIO())
    assert (
        client.post(
            reverse("login"),
            {"username": "enlace@puebla.demo.mx", "password": "transparencia-demo"},
        ).status_code
        == 302
    )
