// Applies the stored light/dark choice before the first paint, so pages never flash.
(function () {
  try {
    var theme = localStorage.getItem("handbook-theme");
    if (theme === "dark" || theme === "light") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) { /* storage may be unavailable (file://, private mode): the system preference applies */ }
})();
