"""Después de entrar: a dónde llega cada quien."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from organizacion.models import Membresia, Rol
from tests.conftest import CLAVE


def test_entrar_con_correo_y_llegar_al_unico_ayuntamiento(client, titular, ayuntamiento):
    # El correo se escribe como la persona quiera: mayúsculas y espacios no importan.
    respuesta = client.post(
        reverse("login"), {"username": " Titular@Oaxaca.gob.mx", "password": CLAVE}, follow=True
    )
    destino = reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug})
    assert respuesta.redirect_chain[-1][0] == destino
    assert ayuntamiento.nombre in respuesta.content.decode()


def test_clave_incorrecta_muestra_error_en_espanol(client, titular):
    respuesta = client.post(
        reverse("login"), {"username": "titular@oaxaca.gob.mx", "password": "mala"}
    )
    assert respuesta.status_code == 200
    assert "correo electrónico" in respuesta.content.decode().lower()
    assert "contraseña" in respuesta.content.decode()
    assert not respuesta.wsgi_request.user.is_authenticated


def test_con_varios_ayuntamientos_elige(titular, ayuntamiento, ayuntamiento_ajeno, cliente_de):
    with scopes_disabled():
        Membresia.objects.create(usuario=titular, ayuntamiento=ayuntamiento_ajeno, rol=Rol.CONSULTA)
    respuesta = cliente_de(titular).get(reverse("organizacion:inicio"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert f"/{ayuntamiento.slug}/" in html and f"/{ayuntamiento_ajeno.slug}/" in html


def test_garante_elige_entre_sus_ayuntamientos_y_solo_los_suyos(
    usuario_garante, ayuntamiento, ayuntamiento_ajeno, cliente_de
):
    respuesta = cliente_de(usuario_garante).get(reverse("organizacion:inicio"))
    html = respuesta.content.decode()
    assert f"/{ayuntamiento.slug}/" in html
    assert f"/{ayuntamiento_ajeno.slug}/" not in html
    assert "sólo lectura" in html


def test_sin_membresias_se_explica_que_hacer(db, cliente_de):
    from organizacion.models import Usuario

    usuario = Usuario.objects.create_user("nuevo@x.mx", password="x" * 12, nombre="Nuevo")
    html = cliente_de(usuario).get(reverse("organizacion:inicio")).content.decode()
    assert "aún no tiene acceso" in html


def test_inicio_exige_sesion(client):
    respuesta = client.get(reverse("organizacion:inicio"))
    assert respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("metodo", ["post", "delete"])
def test_inicio_solo_get(metodo, titular, cliente_de):
    assert getattr(cliente_de(titular), metodo)(reverse("organizacion:inicio")).status_code == 405


def test_restablecer_contrasena_en_espanol(client, titular, django_capture_on_commit_callbacks):
    from django.core import mail

    # El correo sale de la tarea que la petición encola al confirmar.
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            reverse("password_reset"), {"email": "titular@oaxaca.gob.mx"}, follow=True
        )
    assert "Revise su correo" in respuesta.content.decode()
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.subject == "Restablecer su contraseña de Transparencia"
    assert "Hola Keyla Matus Meléndez" in correo.body
    enlace = next(linea for linea in correo.body.splitlines() if "/cuentas/reset/" in linea)
    confirmar = client.get(enlace.strip(), follow=True)
    assert "Escriba su nueva contraseña" in confirmar.content.decode()
