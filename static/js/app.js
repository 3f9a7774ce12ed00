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
  /* A field checked on leaving: its frame (has-error) and aria-invalid follow the message just swapped in. */
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig, elt = config && config.elt;
    var target = elt && elt.getAttribute ? elt.getAttribute("hx-target") : null;
    var message = target && /-error$/.test(target) ? document.querySelector(target) : null;
    if (!message) { return; }
    var text = message.classList.contains("field-error") ? message : message.querySelector(".field-error");
    var invalid = !!text && text.textContent.trim() !== "";
    var field = message.closest(".field");
    if (field) { field.classList.toggle("has-error", invalid); }
    document.querySelectorAll('[aria-describedby~="' + message.id + '"]').forEach(function (input) {
      if (input.tagName === "FIELDSET") { return; }
      if (invalid) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    });
  });
  /* "Administración de usuarios": only the actions that apply to the rows selected (to the listed rows when none is). */
  function narrowActions() {
    var bar = document.getElementById("user-actions");
    if (!bar) { return; }
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="ids"][data-actions]'));
    var chosen = boxes.filter(function (box) { return box.checked; });
    var apply = {};
    (chosen.length ? chosen : boxes).forEach(function (box) {
      box.getAttribute("data-actions").split(" ").forEach(function (code) { if (code) { apply[code] = true; } });
    });
    bar.querySelectorAll('button[name="accion"]').forEach(function (button) { button.hidden = !apply[button.value]; });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "ids") { narrowActions(); }
  });
  document.addEventListener("htmx:afterSettle", narrowActions);
  document.addEventListener("DOMContentLoaded", narrowActions);
  /* The printable letter's "Imprimir": shown only where a script can print (without one, the browser's own menu). */
  function printButtons() {
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.hidden = false;
      if (!button.dataset.ready) {
        button.dataset.ready = "1";
        button.addEventListener("click", function () { window.print(); });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", printButtons);
  document.addEventListener("htmx:afterSettle", printButtons);
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector ? event.target.querySelector("progress") : null;
    if (bar && event.detail.lengthComputable) {
      bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
    }
  });
  /* The error page's own words ("Demasiados intentos. Espere unos minutos..."), which htmx does not swap in. */
  function errorMessage(xhr) {
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      var title = doc.querySelector("main h1"), text = doc.querySelector("main h1 + p");
      if (title && text) { return title.textContent.trim() + ". " + text.textContent.trim(); }
    } catch (ignored) { /* fall back to the general message */ }
    return "No pudimos completar la acción (" + xhr.status + "). Inténtelo de nuevo.";
  }
  document.addEventListener("htmx:responseError", function (event) {
    var main = document.getElementById("main");
    if (!main) { return; }
    var old = main.querySelector(".notice.response-error");
    if (old) { old.remove(); }
    var notice = document.createElement("div");
    notice.className = "notice notice--error response-error";
    notice.setAttribute("role", "alert");
    notice.textContent = errorMessage(event.detail.xhr);
    main.prepend(notice);
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
