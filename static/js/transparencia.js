// Comportamientos comunes del portal. Sin scripts en línea ni atributos onclick: la
// política de seguridad de contenido sólo admite scripts de este sitio.
(function () {
  "use strict";
  // Botones «Imprimir»: <button type="button" data-imprimir>.
  document.addEventListener("click", function (evento) {
    if (evento.target.closest("[data-imprimir]")) {
      window.print();
    }
  });
  // Una tabla más ancha que la pantalla (un teléfono) se desplaza dentro de su caja: la caja
  // debe poder recibir el foco para recorrerla con el teclado, y anunciarse con el título
  // de su tabla. Se hace aquí una vez para todas las tablas del portal.
  document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (caja) {
    var titulo = caja.querySelector("caption");
    caja.tabIndex = 0;
    caja.setAttribute("role", "region");
    caja.setAttribute("aria-label", titulo ? titulo.textContent.trim() : "Tabla");
  });
})();
