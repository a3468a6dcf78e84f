/* A table wider than the screen scrolls inside its wrapper (.table-wrap). Such a wrapper becomes a
   named region that takes the keyboard focus, so that it can be scrolled without a mouse (WCAG
   2.1.1); one that fits is left alone. Checked again when the window changes size. The words of its
   name come translated from the page (base.html's <body data-…>). */
(function () {
  "use strict";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    var heading = wrap.closest("section") && wrap.closest("section").querySelector("h2, h3");
    var words = document.body.dataset;
    var text = (caption && caption.textContent) || (heading && heading.textContent) || words.tableName || "Table";
    // A function, so that "$&" in a caption is not read as a replacement pattern.
    return (words.scrollsSideways || "{name} (scrolls sideways)").replace("{name}", function () { return text.trim(); });
  }

  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", nameOf(wrap));
        wrap.dataset.scrolls = "1";
      } else if (!scrolls && wrap.dataset.scrolls) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.scrolls;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  // Parts of a page that htmx replaces (the tallies, an import's status) are checked again.
  document.addEventListener("htmx:afterSettle", mark);
})();
