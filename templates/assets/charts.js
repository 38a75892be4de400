// statusgen: draws the interactive charts. Each <div class="chart-live">
// has its ECharts options, computed by the build, in the JSON script
// element "<id>_options". The static chart underneath is what the page
// shows first (and keeps the space reserved); the charting script
// (data-echarts on this script's element) is loaded only when a chart
// comes near the screen, and each chart is drawn when it does, so a page
// costs no script time for charts nobody scrolled to.
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-echarts");
  var boxes = document.querySelectorAll(".chart-live");
  if (!src || !boxes.length) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var charts = [], waiting = [], loading = false;

  function draw(el) {
    var data = document.getElementById(el.id + "_options");
    if (!data || el.getAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "1");
    el.hidden = false;
    var chart = window.echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption(JSON.parse(data.textContent));
    el.parentNode.classList.add("is-live");
    charts.push(chart);
  }

  function want(el) {
    if (window.echarts) { draw(el); return; }
    waiting.push(el);
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () { waiting.forEach(draw); waiting = []; };
    document.head.appendChild(s);
  }

  if (!("IntersectionObserver" in window)) {
    Array.prototype.forEach.call(boxes, want);
  } else {
    // The live box is hidden until drawn: watch the box around it.
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { io.unobserve(e.target); want(e.target.querySelector(".chart-live")); }
      });
    }, { rootMargin: "200px 0px" });
    Array.prototype.forEach.call(boxes, function (el) { io.observe(el.parentNode); });
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 100);
  });
})();
