// statusgen: offers the reader's local time. Every <time datetime> on the
// page is written in the site's time zone; the footer button switches them
// to the reader's zone and back. Nothing else depends on JavaScript.
(function () {
  "use strict";
  var btn = document.getElementById("tz-toggle");
  if (!btn || !window.Intl) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === btn.getAttribute("data-site-zone")) return;
  var fmt = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  var local = false;
  var times = Array.prototype.slice.call(document.querySelectorAll("time[datetime]"));
  times.forEach(function (t) { t.setAttribute("data-site", t.textContent); });
  btn.hidden = false;
  btn.addEventListener("click", function () {
    local = !local;
    times.forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (isNaN(d)) return;
      t.textContent = local ? fmt.format(d) : t.getAttribute("data-site");
    });
    btn.textContent = local ? "show " + btn.getAttribute("data-site-zone") + " time" : "show my local time";
    var name = document.getElementById("tz-name");
    if (name) name.textContent = local ? zone + " (your time)" : btn.getAttribute("data-site-zone");
  });
})();
