import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope

from organizacion.models import Membresia, Rol, Usuario


def url(ayuntamiento, nombre="usuarios", **kw):
    return reverse(f"organizacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def test_lista_con_roles(ayuntamiento, titular, enlace, consulta, cliente_de):
    html = cliente_de(titular).get(url(ayuntamiento)).content.decode()
    assert "enlace@oaxaca.gob.mx" in html and "Tesorería Municipal" in html
    assert "Consulta (sólo lectura)" in html


def test_alta_de_persona_nueva_crea_usuario_y_envia_invitacion(
    ayuntamiento, areas, titular, cliente_de, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente_de(titular).post(
            url(ayuntamiento, "usuario_nuevo"),
            {
                "email": "Nueva.Enlace@Oaxaca.gob.mx",
                "nombre": "Nueva Enlace",
                "rol": Rol.ENLACE,
                "unidad_administrativa": areas[1].pk,
            },
        )
    assert respuesta.status_code == 302
    usuario = Usuario.objects.get(email="nueva.enlace@oaxaca.gob.mx")
    with scope(ayuntamiento=ayuntamiento):
        membresia = Membresia.objects.get(usuario=usuario)
    assert membresia.rol == Rol.ENLACE and membresia.unidad_administrativa == areas[1]
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["nueva.enlace@oaxaca.gob.mx"]
    assert "Oaxaca de Juárez" in correo.subject
    assert "/cuentas/reset/" in correo.body


def _sumar(cliente, ayuntamiento, email, django_capture_on_commit_callbacks, **datos):
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente.post(
            url(ayuntamiento, "usuario_nuevo"),
            {"email": email, "nombre": "Nombre Impuesto", "cargo": "Cargo impuesto", **datos},
            follow=True,
        )
    return [str(m) for m in respuesta.context["messages"]]


def test_sumar_a_quien_ya_tiene_cuenta_no_cambia_sus_datos(
    ayuntamiento_ajeno, extrano, titular, cliente_de, django_capture_on_commit_callbacks
):
    """La titular de Puebla suma a la de Oaxaca: no puede renombrarla ni cambiar su cargo
    (el nombre sale en las firmas de Oaxaca), y ella recibe un aviso para entrar."""
    titular.cargo = "Titular de la UT"
    titular.save()
    _sumar(
        cliente_de(extrano),
        ayuntamiento_ajeno,
        titular.email,
        django_capture_on_commit_callbacks,
        rol=Rol.CONSULTA,
    )
    with scope(ayuntamiento=ayuntamiento_ajeno):
        assert Membresia.objects.get(usuario=titular).rol == Rol.CONSULTA
    titular.refresh_from_db()
    assert (titular.nombre, titular.cargo) == ("Keyla Matus Meléndez", "Titular de la UT")
    (correo,) = mail.outbox
    assert correo.to == [titular.email]
    assert "Puebla" in correo.subject
    assert "/cuentas/login/" in correo.body and "/cuentas/reset/" not in correo.body


def test_ni_al_superusuario(ayuntamiento, titular, cliente_de, django_capture_on_commit_callbacks):
    admin = Usuario.objects.create_superuser("admin@plataforma.mx", "x", nombre="Operación")
    _sumar(
        cliente_de(titular),
        ayuntamiento,
        admin.email,
        django_capture_on_commit_callbacks,
        rol=Rol.PERSONAL,
    )
    admin.refresh_from_db()
    assert admin.nombre == "Operación" and admin.is_superuser


def test_el_mensaje_no_dice_si_la_cuenta_existia(
    ayuntamiento, titular, extrano, cliente_de, django_capture_on_commit_callbacks
):
    cliente = cliente_de(titular)
    existente = _sumar(
        cliente, ayuntamiento, extrano.email, django_capture_on_commit_callbacks, rol=Rol.CONSULTA
    )
    nueva = _sumar(
        cliente,
        ayuntamiento,
        "nadie.aun@oaxaca.gob.mx",
        django_capture_on_commit_callbacks,
        rol=Rol.CONSULTA,
    )
    assert existente == [
        f"Se dio acceso a {extrano.email} como Consulta (sólo lectura); recibirá un correo "
        "con las instrucciones para entrar."
    ]
    assert nueva == [existente[0].replace(extrano.email, "nadie.aun@oaxaca.gob.mx")]
    # Ambas reciben su correo: la existente para entrar, la nueva para crear su contraseña.
    assert [c.to for c in mail.outbox] == [[extrano.email], ["nadie.aun@oaxaca.gob.mx"]]
    assert "/cuentas/reset/" in mail.outbox[1].body


def test_la_cuenta_que_solo_es_de_este_ayuntamiento_se_corrige(
    ayuntamiento, ayuntamiento_ajeno, titular, enlace, consulta, cliente_de
):
    with scope(ayuntamiento=ayuntamiento):
        del_enlace = Membresia.objects.get(usuario=enlace)
        de_consulta = Membresia.objects.get(usuario=consulta)
    with scope(ayuntamiento=ayuntamiento_ajeno):
        Membresia.objects.create(
            usuario=consulta, ayuntamiento=ayuntamiento_ajeno, rol=Rol.CONSULTA
        )
    cliente = cliente_de(titular)
    for membresia in (del_enlace, de_consulta):
        cliente.post(
            url(ayuntamiento, "usuario_editar", pk=membresia.pk),
            {"nombre": "Nombre corregido", "rol": Rol.CONSULTA},
        )
    enlace.refresh_from_db()
    consulta.refresh_from_db()
    assert enlace.nombre == "Nombre corregido"  # sólo tiene cuenta aquí
    assert consulta.nombre == "Contraloría (consulta)"  # también es de Puebla


def test_enlace_sin_area_se_rechaza_y_no_se_guarda(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "usuario_nuevo"),
        {"email": "sin.area@x.mx", "nombre": "Sin Área", "rol": Rol.ENLACE},
    )
    assert respuesta.status_code == 200
    assert "Indique el área de la que es enlace" in respuesta.content.decode()
    assert not Usuario.objects.filter(email="sin.area@x.mx").exists()


def test_miembro_repetido_se_rechaza(ayuntamiento, titular, personal, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "usuario_nuevo"),
        {"email": personal.email, "nombre": "Otra", "rol": Rol.CONSULTA},
    )
    assert "ya pertenece a este ayuntamiento" in respuesta.content.decode()


