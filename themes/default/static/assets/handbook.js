// Behaviour shared by every page: the dark-mode toggle, the phone menu, and the table of
// contents highlight. Everything works without it; it only adds comfort.
(function () {
  "use strict";
  var root = document.documentElement;

  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var update = function () {
      var dark = root.getAttribute("data-theme") ? root.getAttribute("data-theme") === "dark" : systemDark();
      toggle.setAttribute("aria-pressed", dark ? "true" : "false");
    };
    update();
    toggle.addEventListener("click", function () {
      var current = root.getAttribute("data-theme") || (systemDark() ? "dark" : "light");
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("handbook-theme", next); } catch (e) { /* not persisted */ }
      update();
      document.dispatchEvent(new CustomEvent("handbook:theme", { detail: next }));
    });
  }

  var navToggle = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (navToggle && sidebar) {
    var setOpen = function (open) {
      document.body.classList.toggle("nav-open", open);
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var current = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector("a");
        if (current) current.focus();
      }
    };
    navToggle.addEventListener("click", function () { setOpen(!document.body.classList.contains("nav-open")); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("nav-open")) { setOpen(false); navToggle.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (document.body.classList.contains("nav-open") && !sidebar.contains(e.target) && !navToggle.contains(e.target)) setOpen(false);
    });
  }

  // A code block or table that scrolls sideways must be reachable by keyboard to be scrolled
  // (WCAG 2.1.1); only those that overflow become tab stops.
  function markScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".content pre, .table-wrap"), function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }
  markScrollable();
  var resizeTimer;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(markScrollable, 150); });

  var current = document.querySelector('.sidebar [aria-current="page"]');
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });

  // Beside the text (wide screens) the table of contents is always open; above it (narrow
  // screens) it starts folded, so the text comes first. Without JS it is simply open.
  var tocDetails = document.querySelector(".toc details");
  if (tocDetails && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 72rem)");
    var fold = function () { tocDetails.open = !narrow.matches; };
    fold();
    if (narrow.addEventListener) narrow.addEventListener("change", fold);
    tocDetails.querySelector("summary").addEventListener("click", function (e) { if (!narrow.matches) e.preventDefault(); });
  }

  // Highlight the table-of-contents entry of the section being read.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        tocLinks.forEach(function (a) { a.classList.remove("is-active"); });
        var link = byId[entry.target.id];
        if (link) link.classList.add("is-active");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) observer.observe(el);
    });
  }
})();
