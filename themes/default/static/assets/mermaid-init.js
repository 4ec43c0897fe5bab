// Renders ```mermaid fences with the copy of mermaid shipped in the theme (no CDN), in the
// current light or dark colours.
(function () {
  "use strict";
  if (!window.mermaid) return;
  var root = document.documentElement;
  function dark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  var sources = Array.prototype.map.call(document.querySelectorAll("pre.mermaid"), function (el) { return el.textContent; });
  function render() {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark() ? "dark" : "default" });
    var nodes = document.querySelectorAll("pre.mermaid");
    Array.prototype.forEach.call(nodes, function (el, i) {
      el.removeAttribute("data-processed");
      el.textContent = sources[i];
    });
    window.mermaid.run({ nodes: nodes }).catch(function (e) { console.warn("mermaid:", e); });
  }
  render();
  document.addEventListener("handbook:theme", render);
})();
