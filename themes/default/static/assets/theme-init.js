// Applies the stored light/dark choice before the first paint, so pages never flash. No stored
// choice means "system": the operating system's setting applies.
(function () {
  // Controls that only work with scripts (the sidebar's disclosure buttons) show under .js.
  document.documentElement.classList.add("js");
  try {
    var theme = localStorage.getItem("handbook-theme");
    if (theme === "dark" || theme === "light") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) { /* storage may be unavailable (file://, private mode): the system preference applies */ }
})();
