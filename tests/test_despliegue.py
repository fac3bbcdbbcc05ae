"""El despliegue con docker compose (docker-compose.yml, Dockerfile, .env.example) se
comprueba sin Docker: las órdenes de cada servicio apuntan a módulos que existen, cada
servicio tiene su healthcheck, los volúmenes están montados donde la configuración los
espera y .env.example trae todo lo que la producción exige. Si alguien renombra un módulo,
un volumen o una variable, estas pruebas fallan."""

import importlib
import json
import re
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.beat import Scheduler
from django.conf import settings

from .conftest import servicio_faltante
from .test_settings import (
    RAIZ,
    SIN_AVISOS,
    clave_aleatoria,
    correr_manage,
    entorno_base,
    entorno_produccion,
    errores_de_configuracion,
)

SERVICIOS = ("web", "worker", "beat", "db", "redis")
SERVICIOS_DE_APLICACION = ("web", "worker", "beat")
RUTA_DATOS_POSTGRES = "/var/lib/postgresql/data"


# --- Lectura de los archivos -----------------------------------------------------------------


def compose() -> dict[str, Any]:
    return yaml.safe_load((RAIZ / "docker-compose.yml").read_text(encoding="utf-8"))


def servicios() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def leer_env(ruta: Path) -> dict[str, str]:
    """Lee un archivo .env como docker compose: NOMBRE=valor, comillas opcionales."""
    valores = {}
    for renglon in ruta.read_text(encoding="utf-8").splitlines():
        renglon = renglon.strip()
        if not renglon or renglon.startswith("#"):
            continue
        nombre, separador, valor = renglon.partition("=")
        assert separador, f"Renglón sin «=» en {ruta.name}: {renglon!r}"
        if len(valor) >= 2 and valor[0] == valor[-1] and valor[0] in "'\"":
            valor = valor[1:-1]
        valores[nombre.strip()] = valor
    return valores


def env_example() -> dict[str, str]:
    return leer_env(RAIZ / ".env.example")


