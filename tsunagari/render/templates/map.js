/* tsunagari map: one page per network that drills down from the city to a person.
 *
 * The page carries the whole analysed network (citydata.py) and draws one view at a time,
 * never more than about two thousand nodes: the overview (districts as pies, organisations
 * one by one), a district or the residents at risk one page at a time, a person's
 * neighbourhood, or the whole network when it is small. Views come from views.js, the
 * threads and the what-if from safety.js (dominators computed in the page). All text from
 * the data goes on screen through textContent (never innerHTML), and tooltips are plain
 * strings, which vis-network shows as text. Nothing is fetched.
 */
(function () {
  "use strict";

  var timing = { script: performance.now(), views: [] };
  var DATA = JSON.parse(document.getElementById("tsunagari-data").textContent);
  timing.parsed = performance.now();
  var OPTIONS = JSON.parse(document.getElementById("tsunagari-options").textContent);
  var W = DATA.words;
  var C = DATA.city;
  var N = C.n;
  var STYLE = DATA.style;
  var CODES = DATA.status_codes;
  var V = window.TsunagariViews.create(C, DATA.limits, DATA.show_ended);
  var FONT = OPTIONS.nodes.font.face;
  var FADED = { background: "#eceff2", border: "#d3d8de" };
  var POINT = "#c81e1e";
  var BOLD = "#1f2933";
  var DISTRICT_ALL = -2;

  function byId(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  var NUMBER = new Intl.NumberFormat(DATA.lang === "ja" ? "ja-JP" : "en-US");
  function fmt(x) { return NUMBER.format(x); }
  function fill(template, values) {
    return template.replace(/\{(\w+)(?::[^}]*)?\}/g, function (m, key) {
      return values[key] === undefined ? m : String(values[key]);
    });
  }
  function kindOf(v) { return C.kinds[C.kind[v]]; }
  function districtName(code) { return code < 0 ? W.city_wide : C.districts[code]; }
  function statusOf(v) { return C.status[v] < 0 ? null : CODES[C.status[v]]; }
  function ragged(col, k) { return col.flat.slice(col.start[k], col.start[k + 1]); }
  function people(x) { return fmt(x) + W.people; }

  // ------------------------------------------------------------------ the safety net

  var safety = null;
  function net() {
    if (safety) { return safety; }
    var T = C.ties, src = [], dst = [], support = [];
    var k;
    for (k = 0; k < T.source.length; k++) {
      if (V.active[k]) { src.push(T.source[k]); dst.push(T.target[k]); support.push(T.collaboration[k] ? 0 : 1); }
    }
    for (k = 0; k < T.source.length; k++) {
      if (V.active[k] && T.collaboration[k]) { src.push(T.target[k]); dst.push(T.source[k]); support.push(0); }
    }
    C.roots.forEach(function (r) { src.push(N); dst.push(r); support.push(0); });
    safety = window.TsunagariSafety.create({
      n: N, src: Int32Array.from(src), dst: Int32Array.from(dst), support: Uint8Array.from(support)
    });
    return safety;
  }

  // ------------------------------------------------------------------ words on nodes

  function shortLabel(name) {
    var s = String(name);
    var line = 12;
    if (s.length <= line) { return s; }
    if (s.length <= 2 * line) { return s.slice(0, line) + "\n" + s.slice(line); }
    return s.slice(0, line) + "\n" + s.slice(line, 2 * line - 1) + "…";
  }

  function heading(v) { return fill(W.node_heading, { name: C.name[v], id: C.id[v] }); }

  function chainText(vertices) {
    return vertices.map(function (p) { return C.name[p]; }).join(" ← ");
  }

  function residentTitle(v) {
    var k = V.row[v];
    var c = W.colon;
    var lines = [
      heading(v),
      DATA.labels.kinds.resident + " · " + districtName(C.district[v]),
      W.status + c + DATA.labels.statuses[statusOf(v)],
      W.supporters + c + people(C.supporters[k])
    ];
    var points = ragged(C.single_points, k);
    if (points.length) { lines.push(W.single_points + c + W.self + " ← " + chainText(points)); }
    var needs = ragged(C.needs, k).map(function (code) {
      var d = Math.floor(code / C.need_statuses.length);
      var s = C.need_statuses[code % C.need_statuses.length];
      return C.domains[d] + "=" + DATA.labels.need_statuses[s];
    });
    if (needs.length) { lines.push(W.needs + c + needs.join(W.comma)); }
    if (C.lsns6[k] >= 0) { lines.push(W.lsns6 + c + C.lsns6[k]); }
    return lines.join("\n");
  }

  function orgTitle(v) {
    var c = W.colon;
    var head = [DATA.labels.kinds[kindOf(v)]];
    if (C.subtype[orgRow[v]]) { head.push(C.subtype[orgRow[v]]); }
    head.push(districtName(C.district[v]));
    var lines = [heading(v), head.join(" · ")];
    if (isRoot[v]) { lines.push(W.is_root); }
    lines.push(W.dependents + c + people(C.dependents[v]));
    lines.push(W.load + c + fmt(C.load[v]));
    var k = orgRow[v];
    var services = ragged(C.services, k).map(function (d) { return C.domains[d]; });
    if (services.length) { lines.push(W.services + c + services.join(W.comma)); }
    return lines.join("\n");
  }

  function tieTitle(e, nameOf) {
    var c = W.colon;
    var arrow = e.collaboration ? " — " : " → ";
    var lines = [DATA.labels.relations[e.collaboration ? "collaboration" : "support"] + c +
      nameOf(e.a) + arrow + nameOf(e.b)];
    if (e.count > 1) { lines.push(W.ties_merged + c + fmt(e.count)); }
    var domains = [];
    e.rows.forEach(function (k) {
      var d = C.ties.domain[k];
      if (d >= 0 && domains.indexOf(C.domains[d]) < 0) { domains.push(C.domains[d]); }
    });
    if (domains.length && e.rows.length <= 50) { lines.push(domains.join(W.comma)); }
    if (e.style === "informal") { lines.push(W.legend_informal); }
    if (e.style === "inactive" && C.ties.inactive) {
      var at = C.ties.inactive.indexOf(e.rows[e.rows.length - 1]);
      if (at >= 0 && C.ties.inactive_text[at]) { lines.push(C.ties.inactive_text[at]); }
    }
    return lines.join("\n");
  }

  var isRoot = new Uint8Array(N);
  C.roots.forEach(function (r) { isRoot[r] = 1; });
  var orgRow = new Int32Array(N).fill(-1);
  (function () {
    var k = 0;
    for (var v = 0; v < N; v++) { if (!V.isResident[v]) { orgRow[v] = k++; } }
  }());

  function nodeColour(fillColour, border) {
    var focus = { background: fillColour, border: BOLD };
    return { background: fillColour, border: border, highlight: focus, hover: focus };
  }

  function supporterSize(dependents) {
    return Math.round(Math.min(13 + 4 * Math.sqrt(dependents), 46) * 10) / 10;
  }

  function visNode(v, xy) {
    var kind = kindOf(v);
    var style = STYLE.kinds[kind];
    var node = { id: v, label: shortLabel(C.name[v]), shape: style[0], x: Math.round(xy[0]),
      y: Math.round(xy[1]), v: v, kind: kind, district: C.district[v], font: { size: QUIET_LABEL } };
    if (V.isResident[v]) {
      var colours = STYLE.statuses[statusOf(v)];
      node.color = nodeColour(colours[0], colours[1]);
      node.size = 9;
      node.status = statusOf(v);
    } else {
      node.color = nodeColour(style[1], style[2]);
      node.size = supporterSize(C.dependents[v]);
    }
    node.base = { color: node.color, font: node.font };
    return node;
  }

  // Labels that do not collide: the view's hubs (the supporters most residents depend on)
  // are labelled at every zoom, everyone else once zoomed in far enough for labels to fit
  // (vis-network skips a label smaller than drawThreshold on screen), and the selection.
  var QUIET_LABEL = 9;
  var HUB_LABELS = 24;
  function labelHubs(nodes) {
    var hubs = nodes.filter(function (nd) { return nd.v >= 0 && !V.isResident[nd.v] && C.dependents[nd.v] > 0; });
    hubs.sort(function (x, y) { return (C.dependents[y.v] - C.dependents[x.v]) || (x.v - y.v); });
    hubs.slice(0, HUB_LABELS).forEach(function (nd) {
      nd.font = { size: Math.round(14 + Math.min(8, Math.sqrt(C.dependents[nd.v]))) };
      nd.base.font = nd.font;
    });
    return nodes;
  }

  function visEdge(e, k, width, nameOf, faint) {
    var style = STYLE.ties[e.style];
    var edge = { id: k, from: e.a, to: e.b, width: width, nameOf: nameOf,
      color: { color: style[0], highlight: BOLD, hover: BOLD }, tie: e };
    if (faint) { edge.color.opacity = e.collaboration ? 0.25 : 0.45; }
    if (!e.collaboration) { edge.arrows = "to"; }
    if (style[1]) { edge.dashes = style[1]; }
    edge.base = { color: edge.color, width: width };
    return edge;
  }

  // ------------------------------------------------------------------ the overview

  var HUBS = DATA.overview ? DATA.overview.hubs : [];
  var hubOf = {};
  HUBS.forEach(function (d, j) { hubOf[d === "" ? -1 : C.districts.indexOf(d)] = j; });
  // the organisations the overview draws (graph.overview_organisations): the roots and
  // every supporter someone depends on
  var orgs = [];
  for (var v0 = 0; v0 < N; v0++) {
    if (!V.isResident[v0] && (C.dependents[v0] > 0 || isRoot[v0])) { orgs.push(v0); }
  }

  function hubCounts(statusFilter) {
    var counts = HUBS.map(function () { return [0, 0, 0, 0]; });
    C.residents.forEach(function (v) {
      var s = whatIf ? whatIf.after[v] : C.status[v];  // -1: the resident taken away
      if (s >= 0) { counts[hubOf[C.district[v]]][s] += 1; }
    });
    return counts.map(function (row) {
      return row.map(function (x, s) { return statusFilter[CODES[s]] ? x : 0; });
    });
  }

  function pie(ctx, x, y, r, counts, faded) {
    var total = counts.reduce(function (s, x2) { return s + x2; }, 0);
    var start = -Math.PI / 2;
    if (total === 0) {
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = "#d3d8de"; ctx.fill();
    }
    CODES.forEach(function (code, i) {
      if (!counts[i]) { return; }
      var angle = 2 * Math.PI * counts[i] / total;
      ctx.beginPath(); ctx.moveTo(x, y); ctx.arc(x, y, r, start, start + angle); ctx.closePath();
      ctx.fillStyle = faded ? FADED.background : STYLE.statuses[code][0];
      ctx.fill();
      start += angle;
    });
  }

  function districtRenderer(node, args) {
    var r = node.size;
    return {
      drawNode: function () {
        var ctx = args.ctx;
        pie(ctx, args.x, args.y, r, node.status_counts, false);
        ctx.beginPath(); ctx.arc(args.x, args.y, r, 0, 2 * Math.PI);
        ctx.lineWidth = args.state.selected ? 3.5 : 1.5;
        ctx.strokeStyle = "#44505c";
        ctx.stroke();
      },
      drawExternalLabel: function () {
        var ctx = args.ctx;
        var lines = String(node.label).split("\n");
        // readable at the opening zoom: at least 14 px on screen
        var size = Math.max(Math.round(r * 0.42), Math.ceil(14 / Math.max(scale(), 0.01)));
        ctx.font = "600 " + size + "px " + FONT;
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.lineWidth = Math.max(3, size / 5); ctx.strokeStyle = "#ffffff";
        ctx.fillStyle = BOLD;
        lines.forEach(function (line, i) {
          var y = args.y + r + 4 + i * size * 1.15;
          ctx.strokeText(line, args.x, y);
          ctx.fillText(line, args.x, y);
        });
      },
      nodeDimensions: { width: 2 * r, height: 2 * r }
    };
  }

  function hubText(hub) {
    var shown = hub.status_counts.reduce(function (s, x) { return s + x; }, 0);
    var lines = [districtName(hub.hub) + W.colon + W.residents + " " + people(hub.total)];
    if (shown !== hub.total) { lines.push(W.shown + W.colon + people(shown)); }
    CODES.forEach(function (s, i) {
      lines.push(DATA.labels.statuses[s] + W.colon + fmt(hub.status_counts[i]));
    });
    return lines.join("\n");
  }

  function overviewGraph() {
    var O = DATA.overview;
    var group = new Int32Array(N).fill(-1);
    orgs.forEach(function (v, k) { group[v] = k; });
    C.residents.forEach(function (v) { group[v] = orgs.length + hubOf[C.district[v]]; });
    var nodes = labelHubs(orgs.map(function (v, k) { return visNode(v, [O.x[k], O.y[k]]); }));
    // among 1,600 organisations only the hubs are named at every zoom; the others on hover
    nodes.forEach(function (nd) { if (nd.font.size === QUIET_LABEL) { nd.label = undefined; } });
    var counts = hubCounts(filter.statuses);
    var everyone = {};
    CODES.forEach(function (s) { everyone[s] = true; });
    var totals = hubCounts(everyone);
    HUBS.forEach(function (d, j) {
      var k = orgs.length + j;
      var code = d === "" ? -1 : C.districts.indexOf(d);
      var total = totals[j].reduce(function (s, x) { return s + x; }, 0);
      var name = districtName(code);
      var hub = { id: "d" + code, label: name + "\n" + fmt(total), shape: "custom",
        size: O.hub_size[j], x: O.x[k], y: O.y[k],
        kind: "district", district: code, status_counts: counts[j], total: total,
        hub: code, v: -1, base: {} };
      hub.ctxRenderer = function (args) { return districtRenderer(hub, args); };
      nodes.push(hub);
    });
    var ids = nodes.map(function (nd) { return nd.id; });
    var nameOf = function (g) { return g < orgs.length ? C.name[orgs[g]] : districtName(nodes[g].hub); };
    var merged = V.mergeTies(group, null);
    var edges = merged.map(function (e, k) {
      var width = Math.round((1 + 1.5 * Math.log10(e.count)) * 100) / 100;
      var edge = visEdge(e, k, width, nameOf, true);
      edge.from = ids[e.a]; edge.to = ids[e.b];
      return edge;
    });
    return { nodes: nodes, edges: edges, labels: [] };
  }

  // ------------------------------------------------------------------ detail views

  function detailGraph(list, layoutOf) {
    var inView = new Uint8Array(N);
    list.forEach(function (v) { inView[v] = 1; });
    var placed = layoutOf(list, inView);
    var nodes = labelHubs(list.map(function (v) { return visNode(v, placed.pos[v]); }));
    var group = new Int32Array(N).fill(-1);
    list.forEach(function (v) { group[v] = v; });
    var merged = V.mergeTies(group, list);
    var nameOf = function (v) { return C.name[v]; };
    var edges = merged.map(function (e, k) { return visEdge(e, k, 1, nameOf, false); });
    var labels = placed.labels.map(function (b) {
      return { text: (b.which === 0 ? W.block_isolated : W.block_unreached) + " " + people(b.count),
        x: b.x, y: b.y };
    });
    return { nodes: nodes, edges: edges, labels: labels };
  }

  // ------------------------------------------------------------------ the current view

  // A view: {kind: "overview" | "full" | "district" | "at_risk" | "focus", district, page,
  // focus, radius}. ``drawn`` holds what is on the canvas.
  var view = null;
  var drawn = { nodes: [], edges: [], byId: {}, list: [], edgeOf: {} };
  var container = byId("graph");
  var network = new vis.Network(container, { nodes: [], edges: [] }, OPTIONS);
  var nodesSet = null, edgesSet = null;
  var selected = null;
  var whatIf = null;
  var filter = { statuses: {}, kinds: {} };
  CODES.forEach(function (s) { filter.statuses[s] = true; });
  C.kinds.forEach(function (k) { filter.kinds[k] = true; });
  filter.kinds.district = true;

  function scale() { return network ? network.getScale() : 1; }

  // One frame for whatever changed (vis-network's own request: drawn once, at the next
  // animation frame, however many changes asked for it).
  function requestDraw() { network.body.emitter.emit("_requestRedraw"); }

  function districtOrAll(spec) { return spec.district === DISTRICT_ALL ? null : spec.district; }

  // The nodes of a view (views.py's rules), and whether a cap cut the neighbourhood short.
  function listOf(spec) {
    if (spec.kind === "full") { return { members: V.everyone(), truncated: false }; }
    if (spec.kind === "district") { return { members: V.district(spec.district, spec.page), truncated: false }; }
    if (spec.kind === "at_risk") { return { members: V.atRisk(districtOrAll(spec), spec.page), truncated: false }; }
    var extra = [];
    net().threads(spec.focus).forEach(function (path) { extra = extra.concat(path); });
    return V.focus(spec.focus, spec.radius, extra);
  }

  function pagesOf(spec) {
    if (spec.kind === "district") { return V.pageCount(V.districtResidents(spec.district).length); }
    if (spec.kind === "at_risk") {
      return V.pageCount(V.atRiskResidents(districtOrAll(spec)).length);
    }
    return 1;
  }

  function open(spec) {
    var t0 = performance.now();
    if (spec.kind === "overview" && !DATA.overview) { spec = { kind: "full" }; }
    spec = Object.assign({ district: null, page: 0, focus: null, radius: DATA.start.radius }, spec);
    if (spec.kind === "at_risk" && spec.district === null) { spec.district = DISTRICT_ALL; }
    var graph, truncated = false;
    if (spec.kind === "overview") {
      graph = overviewGraph();
    } else {
      var got = listOf(spec);
      truncated = got.truncated;
      var layoutOf = spec.kind === "full"
        ? function () { return fixedLayout(DATA.full); }
        : spec.kind === "focus"
          ? function (list, inView) { return V.radial(list, inView, spec.focus); }
          : V.flowers;
      graph = detailGraph(got.members, layoutOf);
    }
    view = spec;
    selected = null;
    overlay = null;
    tip.hidden = true;
    drawn = { nodes: graph.nodes, edges: graph.edges, byId: {}, edgeOf: {}, edgeById: graph.edges,
      list: graph.nodes, labels: graph.labels };
    graph.nodes.forEach(function (nd) { drawn.byId[nd.id] = nd; });
    graph.edges.forEach(function (e) {
      drawn.edgeOf[e.from + ">" + e.to] = e;
      if (e.tie.collaboration) { drawn.edgeOf[e.to + ">" + e.from] = e; }
    });
    nodesSet = new vis.DataSet(graph.nodes.map(visible(NODE_FIELDS)));
    edgesSet = new vis.DataSet(graph.edges.map(visible(EDGE_FIELDS)));
    var big = drawn.list.length > 500 || graph.edges.length > 800;
    if (big !== bigView) { bigView = big; network.setOptions(optionsFor(big)); }
    network.setData({ nodes: nodesSet, edges: edgesSet });
    network.fit({ animation: false, maxZoomLevel: 1.4 });
    var built = performance.now();
    var record = { kind: spec.kind, nodes: drawn.list.length, edges: graph.edges.length,
      start: t0, built: built, drawnAt: null };
    timing.views.push(record);
    network.once("afterDrawing", function () {
      record.drawnAt = performance.now();
      timing.drawnAt = record.drawnAt;
      document.body.setAttribute("data-drawn", String(timing.views.length));
    });
    showNotes(truncated);
    showCrumbs();
    hideDetails();
    opening = true;
    applyFilters();
    opening = false;
    if (whatIf) { paintWhatIf(); }
    if (spec.kind === "focus") { select(spec.focus, false); }
  }

  // vis-network copies every field of every item it is given, so it gets only what it
  // draws; what the page knows about a node or tie stays in ``drawn``.
  var NODE_FIELDS = ["id", "label", "shape", "x", "y", "size", "color", "font", "kind", "ctxRenderer"];
  var EDGE_FIELDS = ["id", "from", "to", "width", "color", "arrows", "dashes"];
  function visible(fields) {
    return function (item) {
      var out = {};
      fields.forEach(function (f) { if (item[f] !== undefined) { out[f] = item[f]; } });
      return out;
    };
  }

  function fixedLayout(xy) {
    var pos = {};
    for (var v = 0; v < N; v++) { pos[v] = [xy.x[v], xy.y[v]]; }
    return { pos: pos, labels: [] };
  }

  var bigView = null;
  var opening = false;
  function optionsFor(big) {
    return { interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big } };
  }

  // ------------------------------------------------------------------ tooltips

  // Written when the pointer rests on a node or tie (not for every node up front), as
  // plain text.
  var tip = el("div", null, "tip");
  tip.hidden = true;
  container.appendChild(tip);
  function textOf(kind, id) {
    if (kind === "node") {
      var nd = drawn.byId[id];
      if (!nd) { return ""; }
      if (nd.kind === "district") { return hubText(nd); }
      return V.isResident[nd.v] ? residentTitle(nd.v) : orgTitle(nd.v);
    }
    var e = drawn.edgeById[id];
    return e ? tieTitle(e.tie, e.nameOf) : "";
  }
  function showTip(kind, params) {
    var text = textOf(kind, kind === "node" ? params.node : params.edge);
    if (!text) { return; }
    tip.textContent = text;
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = Math.min(params.pointer.DOM.x + 14, box.width - tip.offsetWidth - 4);
    var y = Math.min(params.pointer.DOM.y + 14, box.height - tip.offsetHeight - 4);
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
    timing.tipAt = performance.now();
  }
  network.on("hoverNode", function (params) { showTip("node", params); });
  network.on("hoverEdge", function (params) { showTip("edge", params); });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  // ------------------------------------------------------------------ breadcrumb

  function crumb(text, spec) {
    var b = el("button", text, "crumb");
    b.type = "button";
    if (spec) { b.addEventListener("click", function () { open(spec); }); } else { b.disabled = true; }
    return b;
  }

  function topSpec() { return DATA.overview ? { kind: "overview" } : { kind: "full" }; }

  function showCrumbs() {
    var bar = byId("crumbs");
    bar.textContent = "";
    var parts = [];
    var top = topSpec();
    parts.push(crumb(DATA.overview ? W.crumb_city : W.view_full, view.kind === top.kind ? null : top));
    if (view.kind === "district" || view.kind === "at_risk") {
      var name = view.kind === "at_risk"
        ? W.view_at_risk + (view.district === DISTRICT_ALL ? "" : " · " + districtName(view.district))
        : districtName(view.district);
      parts.push(crumb(name, null));
    }
    if (view.kind === "focus") {
      var d = C.district[view.focus];
      if (V.isResident[view.focus] || d >= 0) {
        parts.push(crumb(districtName(d), { kind: "district", district: d, page: 0 }));
      }
      parts.push(crumb(C.name[view.focus], null));
    }
    parts.forEach(function (p, i) {
      if (i) { bar.appendChild(el("span", "›", "sep")); }
      bar.appendChild(p);
    });
    var pages = pagesOf(view);
    if (pages > 1) {
      var prev = crumb("‹", view.page > 0 ? Object.assign({}, view, { page: view.page - 1 }) : null);
      prev.setAttribute("aria-label", W.page_prev);
      var next = crumb("›", view.page + 1 < pages ? Object.assign({}, view, { page: view.page + 1 }) : null);
      next.setAttribute("aria-label", W.page_next);
      bar.appendChild(prev);
      bar.appendChild(el("span", fill(W.page_of, { page: view.page + 1, pages: pages }), "pages"));
      bar.appendChild(next);
    }
    byId("caption").textContent = caption();
    document.title = W.map_title + " — " + caption();
    var menu = byId("district-filter");
    menu.value = view.kind === "district" || (view.kind === "at_risk" && view.district !== DISTRICT_ALL)
      ? String(view.district) : "*";
  }

  function caption() {
    if (view.kind === "overview") { return W.view_overview; }
    if (view.kind === "full") { return W.view_full; }
    if (view.kind === "district") { return fill(W.view_district, { district: districtName(view.district) }); }
    if (view.kind === "at_risk") {
      return W.view_at_risk + (view.district === DISTRICT_ALL ? "" : " · " + districtName(view.district));
    }
    return fill(W.view_focus, { name: C.name[view.focus], radius: view.radius });
  }

  function showNotes(truncated) {
    var notes = byId("notes");
    notes.textContent = "";
    var list = DATA.notes.slice();
    if (truncated) { list.push(W.truncated); }
    list.forEach(function (text) { notes.appendChild(el("p", text)); });
  }

  // ------------------------------------------------------------------ selection and threads

  function threadEdges(path) {
    var out = [];
    for (var i = 0; i + 1 < path.length; i++) {
      var e = drawn.edgeOf[path[i + 1] + ">" + path[i]];
      if (e) { out.push(e.id); }
    }
    return out;
  }

  // What a selection or a what-if brings forward is drawn over a white veil after
  // vis-network has drawn the view, instead of restyling every node and tie: a click costs
  // one redraw, whatever the size of the view. ``overlay.nodes``: drawn node -> how;
  // ``overlay.ties``: [tie, width, colour].
  var overlay = null;

  function highlight(v) {
    var nodes = {}, ties = [];
    var threads = net().threads(v);
    var points = {};
    if (V.isResident[v]) { ragged(C.single_points, V.row[v]).forEach(function (p) { points[p] = true; }); }
    var bold = {};
    threads.forEach(function (t) { threadEdges(t).forEach(function (e) { bold[e] = true; }); });
    drawn.edges.forEach(function (e) {
      if (bold[e.id]) { ties.push([e, 3, BOLD]); }
      else if (e.from === v || e.to === v) { ties.push([e, e.base.width, e.base.color.color]); }
      else { return; }
      nodes[e.from] = nodes[e.from] || {};
      nodes[e.to] = nodes[e.to] || {};
    });
    if (isRoot[v]) { threads = []; }
    threads.forEach(function (t) {
      t.forEach(function (u) { if (drawn.byId[u]) { nodes[u] = { named: true }; } });
    });
    Object.keys(points).forEach(function (p) { if (drawn.byId[p]) { nodes[p] = { ring: POINT, named: true }; } });
    nodes[v] = { selected: true, named: true };
    overlay = { nodes: nodes, ties: ties };
    if (whatIf && view.kind !== "overview") { addWhatIf(overlay); }
    requestDraw();
    return threads;
  }

  function clearHighlight() {
    overlay = whatIf && view.kind !== "overview" ? addWhatIf({ nodes: {}, ties: [] }) : null;
    requestDraw();
  }

  // The residents whose status the what-if changes, in their new colour with a dark ring;
  // the node taken away, white with a dashed red ring.
  function addWhatIf(o) {
    whatIf.changed.forEach(function (r) {
      if (drawn.byId[r] && !o.nodes[r]) { o.nodes[r] = {}; }
    });
    if (drawn.byId[whatIf.removed]) { o.nodes[whatIf.removed] = { removed: true, named: true }; }
    return o;
  }

  function drawOverlay(ctx) {
    if (!overlay) { return; }
    var s = scale();
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.82)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    overlay.ties.forEach(function (t) { drawTie(ctx, t[0], t[1], t[2]); });
    Object.keys(overlay.nodes).forEach(function (id) {
      var nd = drawn.byId[id];
      if (!nd || nd.hidden || nd.kind === "district") { return; }
      var how = overlay.nodes[id];
      var fillColour = nd.base.color.background, border = nd.base.color.border, width = 1.5;
      if (whatIf && V.isResident[nd.v] && whatIf.after[nd.v] >= 0 && whatIf.after[nd.v] !== C.status[nd.v]) {
        fillColour = STYLE.statuses[CODES[whatIf.after[nd.v]]][0]; border = BOLD; width = 4;
      }
      if (how.removed) { fillColour = "#ffffff"; border = POINT; width = 4; }
      if (how.ring) { border = how.ring; width = 5; }
      if (how.selected) { border = BOLD; width = Math.max(width, 3.5); }
      shapePath(ctx, nd.shape, nd.x, nd.y, nd.size);
      ctx.fillStyle = fillColour; ctx.fill();
      ctx.setLineDash(how.removed ? [4, 3] : []);
      ctx.lineWidth = width; ctx.strokeStyle = border; ctx.stroke();
      ctx.setLineDash([]);
    });
    // labels last, so that no node covers them: the selection's (larger), its threads', and
    // everyone's when few are brought forward
    var ids = Object.keys(overlay.nodes);
    var few = ids.length <= 40;
    ids.forEach(function (id) {
      var nd = drawn.byId[id];
      if (!nd || nd.hidden || nd.kind === "district" || !(few || overlay.nodes[id].named)) { return; }
      var size = overlay.nodes[id].selected ? Math.max(16, 13 / s) : Math.max(nd.base.font.size, 11 / s);
      ctx.font = (overlay.nodes[id].selected ? "600 " : "") + size + "px " + FONT;
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ctx.lineWidth = size / 4; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = BOLD;
      String(nd.label || shortLabel(C.name[nd.v])).split("\n").forEach(function (line, i) {
        var y = nd.y + nd.size + 3 + i * size * 1.15;
        ctx.strokeText(line, nd.x, y); ctx.fillText(line, nd.x, y);
      });
    });
  }

  function drawTie(ctx, e, width, colour) {
    var a = drawn.byId[e.from], b = drawn.byId[e.to];
    if (!a || !b || a.hidden || b.hidden) { return; }
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    var ux = dx / len, uy = dy / len;
    var end = e.tie.collaboration ? 0 : b.size + 2;
    ctx.beginPath();
    ctx.moveTo(a.x + ux * a.size, a.y + uy * a.size);
    ctx.lineTo(b.x - ux * (end + 4 * width), b.y - uy * (end + 4 * width));
    ctx.lineWidth = width; ctx.strokeStyle = colour;
    ctx.setLineDash(e.dashes || []); ctx.stroke(); ctx.setLineDash([]);
    if (!e.tie.collaboration) {
      var tipX = b.x - ux * end, tipY = b.y - uy * end, w = 3 + 2 * width;
      ctx.beginPath();
      ctx.moveTo(tipX, tipY);
      ctx.lineTo(tipX - ux * 2.2 * w + uy * w, tipY - uy * 2.2 * w - ux * w);
      ctx.lineTo(tipX - ux * 2.2 * w - uy * w, tipY - uy * 2.2 * w + ux * w);
      ctx.closePath(); ctx.fillStyle = colour; ctx.fill();
    }
  }

  // The blocks' headings (the isolated, the unreached) at a size readable at any zoom.
  function drawBlockLabels(ctx) {
    var size = Math.max(18, 15 / scale());
    ctx.font = "600 " + size + "px " + FONT;
    ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.lineWidth = size / 5; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = BOLD;
    (drawn.labels || []).forEach(function (b) {
      ctx.strokeText(b.text, b.x, b.y); ctx.fillText(b.text, b.x, b.y);
    });
  }

  network.on("afterDrawing", function (ctx) { drawBlockLabels(ctx); drawOverlay(ctx); });

  function hideDetails() { byId("details").hidden = true; }

  function nameButton(v, cls) {
    var b = el("button", C.name[v], "name" + (cls ? " " + cls : ""));
    b.type = "button";
    b.addEventListener("click", function () { find(v); });
    return b;
  }

  function showDetails(v, threads) {
    byId("details").hidden = false;
    byId("details-title").textContent = C.name[v];
    byId("details-text").textContent = V.isResident[v] ? residentTitle(v) : orgTitle(v);
    var list = byId("threads");
    list.textContent = "";
    byId("threads-title").textContent = W.threads;
    var points = {};
    if (V.isResident[v]) { ragged(C.single_points, V.row[v]).forEach(function (p) { points[p] = true; }); }
    // a root is the formal net itself: it needs no thread
    if (isRoot[v]) { list.appendChild(el("li", W.is_root)); threads = []; }
    threads.forEach(function (t) {
      var li = el("li");
      t.forEach(function (u, i) {
        if (i > 0) { li.appendChild(document.createTextNode(" ← ")); }
        if (u === v) { li.appendChild(el("span", V.isResident[v] ? W.self : C.name[v])); return; }
        li.appendChild(nameButton(u, points[u] ? "point" : null));
        if (!drawn.byId[u]) { li.appendChild(el("span", W.off_map, "off")); }
      });
      list.appendChild(li);
    });
    if (!list.firstChild) { list.appendChild(el("li", W.no_thread)); }
    var tools = byId("details-tools");
    tools.textContent = "";
    if (!(view.kind === "focus" && view.focus === v)) {
      var around = el("button", W.open_person);
      around.type = "button";
      around.addEventListener("click", function () { open({ kind: "focus", focus: v }); });
      tools.appendChild(around);
    }
    var gone = el("button", whatIf && whatIf.removed === v ? W.whatif_undo : W.whatif_button, "whatif");
    gone.type = "button";
    gone.id = "whatif-button";
    gone.addEventListener("click", function () { toggleWhatIf(v); });
    tools.appendChild(gone);
  }

  function select(v, move) {
    var node = drawn.byId[v];
    if (!node) { return; }
    if (node.hidden) { resetFilters(); }
    selected = v;
    network.selectNodes([v]);
    if (move) { network.focus(v, { scale: Math.max(scale(), 1.0), animation: false }); }
    if (node.kind === "district") { return; }
    showDetails(v, highlight(v));
  }

  // A node from anywhere (search, a thread, the what-if list): selected where it is drawn,
  // else its own neighbourhood opened.
  function find(v) {
    if (drawn.byId[v] && view.kind !== "overview") { select(v, true); }
    else { open({ kind: "focus", focus: v }); }
  }

  network.on("click", function (params) {
    if (!params.nodes.length) {
      selected = null; clearHighlight(); hideDetails();
      return;
    }
    var node = drawn.byId[params.nodes[0]];
    if (node.kind === "district") { open({ kind: "district", district: node.hub, page: 0 }); return; }
    select(node.id, false);
  });
  network.on("doubleClick", function (params) {
    var node = params.nodes.length ? drawn.byId[params.nodes[0]] : null;
    if (node && node.v >= 0) { open({ kind: "focus", focus: node.v }); }
  });

  // ------------------------------------------------------------------ what if

  function toggleWhatIf(v) {
    if (whatIf && whatIf.removed === v) {
      whatIf = null;
      byId("whatif").hidden = true;
      paintWhatIf();
      if (selected !== null && drawn.byId[selected]) { showDetails(selected, net().threads(selected)); }
      return;
    }
    var t0 = performance.now();
    var after = net().without([v]);
    var changed = [];
    C.residents.forEach(function (r) {
      if (r !== v && after[r] !== C.status[r]) { changed.push(r); }
    });
    changed.sort(function (x, y) { return (after[x] - after[y]) || (x - y); });
    whatIf = { removed: v, after: after, changed: changed, ms: performance.now() - t0 };
    timing.whatif = whatIf.ms;
    showWhatIf();
    paintWhatIf();
    if (selected !== null && drawn.byId[selected]) { showDetails(selected, net().threads(selected)); }
  }

  function showWhatIf() {
    var box = byId("whatif");
    box.hidden = false;
    byId("whatif-title").textContent = fill(W.whatif_title, { name: C.name[whatIf.removed] });
    // cut off: held before, not after; thinner: from overlapping to a single thread
    var cut = 0, thinner = 0, other = 0;
    whatIf.changed.forEach(function (r) {
      var before = C.status[r], after = whatIf.after[r];
      if (before >= 2 && after <= 1) { cut += 1; }
      else if (before === C.overlapping && after === 2) { thinner += 1; }
      else { other += 1; }
    });
    byId("whatif-summary").textContent = whatIf.changed.length
      ? fill(W.whatif_summary, { cut: fmt(cut), thinner: fmt(thinner), other: fmt(other) })
      : W.whatif_none;
    var list = byId("whatif-list");
    list.textContent = "";
    whatIf.changed.slice(0, DATA.limits.listed).forEach(function (r) {
      var li = el("li");
      li.setAttribute("data-node", String(r));
      li.appendChild(nameButton(r, null));
      li.appendChild(el("span", " " + DATA.labels.statuses[CODES[C.status[r]]] + " → " +
        DATA.labels.statuses[CODES[whatIf.after[r]]], "change s" + whatIf.after[r]));
      list.appendChild(li);
    });
    if (whatIf.changed.length > DATA.limits.listed) {
      list.appendChild(el("li", fill(W.more_listed, { n: fmt(whatIf.changed.length - DATA.limits.listed) }), "more"));
    }
    var undo = el("button", W.whatif_undo);
    undo.type = "button";
    var v = whatIf.removed;
    undo.addEventListener("click", function () { toggleWhatIf(v); });
    list.appendChild(el("li")).appendChild(undo);
  }

  function paintWhatIf() {
    applyFilters();  // the filters, the pies and the legend count the statuses after
    if (view.kind === "overview") { return; }
    if (selected !== null && drawn.byId[selected]) { highlight(selected); } else { clearHighlight(); }
  }

  // ------------------------------------------------------------------ filters and legend

  // A resident's status as the map shows it: after the what-if while one is shown.
  function statusNow(v) {
    if (whatIf && V.isResident[v]) { return whatIf.after[v] < 0 ? null : CODES[whatIf.after[v]]; }
    return statusOf(v);
  }

  function applyFilters() {
    if (view.kind === "overview") {
      var counts = hubCounts(filter.statuses);
      var changes = [];
      drawn.nodes.forEach(function (nd) {
        if (nd.kind === "district") {
          nd.status_counts = counts[HUBS.indexOf(nd.hub === -1 ? "" : C.districts[nd.hub])];
        }
        var hide = !filter.kinds[nd.kind];
        if (!!nd.hidden !== hide) { nd.hidden = hide; changes.push({ id: nd.id, hidden: hide }); }
      });
      if (changes.length) { nodesSet.update(changes); }
      if (!opening) { requestDraw(); }

    } else {
      var updates = [];
      drawn.list.forEach(function (nd) {
        var s = nd.status ? statusNow(nd.v) : null;
        var hide = !filter.kinds[nd.kind] || (s !== null && !filter.statuses[s]);
        if (!!nd.hidden !== hide) { nd.hidden = hide; updates.push({ id: nd.id, hidden: hide }); }
      });
      if (updates.length) { nodesSet.update(updates); }
    }
    updateLegend();
  }

  function updateLegend() {
    var counts = {};
    CODES.forEach(function (s) { counts[s] = 0; });
    var shown = 0;
    if (view.kind === "overview") {
      drawn.nodes.forEach(function (nd) {
        if (nd.hidden) { return; }
        shown += 1;
        if (nd.kind === "district") { CODES.forEach(function (s, i) { counts[s] += nd.status_counts[i]; }); }
      });
    } else {
      drawn.list.forEach(function (nd) {
        if (nd.hidden) { return; }
        shown += 1;
        var s = nd.status ? statusNow(nd.v) : null;
        if (s) { counts[s] += 1; }
      });
    }
    CODES.forEach(function (s) {
      var item = byId("legend-count-" + s);
      if (item) { item.textContent = fmt(counts[s]); item.setAttribute("data-count", String(counts[s])); }
    });
    var line = byId("shown-count");
    line.textContent = W.shown + " " + fmt(shown) + " / " + fmt(drawn.list.length);
    line.setAttribute("data-shown", String(shown));
  }

  function resetFilters() {
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

  // Names and ids match whatever their width and spacing: 高橋洋介 finds 高橋 洋介.
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  var keys = null;
  function searchKeys() {
    if (keys) { return keys; }
    keys = { name: new Array(N), id: new Array(N) };
    for (var v = 0; v < N; v++) { keys.name[v] = norm(C.name[v]); keys.id[v] = norm(C.id[v]); }
    keys.districts = C.districts.map(norm);
    return keys;
  }

  // Districts first, then people: exact matches, then prefixes, then the rest.
  function search(query) {
    var q = norm(query);
    if (!q) { return []; }
    var k = searchKeys();
    var out = [];
    k.districts.forEach(function (d, code) { if (d.indexOf(q) >= 0) { out.push({ district: code }); } });
    var exact = [], starts = [], contains = [];
    for (var v = 0; v < N; v++) {
      var a = k.id[v], b = k.name[v];
      if (a === q || b === q) { exact.push(v); }
      else if (a.indexOf(q) === 0 || b.indexOf(q) === 0) { starts.push(v); }
      else if (a.indexOf(q) >= 0 || b.indexOf(q) >= 0) { contains.push(v); }
      if (exact.length >= DATA.limits.found) { break; }
    }
    exact.concat(starts, contains).slice(0, DATA.limits.found).forEach(function (v) { out.push({ node: v }); });
    return out.slice(0, DATA.limits.found);
  }

  var results = [];
  var active = -1;

  function showResults() {
    var list = byId("search-results");
    list.textContent = "";
    results = search(byId("search").value);
    active = results.length ? 0 : -1;
    if (!byId("search").value.trim()) { return; }
    if (!results.length) { list.appendChild(el("li", W.no_match, "none")); return; }
    results.forEach(function (hit, i) {
      var text = hit.node !== undefined
        ? (C.id[hit.node] !== C.name[hit.node] ? heading(hit.node) : C.name[hit.node]) +
          " · " + districtName(C.district[hit.node])
        : districtName(hit.district) + " · " + W.filter_district;
      var li = el("li", text, i === 0 ? "active" : null);
      li.setAttribute("role", "option");
      li.setAttribute("data-node", hit.node !== undefined ? String(hit.node) : "d" + hit.district);
      li.addEventListener("click", function () { choose(i); });
      list.appendChild(li);
    });
  }

  function markActive() {
    Array.prototype.forEach.call(byId("search-results").children, function (li, i) {
      li.className = i === active ? "active" : "";
      if (i === active) { li.scrollIntoView({ block: "nearest" }); }
    });
  }

  function choose(i) {
    var hit = results[i];
    if (!hit) { return; }
    byId("search-results").textContent = "";
    results = [];
    active = -1;
    if (hit.district !== undefined) { open({ kind: "district", district: hit.district, page: 0 }); }
    else { find(hit.node); }
  }

  // ------------------------------------------------------------------ keyboard

  // With a node selected: arrows step through the drawn nodes, Enter opens the selected
  // node's neighbourhood, Escape lets go; "/" jumps to the search box.
  function step(by) {
    var list = drawn.list.filter(function (nd) { return !nd.hidden && nd.kind !== "district"; });
    if (!list.length) { return; }
    var at = list.findIndex(function (nd) { return nd.id === selected; });
    var next = list[(at + by + list.length) % list.length];
    select(next.id, true);
  }

  document.addEventListener("keydown", function (ev) {
    var inSearch = ev.target === byId("search");
    if (inSearch) {
      if (ev.key === "ArrowDown" && results.length) { active = (active + 1) % results.length; markActive(); ev.preventDefault(); }
      else if (ev.key === "ArrowUp" && results.length) { active = (active - 1 + results.length) % results.length; markActive(); ev.preventDefault(); }
      else if (ev.key === "Enter") { choose(active); ev.preventDefault(); }
      else if (ev.key === "Escape") { byId("search-results").textContent = ""; results = []; active = -1; }
      return;
    }
    if (ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") { return; }
    if (ev.key === "/") { byId("search").focus(); ev.preventDefault(); }
    else if (ev.key === "ArrowRight" || ev.key === "ArrowDown") { step(1); ev.preventDefault(); }
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") { step(-1); ev.preventDefault(); }
    else if (ev.key === "Enter" && selected !== null && ev.target.tagName !== "BUTTON") {
      open({ kind: "focus", focus: selected });
    } else if (ev.key === "Escape") { selected = null; clearHighlight(); hideDetails(); network.unselectAll(); }
  });

  // ------------------------------------------------------------------ image

  // The canvas as a PNG on a white ground, saved by the browser: nothing leaves the page.
  function savePng() {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width; out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    var link = document.createElement("a");
    link.download = "tsunagari-" + view.kind + ".png";
    link.href = out.toDataURL("image/png");  // a data: address, made here
    document.body.appendChild(link);
    link.click();
    link.remove();
    return link.href.length;
  }

  // ------------------------------------------------------------------ the panel

  function icon(shape, fillColour, border) {
    var c = el("canvas");
    c.width = 18; c.height = 18;
    var ctx = c.getContext("2d");
    if (shape === "custom") {
      pie(ctx, 9, 9, 7.5, [1, 1, 1, 1], false);
      ctx.beginPath(); ctx.arc(9, 9, 7.5, 0, 2 * Math.PI);
    } else {
      shapePath(ctx, shape, 9, 9, shape === "dot" ? 6 : 7);
      ctx.fillStyle = fillColour; ctx.fill();
    }
    ctx.lineWidth = 1.2; ctx.strokeStyle = border; ctx.stroke();
    return c;
  }

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

  function buildPanel() {
    byId("title").textContent = W.map_title;
    byId("as-of").textContent = W.as_of + W.colon + DATA.as_of;
    byId("search-label").textContent = W.search;
    byId("search").placeholder = W.search_placeholder;
    byId("filters-title").textContent = W.filters;
    byId("district-label").textContent = W.filter_district;
    byId("status-label").textContent = W.residents_status;
    byId("kind-label").textContent = W.filter_kind;
    byId("reset").textContent = W.reset;
    byId("legend-title").textContent = W.legend;
    byId("legend-size").textContent = W.size_note;
    byId("hint").textContent = W.hint;
    byId("png").textContent = W.save_png;
    byId("crumbs").setAttribute("aria-label", W.crumbs);
    byId("png").addEventListener("click", savePng);

    var districts = byId("district-filter");
    var all = el("option", DATA.overview ? W.crumb_city : W.all_districts);
    all.value = "*";
    districts.appendChild(all);
    C.districts.forEach(function (d, code) {
      var o = el("option", d);
      o.value = String(code);
      districts.appendChild(o);
    });
    if (HUBS.indexOf("") >= 0 || C.residents.some(function (v) { return C.district[v] < 0; })) {
      var cw = el("option", W.city_wide);
      cw.value = "-1";
      districts.appendChild(cw);
    }
    districts.addEventListener("change", function () {
      if (districts.value === "*") { open(topSpec()); }
      else { open({ kind: "district", district: Number(districts.value), page: 0 }); }
    });

    var statusBox = byId("status-filter");
    DATA.legend.statuses.forEach(function (s) { checkbox(statusBox, s[0], s[1], s[2], filter.statuses); });
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
      li.appendChild(el("span", s[1] + " "));
      var count = el("span", "", "count");
      count.id = "legend-count-" + s[0];
      li.appendChild(count);
      statuses.appendChild(li);
    });
    var tiesList = byId("legend-ties");
    DATA.legend.ties.forEach(function (t) {
      var li = el("li");
      li.appendChild(tieIcon(t[0], t[2], t[3]));
      li.appendChild(el("span", t[1]));
      tiesList.appendChild(li);
    });

    var input = byId("search");
    input.addEventListener("input", showResults);
  }

  buildPanel();
  var start = DATA.start;
  open({ kind: start.view, district: start.district, focus: start.focus, radius: start.radius,
    page: start.page });

  // The drawn view as plain data, as a reader sees it (the tests read the page this way).
  function idOf(id) { var nd = drawn.byId[id]; return nd.v >= 0 ? C.id[nd.v] : nd.id; }

  function describe() {
    return {
      view: view,
      nodes: drawn.list.map(function (nd) {
        var now = nodesSet.get(nd.id);
        return { id: idOf(nd.id), name: nd.v >= 0 ? C.name[nd.v] : districtName(nd.hub),
          kind: nd.kind, status: nd.status || null, shape: nd.shape, size: nd.size,
          colour: now.color && now.color.background, x: nd.x, y: nd.y, hidden: !!nd.hidden,
          district: districtName(nd.district), root: nd.v >= 0 && !!isRoot[nd.v],
          single_points: nd.v >= 0 && V.isResident[nd.v]
            ? ragged(C.single_points, V.row[nd.v]).map(function (p) { return C.id[p]; }) : [],
          counts: nd.status_counts || null, title: textOf("node", nd.id) };
      }),
      edges: drawn.edges.map(function (e) {
        return { from: idOf(e.from), to: idOf(e.to), style: e.tie.style,
          relation: e.tie.collaboration ? "collaboration" : "support", arrows: e.arrows || null,
          colour: e.base.color.color,
          dashes: !!e.dashes, width: e.base.width, title: textOf("edge", e.id) };
      })
    };
  }

  // What the first click and the first search need, made while the page waits.
  (window.requestIdleCallback || setTimeout)(function () { net(); searchKeys(); });

  window.tsunagari = {
    describe: describe,
    index: function (id) { return C.id.indexOf(id); },
    overlay: function () {
      if (!overlay) { return null; }
      return {
        nodes: Object.keys(overlay.nodes).map(function (id) {
          return Object.assign({ id: idOf(id) }, overlay.nodes[id]);
        }),
        ties: overlay.ties.map(function (t) {
          return { from: idOf(t[0].from), to: idOf(t[0].to), width: t[1], colour: t[2] };
        })
      };
    },
    network: network,
    get nodes() { return nodesSet; },
    get edges() { return edgesSet; },
    open: open,
    view: function () { return view; },
    drawn: function () { return drawn; },
    select: select,
    find: find,
    search: search,
    whatif: toggleWhatIf,
    changed: function () { return whatIf ? whatIf.changed.map(function (r) { return [C.id[r], whatIf.after[r]]; }) : null; },
    safety: net,
    savePng: savePng,
    timing: timing,
    shown: function () { return drawn.list.filter(function (nd) { return !nd.hidden; }).length; }
  };
}());
