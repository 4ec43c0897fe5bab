// Renders ```mermaid fences (and raw `<pre class="mermaid">` / `<div class="mermaid">` blocks)
// with the copy of mermaid shipped in the theme (no CDN), in the current light or dark colours.
// mermaid is 3.6 MB, so it is fetched only when a diagram comes near the viewport, not with the
// page.
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script && script.getAttribute("data-mermaid-src");
  // One selector for fences and raw blocks alike: what is watched is what is rendered.
  var SELECTOR = "pre.mermaid, div.mermaid";
  var diagrams = document.querySelectorAll(SELECTOR);
  if (!src || !diagrams.length) return;
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
  var sources = Array.prototype.map.call(diagrams, function (el) { return el.textContent; });
  function render() {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "base", themeVariables: palette() });
    var nodes = document.querySelectorAll(SELECTOR);
    Array.prototype.forEach.call(nodes, function (el, i) {
      el.removeAttribute("data-processed");
      el.textContent = sources[i];
    });
    window.mermaid.run({ nodes: nodes }).catch(function (e) { console.warn("mermaid:", e); });
  }
  var requested = false;
  function fetchMermaid() {
    if (requested) return;
    requested = true;
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = function () {
      if (!window.mermaid) return;
      render();
      document.addEventListener("handbook:theme", render);
    };
    document.head.appendChild(tag);
  }
  if (!("IntersectionObserver" in window)) return fetchMermaid();
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) {
      observer.disconnect();
      fetchMermaid();
    }
  }, { rootMargin: "800px 0px" });
  Array.prototype.forEach.call(diagrams, function (el) { observer.observe(el); });
})();
