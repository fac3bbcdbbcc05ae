"""La configuración por entorno: producción pasa `check --deploy` sin avisos, un entorno
incompleto o mal formado se detiene al arrancar con un mensaje en español, y sin ninguna
variable el proyecto corre en modo demostración.

Cada caso corre en un proceso aparte, con un entorno construido desde cero (sólo PATH y
HOME): las variables de quien corre las pruebas (o de la CI, que define DATABASE_URL) no se
cuelan, y la configuración se evalúa como al arrancar de verdad.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
SIN_AVISOS = "System check identified no issues (0 silenced)."
ENCABEZADO_ERRORES = "La configuración del entorno no es válida:"


def entorno_base() -> dict[str, str]:
    """Sólo lo indispensable para encontrar programas; nada de la configuración propia."""
    return {"PATH": os.environ.get("PATH", os.defpath), "HOME": os.environ.get("HOME", "/tmp")}


def clave_aleatoria() -> str:
    return secrets.token_urlsafe(64)


def entorno_produccion() -> dict[str, str]:
    return {
        **entorno_base(),
        "DEBUG": "False",
        "SECRET_KEY": clave_aleatoria(),
        "ALLOWED_HOSTS": "transparencia.example.mx",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/x",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp+tls://u:p@smtp.example.mx:587",
        "SITIO_URL": "https://transparencia.example.mx",
    }


def correr_manage(*argumentos: str, entorno: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=300,
    )


def correr_python(codigo: str, entorno: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", codigo],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=120,
    )


def errores_de_configuracion(salida_de_error: str) -> list[str]:
    """Los renglones «- …» del único ImproperlyConfigured que levanta settings.py."""
    assert salida_de_error.count(ENCABEZADO_ERRORES) == 1, salida_de_error
    resto = salida_de_error.split(ENCABEZADO_ERRORES, 1)[1]
    return [renglon[2:] for renglon in resto.splitlines() if renglon.startswith("- ")]


def cargar_settings(entorno: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Importa la configuración como lo hace manage.py, sin ejecutar ninguna orden."""
    codigo = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'transparencia.settings'); "
        "from django.conf import settings; settings.INSTALLED_APPS"
    )
    return correr_python(codigo, entorno)


def test_produccion_completa_pasa_check_deploy_sin_avisos():
    resultado = correr_manage("check", "--deploy", entorno=entorno_produccion())

    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == SIN_AVISOS
    # Los avisos de check van a stderr: no debe haber ninguno, ni ningún otro mensaje (una
    # conexión fallida a la base o al broker también aparecería aquí).
    assert resultado.stderr.strip() == ""


def test_check_deploy_con_fail_level_warning_detecta_avisos():
    """Un aviso de seguridad (aquí, sin redirección a https) sí se detecta con la misma orden,
    así que la prueba anterior no pasa por no mirar."""
    entorno = {**entorno_produccion(), "SECURE_SSL_REDIRECT": "False"}

    resultado = correr_manage("check", "--deploy", "--fail-level", "WARNING", entorno=entorno)

    assert resultado.returncode != 0
    assert "security.W008" in resultado.stderr


def test_falta_secret_key():
    entorno = entorno_produccion()
    del entorno["SECRET_KEY"]

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode != 0
    assert "Falta SECRET_KEY" in resultado.stderr
    assert errores_de_configuracion(resultado.stderr) == [
        "Falta SECRET_KEY: es obligatoria con DEBUG=False."
    ]


def test_secret_key_corta():
    entorno = {**entorno_produccion(), "SECRET_KEY": "corta"}

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode != 0
    [error] = errores_de_configuracion(resultado.stderr)
    assert error.startswith("SECRET_KEY es demasiado corta")


def test_debug_no_booleano():
    entorno = {**entorno_produccion(), "DEBUG": "quizas"}

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode != 0
    [error] = errores_de_configuracion(resultado.stderr)
    assert error.startswith("DEBUG='quizas' no es un valor booleano válido")


def test_database_url_que_no_es_postgres():
    entorno = {**entorno_produccion(), "DATABASE_URL": "mysql://u:p@127.0.0.1:3306/x"}

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode != 0
    [error] = errores_de_configuracion(resultado.stderr)
    assert error.startswith("DATABASE_URL debe ser una URL con esquema")
    assert "postgres" in error


def test_sqlite_no_se_acepta_en_produccion():
    entorno = {**entorno_produccion(), "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode != 0
    assert errores_de_configuracion(resultado.stderr) == [
        "DATABASE_URL debe apuntar a PostgreSQL en producción."
    ]


def test_todas_las_faltas_en_un_solo_mensaje():
    entorno = {**entorno_base(), "DEBUG": "False"}

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode != 0
    errores = errores_de_configuracion(resultado.stderr)
    for variable in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "EMAIL_URL",
    ):
        assert any(error.startswith(f"Falta {variable}") for error in errores), (variable, errores)


