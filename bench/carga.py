"""Prueba de carga: gunicorn con 2 workers y usuarios concurrentes con la sesión iniciada.

Sobre el conjunto de `generar_carga.py` (100 ayuntamientos, 200 000 solicitudes, 100 000
capturas del POA, 20 000 capacitaciones), arranca gunicorn en modo producción
(`DEBUG=False`, con una `SECRET_KEY` de la corrida, estáticos de WhiteNoise recopilados en un
directorio temporal) en 127.0.0.1, crea una sesión de la titular BENCH por usuario virtual
directamente en la tabla de sesiones (`SessionStore`, firmada con la misma clave) y lanza
N hilos de la biblioteca estándar (`http.client`), cada uno con su ayuntamiento
(`bench-001`, `bench-002`, …), que piden al azar las páginas más usadas del personal:

- la lista de solicitudes (`/<slug>/solicitudes/`),
- el detalle de una solicitud (`/<slug>/solicitudes/<pk>/`, una al azar de 50),
- el tablero (`/<slug>/`),
- el trimestre del POA (`/<slug>/poa/planes/<pk>/trimestre/?t=1…4`).

Entre una petición y la siguiente cada usuario espera al azar entre 1 y 3 s (`--espera`),
como una persona que lee la página; `--espera 0` mide en cambio la capacidad máxima (cada
usuario pide en cuanto recibe, y las peticiones hacen cola ante los 2 workers). Las
peticiones del calentamiento no cuentan. La latencia es de extremo a extremo: desde enviar la
petición hasta leer el último byte. Un error es cualquier respuesta distinta de 200 (una
redirección al inicio de sesión también) o una falla de conexión.

Imprime una tabla: por página y en total, peticiones, peticiones por segundo, p50, p95, p99,
máximo y errores. Al final detiene gunicorn y borra las sesiones y los estáticos temporales.

Uso, desde la raíz del proyecto:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_carga \\
        .venv/bin/python bench/carga.py                  # 20 usuarios, 60 s + 15 s
    ... bench/carga.py --usuarios 40 --duracion 120 --espera 0.5,1.5
    ... bench/carga.py --espera 0                          # capacidad (sin pausa)

Sale con código 1 si el p95 de alguna página o el total pasa de `--p95-ms` (200) o si hubo
errores, y con 2 si la base no es PostgreSQL, no tiene el conjunto de carga o gunicorn no
arranca.
"""

import argparse
import http.client
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from comun import RAIZ, preparar_django

