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
// statusgen: the details of an uptime bar's day. Without JavaScript each
// bar has its SVG title; with it the row of bars is one focusable slider:
// the arrow keys (Home, End) move between days, a finger or the pointer
// picks the day under it, and a box under the bars lists the day's figure
// and its incidents, whose links Tab reaches next.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".bars-pick"), function (pick) {
    var fig = pick.parentNode, rects = pick.querySelectorAll("rect"), n = rects.length;
    if (!n) return;
    var titles = Array.prototype.map.call(rects, function (r) {
      // The title ends with the day's incidents, which the box lists with links.
      var t = r.querySelector("title"), s = t ? t.textContent.split("; incidents: ")[0] : "";
      if (t) t.remove(); // the box replaces the hover title
      return s;
    });
    var pop = document.createElement("div");
    pop.className = "day-pop";
    pop.hidden = true;
    pick.insertAdjacentElement("afterend", pop);
    var cur = n - 1;
    pick.tabIndex = 0;
    pick.setAttribute("role", "slider");
    pick.setAttribute("aria-label", pick.getAttribute("data-name"));
    pick.setAttribute("aria-valuemin", "0");
    pick.setAttribute("aria-valuemax", String(n - 1));
    pick.setAttribute("aria-valuenow", String(cur)); // a slider must have a value before it is used
    pick.setAttribute("aria-valuetext", titles[cur]);
    function show(i) {
      if (rects[cur]) rects[cur].classList.remove("cur");
      cur = Math.max(0, Math.min(n - 1, i));
      rects[cur].classList.add("cur");
      pick.setAttribute("aria-valuenow", String(cur));
      pick.setAttribute("aria-valuetext", titles[cur]);
      pop.textContent = "";
      var p = document.createElement("p");
      p.textContent = titles[cur];
      pop.appendChild(p);
      var list = fig.querySelector('.day-incidents[data-day="' + cur + '"]');
      if (list) { var c = list.cloneNode(true); c.hidden = false; pop.appendChild(c); }
      pop.hidden = false;
      var w = pick.clientWidth, x = (cur + 0.5) / n * w;
      pop.style.left = Math.max(0, Math.min(w - pop.offsetWidth, x - pop.offsetWidth / 2)) + "px";
    }
    function hide() { pop.hidden = true; if (rects[cur]) rects[cur].classList.remove("cur"); }
    function at(e) { var r = pick.getBoundingClientRect(); return Math.floor((e.clientX - r.left) / r.width * n); }
    pick.addEventListener("focus", function () { show(cur); });
    pick.addEventListener("keydown", function (e) {
      var k = { ArrowLeft: cur - 1, ArrowDown: cur - 1, ArrowRight: cur + 1, ArrowUp: cur + 1, Home: 0, End: n - 1, PageUp: cur - 7, PageDown: cur + 7 }[e.key];
      if (e.key === "Escape") { hide(); return; }
      if (k === undefined) return;
      e.preventDefault();
      show(k);
    });
    pick.addEventListener("pointerdown", function (e) { show(at(e)); });
    pick.addEventListener("pointermove", function (e) { show(at(e)); });
    pick.addEventListener("pointerleave", function (e) {
      if (document.activeElement !== pick && !pop.contains(document.activeElement)) hide();
    });
    fig.addEventListener("focusout", function (e) {
      if (!fig.contains(e.relatedTarget)) hide();
    });
  });
})();
