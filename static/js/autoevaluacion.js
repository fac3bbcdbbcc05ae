// Radar del avance por dimensión. Los datos vienen en <script id="datos-radar"> (json_script).
(function () {
  "use strict";
  var lienzo = document.getElementById("radar-avance");
  var fuente = document.getElementById("datos-radar");
  if (!lienzo || !fuente || typeof Chart === "undefined") {
    return;
  }
  var datos = JSON.parse(fuente.textContent);
  new Chart(lienzo, {
    type: "radar",
    data: {
      labels: datos.etiquetas,
      datasets: [{
        label: "Avance (%)",
        data: datos.valores,
        fill: true,
        backgroundColor: "rgba(25, 135, 84, 0.2)",
        borderColor: "rgb(25, 135, 84)",
        pointBackgroundColor: "rgb(25, 135, 84)"
      }]
    },
    options: {
      responsive: true,
      scales: { r: { min: 0, max: 100, ticks: { stepSize: 25 } } },
      plugins: { legend: { display: false } }
    }
  });
})();