SIGLAS = "BENCH"
TITULAR = "titular@bench.demo.mx"
PAGINAS = ["lista", "detalle", "tablero", "trimestre"]


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Prueba de carga con gunicorn.")
    parser.add_argument("--usuarios", type=int, default=20, help="usuarios concurrentes")
    parser.add_argument("--duracion", type=float, default=60, help="segundos medidos")
    parser.add_argument("--calentamiento", type=float, default=15, help="segundos previos")
    parser.add_argument(
        "--espera",
        default="1,3",
        help="pausa entre peticiones de un usuario, «mín,máx» en segundos; 0 = sin pausa",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--puerto", type=int, default=8123)
    parser.add_argument("--p95-ms", type=float, default=200.0, help="objetivo de p95")
    parser.add_argument("--semilla", type=int, default=2024)
    return parser.parse_args()


def _espera(texto: str) -> tuple[float, float]:
    partes = [float(p) for p in texto.split(",")]
    if len(partes) == 1:
        return partes[0], partes[0]
    return partes[0], partes[1]


def _entorno_produccion(estaticos: Path, puerto: int) -> dict[str, str]:
    """Las variables de producción (docs/configuracion.md) para esta corrida en loopback."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITIO_URL": f"http://127.0.0.1:{puerto}",
        # Las páginas medidas no encolan tareas ni mandan correos: el broker no se toca.
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "EMAIL_URL": "consolemail://",
        # En loopback no hay proxy con TLS delante.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(estaticos),
        "LOG_LEVEL": "WARNING",
    }


@dataclass
class Muestra:
    pagina: str
    inicio: float
    ms: float
    error: str = ""


@dataclass
class Usuario:
    cookie: str
    slug: str
    solicitudes: list[int]
    plan: int
    muestras: list[Muestra] = field(default_factory=list)


def _url(usuario: Usuario, pagina: str, azar: random.Random) -> str:
    if pagina == "lista":
        return f"/{usuario.slug}/solicitudes/"
    if pagina == "detalle":
        return f"/{usuario.slug}/solicitudes/{azar.choice(usuario.solicitudes)}/"
    if pagina == "tablero":
        return f"/{usuario.slug}/"
    return f"/{usuario.slug}/poa/planes/{usuario.plan}/trimestre/?t={azar.randint(1, 4)}"


def _navegar(
    usuario: Usuario,
    puerto: int,
    hasta: float,
    espera: tuple[float, float],
    semilla: int,
) -> None:
    """Un usuario virtual: pide páginas al azar hasta `hasta` (reloj monótono)."""
    azar = random.Random(semilla)
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
    cabeceras = {"Cookie": f"sessionid={usuario.cookie}", "Accept": "text/html"}
    # Los usuarios no empiezan todos en el mismo instante.
    time.sleep(azar.uniform(0, max(espera[1], 0.2)))
    while time.monotonic() < hasta:
        pagina = azar.choice(PAGINAS)
        url = _url(usuario, pagina, azar)
        inicio = time.monotonic()
        error = ""
        try:
            conexion.request("GET", url, headers=cabeceras)
            respuesta = conexion.getresponse()
            respuesta.read()
            if respuesta.status != 200:
                error = f"HTTP {respuesta.status} en {url}"
            if respuesta.getheader("Connection", "").lower() == "close":
                conexion.close()
        except (OSError, http.client.HTTPException) as falla:
            error = f"{type(falla).__name__}: {falla} en {url}"
            conexion.close()
        usuario.muestras.append(Muestra(pagina, inicio, (time.monotonic() - inicio) * 1000, error))
        if espera[1] > 0:
            time.sleep(azar.uniform(*espera))
    conexion.close()


def _percentil(ordenados: list[float], p: float) -> float:
    """Percentil por el rango más cercano (el valor observado que deja debajo el p %)."""
    if not ordenados:
        return float("nan")
    indice = max(0, min(len(ordenados) - 1, int(-(-p * len(ordenados) // 100)) - 1))
    return ordenados[indice]


def _usuarios(cuantos: int, azar: random.Random) -> list[Usuario]:
    """Una sesión de la titular por usuario virtual y los objetos que va a pedir."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_scopes import scopes_disabled

    from organizacion.models import Ayuntamiento
    from organizacion.models import Usuario as Cuenta
    from poa.models import Plan
    from solicitudes.models import Solicitud

    with scopes_disabled():
        titular = Cuenta.objects.get(email=TITULAR)
        ayuntamientos = list(
            Ayuntamiento.objects.filter(garante__siglas=SIGLAS).order_by("slug")[:cuantos]
        )
        usuarios = []
        for numero in range(cuantos):
            ayuntamiento = ayuntamientos[numero % len(ayuntamientos)]
            pks = list(
                Solicitud.objects.filter(ayuntamiento=ayuntamiento).values_list("pk", flat=True)
            )
            plan = Plan.objects.filter(
                ayuntamiento=ayuntamiento, titulo__endswith="(carga)"
            ).first()
            if not pks or plan is None:
                raise LookupError(f"{ayuntamiento.slug} no tiene solicitudes o POA de carga")
            sesion = SessionStore()
            sesion[SESSION_KEY] = str(titular.pk)
            sesion[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            sesion[HASH_SESSION_KEY] = titular.get_session_auth_hash()
            sesion.create()
            usuarios.append(
                Usuario(
                    cookie=sesion.session_key or "",
                    slug=ayuntamiento.slug,
                    solicitudes=azar.sample(pks, min(50, len(pks))),
                    plan=plan.pk,
                )
            )
    return usuarios


def _cpu_de_gunicorn(maestro: int) -> float:
    """Segundos de CPU (usuario + sistema) de los workers de gunicorn, hijos de `maestro`."""
    tic = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            campos = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Tras el nombre: estado, ppid, … utime y stime son los campos 14 y 15 de stat.
        if int(campos[1]) == maestro:
            total += (int(campos[11]) + int(campos[12])) / tic
    return total


def _esperar_gunicorn(proceso: subprocess.Popen, puerto: int, limite: float = 60) -> bool:
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if proceso.poll() is not None:
            return False
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=5)
            conexion.request("GET", "/cuentas/login/")
            listo = conexion.getresponse().status == 200
            conexion.close()
            if listo:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _pagina_de(ruta: str) -> str:
    partes = [p for p in ruta.split("/") if p]
    if "poa" in partes:
        return "trimestre"
    if "solicitudes" in partes:
        return "detalle" if partes[-1].isdigit() else "lista"
    return "tablero" if len(partes) == 1 else "otra"


def _tiempos_del_servidor(accesos: Path, ventana: tuple[float, float]) -> dict[str, list[float]]:
    """Milisegundos dentro del worker (`%(D)s` de gunicorn) de las peticiones que terminaron
    en la ventana medida, por página: sin la espera en la cola de conexiones."""
    tiempos: dict[str, list[float]] = {}
    for linea in accesos.read_text().splitlines():
        try:
            cuando, ruta, _estado, micros = linea.split("|")
            instante = datetime.strptime(cuando.strip("[]"), "%d/%b/%Y:%H:%M:%S %z").timestamp()
        except ValueError:
            continue
        if ventana[0] - 1 <= instante <= ventana[1] + 1:
            ms = int(micros) / 1000
            tiempos.setdefault(_pagina_de(ruta), []).append(ms)
            tiempos.setdefault("total", []).append(ms)
    return tiempos


def _tabla(
    muestras: list[Muestra],
    duracion: float,
    limite: float,
    servidor: dict[str, list[float]],
) -> tuple[list[str], list[str]]:
    lineas = [
        f"{'Página':<11} {'Peticiones':>10} {'Pet./s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'máx. ms':>8} {'Errores':>8} {'p50/p95 en worker':>18}"
    ]
    fallas = []
    for pagina in [*PAGINAS, "total"]:
        propias = [m for m in muestras if pagina in ("total", m.pagina)]
        tiempos = sorted(m.ms for m in propias)
        errores = sum(1 for m in propias if m.error)
        p95 = _percentil(tiempos, 95)
        en_worker = sorted(servidor.get(pagina, []))
        if pagina == "total":
            lineas.append("-" * len(lineas[0]))
        lineas.append(
            f"{pagina:<11} {len(propias):>10} {len(propias) / duracion:>7.1f} "
            f"{_percentil(tiempos, 50):>7.0f} {p95:>7.0f} {_percentil(tiempos, 99):>7.0f} "
            f"{(tiempos[-1] if tiempos else float('nan')):>8.0f} {errores:>8} "
            f"{_percentil(en_worker, 50):>10.0f} / {_percentil(en_worker, 95):>5.0f}"
        )
        if not propias:
            fallas.append(f"{pagina}: ninguna petición medida")
        elif p95 >= limite:
            fallas.append(f"{pagina}: p95 de {p95:.0f} ms (objetivo < {limite:.0f} ms)")
        if errores:
            fallas.append(f"{pagina}: {errores} errores")
    return lineas, fallas


def main() -> int:
    args = _argumentos()
    espera = _espera(args.espera)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("ERROR: defina DATABASE_URL con la base PostgreSQL de carga.", file=sys.stderr)
        return 2
    # Antes de recopilar estáticos y arrancar nada: la carga ajena a la prueba.
    carga_antes = Path("/proc/loadavg").read_text().split()[:3]
    temporal = Path(tempfile.mkdtemp(prefix="carga-"))
    entorno = _entorno_produccion(temporal / "static", args.puerto)
    os.environ.update(entorno)
    preparar_django()

    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as error:
        print(f"ERROR: no se pudo conectar a la base de datos: {error}", file=sys.stderr)
        return 2
    azar = random.Random(args.semilla)
    gunicorn = None
    usuarios: list[Usuario] = []
    bitacora = temporal / "gunicorn.log"
    accesos = temporal / "accesos.log"
    servidor: dict[str, list[float]] = {}
    ventana = (0.0, 0.0)
    try:
        try:
            usuarios = _usuarios(args.usuarios, azar)
        except LookupError as error:
            print(f"ERROR: {error}; corra antes bench/generar_carga.py", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        call_command("collectstatic", "--noinput", verbosity=0)
        print(f"Estáticos recopilados en {time.perf_counter() - t0:.0f} s", flush=True)
        connection.close()  # no retener una conexión mientras corre la prueba
        with open(bitacora, "w") as salida:
            gunicorn = subprocess.Popen(
                [
                    str(RAIZ / ".venv" / "bin" / "gunicorn"),
                    "transparencia.wsgi",
                    "-w",
                    str(args.workers),
                    "-b",
                    f"127.0.0.1:{args.puerto}",
                    # Para separar lo que tarda el worker de la espera en la cola.
                    "--access-logfile",
                    str(accesos),
                    "--access-logformat",
                    "%(t)s|%(U)s|%(s)s|%(D)s",
                ],
                cwd=RAIZ,
                env={**os.environ, **entorno},
                stdout=salida,
                stderr=subprocess.STDOUT,
            )
        if not _esperar_gunicorn(gunicorn, args.puerto):
            print(f"ERROR: gunicorn no arrancó:\n{bitacora.read_text()}", file=sys.stderr)
            return 2
        print(
            f"gunicorn listo ({args.workers} workers); {args.usuarios} usuarios, "
            f"{args.calentamiento:.0f} s de calentamiento + {args.duracion:.0f} s medidos, "
            f"espera {espera[0]:g}–{espera[1]:g} s",
            flush=True,
        )
        comienzo = time.monotonic()
        inicio_medida = comienzo + args.calentamiento
        hasta = inicio_medida + args.duracion
        hilos = [
            threading.Thread(
                target=_navegar,
                args=(u, args.puerto, hasta, espera, args.semilla + n),
                daemon=True,
            )
            for n, u in enumerate(usuarios)
        ]
        for hilo in hilos:
            hilo.start()
        # CPU de los workers durante la ventana medida: lo que cuesta cada petición sin
        # contar la espera por los núcleos, que en una máquina compartida domina.
        time.sleep(max(0.0, inicio_medida - time.monotonic()))
        cpu_inicio = _cpu_de_gunicorn(gunicorn.pid)
        cpu_generador = time.process_time()
        ventana = (time.time(), time.time() + args.duracion)
        time.sleep(max(0.0, hasta - time.monotonic()))
        cpu_workers = _cpu_de_gunicorn(gunicorn.pid) - cpu_inicio
        cpu_generador = time.process_time() - cpu_generador
        for hilo in hilos:
            hilo.join(timeout=args.calentamiento + args.duracion + 60)
        carga_despues = Path("/proc/loadavg").read_text().split()[:3]
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        if usuarios:
            Session.objects.filter(session_key__in=[u.cookie for u in usuarios]).delete()
        registro = bitacora.read_text() if bitacora.exists() else ""
        if accesos.exists() and usuarios:
            servidor = _tiempos_del_servidor(accesos, ventana)
        shutil.rmtree(temporal, ignore_errors=True)

    # Sólo las peticiones que empezaron dentro de la ventana medida.
    muestras = [m for u in usuarios for m in u.muestras if inicio_medida <= m.inicio < hasta]
    lineas, fallas = _tabla(muestras, args.duracion, args.p95_ms, servidor)
    print()
    print(
        f"Carga: {args.usuarios} usuarios, {args.workers} workers de gunicorn, "
        f"{args.duracion:.0f} s medidos, espera {espera[0]:g}–{espera[1]:g} s "
        f"({connection.settings_dict['NAME']})"
    )
    print(
        f"Carga de la máquina (loadavg 1/5/15 min): antes {' '.join(carga_antes)}, "
        f"después {' '.join(carga_despues)}"
    )
    for linea in lineas:
        print(linea)
    if muestras:
        print(
            f"CPU de los workers en la ventana: {cpu_workers:.1f} s, "
            f"{cpu_workers / len(muestras) * 1000:.0f} ms por petición "
            f"(techo por la CPU de los workers, con {args.workers} núcleos sólo para ellos y "
            f"sin contar PostgreSQL: {args.workers * len(muestras) / cpu_workers:.0f} pet./s)"
            if cpu_workers
            else "CPU de los workers en la ventana: no medida"
        )
        print(f"CPU del generador de carga (este proceso) en la ventana: {cpu_generador:.1f} s")
    errores = sorted({m.error for m in muestras if m.error})
    for mensaje in errores[:10]:
        print(f"  error: {mensaje}", file=sys.stderr)
    if errores and "Traceback" in registro:
        print(registro[-3000:], file=sys.stderr)
    for falla in fallas:
        print(f"FALLA: {falla}", file=sys.stderr)
    return 1 if fallas else 0


if __name__ == "__main__":
    sys.exit(main())
