// Las gráficas de barras del tablero de la portada. Los datos vienen de un bloque JSON de la
// página (json_script, id «datos-tablero»): `{id del lienzo: {etiquetas, series, colores,
// horizontal, maximo}}`. La política de seguridad de contenido no permite scripts en línea.
// Cada gráfica tiene junto su tabla con las mismas cifras.
(function () {
  "use strict";
  var fuente = document.getElementById("datos-tablero");
  if (!fuente || typeof Chart === "undefined") { return; }
  var graficas = JSON.parse(fuente.textContent);

  // Los colores del semáforo (solicitudes, turnos y POA), los de Bootstrap.
  var POR_CLAVE = {
    en_tiempo: "rgb(25, 135, 84)",
    verde: "rgb(25, 135, 84)",
    por_vencer: "rgb(255, 193, 7)",
    amarillo: "rgb(255, 193, 7)",
    vencida: "rgb(220, 53, 69)",
    rojo: "rgb(220, 53, 69)",
    sin_dato: "rgb(108, 117, 125)"
  };
  // Las series sin semáforo, en el orden en que llegan.
  var PALETA = ["rgb(91, 26, 58)", "rgb(25, 135, 84)", "rgb(108, 117, 125)"];

  Object.keys(graficas).forEach(function (id) {
    var lienzo = document.getElementById(id);
    if (!lienzo) { return; }
    var datos = graficas[id];
    var porBarra = datos.colores.length > 0;
    var eje = datos.horizontal ? "x" : "y";
    var escalas = {};
    escalas[eje] = { beginAtZero: true, ticks: { precision: 0 } };
    if (datos.maximo !== null) { escalas[eje].max = datos.maximo; }
    new Chart(lienzo, {
      type: "bar",
      data: {
        labels: datos.etiquetas,
        datasets: datos.series.map(function (serie, indice) {
          return {
            label: serie.nombre,
            data: serie.valores,
            backgroundColor: porBarra
              ? datos.colores.map(function (clave) { return POR_CLAVE[clave]; })
              : PALETA[indice % PALETA.length]
          };
        })
      },
      options: {
        indexAxis: datos.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        scales: escalas,
        plugins: { legend: { display: datos.series.length > 1 } }
      }
    });
  });
})();