def instrucciones_dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCCIÓN, argumentos) de cada instrucción, con las continuaciones «\\» unidas."""
    instrucciones: list[tuple[str, str]] = []
    pendiente = ""
    for renglon in (RAIZ / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if not pendiente and (not renglon.strip() or renglon.lstrip().startswith("#")):
            continue
        if pendiente and renglon.lstrip().startswith("#"):
            continue
        if renglon.rstrip().endswith("\\"):
            pendiente += renglon.rstrip()[:-1] + " "
            continue
        completo = (pendiente + renglon).strip()
        pendiente = ""
        instruccion, _, argumentos = completo.partition(" ")
        instrucciones.append((instruccion.upper(), argumentos.strip()))
    return instrucciones


def etapa_final() -> list[tuple[str, str]]:
    instrucciones = instrucciones_dockerfile()
    ultimo_from = max(i for i, (nombre, _) in enumerate(instrucciones) if nombre == "FROM")
    return instrucciones[ultimo_from:]


def env_de_instrucciones(instrucciones: list[tuple[str, str]]) -> dict[str, str]:
    valores = {}
    for nombre, argumentos in instrucciones:
        if nombre == "ENV":
            for par in shlex.split(argumentos):
                clave, _, valor = par.partition("=")
                valores[clave] = valor
    return valores


def orden_de_la_imagen() -> list[str]:
    """ENTRYPOINT + CMD de la imagen final, en forma exec (JSON)."""
    orden: list[str] = []
    for nombre in ("ENTRYPOINT", "CMD"):
        argumentos = [a for n, a in etapa_final() if n == nombre]
        if argumentos:
            orden += json.loads(argumentos[-1])
    return orden


def orden_del_servicio(nombre: str) -> list[str]:
    orden = servicios()[nombre].get("command")
    if orden is None:
        return orden_de_la_imagen()
    return shlex.split(orden) if isinstance(orden, str) else [str(parte) for parte in orden]


def valor_de_opcion(orden: list[str], *opciones: str) -> str:
    for i, parte in enumerate(orden):
        if parte in opciones:
            return orden[i + 1]
        for opcion in opciones:
            if opcion.startswith("--") and parte.startswith(opcion + "="):
                return parte.split("=", 1)[1]
    raise AssertionError(f"La orden {orden} no lleva {opciones}")


def montajes(servicio: dict[str, Any]) -> dict[str, str]:
    """Destino en el contenedor → volumen con nombre (se ignoran las carpetas del anfitrión)."""
    resultado = {}
    for montaje in servicio.get("volumes", []):
        if isinstance(montaje, str):
            origen, destino = montaje.split(":")[:2]
        else:
            origen, destino = montaje.get("source", ""), montaje["target"]
        resultado[destino] = origen
    return resultado


def variables_obligatorias() -> set[str]:
    """Las que settings.py exige con DEBUG=False, leídas de su propio mensaje de error."""
    resultado = correr_manage("check", entorno={**entorno_base(), "DEBUG": "False"})
    assert resultado.returncode != 0
    obligatorias = {
        m.group(1)
        for error in errores_de_configuracion(resultado.stderr)
        if (m := re.match(r"Falta ([A-Z_]+)", error))
    }
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= obligatorias
    return obligatorias


def variables_leidas_por_settings() -> set[str]:
    texto = (RAIZ / "transparencia" / "settings.py").read_text(encoding="utf-8")
    variables = set(re.findall(r'(?:env\.\w+|_booleano|_entero|_url)\(\s*"([A-Z_]+)"', texto))
    assert {"DEBUG", "SECRET_KEY", "MEDIA_ROOT", "LOG_LEVEL"} <= variables
    return variables


def importar_atributo(referencia: str) -> Any:
    """«paquete.modulo:atributo» → el objeto; falla si el módulo o el atributo no existen."""
    modulo, separador, atributo = referencia.partition(":")
    assert separador and atributo, f"{referencia!r} no tiene la forma modulo:atributo"
    return getattr(importlib.import_module(modulo), atributo)


# --- docker-compose.yml ------------------------------------------------------------------------


def test_los_cinco_servicios_existen_con_healthcheck():
    todos = servicios()
    for nombre in SERVICIOS:
        assert nombre in todos, f"Falta el servicio {nombre}"
        healthcheck = todos[nombre].get("healthcheck")
        assert healthcheck, f"El servicio {nombre} no tiene healthcheck"
        assert not healthcheck.get("disable"), nombre
        prueba = healthcheck["test"]
        assert prueba[0] in ("CMD", "CMD-SHELL") and len(prueba) > 1, (nombre, prueba)


def test_los_demas_servicios_son_de_una_sola_vez():
    """Un servicio sin healthcheck sólo se admite si corre una vez y termina (las
    migraciones); quienes dependen de él esperan a que termine bien."""
    todos = servicios()
    for nombre, servicio in todos.items():
        if nombre in SERVICIOS:
            continue
        assert servicio.get("restart") == "no", nombre
        for otro in todos.values():
            condicion = otro.get("depends_on", {}).get(nombre, {}).get("condition")
            assert condicion in (None, "service_completed_successfully"), (nombre, condicion)


def test_las_migraciones_corren_antes_de_servir():
    todos = servicios()
    migradores = [
        nombre
        for nombre, servicio in todos.items()
        if nombre not in SERVICIOS and "migrate" in orden_del_servicio(nombre)
    ]
    assert migradores == ["migrate"]
    orden = orden_del_servicio("migrate")
    assert orden[:3] == ["python", "manage.py", "migrate"]
    assert "--noinput" in orden
    assert todos["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for nombre in SERVICIOS_DE_APLICACION:
        dependencias = todos[nombre]["depends_on"]
        assert dependencias["migrate"]["condition"] == "service_completed_successfully", nombre


def test_depends_on_espera_servicios_sanos():
    todos = servicios()
    for nombre in SERVICIOS_DE_APLICACION:
        dependencias = todos[nombre]["depends_on"]
        assert isinstance(dependencias, dict), f"{nombre}: depends_on necesita condiciones"
        assert dependencias["db"]["condition"] == "service_healthy", nombre
        assert dependencias["redis"]["condition"] == "service_healthy", nombre
        for dependencia, detalle in dependencias.items():
            assert dependencia in todos, (nombre, dependencia)
            assert detalle.get("condition"), (nombre, dependencia)


def test_servicios_de_aplicacion_leen_env():
    todos = servicios()
    for nombre in (*SERVICIOS_DE_APLICACION, "migrate"):
        env_file = todos[nombre].get("env_file")
        archivos = [env_file] if isinstance(env_file, str) else env_file or []
        archivos = [a if isinstance(a, str) else a["path"] for a in archivos]
        assert ".env" in archivos, nombre


def test_gunicorn_apunta_a_una_aplicacion_wsgi_existente():
    for origen, orden in (
        ("servicio web", orden_del_servicio("web")),
        ("CMD del Dockerfile", orden_de_la_imagen()),
    ):
        assert orden[0] == "gunicorn", origen
        configuracion = valor_de_opcion(orden, "-c", "--config")
        assert configuracion == "python:transparencia.gunicorn", origen
        [referencia] = [parte for parte in orden[1:] if ":" in parte and parte != configuracion]
        aplicacion = importar_atributo(referencia)
        assert callable(aplicacion), origen
        assert referencia.replace(":", ".") == settings.WSGI_APPLICATION, origen
    assert importlib.import_module("transparencia.gunicorn").bind == "0.0.0.0:8000"


def test_la_bitacora_de_accesos_no_guarda_cadenas_de_consulta(tmp_path):
    """gunicorn de verdad, con la configuración de la imagen: la búsqueda por nombre de quien
    solicita (GET ?q=…) y su Referer no quedan en la bitácora de accesos; la ruta sí."""
    with socket.socket() as libre:
        libre.bind(("127.0.0.1", 0))
        puerto = libre.getsockname()[1]
    bitacora = tmp_path / "accesos.log"
    entorno = {**entorno_base(), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    servidor = subprocess.Popen(
        [
            str(RAIZ / ".venv" / "bin" / "gunicorn"),
            "-c",
            "python:transparencia.gunicorn",
            "--bind",
            f"127.0.0.1:{puerto}",
            "--worker-tmp-dir",
            str(tmp_path),
            "--access-logfile",
            str(bitacora),
            "transparencia.wsgi:application",
        ],
        cwd=RAIZ,
        env=entorno,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        consulta = (
            "/cuentas/login/?q=Rosalba+Hern%C3%A1ndez&next=/oaxaca/solicitudes/%3Fq%3DRosalba"
        )
        for _ in range(100):
            try:
                peticion = urllib.request.Request(
                    f"http://127.0.0.1:{puerto}{consulta}",
                    headers={"Referer": "http://127.0.0.1/oaxaca/solicitudes/?q=Rosalba"},
                )
                with urllib.request.urlopen(peticion, timeout=60) as respuesta:
                    assert respuesta.status == 200
                break
            except (ConnectionError, urllib.error.URLError):  # aún no escucha
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn no respondió")
    finally:
        servidor.terminate()
        servidor.wait(timeout=30)
    texto = bitacora.read_text()
    assert '"GET /cuentas/login/ HTTP/1.1" 200' in texto
    assert "Rosalba" not in texto and "q=" not in texto


def test_celery_apunta_a_la_aplicacion_del_proyecto():
    from transparencia import celery_app

    assert isinstance(celery_app, Celery)
    for nombre, subcomando in (("worker", "worker"), ("beat", "beat")):
        orden = orden_del_servicio(nombre)
        assert orden[0] == "celery", nombre
        assert subcomando in orden, nombre
        # find_app es lo que hace `celery -A`: si el módulo no existe o no tiene una app de
        # Celery, falla igual que fallaría el contenedor.
        assert find_app(valor_de_opcion(orden, "-A", "--app")) is celery_app, nombre


def test_healthcheck_del_worker_usa_la_misma_app():
    prueba = " ".join(servicios()["worker"]["healthcheck"]["test"][1:])
    partes = shlex.split(prueba.replace("$$", "$"))
    assert partes[0] == "celery" and "ping" in partes
    assert valor_de_opcion(partes, "-A", "--app") == valor_de_opcion(
        orden_del_servicio("worker"), "-A", "--app"
    )


def test_scheduler_de_beat_existe():
    orden = orden_del_servicio("beat")
    referencia = valor_de_opcion(orden, "--scheduler", "-S")
    clase = importar_atributo(referencia)
    assert issubclass(clase, Scheduler)
    assert referencia == settings.CELERY_BEAT_SCHEDULER


def test_healthchecks_en_python_compilan():
    """El healthcheck de web es código Python: un error de sintaxis dejaría al servicio
    «unhealthy» para siempre."""
    prueba = servicios()["web"]["healthcheck"]["test"]
    assert prueba[:3] == ["CMD", "python", "-c"]
    compile(prueba[3], "healthcheck de web", "exec")
    assert "/cuentas/login/" in prueba[3]


def test_healthcheck_de_beat_es_su_prueba_de_vida():
    """revisar_beat (probado con beats reales en tests/test_beat.py) y tiempo para la primera
    anotación de beat, que guarda lo programado cada 3 minutos."""
    from django.core.management import get_commands

    salud = servicios()["beat"]["healthcheck"]
    assert salud["test"] == ["CMD", "python", "manage.py", "revisar_beat"]
    assert get_commands()["revisar_beat"] == "reportes"
    assert _segundos(salud["start_period"]) >= 4 * 60


def _segundos(duracion: str) -> int:
    """Una duración de docker compose («45s», «2m», «1m30s») en segundos."""
    unidades = {"h": 3600, "m": 60, "s": 1}
    partes = re.findall(r"(\d+)([hms])", duracion)
    assert partes and "".join(n + u for n, u in partes) == duracion, duracion
    return sum(int(n) * unidades[u] for n, u in partes)


def test_web_se_detiene_despues_de_que_gunicorn_termina_lo_suyo():
    gunicorn = importlib.import_module("transparencia.gunicorn")
    assert gunicorn.worker_class == "gthread"
    assert _segundos(servicios()["web"]["stop_grace_period"]) > gunicorn.graceful_timeout


def test_el_worker_tiene_techo_de_memoria_y_renueva_sus_procesos():
    """Cada hijo se renueva tras sus tareas o su memoria; el contenedor tiene un techo que
    alcanza para todos los hijos en su máximo más el proceso principal."""
    orden = orden_del_servicio("worker")
    hijos = int(valor_de_opcion(orden, "--concurrency", "-c"))
    techo = servicios()["worker"]["mem_limit"]
    assert re.fullmatch(r"\d+g", techo), techo
    por_hijo = settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD * 1024  # KiB
    assert int(techo[:-1]) * 1024**3 >= hijos * por_hijo + 512 * 1024**2
    assert 0 < settings.CELERY_WORKER_MAX_TASKS_PER_CHILD <= 1000


def test_la_visibilidad_del_broker_cubre_toda_tarea_y_toda_espera():
    """Con acks_late, Redis devuelve a la cola un mensaje no confirmado pasada la visibilidad:
    ninguna tarea dura tanto ni ningún reintento espera tanto, o se ejecutaría dos veces."""
    from reportes import envios, tasks

    visibilidad = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.CELERY_TASK_ACKS_LATE
    assert visibilidad > settings.CELERY_TASK_TIME_LIMIT
    assert visibilidad > settings.REPORTE_SEGUNDOS and visibilidad > envios.ENVIO_SEGUNDOS
    esperas = [tasks.espera_del_correo(i) for i in range(tasks.REINTENTOS_CORREO)]
    assert max(esperas) < visibilidad
    assert esperas == [60, 240, 960, 1800, 1800]
    # El rescate da por abandonada una generación poco después de su tiempo máximo, en
    # minutos y no en la hora de la visibilidad.
    assert tasks.GENERACION_ABANDONADA.total_seconds() <= settings.REPORTE_SEGUNDOS + 60


def test_la_imagen_instala_las_fuentes_que_usan_los_pdf():
    """Cada estilo de las familias de los PDF (templates/reportes/pdf/) viene, en esta
    máquina, de un paquete de Debian que la imagen también instala: así el PDF de la imagen
    es el mismo que el de aquí. En CI están todas (.ci/run instala fonts-dejavu-extra)."""
    if not (shutil.which("fc-match") and shutil.which("dpkg")):
        servicio_faltante("esta prueba necesita fc-match y dpkg (Debian)")
    paquetes = {
        paquete
        for orden in ordenes_run_de_la_imagen_final()
        for instalacion in orden.split("apt-get install")[1:]
        for paquete in instalacion.split("&&")[0].split()
    }
    for familia in ("DejaVu Sans", "DejaVu Serif"):
        for estilo in ("Book", "Bold", "Oblique", "Bold Oblique"):
            archivo = subprocess.run(
                ["fc-match", "--format=%{file}", f"{familia}:style={estilo}"],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            dueno = subprocess.run(["dpkg", "-S", archivo], capture_output=True, text=True)
            paquete = dueno.stdout.split(":")[0]
            assert paquete in paquetes, f"{familia} {estilo} ({archivo}) viene de «{paquete}»"


def test_volumen_de_la_base_de_datos():
    declarados = compose().get("volumes") or {}
    volumen = montajes(servicios()["db"]).get(RUTA_DATOS_POSTGRES)
    assert volumen, f"db no monta un volumen en {RUTA_DATOS_POSTGRES}"
    assert volumen in declarados, f"El volumen {volumen} no está declarado"


def test_volumen_de_archivos_en_media_root():
    declarados = compose().get("volumes") or {}
    media_root = env_example()["MEDIA_ROOT"]
    assert env_de_instrucciones(etapa_final())["MEDIA_ROOT"] == media_root
    volumenes = set()
    # web recibe los archivos y el worker escribe los reportes: deben ver la misma carpeta.
    for nombre in ("web", "worker"):
        volumen = montajes(servicios()[nombre]).get(media_root)
        assert volumen, f"{nombre} no monta un volumen en MEDIA_ROOT ({media_root})"
        assert volumen in declarados, f"El volumen {volumen} no está declarado"
        volumenes.add(volumen)
    assert len(volumenes) == 1


def test_credenciales_de_postgres_coinciden():
    valores = env_example()
    url = urlsplit(valores["DATABASE_URL"])
    assert url.scheme in ("postgres", "postgresql")
    assert url.hostname == "db" and "db" in servicios()
    assert url.username == valores["POSTGRES_USER"]
    assert url.password == valores["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == valores["POSTGRES_DB"]
    entorno_db = servicios()["db"]["environment"]
    for variable in ("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"):
        assert f"${{{variable}" in entorno_db[variable], variable
    broker = urlsplit(valores["CELERY_BROKER_URL"])
    assert broker.hostname == "redis" and "redis" in servicios()


# --- .env.example -------------------------------------------------------------------------------


def test_env_example_trae_las_variables_obligatorias():
    valores = env_example()
    faltan = variables_obligatorias() - valores.keys()
    assert not faltan, f"Faltan en .env.example: {sorted(faltan)}"
    assert valores["DEBUG"] == "False"


def test_env_example_y_la_documentacion_cubren_todo_settings():
    documentacion = (RAIZ / "docs" / "configuracion.md").read_text(encoding="utf-8")
    valores = env_example()
    for variable in sorted(variables_leidas_por_settings()):
        assert variable in valores, f"{variable} no está en .env.example"
        assert f"`{variable}`" in documentacion, f"{variable} no está en docs/configuracion.md"


def test_variables_de_docker_compose_documentadas():
    """Las variables que docker compose sustituye en docker-compose.yml (${...}) vienen en
    .env.example y en docs/configuracion.md."""
    texto = (RAIZ / "docker-compose.yml").read_text(encoding="utf-8")
    variables = set(re.findall(r"(?<!\$)\$\{([A-Z_]+)", texto))
    assert "POSTGRES_PASSWORD" in variables
    documentacion = (RAIZ / "docs" / "configuracion.md").read_text(encoding="utf-8")
    valores = env_example()
    for variable in sorted(variables):
        assert variable in valores, f"{variable} no está en .env.example"
        assert f"`{variable}`" in documentacion, f"{variable} no está en docs/configuracion.md"


def test_env_example_con_una_clave_pasa_check_deploy():
    """Los valores de ejemplo tienen el formato correcto: basta poner SECRET_KEY."""
    valores = env_example()
    assert valores["SECRET_KEY"] == "", "El ejemplo no debe traer una clave utilizable"
    entorno = {**entorno_base(), **valores, "SECRET_KEY": clave_aleatoria()}

    resultado = correr_manage("check", "--deploy", entorno=entorno)

    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == SIN_AVISOS
    assert resultado.stderr.strip() == ""


# --- Dockerfile --------------------------------------------------------------------------------


def test_dockerfile_base_y_usuario():
    instrucciones = instrucciones_dockerfile()
    bases = [argumentos.split()[0] for nombre, argumentos in instrucciones if nombre == "FROM"]
    assert bases[0] == "python:3.11-slim-bookworm"
    usuarios = [argumentos for nombre, argumentos in etapa_final() if nombre == "USER"]
    assert usuarios and usuarios[-1] not in ("root", "0"), (
        "La imagen final no debe correr como root"
    )


def test_dockerfile_no_guarda_secretos():
    for nombre, argumentos in instrucciones_dockerfile():
        if nombre in ("ENV", "ARG"):
            assert "SECRET_KEY" not in argumentos, f"{nombre} {argumentos}"


def test_dockerfile_collectstatic_con_configuracion_de_produccion():
    """collectstatic debe correr con DEBUG=False (si no, no hay manifiesto de whitenoise y
    toda página falla en producción) y con cada variable obligatoria, o la construcción se
    detiene con ImproperlyConfigured."""
    [orden] = [a for n, a in instrucciones_dockerfile() if n == "RUN" and "collectstatic" in a]
    asignadas = dict(re.findall(r"\b([A-Z_]+)=(\S*)", orden))
    assert asignadas.get("DEBUG") == "False"
    faltan = variables_obligatorias() - asignadas.keys()
    assert not faltan, f"El RUN de collectstatic no define {sorted(faltan)}"
    static_root = env_de_instrucciones(etapa_final())["STATIC_ROOT"]
    assert static_root == env_example()["STATIC_ROOT"]
    assert env_de_instrucciones(instrucciones_dockerfile())["STATIC_ROOT"] == static_root


def ordenes_run_de_la_imagen_final() -> list[str]:
    """Los RUN de la etapa final y de las etapas de las que desciende (FROM <etapa>)."""
    etapas: dict[str, tuple[str, list[str]]] = {}
    actual: list[str] = []
    ultima = ""
    for nombre, argumentos in instrucciones_dockerfile():
        if nombre == "FROM":
            origen, *resto = argumentos.split()
            ultima, actual = (resto[-1] if resto else origen), []
            etapas[ultima] = (origen, actual)
        elif nombre == "RUN":
            actual.append(argumentos)
    ordenes: list[str] = []
    while ultima in etapas:
        ultima, propias = etapas[ultima]
        ordenes = propias + ordenes
    return ordenes


def test_dockerfile_instala_el_cliente_de_postgres_del_servidor():
    """respaldar y restaurar corren pg_dump y pg_restore en el contenedor web, y pg_dump se
    niega a respaldar un servidor de versión mayor más nueva que él."""
    imagen = servicios()["db"]["image"]
    assert imagen.startswith("postgres:"), imagen
    servidor = int(imagen.split(":")[1].split(".")[0].split("-")[0])
    paquetes = [
        paquete
        for orden in ordenes_run_de_la_imagen_final()
        for instalacion in orden.split("apt-get install")[1:]
        for paquete in instalacion.split("&&")[0].split()
    ]
    clientes = [
        int(p.rsplit("-", 1)[1]) for p in paquetes if re.fullmatch(r"postgresql-client-\d+", p)
    ]
    assert clientes, "La imagen final no instala postgresql-client-<versión>"
    assert max(clientes) >= servidor, f"Cliente {max(clientes)} para el servidor {imagen}"


def test_dockerfile_usa_el_mismo_uv_que_el_makefile():
    makefile = (RAIZ / "Makefile").read_text(encoding="utf-8")
    version = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert version
    dockerfile = (RAIZ / "Dockerfile").read_text(encoding="utf-8")
    assert f"uv=={version.group(1)}" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile


def test_dockerignore_deja_fuera_secretos_y_entornos():
    ignorados = {
        renglon.strip().rstrip("/")
        for renglon in (RAIZ / ".dockerignore").read_text(encoding="utf-8").splitlines()
    }
    assert {".env", ".venv", ".git", "var"} <= ignorados


def test_collectstatic_de_produccion(tmp_path):
    """Lo mismo que hace el Dockerfile: si falla aquí, `docker build` también falla."""
    entorno = {**entorno_produccion(), "STATIC_ROOT": str(tmp_path)}

    resultado = correr_manage("collectstatic", "--noinput", entorno=entorno)

    assert resultado.returncode == 0, resultado.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()


def test_los_servicios_de_systemd_de_la_documentacion_corren_lo_mismo_que_compose():
    """docs/sin-docker.md: cada ExecStart es la orden de su servicio en docker-compose.yml
    (la misma app de Celery, el mismo calendario, la misma configuración de gunicorn), y cada
    servicio lee las variables con EnvironmentFile."""
    texto = (RAIZ / "docs" / "sin-docker.md").read_text(encoding="utf-8")
    unidades = dict(
        re.findall(
            r"`/etc/systemd/system/transparencia-(\w+)\.service`:\n\n```ini\n(.*?)```", texto, re.S
        )
    )
    assert set(unidades) == set(SERVICIOS_DE_APLICACION)
    for nombre, unidad in unidades.items():
        assert "EnvironmentFile=/etc/transparencia.env" in unidad, nombre
        (inicio,) = re.findall(r"^ExecStart=(.*?)(?<!\\)$", unidad.replace("\\\n", " "), re.M)
        orden = shlex.split(inicio)
        assert Path(orden[0]).name == orden_del_servicio(nombre)[0], nombre
        compose_sin_programa = orden_del_servicio(nombre)[1:]
        for opcion in ("-A", "-c", "--scheduler", "--concurrency"):
            if opcion in compose_sin_programa:
                assert valor_de_opcion(orden, opcion) == valor_de_opcion(
                    compose_sin_programa, opcion
                ), (nombre, opcion)
    assert "collectstatic" in texto and "DEBUG=False" in texto
