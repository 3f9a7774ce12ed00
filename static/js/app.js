/* The portal's only script besides htmx: CSRF header, focus on errors, upload progress. */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var summary = event.detail.target && event.detail.target.querySelector
      ? event.detail.target.querySelector("#error-summary") : null;
    if (summary) { summary.focus(); summary.scrollIntoView({ block: "start" }); }
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector ? event.target.querySelector("progress") : null;
    if (bar && event.detail.lengthComputable) {
      bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var main = document.getElementById("main");
    var notice = document.createElement("div");
    notice.className = "notice notice--error";
    notice.setAttribute("role", "alert");
    notice.textContent = "No pudimos completar la acción (" + event.detail.xhr.status + "). Inténtelo de nuevo.";
    if (main) { main.prepend(notice); }
  });
  document.addEventListener("htmx:sendError", function () {
    var main = document.getElementById("main");
    if (main && !main.querySelector(".offline")) {
      var notice = document.createElement("div");
      notice.className = "notice notice--error offline";
      notice.setAttribute("role", "alert");
      notice.textContent = "Sin conexión: revise su red e inténtelo de nuevo. Lo ya guardado no se pierde.";
      main.prepend(notice);
    }
  });
})();
