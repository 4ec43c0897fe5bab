// Renders ```mermaid fences (and raw `<pre class="mermaid">` / `<div class="mermaid">` blocks) with the copy of mermaid shipped in the theme (no CDN), in the
// current light or dark colours.
(function () {
  "use strict";
  if (!window.mermaid) return;
  var root = document.documentElement;
  function dark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  // Diagrams take the page's own colours (style.css custom properties), so they match the theme
  // in both modes and their labels keep the text contrast of the page.
  function palette() {
    var css = getComputedStyle(root);
    var v = function (name) { return css.getPropertyValue(name).trim(); };
    return {
      darkMode: dark(),
      background: v("--bg-raised"),
      fontFamily: v("--font"),
      fontSize: "15px",
      primaryColor: v("--accent-soft"),
      primaryTextColor: v("--fg"),
      primaryBorderColor: v("--accent"),
      secondaryColor: v("--bg-soft"),
      tertiaryColor: v("--bg-soft"),
      lineColor: v("--fg-faint"),
      textColor: v("--fg"),
      edgeLabelBackground: v("--bg-raised"),
      clusterBkg: v("--bg-soft"),
      clusterBorder: v("--border"),
      noteBkgColor: v("--warn-bg"),
      noteTextColor: v("--fg"),
      noteBorderColor: v("--warn")
    };
  }
  var sources = Array.prototype.map.call(document.querySelectorAll("pre.mermaid, div.mermaid"), function (el) { return el.textContent; });
  function render() {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "base", themeVariables: palette() });
    var nodes = document.querySelectorAll("pre.mermaid, div.mermaid");
    Array.prototype.forEach.call(nodes, function (el, i) {
      el.removeAttribute("data-processed");
      el.textContent = sources[i];
    });
    window.mermaid.run({ nodes: nodes }).catch(function (e) { console.warn("mermaid:", e); });
  }
  render();
  document.addEventListener("handbook:theme", render);
})();
