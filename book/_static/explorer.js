/* The evidence explorer on the static page (see dprk_russia/publish/explorer_page.py).
 *
 * Reads the records from the page's JSON once, then on every change of the form shows those
 * that match: free text (every word, in any order, accents ignored) and the filters. Record
 * text is only ever written with textContent; a source becomes a link only for an https:
 * address.
 */
(function () {
  "use strict";
  var root = document.getElementById("evidence-explorer");
  var source = document.getElementById("explorer-records");
  if (!root || !source) return;
  var data;
  try {
    data = JSON.parse(source.textContent);
  } catch (err) {
    return;
  }
  var form = root.querySelector(".xr-form");
  var status = root.querySelector(".xr-status");
  var chart = root.querySelector(".xr-months");
  var list = root.querySelector(".xr-results");
  var pager = root.querySelector(".xr-pager");
  var fallback = root.querySelector(".xr-fallback");
  var page = 0;

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function hay(r) {
    // What the search looks in, folded once, when the reader first searches.
    if (r.hay === undefined) {
      var places = r.c.map(function (i) { return data.countries[i]; });
      r.hay = fold([r.id, r.when, r.who, r.text, r.src, data.types[r.t]].concat(places).join(" \u2502 "));
    }
    return r.hay;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function filters() {
    var from = value("from") || data.months[0];
    var to = value("to") || data.months[data.months.length - 1];
    if (from > to) { var swap = from; from = to; to = swap; }
    return {
      words: fold(value("q")).split(/\s+/).filter(Boolean),
      type: value("type"),
      country: value("country"),
      who: value("who"),
      stance: value("stance"),
      counts: value("counts"),
      from: from,
      to: to,
      newest: value("order") === "desc"
    };
  }

  function matches(r, f) {
    if (f.type !== "" && r.t !== Number(f.type)) return false;
    if (f.country !== "" && r.c.indexOf(Number(f.country)) < 0) return false;
    if (f.who !== "" && r.a.indexOf(Number(f.who)) < 0) return false;
    if (f.stance !== "" && r.s !== f.stance) return false;
    if (f.counts !== "" && r.n !== f.counts) return false;
    if (r.m < f.from || r.m > f.to) return false;
    for (var i = 0; i < f.words.length; i++) {
      if (hay(r).indexOf(f.words[i]) < 0) return false;
    }
    return true;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function monthLabel(month, long) {
    var parts = month.split("-");
    var name = MONTHS[Number(parts[1]) - 1];
    return (long ? name : name.slice(0, 3)) + " " + parts[0];
  }

  function monthsBetween(from, to) {
    return data.months.filter(function (m) { return m >= from && m <= to; });
  }

  function drawChart(found, f) {
    var months = monthsBetween(f.from, f.to);
    var counts = {};
    months.forEach(function (m) { counts[m] = 0; });
    found.forEach(function (r) { counts[r.m] += 1; });
    var top = Math.max.apply(null, months.map(function (m) { return counts[m]; }).concat([1]));
    chart.textContent = "";
    chart.appendChild(el("figcaption", "", "Matching records per month"));
    var bars = el("div", "xr-bars");
    bars.setAttribute("role", "img");
    bars.setAttribute("aria-label", "Matching records per month: " + months.map(function (m) {
      return monthLabel(m, true) + ", " + counts[m];
    }).join("; ") + ".");
    months.forEach(function (m) {
      var row = el("div", counts[m] ? "xr-row" : "xr-row xr-zero");
      row.appendChild(el("span", "xr-month", monthLabel(m, false)));
      var track = el("span", "xr-track");
      var bar = el("span", "xr-bar");
      bar.style.width = (100 * counts[m] / top).toFixed(1) + "%";
      track.appendChild(bar);
      row.appendChild(track);
      row.appendChild(el("span", "xr-count", String(counts[m])));
      bars.appendChild(row);
    });
    chart.appendChild(bars);
    chart.hidden = months.length === 0;
  }

  function marked(text, words) {
    // The text as nodes, with each searched word marked (plain text in, plain text out).
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase();
    var spans = [];
    words.forEach(function (w) {
      var at = lower.indexOf(w);
      while (w && at >= 0) {
        spans.push([at, at + w.length]);
        at = lower.indexOf(w, at + w.length);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      frag.appendChild(document.createTextNode(text.slice(pos, s[0])));
      frag.appendChild(el("mark", "", text.slice(s[0], s[1])));
      pos = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  function safeUrl(address) {
    try {
      var url = new URL(address);
      return url.protocol === "https:" ? url.href : "";
    } catch (err) {
      return "";
    }
  }

  function card(r, words) {
    var item = el("li", "xr-record");
    item.id = "record-" + r.id.replace(/[^A-Za-z0-9_-]/g, "");
    var meta = el("p", "xr-meta");
    meta.appendChild(el("span", "xr-kind xr-kind-" + r.t, data.typeSingular[r.t]));
    var time = el("time", "", r.when);
    time.setAttribute("datetime", r.d);
    meta.appendChild(time);
    item.appendChild(meta);
    var who = el("p", "xr-who");
    who.appendChild(marked(r.who, words));
    item.appendChild(who);
    var text = el("p", "xr-text");
    text.appendChild(marked(r.text, words));
    item.appendChild(text);
    var src = el("p", "xr-source");
    src.appendChild(document.createTextNode("Main source: "));
    var href = r.url ? safeUrl(r.url) : "";
    if (href) {
      var link = el("a", "", r.src || href);
      link.href = href;
      link.rel = "noopener noreferrer";
      src.appendChild(link);
    } else {
      src.appendChild(document.createTextNode(r.src || "not recorded"));
    }
    src.appendChild(el("span", "xr-id", " \u00b7 record " + r.id));
    item.appendChild(src);
    return item;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function describe(found) {
    var byType = data.types.map(function () { return 0; });
    found.forEach(function (r) { byType[r.t] += 1; });
    var parts = [];
    byType.forEach(function (n, t) {
      if (n) parts.push(n + " " + (n === 1 ? data.typeSingular[t] : data.types[t]).toLowerCase());
    });
    if (!found.length) {
      return "No record matches. Clear a filter or change the search.";
    }
    var all = found.length === data.records.length;
    return (all ? "All " + plural(found.length, "record", "records") : found.length + " of " +
      data.records.length + " records match") + ": " + parts.join(", ") + ".";
  }

  function drawPager(total) {
    var pages = Math.ceil(total / data.pageSize);
    pager.textContent = "";
    pager.hidden = pages <= 1;
    if (pages <= 1) return;
    var first = page * data.pageSize + 1;
    var last = Math.min(total, (page + 1) * data.pageSize);
    var prev = el("button", "xr-prev", "Previous");
    prev.type = "button";
    prev.disabled = page === 0;
    prev.addEventListener("click", function () { turn(-1); });
    var next = el("button", "xr-next", "Next");
    next.type = "button";
    next.disabled = page >= pages - 1;
    next.addEventListener("click", function () { turn(1); });
    pager.appendChild(prev);
    pager.appendChild(el("span", "xr-range", "Records " + first + "\u2013" + last + " of " + total));
    pager.appendChild(next);
  }

  function turn(step) {
    page += step;
    render();
    list.scrollIntoView({ block: "start" });
  }

  var details = form.querySelector(".xr-filters");
  var summary = details && details.querySelector("summary");

  function countActive(f) {
    var n = ["type", "country", "who", "stance", "counts"].filter(function (k) { return f[k] !== ""; }).length;
    if (f.from !== data.months[0] || f.to !== data.months[data.months.length - 1]) n += 1;
    return n;
  }

  function render() {
    var f = filters();
    if (summary) {
      var active = countActive(f);
      summary.textContent = active ? "Filters (" + active + " in use)" : "Filters";
    }
    var found = data.records.filter(function (r) { return matches(r, f); });
    if (f.newest) found.reverse();
    var pages = Math.max(1, Math.ceil(found.length / data.pageSize));
    if (page >= pages) page = pages - 1;
    status.textContent = describe(found);
    drawChart(found, f);
    list.textContent = "";
    var shown = found.slice(page * data.pageSize, (page + 1) * data.pageSize);
    list.start = page * data.pageSize + 1;
    shown.forEach(function (r) { list.appendChild(card(r, f.words)); });
    list.hidden = shown.length === 0;
    drawPager(found.length);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", function () { page = 0; render(); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { page = 0; render(); }, 0);
  });
  if (details && window.matchMedia && window.matchMedia("(min-width: 720px)").matches) {
    details.open = true;
  }
  if (fallback) fallback.remove();
  form.hidden = false;
  render();
})();
