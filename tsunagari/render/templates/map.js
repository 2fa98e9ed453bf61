/* tsunagari map: legend, search, filters and threads on top of vis-network.
 *
 * All text from the data goes on screen through textContent (never innerHTML), and
 * tooltips are plain strings, which vis-network shows as text. Nothing is fetched.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("tsunagari-data").textContent);
  var OPTIONS = JSON.parse(document.getElementById("tsunagari-options").textContent);
  var W = DATA.words;
  var NODES = DATA.nodes;
  var EDGES = DATA.edges;
  var STATUS_COLOR = {};
  DATA.legend.statuses.forEach(function (s) { STATUS_COLOR[s[0]] = s[2]; });
  var FONT = OPTIONS.nodes.font.face;
  var FADED = { background: "#eceff2", border: "#d3d8de" };
  var FADED_EDGE = "#e6e9ed";
  var POINT = "#c81e1e";
  var BOLD = "#1f2933";

  function byId(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function districtName(d) { return d === "" ? W.city_wide : d; }

  // ------------------------------------------------------------------ drawing helpers

  function shapePath(ctx, shape, x, y, r) {
    var i, a;
    ctx.beginPath();
    if (shape === "square") {
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8);
      ctx.closePath();
    } else if (shape === "diamond") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y);
      ctx.closePath();
    } else if (shape === "star") {
      for (i = 0; i < 10; i++) {
        a = -Math.PI / 2 + i * Math.PI / 5;
        var rr = i % 2 === 0 ? r : r * 0.45;
        if (i === 0) { ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); }
        else { ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); }
      }
      ctx.closePath();
    } else if (shape === "hexagon") {
      for (i = 0; i < 6; i++) {
        a = i * Math.PI / 3;
        if (i === 0) { ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a)); }
        else { ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); }
      }
      ctx.closePath();
    } else {
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  function pie(ctx, x, y, r, counts, faded) {
    var total = counts.reduce(function (s, v) { return s + v; }, 0);
    var start = -Math.PI / 2;
    if (total === 0) {
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = "#d3d8de"; ctx.fill();
    }
    DATA.status_codes.forEach(function (code, i) {
      if (!counts[i]) { return; }
      var angle = 2 * Math.PI * counts[i] / total;
      ctx.beginPath(); ctx.moveTo(x, y); ctx.arc(x, y, r, start, start + angle); ctx.closePath();
      ctx.fillStyle = faded ? FADED.background : STATUS_COLOR[code];
      ctx.fill();
      start += angle;
    });
  }

  function icon(shape, fill, border) {
    var c = el("canvas");
    c.width = 18; c.height = 18;
    var ctx = c.getContext("2d");
    if (shape === "custom") {
      pie(ctx, 9, 9, 7.5, [1, 1, 1, 1], false);
      ctx.beginPath(); ctx.arc(9, 9, 7.5, 0, 2 * Math.PI);
    } else {
      shapePath(ctx, shape, 9, 9, shape === "dot" ? 6 : 7);
      ctx.fillStyle = fill; ctx.fill();
    }
    ctx.lineWidth = 1.2; ctx.strokeStyle = border; ctx.stroke();
    return c;
  }

  function tieIcon(style, colour, dashes) {
    var c = el("canvas");
    c.width = 34; c.height = 12;
    var ctx = c.getContext("2d");
    ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.lineWidth = 1.6;
    ctx.setLineDash(dashes || []);
    ctx.beginPath(); ctx.moveTo(2, 6); ctx.lineTo(style === "collaboration" ? 32 : 26, 6); ctx.stroke();
    if (style !== "collaboration") {
      ctx.setLineDash([]);
      ctx.beginPath(); ctx.moveTo(32, 6); ctx.lineTo(25, 2.5); ctx.lineTo(25, 9.5); ctx.closePath();
      ctx.fill();
    }
    return c;
  }

  // Residents counted by district (overview): a pie of their statuses.
  function districtRenderer(args) {
    var node = NODES[args.id];
    var r = node.size;
    return {
      drawNode: function () {
        var ctx = args.ctx;
        pie(ctx, args.x, args.y, r, node.status_counts, node.dim);
        ctx.beginPath(); ctx.arc(args.x, args.y, r, 0, 2 * Math.PI);
        ctx.lineWidth = args.state.selected ? 3.5 : 1.5;
        ctx.strokeStyle = node.dim ? FADED.border : "#44505c";
        ctx.stroke();
      },
      drawExternalLabel: function () {
        var ctx = args.ctx;
        var lines = String(node.label).split("\n");
        var size = Math.max(13, Math.round(r * 0.42));
        ctx.font = "600 " + size + "px " + FONT;
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.lineWidth = Math.max(3, size / 5); ctx.strokeStyle = "#ffffff";
        ctx.fillStyle = node.dim ? "#9aa5b1" : BOLD;
        lines.forEach(function (line, i) {
          var y = args.y + r + 4 + i * size * 1.15;
          ctx.strokeText(line, args.x, y);
          ctx.fillText(line, args.x, y);
        });
      },
      nodeDimensions: { width: 2 * r, height: 2 * r }
    };
  }

  // ------------------------------------------------------------------ the network

  NODES.forEach(function (n) {
    if (n.status_counts) { n.ctxRenderer = districtRenderer; }
  });
  var nodes = new vis.DataSet(NODES);
  var edges = new vis.DataSet(EDGES);
  var network = new vis.Network(byId("graph"), { nodes: nodes, edges: edges }, OPTIONS);
  var hidden = {};

  var inEdges = {};
  var neighbours = {};
  EDGES.forEach(function (e) {
    (inEdges[e.to] = inEdges[e.to] || []).push(e);
    (neighbours[e.from] = neighbours[e.from] || []).push(e.to);
    (neighbours[e.to] = neighbours[e.to] || []).push(e.from);
  });

  // ------------------------------------------------------------------ threads

  // The threads of a node to the formal net: for a resident, one per active supporter,
  // following each supporter's shortest path from a root; for anyone else, its own path.
  function threadsOf(id) {
    var node = NODES[id];
    var starts = [];
    if (node.kind === "resident") {
      (inEdges[id] || []).forEach(function (e) {
        if (e.relation === "support" && e.style !== "inactive") { starts.push({ from: e.from, edge: e.id }); }
      });
    } else if (node.kind !== "district") {
      starts.push({ from: id, edge: null });
    }
    var seen = {};
    return starts.filter(function (s) {
      if (seen[s.from]) { return false; }
      seen[s.from] = true;
      return true;
    }).map(function (s) {
      var path = [s.from];
      var edgeIds = s.edge === null ? [] : [s.edge];
      var cur = s.from;
      var outcome = "none";
      for (var guard = 0; guard < NODES.length; guard++) {
        if (NODES[cur].root) { outcome = "root"; break; }
        if (cur === id && node.kind === "resident") { outcome = "self"; break; }
        if (NODES[cur].parent === undefined) { break; }
        if (NODES[cur].parent_edge !== undefined) { edgeIds.push(NODES[cur].parent_edge); }
        cur = NODES[cur].parent;
        path.push(cur);
      }
      return { path: path, edges: edgeIds, outcome: outcome };
    });
  }

  function highlight(id) {
    var keepNodes = {};
    var keepEdges = {};
    var points = {};
    keepNodes[id] = true;
    var threads = threadsOf(id);
    threads.forEach(function (t) {
      if (t.outcome === "self") { return; }
      t.path.forEach(function (v) { keepNodes[v] = true; });
      t.edges.forEach(function (e) { keepEdges[e] = true; });
    });
    if (NODES[id].kind !== "resident") {
      EDGES.forEach(function (e) {
        if (e.from === id || e.to === id) {
          keepEdges[e.id] = true; keepNodes[e.from] = true; keepNodes[e.to] = true;
        }
      });
    }
    (NODES[id].single_points || []).forEach(function (p) { points[p] = true; keepNodes[p] = true; });
    nodes.update(NODES.map(function (n) {
      var keep = keepNodes[n.id];
      n.dim = !keep;
      var change = { id: n.id, color: keep ? n.color : FADED, borderWidth: 1.5,
        font: { color: keep ? BOLD : "#b0b8c1" } };
      if (points[n.id]) {
        change.color = { background: n.color.background, border: POINT };
        change.borderWidth = 5;
      }
      return change;
    }));
    edges.update(EDGES.map(function (e) {
      return keepEdges[e.id]
        ? { id: e.id, color: { color: BOLD, highlight: BOLD, hover: BOLD },
            width: Math.max(3, e.width * 2) }
        : { id: e.id, color: { color: FADED_EDGE, highlight: BOLD, hover: BOLD }, width: e.width };
    }));
    return threads;
  }

  function clearHighlight() {
    NODES.forEach(function (n) { n.dim = false; });
    nodes.update(NODES.map(function (n) {
      return { id: n.id, color: n.color, borderWidth: 1.5, font: { color: BOLD } };
    }));
    edges.update(EDGES.map(function (e) {
      return { id: e.id, color: e.color, width: e.width };
    }));
    byId("details").hidden = true;
  }

  function showDetails(id, threads) {
    var node = NODES[id];
    byId("details").hidden = false;
    byId("details-title").textContent = node.name;
    byId("details-text").textContent = node.title || "";
    var list = byId("threads");
    list.textContent = "";
    byId("threads-title").textContent = node.kind === "district" ? "" : W.threads;
    if (node.kind === "district") { return; }
    if (node.root) { list.appendChild(el("li", W.is_root)); }
    var points = {};
    (node.single_points || []).forEach(function (p) { points[p] = true; });
    threads.forEach(function (t) {
      if (node.root && t.path.length === 1 && t.path[0] === id) { return; }
      var li = el("li");
      t.path.forEach(function (v, i) {
        if (i > 0) { li.appendChild(document.createTextNode(" ← ")); }
        li.appendChild(el("span", NODES[v].name, points[v] ? "point" : null));
      });
      if (t.outcome === "self") { li.appendChild(el("span", "（" + W.through_self + "）")); }
      if (t.outcome === "none") { li.appendChild(el("span", "（" + W.no_thread + "）")); }
      list.appendChild(li);
    });
    if (!list.firstChild) { list.appendChild(el("li", W.no_thread)); }
  }

  function select(id, move) {
    if (hidden[id]) { resetFilters(); }
    network.selectNodes([id]);
    if (move) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    }
    showDetails(id, highlight(id));
  }

  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], false); }
    else { clearHighlight(); }
  });

  // ------------------------------------------------------------------ filters

  var filter = { district: "", statuses: {}, kinds: {} };
  DATA.status_codes.forEach(function (s) { filter.statuses[s] = true; });
  DATA.legend.kinds.forEach(function (k) { filter.kinds[k[0]] = true; });

  function applyFilters() {
    var inDistrict = null;
    if (filter.district !== null && filter.district !== "*") {
      inDistrict = {};
      NODES.forEach(function (n) { if (n.district === filter.district) { inDistrict[n.id] = true; } });
      // with the district come the organisations its nodes are tied to
      Object.keys(inDistrict).forEach(function (id) {
        (neighbours[id] || []).forEach(function (v) {
          if (NODES[v].kind !== "resident" && NODES[v].kind !== "district") { inDistrict[v] = true; }
        });
      });
    }
    var changes = [];
    var shown = 0;
    NODES.forEach(function (n) {
      var hide = !filter.kinds[n.kind] ||
        (n.status !== undefined && !filter.statuses[n.status]) ||
        (inDistrict !== null && !inDistrict[n.id]);
      if (!hide) { shown += 1; }
      if (!!hidden[n.id] !== hide) {
        hidden[n.id] = hide;
        changes.push({ id: n.id, hidden: hide });
      }
    });
    if (changes.length) { nodes.update(changes); }
    var count = byId("shown-count");
    count.textContent = W.shown + " " + shown.toLocaleString() + " / " + NODES.length.toLocaleString();
    count.setAttribute("data-shown", String(shown));
  }

  function resetFilters() {
    filter.district = "*";
    byId("district-filter").value = "*";
    Object.keys(filter.statuses).forEach(function (s) { filter.statuses[s] = true; });
    Object.keys(filter.kinds).forEach(function (k) { filter.kinds[k] = true; });
    Array.prototype.forEach.call(document.querySelectorAll("#filters input[type=checkbox]"),
      function (box) { box.checked = true; });
    applyFilters();
  }

  function checkbox(container, value, text, colour, state) {
    var lab = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = value;
    box.addEventListener("change", function () { state[value] = box.checked; applyFilters(); });
    lab.appendChild(box);
    if (colour) {
      var sw = el("span", null, "swatch");
      sw.style.background = colour;
      lab.appendChild(sw);
    }
    lab.appendChild(el("span", text));
    container.appendChild(lab);
  }

  // ------------------------------------------------------------------ search

  function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }
  var keys = NODES.map(function (n) { return { id: n.id, name: norm(n.name), node_id: norm(n.node_id) }; });

  function search(query) {
    var q = norm(query.trim());
    if (!q) { return []; }
    var exact = [], starts = [], contains = [];
    keys.forEach(function (k) {
      if (k.node_id === q || k.name === q) { exact.push(k.id); }
      else if (k.node_id.indexOf(q) === 0 || k.name.indexOf(q) === 0) { starts.push(k.id); }
      else if (k.node_id.indexOf(q) >= 0 || k.name.indexOf(q) >= 0) { contains.push(k.id); }
    });
    return exact.concat(starts, contains).slice(0, 30);
  }

  function showResults() {
    var list = byId("search-results");
    list.textContent = "";
    var query = byId("search").value;
    if (!query.trim()) { return; }
    var found = search(query);
    if (!found.length) { list.appendChild(el("li", W.no_match, "none")); return; }
    found.forEach(function (id, i) {
      var n = NODES[id];
      var li = el("li", n.name + (n.node_id !== n.name ? " (" + n.node_id + ")" : ""), i === 0 ? "active" : null);
      li.setAttribute("data-node", String(id));
      li.addEventListener("click", function () { select(id, true); });
      list.appendChild(li);
    });
  }

  // ------------------------------------------------------------------ the panel

  function buildPanel() {
    document.title = W.map_title + " — " + DATA.caption;
    byId("title").textContent = W.map_title;
    byId("caption").textContent = DATA.caption;
    byId("as-of").textContent = W.as_of + W.colon + DATA.as_of;
    byId("search-label").textContent = W.search;
    byId("search").placeholder = W.search_placeholder;
    byId("filters-title").textContent = W.filters;
    byId("district-label").textContent = W.district;
    byId("status-label").textContent = W.status;
    byId("kind-label").textContent = W.kind;
    byId("reset").textContent = W.reset;
    byId("legend-title").textContent = W.legend;
    byId("legend-size").textContent = W.size_note;
    byId("hint").textContent = W.hint;

    var districts = byId("district-filter");
    var all = el("option", W.all_districts);
    all.value = "*";
    districts.appendChild(all);
    DATA.districts.forEach(function (d) {
      var o = el("option", districtName(d));
      o.value = d;
      districts.appendChild(o);
    });
    districts.value = "*";
    filter.district = "*";
    districts.addEventListener("change", function () {
      filter.district = districts.value;
      applyFilters();
    });

    var hasResidents = NODES.some(function (n) { return n.status !== undefined; });
    var statusBox = byId("status-filter");
    if (hasResidents) {
      DATA.legend.statuses.forEach(function (s) {
        checkbox(statusBox, s[0], s[1], s[2], filter.statuses);
      });
    } else {
      statusBox.hidden = true;
    }
    var kindBox = byId("kind-filter");
    DATA.legend.kinds.forEach(function (k) { checkbox(kindBox, k[0], k[1], null, filter.kinds); });
    byId("reset").addEventListener("click", resetFilters);

    var kinds = byId("legend-kinds");
    DATA.legend.kinds.forEach(function (k) {
      var li = el("li");
      li.appendChild(icon(k[2], k[3], k[4]));
      li.appendChild(el("span", k[1]));
      kinds.appendChild(li);
    });
    var statuses = byId("legend-statuses");
    DATA.legend.statuses.forEach(function (s) {
      var li = el("li");
      li.appendChild(icon("dot", s[2], "#444"));
      li.appendChild(el("span", s[1] + " " + s[3].toLocaleString()));
      statuses.appendChild(li);
    });
    var ties = byId("legend-ties");
    DATA.legend.ties.forEach(function (t) {
      var li = el("li");
      li.appendChild(tieIcon(t[0], t[2], t[3]));
      li.appendChild(el("span", t[1]));
      ties.appendChild(li);
    });
    var notes = byId("notes");
    DATA.notes.forEach(function (text) { notes.appendChild(el("p", text)); });

    var input = byId("search");
    input.addEventListener("input", showResults);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var found = search(input.value);
        if (found.length) { select(found[0], true); }
      }
    });
  }

  buildPanel();
  applyFilters();
  network.fit({ animation: false, maxZoomLevel: 1.8 });
  var timing = {};
  network.once("afterDrawing", function () {
    timing.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });
  if (DATA.focus !== null && DATA.focus !== undefined) { select(DATA.focus, false); }

  window.tsunagari = {
    network: network,
    nodes: nodes,
    edges: edges,
    select: select,
    search: search,
    timing: timing,
    shown: function () { return NODES.length - Object.keys(hidden).filter(function (k) { return hidden[k]; }).length; }
  };
}());
