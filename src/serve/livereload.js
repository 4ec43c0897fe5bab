// handbook serve: live reload. Listens to /__handbook/events (Server-Sent Events):
//   hello        {instance}          a restarted server has another instance: reload
//   reload       {paths, css, all}   reload when this page is among the changed paths;
//                                     when only stylesheets changed, swap them in place
//   diagnostics  {errors, text}      show the build errors over the page; empty hides them
(function () {
  "use strict";
  if (!window.EventSource) return;
  var instance = null;
  var here = function () {
    var p = decodeURI(location.pathname);
    if (p.slice(-10) === "index.html") p = p.slice(0, -10);
    return p;
  };
  var matches = function (path) {
    var h = here();
    return path === h || path + "/" === h || path === h + "/";
  };
  var swapStyles = function (css) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      if (css.indexOf(decodeURI(url.pathname)) < 0) continue;
      url.searchParams.set("__handbook", Date.now().toString(36));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.onload = (function (old) { return function () { old.remove(); }; })(link);
      link.parentNode.insertBefore(fresh, link.nextSibling);
    }
  };
  var overlay = null;
  var showErrors = function (data) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!data.errors || data.errors.length === 0) return;
    overlay = document.createElement("div");
    overlay.id = "handbook-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.92);color:#f3f3f3;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;overflow:auto;";
    var title = document.createElement("h2");
    title.textContent = "handbook: the last change has errors; still showing the last good version";
    title.style.cssText = "margin:0 0 1rem;font-size:16px;color:#ff8080;";
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0;";
    pre.textContent = data.text;
    var close = document.createElement("button");
    close.textContent = "Dismiss";
    close.style.cssText = "position:absolute;top:1rem;right:1rem;";
    close.onclick = function () { overlay.remove(); overlay = null; };
    overlay.appendChild(close);
    overlay.appendChild(title);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  };
  var source = new EventSource("/__handbook/events");
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    if (instance !== null && instance !== data.instance) location.reload();
    instance = data.instance;
  });
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    if (data.all || data.paths.some(matches)) { location.reload(); return; }
    if (data.css.length) swapStyles(data.css);
  });
  source.addEventListener("diagnostics", function (e) {
    showErrors(JSON.parse(e.data));
  });
})();
