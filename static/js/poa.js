// La gráfica de avance acumulado contra lo programado de una actividad del POA. Los datos
// vienen de un bloque JSON de la página (json_script): la política de seguridad de
// contenido no permite scripts en línea.
(function () {
  "use strict";
  var lienzo = document.getElementById("grafica-avance");
  var fuente = document.getElementById("datos-grafica");
  if (!lienzo || !fuente || typeof Chart === "undefined") { return; }
  var datos = JSON.parse(fuente.textContent);
  new Chart(lienzo, {
    type: "line",
    data: {
      labels: datos.etiquetas,
      datasets: [
        { label: "Programado a la fecha", data: datos.programado, borderColor: "rgb(13, 110, 253)", borderDash: [6, 4], spanGaps: true },
        { label: "Avance acumulado", data: datos.alcanzado, borderColor: "rgb(25, 135, 84)", backgroundColor: "rgba(25, 135, 84, 0.2)", spanGaps: true }
      ]
    },
    options: { responsive: true, scales: { y: { beginAtZero: true } } }
  });
})();
