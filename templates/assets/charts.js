// statusgen: draws the interactive charts. Each <div class="chart-live">
// has its ECharts options, computed by the build, in the JSON script
// element "<id>_options". The static chart underneath stays in place (and
// keeps the space reserved) until the interactive one is drawn.
(function () {
  "use strict";
  if (!window.echarts) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll(".chart-live"), function (el) {
    var data = document.getElementById(el.id + "_options");
    if (!data) return;
    var options = JSON.parse(data.textContent);
    el.hidden = false;
    var chart = window.echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption(options);
    el.parentNode.classList.add("is-live");
    charts.push(chart);
  });
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 100);
  });
})();
