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
})();