def test_cambiar_rol_y_quitar_area(ayuntamiento, titular, enlace, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        membresia = Membresia.objects.get(usuario=enlace)
    cliente_de(titular).post(
        url(ayuntamiento, "usuario_editar", pk=membresia.pk),
        {"nombre": "Enlace ascendido", "rol": Rol.PERSONAL},
    )
    membresia.refresh_from_db()
    assert membresia.rol == Rol.PERSONAL and membresia.unidad_administrativa is None
    enlace.refresh_from_db()
    assert enlace.nombre == "Enlace ascendido"


def test_la_titular_no_se_cambia_el_rol_ni_se_quita(ayuntamiento, titular, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        propia = Membresia.objects.get(usuario=titular)
    cliente = cliente_de(titular)
    respuesta = cliente.post(
        url(ayuntamiento, "usuario_editar", pk=propia.pk),
        {"nombre": titular.nombre, "rol": Rol.CONSULTA},
    )
    assert "No puede cambiar su propio rol" in respuesta.content.decode()
    cliente.post(url(ayuntamiento, "usuario_quitar", pk=propia.pk))
    propia.refresh_from_db()
    assert propia.rol == Rol.TITULAR


def test_quitar_acceso(ayuntamiento, titular, consulta, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        membresia = Membresia.objects.get(usuario=consulta)
    respuesta = cliente_de(titular).post(url(ayuntamiento, "usuario_quitar", pk=membresia.pk))
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        assert not Membresia.objects.filter(pk=membresia.pk).exists()
    assert (
        cliente_de(consulta)
        .get(reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug}))
        .status_code
        == 404
    )


def test_quitar_solo_por_post(ayuntamiento, titular, consulta, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        membresia = Membresia.objects.get(usuario=consulta)
    assert (
        cliente_de(titular).get(url(ayuntamiento, "usuario_quitar", pk=membresia.pk)).status_code
        == 405
    )


@pytest.mark.parametrize("rol", ["personal", "consulta", "enlace", "usuario_garante"])
def test_solo_la_titular_administra_usuarios(rol, request, ayuntamiento, titular, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    with scope(ayuntamiento=ayuntamiento):
        membresia = Membresia.objects.get(usuario=titular)
    assert cliente.get(url(ayuntamiento)).status_code == 403
    assert (
        cliente.post(
            url(ayuntamiento, "usuario_nuevo"), {"email": "a@b.mx", "nombre": "A", "rol": "titular"}
        ).status_code
        == 403
    )
    assert cliente.post(url(ayuntamiento, "usuario_quitar", pk=membresia.pk)).status_code == 403
    assert not Usuario.objects.filter(email="a@b.mx").exists()


def test_id_inexistente_da_404(ayuntamiento, titular, cliente_de):
    assert (
        cliente_de(titular).get(url(ayuntamiento, "usuario_editar", pk=999999)).status_code == 404
    )


def test_reenviar_la_invitacion(ayuntamiento, titular, enlace, cliente_de):
    """A quien nunca entró, otra vez el enlace para crear su contraseña; a quien ya entró,
    el aviso con la dirección para entrar."""
    with scope(ayuntamiento=ayuntamiento):
        membresia = Membresia.objects.get(usuario=enlace)
    cliente = cliente_de(titular)
    mail.outbox.clear()
    respuesta = cliente.post(url(ayuntamiento, "usuario_invitar", pk=membresia.pk), follow=True)
    assert [str(m) for m in respuesta.context["messages"]] == [
        f"Se reenvió la invitación a {enlace.email}."
    ]
    (correo,) = mail.outbox
    assert correo.to == [enlace.email] and "/cuentas/reset/" in correo.body

    cliente_de(enlace)  # entra una vez
    enlace.refresh_from_db()
    assert enlace.last_login is not None
    mail.outbox.clear()
    cliente.post(url(ayuntamiento, "usuario_invitar", pk=membresia.pk))
    (aviso,) = mail.outbox
    assert "/cuentas/reset/" not in aviso.body and "/cuentas/login/" in aviso.body
    assert cliente.get(url(ayuntamiento, "usuario_invitar", pk=membresia.pk)).status_code == 405
