/* tsunagari map: which nodes a view holds, its merged ties and its layout. No DOM here.
 *
 * The page carries the whole analysed network as columns (tsunagari/render/citydata.py)
 * and builds each view on demand, by the rules of tsunagari/render/views.py, which this
 * file follows step for step (the browser tests check that both give the same nodes and
 * ties): a district or the residents at risk one page at a time, worst first; a person's
 * neighbourhood; the whole network when it is small; the city overview.
 */
(function () {
  "use strict";

  function create(C, L, showEnded) {
    var n = C.n;
    var RESIDENT = C.kinds.indexOf("resident");
    var T = C.ties;
    var ties = T.source.length;
    // columns the page derives rather than carries
    T.collaboration = new Uint8Array(ties);
    T.informal = new Uint8Array(ties);
    for (var j0 = 0; j0 < ties; j0++) {
      T.collaboration[j0] = T.code[j0] >> 1;
      T.informal[j0] = T.code[j0] & 1;
    }
    C.residents = [];
    for (var v0 = 0; v0 < n; v0++) { if (C.kind[v0] === RESIDENT) { C.residents.push(v0); } }
    var active = new Uint8Array(ties).fill(1);
    (T.inactive || []).forEach(function (k) { active[k] = 0; });
    var isResident = new Uint8Array(n);
    C.residents.forEach(function (v) { isResident[v] = 1; });
    var row = new Int32Array(n).fill(-1);  // a resident's row in the per-resident columns
    C.residents.forEach(function (v, k) { row[v] = k; });

    // ---------------------------------------------------------------- adjacency

    var byNode = null;  // tie numbers touching each node, CSR
    function incident() {
      if (byNode) { return byNode; }
      var start = new Int32Array(n + 1);
      var k;
      for (k = 0; k < ties; k++) { start[T.source[k] + 1]++; start[T.target[k] + 1]++; }
      for (k = 0; k < n; k++) { start[k + 1] += start[k]; }
      var fill = start.slice(0, n);
      var list = new Int32Array(2 * ties);
      for (k = 0; k < ties; k++) {
        list[fill[T.source[k]]++] = k;
        list[fill[T.target[k]]++] = k;
      }
      byNode = { start: start, list: list };
      return byNode;
    }

    var neighbourCsr = null;  // distinct undirected neighbours, ascending (views.py _adjacency)
    function neighbours() {
      if (neighbourCsr) { return neighbourCsr; }
      var inc = incident();
      var start = new Int32Array(n + 1);
      var lists = [];
      var total = 0;
      for (var v = 0; v < n; v++) {
        var seen = [];
        for (var j = inc.start[v]; j < inc.start[v + 1]; j++) {
          var k = inc.list[j];
          var w = T.source[k] === v ? T.target[k] : T.source[k];
          if (w !== v) { seen.push(w); }
        }
        seen.sort(function (x, y) { return x - y; });
        var distinct = seen.filter(function (w, i) { return i === 0 || seen[i - 1] !== w; });
        lists.push(distinct);
        total += distinct.length;
        start[v + 1] = total;
      }
      var flat = new Int32Array(total);
      lists.forEach(function (l, v) { flat.set(l, start[v]); });
      neighbourCsr = { start: start, list: flat };
      return neighbourCsr;
    }

    // ---------------------------------------------------------------- views

    function upClosure(mask) {
      var frontier = [];
      for (var v = 0; v < n; v++) { if (mask[v]) { frontier.push(v); } }
      while (frontier.length) {
        var next = [];
        frontier.forEach(function (v) {
          var p = C.parent[v];
          if (p >= 0 && !mask[p]) { mask[p] = 1; next.push(p); }
        });
        frontier = next;
      }
      return members(mask);
    }

    function members(mask) {
      var out = [];
      for (var v = 0; v < n; v++) { if (mask[v]) { out.push(v); } }
      return out;
    }

    function worstFirst(list) {
      return list.slice().sort(function (x, y) {
        return (C.status[x] - C.status[y]) || (x - y);
      });
    }

    function pageCount(listed) { return Math.max(1, Math.ceil(listed / L.page)); }

    function pageOf(list, page) {
      return worstFirst(list).slice(page * L.page, (page + 1) * L.page);
    }

    var byDistrict = null;
    function districtResidents(code) {
      if (!byDistrict) {
        byDistrict = {};
        C.residents.forEach(function (v) {
          (byDistrict[C.district[v]] = byDistrict[C.district[v]] || []).push(v);
        });
      }
      return byDistrict[code] || [];
    }

    function atRiskResidents(code) {
      var pool = code === null ? C.residents : districtResidents(code);
      return pool.filter(function (v) { return C.status[v] !== C.overlapping; });
    }

    function district(code, page) {
      var mask = new Uint8Array(n);
      for (var v = 0; v < n; v++) {
        if (!isResident[v] && C.district[v] === code) { mask[v] = 1; }
      }
      pageOf(districtResidents(code), page).forEach(function (v) { mask[v] = 1; });
      var touching = [];
      for (var k = 0; k < ties; k++) {
        var s = T.source[k], t = T.target[k];
        if (!showEnded && !active[k]) { continue; }
        if (mask[s]) { touching.push(t); }
        if (mask[t]) { touching.push(s); }
      }
      touching.forEach(function (w) { if (!isResident[w]) { mask[w] = 1; } });
      return upClosure(mask);
    }

    function atRisk(code, page) {
      var mask = new Uint8Array(n);
      pageOf(atRiskResidents(code), page).forEach(function (v) { mask[v] = 1; });
      var chosen = mask.slice();
      for (var k = 0; k < ties; k++) {
        if (active[k] && !T.collaboration[k] && chosen[T.target[k]]) { mask[T.source[k]] = 1; }
      }
      C.roots.forEach(function (r) { mask[r] = 1; });
      return upClosure(mask);
    }

    // One node's neighbourhood within ``radius`` ties, not spreading through hubs, capped.
    function focus(centre, radius, extra) {
      var nb = neighbours();
      var seen = new Uint8Array(n);
      seen[centre] = 1;
      var order = [centre];
      var frontier = [centre];
      var truncated = false;
      for (var step = 0; step < radius; step++) {
        var next = [];
        for (var i = 0; i < frontier.length; i++) {
          var v = frontier[i];
          if (v !== centre && nb.start[v + 1] - nb.start[v] > L.hub_degree) { continue; }
          for (var j = nb.start[v]; j < nb.start[v + 1]; j++) {
            var w = nb.list[j];
            if (seen[w]) { continue; }
            if (order.length >= L.focus_max) { truncated = true; break; }
            seen[w] = 1;
            order.push(w);
            next.push(w);
          }
        }
        frontier = next;
      }
      (extra || []).forEach(function (v) { seen[v] = 1; });
      return { members: upClosure(seen), truncated: truncated };
    }

    function everyone() {
      var out = [];
      for (var v = 0; v < n; v++) { out.push(v); }
      return out;
    }

    // ---------------------------------------------------------------- merged ties

    // Ties between drawn nodes merged per (from, to, relation) in file order, as
    // graph.merged_ties does. ``group[v]`` is v's drawn node (-1: not drawn).
    function mergeTies(group, drawnNodes) {
      var keys = new Map();
      var out = [];
      var kept = [];
      var size = 1;
      var k;
      for (k = 0; k < group.length; k++) { if (group[k] >= size) { size = group[k] + 1; } }
      if (drawnNodes === null) {
        for (k = 0; k < ties; k++) { kept.push(k); }
      } else {
        var inc = incident();
        drawnNodes.forEach(function (v) {
          for (var j = inc.start[v]; j < inc.start[v + 1]; j++) {
            if (T.source[inc.list[j]] === v) { kept.push(inc.list[j]); }
          }
        });
        kept.sort(function (x, y) { return x - y; });
      }
      kept.forEach(function (k) {
        var s = group[T.source[k]], t = group[T.target[k]];
        if (s < 0 || t < 0 || s === t) { return; }
        if (!showEnded && !active[k]) { return; }
        var collab = T.collaboration[k];
        var a = collab ? Math.min(s, t) : s;
        var b = collab ? Math.max(s, t) : t;
        var key = (a * size + b) * 2 + collab;
        var e = keys.get(key);
        if (e === undefined) {
          e = { a: a, b: b, collaboration: collab, count: 0, active: 0, informal: true,
            rows: [] };
          keys.set(key, e);
          out.push(e);
        }
        e.count += 1;
        e.active += active[k];
        e.informal = e.informal && T.informal[k] === 1;
        e.rows.push(k);
      });
      out.forEach(function (e) {
        e.style = !e.active ? "inactive" : e.collaboration ? "collaboration"
          : e.informal ? "informal" : "support";
      });
      return out;
    }

    // ---------------------------------------------------------------- layouts

    var GOLDEN = Math.PI * (3 - Math.sqrt(5));
    var SPACING = 46;

    function sunflower(count, inner) {
      var start = Math.pow(inner / (0.62 * SPACING), 2);
      var xy = [];
      for (var k = 0; k < count; k++) {
        var r = 0.62 * SPACING * Math.sqrt(k + start + 0.5);
        xy.push([r * Math.cos(k * GOLDEN), r * Math.sin(k * GOLDEN)]);
      }
      return xy;
    }

    // A page of residents: each organisation with the residents whose thread reaches it
    // first drawn around it, the isolated and the unreached in blocks of their own, the
    // blocks packed in rows, biggest first. Linear in the page, the same on every run.
    function flowers(list, inView) {
      var head = {};
      var clusters = [];
      function cluster(key, centre, label) {
        if (!head[key]) {
          head[key] = { key: key, centre: centre, label: label, residents: [] };
          clusters.push(head[key]);
        }
        return head[key];
      }
      list.forEach(function (v) { if (!isResident[v]) { cluster("o" + v, v, null); } });
      worstFirst(list.filter(function (v) { return isResident[v]; })).forEach(function (v) {
        var u = C.parent[v];
        while (u >= 0 && inView[u] && isResident[u]) { u = C.parent[u]; }
        if (C.status[v] === C.isolated) { cluster("isolated", -1, 0).residents.push(v); }
        else if (u >= 0 && inView[u]) { cluster("o" + u, u, null).residents.push(v); }
        else { cluster("unreached", -1, 1).residents.push(v); }
      });
      clusters.forEach(function (c) {
        // around the organisation's own shape (its size grows with its dependents)
        var inner = c.centre >= 0 ? Math.min(13 + 4 * Math.sqrt(C.dependents[c.centre]), 46) + 26 : 0;
        c.points = sunflower(c.residents.length, inner);
        var r = 30;
        c.points.forEach(function (p) { r = Math.max(r, Math.hypot(p[0], p[1]) + 24); });
        c.radius = r;
      });
      clusters.sort(function (x, y) {
        return ((x.label === null) - (y.label === null)) || (y.residents.length - x.residents.length)
          || (x.centre - y.centre);
      });
      var area = 0;
      clusters.forEach(function (c) { area += Math.pow(2 * c.radius + SPACING, 2); });
      var width = Math.max(Math.sqrt(area) * 1.25, 2 * clusters[0].radius + SPACING);
      var pos = {};
      var labels = [];
      var x = 0, y = 0, rowHeight = 0;
      clusters.forEach(function (c) {
        var d = 2 * c.radius + SPACING;
        if (x > 0 && x + d > width) { x = 0; y += rowHeight; rowHeight = 0; }
        var cx = x + d / 2, cy = y + d / 2 + (c.label !== null ? 40 : 0);
        if (c.centre >= 0) { pos[c.centre] = [cx, cy]; }
        c.residents.forEach(function (v, k) { pos[v] = [cx + c.points[k][0], cy + c.points[k][1]]; });
        if (c.label !== null) {
          labels.push({ which: c.label, count: c.residents.length, x: cx, y: cy - c.radius - 10 });
        }
        x += d;
        rowHeight = Math.max(rowHeight, d + (c.label !== null ? 40 : 0));
      });
      return { pos: pos, labels: labels };
    }

    // A person's neighbourhood: the person in the middle, everyone else on rings by their
    // distance in ties, each branch of the breadth-first tree in its own wedge.
    function radial(list, inView, centre) {
      var inc = incident();
      var parent = {}, depth = {}, children = {};
      var order = [centre];
      depth[centre] = 0;
      for (var i = 0; i < order.length; i++) {
        var v = order[i];
        children[v] = [];
        var around = [];
        for (var j = inc.start[v]; j < inc.start[v + 1]; j++) {
          var k = inc.list[j];
          if (!showEnded && !active[k]) { continue; }
          around.push(T.source[k] === v ? T.target[k] : T.source[k]);
        }
        around.sort(function (x, y) { return x - y; });
        around.forEach(function (w) {
          if (inView[w] && depth[w] === undefined) {
            depth[w] = depth[v] + 1; parent[w] = v; children[v].push(w); order.push(w);
          }
        });
      }
      var leaves = {};
      for (i = order.length - 1; i >= 0; i--) {
        var u = order[i];
        leaves[u] = children[u].length ? 0 : 1;
        children[u].forEach(function (w) { leaves[u] += leaves[w]; });
      }
      var ringCount = [];
      order.forEach(function (v) { ringCount[depth[v]] = (ringCount[depth[v]] || 0) + 1; });
      var radius = [0];
      for (var d = 1; d < ringCount.length; d++) {
        radius[d] = Math.max(radius[d - 1] + 170, ringCount[d] * 52 / (2 * Math.PI));
      }
      var pos = {};
      var span = {};
      pos[centre] = [0, 0];
      span[centre] = [0, 2 * Math.PI];
      order.forEach(function (v) {
        var lo = span[v][0], width = span[v][1] - span[v][0];
        children[v].forEach(function (w) {
          var share = width * leaves[w] / Math.max(leaves[v], 1);
          span[w] = [lo, lo + share];
          var angle = lo + share / 2 - Math.PI / 2;
          pos[w] = [radius[depth[w]] * Math.cos(angle), radius[depth[w]] * Math.sin(angle)];
          lo += share;
        });
      });
      // what the tree did not reach (no tie within the view) goes on an outer ring
      var rest = list.filter(function (v) { return pos[v] === undefined; });
      var outer = radius[radius.length - 1] + 200;
      rest.forEach(function (v, k) {
        var angle = 2 * Math.PI * k / rest.length;
        pos[v] = [outer * Math.cos(angle), outer * Math.sin(angle)];
      });
      return { pos: pos, labels: [] };
    }

    return {
      n: n,
      isResident: isResident,
      row: row,
      active: active,
      incident: incident,
      pageCount: pageCount,
      districtResidents: districtResidents,
      atRiskResidents: atRiskResidents,
      district: district,
      atRisk: atRisk,
      focus: focus,
      everyone: everyone,
      mergeTies: mergeTies,
      flowers: flowers,
      radial: radial,
      worstFirst: worstFirst
    };
  }

  window.TsunagariViews = { create: create };
}());
