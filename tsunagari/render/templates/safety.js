/* tsunagari safety net in the page: dominators, statuses, single points, threads, what-if.
 *
 * The same graph and the same rules as tsunagari.analysis: vertices 0..n-1 are the
 * network's nodes and n is the virtual root; the edges are SafetyNet.src/.dst in their
 * order. Immediate dominators by the iterative algorithm of Cooper, Harvey and Kennedy
 * over the reverse postorder of an iterative depth-first search (the tree is unique, so
 * it equals the analysis's); threads by the augmenting-path rule of
 * tsunagari/analysis/threads.py, step for step, over the same successor order, so the
 * paths are the very ones Python finds. No DOM, nothing fetched, no recursion.
 */
(function () {
  "use strict";

  var ISOLATED = 0, UNREACHED = 1, SINGLE_THREAD = 2, OVERLAPPING = 3;
  var MOST = 2;  // threads asked for: two are what "overlapping" means

  // Edges grouped by key, in edge order within a key (as SafetyNet's stable argsort
  // groups them): key k's edges sit at positions ptr[k] .. ptr[k+1]-1, to[p] being the
  // other end and edge[p] the edge's index in g.src/g.dst.
  function csr(keys, values, size) {
    var m = keys.length, ptr = new Int32Array(size + 1), fill, out = new Int32Array(m);
    var edge = new Int32Array(m), i, k;
    for (i = 0; i < m; i++) { ptr[keys[i] + 1]++; }
    for (k = 0; k < size; k++) { ptr[k + 1] += ptr[k]; }
    fill = ptr.slice(0, size);
    for (i = 0; i < m; i++) {
      k = fill[keys[i]]++;
      out[k] = values[i];
      edge[k] = i;
    }
    return { ptr: ptr, to: out, edge: edge };
  }

  function create(g) {
    var n = g.n, size = n + 1, root = n, m = g.src.length, i, j, v;
    var src = Int32Array.from(g.src), dst = Int32Array.from(g.dst);
    var succ = csr(src, dst, size), pred = csr(dst, src, size);
    var isSupport = new Uint8Array(m);
    for (i = 0; i < m; i++) { isSupport[i] = g.support[i] ? 1 : 0; }

    // distinct support sources of each vertex, as SafetyNet.supporters counts them
    var supporters = new Int32Array(size), mark = new Int32Array(size).fill(-1);
    for (v = 0; v < size; v++) {
      for (j = pred.ptr[v]; j < pred.ptr[v + 1]; j++) {
        if (isSupport[pred.edge[j]] && mark[pred.to[j]] !== v) {
          mark[pred.to[j]] = v;
          supporters[v]++;
        }
      }
    }

    // shared work arrays (one computation at a time)
    var order = new Int32Array(size), post = new Int32Array(size);
    var stackV = new Int32Array(size), stackE = new Int32Array(size);
    var seen = new Uint8Array(size), spare = new Int32Array(size);  // what-if's tree
    var left = new Int32Array(size), lastLost = new Int32Array(size);

    // Immediate dominators of the graph without the vertices marked in gone (null: none),
    // into idom (every entry rewritten).
    function dominators(gone, idom) {
      var count = 0, top = 0, x, e, w, b, k, changed, best, p, a, c;
      idom.fill(-1);
      post.fill(-1);
      // iterative depth-first search from the root; order[] gets the postorder
      seen.fill(0);
      seen[root] = 1;
      stackV[0] = root; stackE[0] = succ.ptr[root]; top = 1;
      while (top > 0) {
        x = stackV[top - 1];
        e = stackE[top - 1];
        if (e < succ.ptr[x + 1]) {
          stackE[top - 1] = e + 1;
          w = succ.to[e];
          if (!seen[w] && !(gone && gone[w])) {
            seen[w] = 1;
            stackV[top] = w; stackE[top] = succ.ptr[w]; top++;
          }
        } else {
          top--;
          post[x] = count;
          order[count++] = x;
        }
      }
      idom[root] = root;
      changed = true;
      while (changed) {
        changed = false;
        for (k = count - 2; k >= 0; k--) {  // reverse postorder, the root (last) left out
          b = order[k];
          best = -1;
          for (j = pred.ptr[b]; j < pred.ptr[b + 1]; j++) {
            p = pred.to[j];
            if (idom[p] < 0) { continue; }  // not reached, removed, or not processed yet
            if (best < 0) { best = p; continue; }
            a = p; c = best;
            while (a !== c) {
              while (post[a] < post[c]) { a = idom[a]; }
              while (post[c] < post[a]) { c = idom[c]; }
            }
            best = a;
          }
          if (idom[b] !== best) { idom[b] = best; changed = true; }
        }
      }
      return idom;
    }

    function code(idom, count, v) {
      if (count[v] === 0) { return ISOLATED; }
      if (idom[v] < 0) { return UNREACHED; }
      return idom[v] === root ? OVERLAPPING : SINGLE_THREAD;
    }

    var idom = dominators(null, new Int32Array(size));

    function status(v) { return code(idom, supporters, v); }

    function statuses() {
      var out = new Int8Array(n);
      for (var v = 0; v < n; v++) { out[v] = code(idom, supporters, v); }
      return out;
    }

    function singlePoints(v) {
      var out = [], x = idom[v];
      if (x < 0) { return out; }
      while (x !== root) { out.push(x); x = idom[x]; }
      return out;
    }

    // ------------------------------------------------------------------- threads
    // States: 2x is vertex x's entry, 2x+1 its exit. Work arrays are reset after use.
    var prevState = new Int32Array(2 * size).fill(-2);  // -2: not reached
    var prevEdge = new Int32Array(2 * size);
    var flowing = new Uint8Array(m);                     // by successor position
    var inEdge = new Int32Array(size).fill(-1);          // flow into a vertex: position
    var inTail = new Int32Array(size);                   // ... and that edge's tail
    var queue = new Int32Array(2 * size);

    function augment(start, goal, touchedEdges, touchedVertices) {
      var head = 0, tail = 0, s, x, p, t, u, e, found = false, fwd = [], back = [];
      prevState[start] = -1; prevEdge[start] = -1;
      queue[tail++] = start;
      while (head < tail && !found) {
        s = queue[head++];
        x = s >> 1;
        if (s & 1) {
          for (p = succ.ptr[x]; p < succ.ptr[x + 1]; p++) {
            t = 2 * succ.to[p];
            if (!flowing[p] && prevState[t] === -2) {
              prevState[t] = s; prevEdge[t] = p; queue[tail++] = t;
              if (t === goal) { found = true; break; }
            }
          }
          if (inEdge[x] >= 0 && prevState[s - 1] === -2) {
            prevState[s - 1] = s; prevEdge[s - 1] = -1; queue[tail++] = s - 1;
          }
        } else if (inEdge[x] >= 0) {
          p = inEdge[x];
          t = 2 * inTail[x] + 1;
          if (prevState[t] === -2) { prevState[t] = s; prevEdge[t] = p; queue[tail++] = t; }
        } else if (prevState[s + 1] === -2) {
          prevState[s + 1] = s; prevEdge[s + 1] = -1; queue[tail++] = s + 1;
        }
      }
      if (found) {
        t = goal;
        while (t !== start) {
          s = prevState[t]; p = prevEdge[t];
          if (p >= 0) {
            if (s & 1) { fwd.push(p, s >> 1, t >> 1); } else { back.push(p, t >> 1, s >> 1); }
          }
          t = s;
        }
        for (e = 0; e < back.length; e += 3) {
          flowing[back[e]] = 0;
          if (inEdge[back[e + 2]] === back[e]) { inEdge[back[e + 2]] = -1; }
        }
        for (e = 0; e < fwd.length; e += 3) {
          p = fwd[e]; u = fwd[e + 1]; x = fwd[e + 2];
          flowing[p] = 1; touchedEdges.push(p);
          if (2 * x !== goal) { inEdge[x] = p; inTail[x] = u; touchedVertices.push(x); }
        }
      }
      for (e = 0; e < tail; e++) { prevState[queue[e]] = -2; }
      return found;
    }

    function threads(v) {
      var edges = [], vertices = [], paths = [], k, p, q, x, path, e;
      if (!(v >= 0 && v < n)) { throw new RangeError("node position " + v + " out of range"); }
      if (idom[v] < 0) { return paths; }  // the formal net does not reach her: no thread
      for (k = 0; k < MOST; k++) {
        if (!augment(2 * root + 1, 2 * v, edges, vertices)) { break; }
      }
      for (p = succ.ptr[root]; p < succ.ptr[root + 1]; p++) {
        if (!flowing[p]) { continue; }
        path = [succ.to[p]];
        while (path[path.length - 1] !== v) {
          x = path[path.length - 1];
          for (q = succ.ptr[x]; q < succ.ptr[x + 1]; q++) {
            if (flowing[q]) { path.push(succ.to[q]); break; }
          }
        }
        paths.push(path.reverse());
      }
      for (e = 0; e < edges.length; e++) { flowing[edges[e]] = 0; }
      for (e = 0; e < vertices.length; e++) { inEdge[vertices[e]] = -1; }
      return paths;
    }

    // ------------------------------------------------------------------- what-if
    // The statuses once the removed nodes and all their ties are gone, as tsunagari's
    // whatif computes them (a removed root is tied to nothing, so it holds no one).
    function without(removed) {
      var gone = new Uint8Array(size), count = left, k, x, j, t, after, out = new Int8Array(n);
      count.set(supporters);
      lastLost.fill(-1);
      for (k = 0; k < removed.length; k++) { gone[removed[k]] = 1; }
      for (x = 0; x < n; x++) {
        if (!gone[x]) { continue; }
        for (j = succ.ptr[x]; j < succ.ptr[x + 1]; j++) {
          t = succ.to[j];
          if (isSupport[succ.edge[j]] && lastLost[t] !== x) { lastLost[t] = x; count[t]--; }
        }
      }
      after = dominators(gone, spare);
      for (x = 0; x < n; x++) { out[x] = gone[x] ? -1 : code(after, count, x); }
      return out;
    }

    return {
      n: n,
      idom: idom,
      status: status,
      statuses: statuses,
      singlePoints: singlePoints,
      threads: threads,
      without: without
    };
  }

  window.TsunagariSafety = { create: create };
})();