def test_variables_vacias_cuentan_como_faltantes():
    """Un renglón «DATABASE_URL=» en .env (docker compose lo pasa como cadena vacía) no debe
    dejar la producción corriendo en SQLite, con Celery en el mismo proceso ni sin correo."""
    entorno = {
        **entorno_produccion(),
        "SECRET_KEY": "",
        "DATABASE_URL": "",
        "CELERY_BROKER_URL": "",
        "EMAIL_URL": "",
    }

    resultado = cargar_settings(entorno)

    assert resultado.returncode != 0
    errores = errores_de_configuracion(resultado.stderr)
    for variable in ("SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"):
        assert any(error.startswith(f"Falta {variable}") for error in errores), (variable, errores)


def test_sin_entorno_modo_demostracion():
    codigo = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparencia.settings")
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "motor": settings.DATABASES["default"]["ENGINE"],
    "base": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "correo": settings.EMAIL_BACKEND,
    "carpeta_correo": str(settings.EMAIL_FILE_PATH),
}))
"""
    resultado = correr_python(codigo, entorno_base())

    assert resultado.returncode == 0, resultado.stderr
    valores = json.loads(resultado.stdout)
    assert valores["debug"] is True
    assert valores["motor"] == "django.db.backends.sqlite3"
    assert Path(valores["base"]).parent == RAIZ / "var"
    assert valores["eager"] is True
    assert valores["correo"] == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(valores["carpeta_correo"]) == RAIZ / "var" / "correo"


def test_el_error_no_repite_contrasenas_de_la_url():
    entorno = {**entorno_produccion(), "DATABASE_URL": "mysql://usuario:secreto-de-la-base@h/x"}
    resultado = correr_manage("check", entorno=entorno)
    assert resultado.returncode != 0
    assert "DATABASE_URL" in resultado.stderr
    assert "secreto-de-la-base" not in resultado.stderr


def _ajustes(entorno: dict[str, str], *nombres: str) -> dict:
    codigo = (
        "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'transparencia.settings'); "
        "from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(nombres)!r}}}))"
    )
    resultado = correr_python(codigo, entorno)
    assert resultado.returncode == 0, resultado.stderr
    return json.loads(resultado.stdout)


def test_la_sesion_dura_una_jornada_y_se_configura():
    nombres = ("SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "PROXIES_DE_CONFIANZA")
    assert _ajustes(entorno_base(), *nombres) == {
        "SESSION_COOKIE_AGE": 9 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "PROXIES_DE_CONFIANZA": 0,
    }
    entorno = {**entorno_base(), "SESION_HORAS": "12", "PROXIES_DE_CONFIANZA": "1"}
    assert _ajustes(entorno, *nombres)["SESSION_COOKIE_AGE"] == 12 * 3600
    resultado = cargar_settings({**entorno_base(), "SESION_HORAS": "0"})
    assert errores_de_configuracion(resultado.stderr) == [
        "SESION_HORAS debe ser mayor o igual que 1."
    ]


def test_un_puerto_mal_escrito_va_en_el_mismo_mensaje_que_lo_demas():
    """Antes, «:abc» en DATABASE_URL daba un ValueError de Python y ocultaba lo demás."""
    entorno = {
        **entorno_produccion(),
        "SECRET_KEY": "",
        "DATABASE_URL": "postgres://u:secreto@127.0.0.1:abc/x",
        "EMAIL_URL": "smtp+tls://u:p@smtp.example.mx:99999",
        "CELERY_BROKER_URL": "redis://127.0.0.1:seis/0",
    }
    resultado = cargar_settings(entorno)
    assert resultado.returncode != 0
    assert "Traceback" not in resultado.stderr.split(ENCABEZADO_ERRORES)[1]
    errores = errores_de_configuracion(resultado.stderr)
    for variable in ("DATABASE_URL", "EMAIL_URL", "CELERY_BROKER_URL"):
        assert f"{variable} tiene un puerto que no es un número entre 0 y 65535." in errores
    assert any(error.startswith("Falta SECRET_KEY") for error in errores)
    assert "secreto" not in resultado.stderr


def test_el_tiempo_de_espera_del_correo_se_lee_de_email_url():
    assert _ajustes(entorno_base(), "EMAIL_TIMEOUT") == {"EMAIL_TIMEOUT": 20}
    entorno = {**entorno_base(), "EMAIL_URL": "smtp+tls://u:p@smtp.example.mx:587?timeout=7.5"}
    assert _ajustes(entorno, "EMAIL_TIMEOUT", "EMAIL_PORT") == {
        "EMAIL_TIMEOUT": 7.5,
        "EMAIL_PORT": 587,
    }
    for consulta, error in (
        ("timeout=nunca", "EMAIL_URL: timeout debe ser un número de segundos mayor que cero."),
        ("timeout=0", "EMAIL_URL: timeout debe ser un número de segundos mayor que cero."),
        (
            "tiempo=5",
            "EMAIL_URL trae opciones que no se reconocen: tiempo (la única opción es timeout).",
        ),
    ):
        resultado = cargar_settings(
            {**entorno_base(), "EMAIL_URL": f"smtp://smtp.example.mx:25?{consulta}"}
        )
        assert errores_de_configuracion(resultado.stderr) == [error], consulta
