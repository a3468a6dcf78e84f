/* The navigation's cycle groups (<details>): one open at a time; a click elsewhere or Escape
   closes it. Without JavaScript each group still opens and closes with its summary. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var groups = Array.prototype.slice.call(document.querySelectorAll(".nav-cycle details"));
    if (!groups.length) { return; }
    function closeAll(except) {
      groups.forEach(function (group) { if (group !== except) { group.open = false; } });
    }
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () { if (group.open) { closeAll(group); } });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".nav-cycle")) { closeAll(null); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var open = groups.filter(function (group) { return group.open; })[0];
      if (open) { open.open = false; open.querySelector("summary").focus(); }
    });
  });
})();
