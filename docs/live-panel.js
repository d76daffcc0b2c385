// cnnbook's live panels in the chapters (the live directive): a button
// that starts, on this page, the module of the live page (live.html) and
// gives a small drawing pad. The scripts (wasm_exec.js, the weights, the
// gzipped module, about 2 MB) load only when the reader asks, as plain
// <script> elements, so the panel works opened from disk. A panel's
// data-net says which net it shows: "lenet" (LeNet-5: the answer and
// C1's maps) or "zfnet" (the ZFNet-style net: the answer and relu1's
// maps; click a map for its kernel and deconvnet projection).
(function () {
  "use strict";
  var panels = document.querySelectorAll("aside.live-panel[data-net]");
  if (!panels.length) return;
  var starting = null;

  function load(src) {
    return new Promise(function (ok, no) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = ok;
      s.onerror = function () { no(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }
  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  }

  // start loads and runs the module once for the page; it resolves to
  // window.cnnLive with both nets' weights loaded.
  function start() {
    if (starting) return starting;
    starting = (function () {
      if (typeof WebAssembly !== "object" || typeof DecompressionStream !== "function") {
        return Promise.reject(new Error("this browser cannot run WebAssembly here"));
      }
      return load("wasm_exec.js").then(function () { return load("live-weights.js"); }).then(function () { return load("live-wasm.js"); }).then(function () {
        var gz = new Blob([bytes(window.cnnLiveWasm)]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(gz).arrayBuffer();
      }).then(function (buf) {
        var go = new Go();
        return WebAssembly.instantiate(buf, go.importObject).then(function (r) {
          return new Promise(function (ok) {
            window.cnnLiveReady = function () { ok(window.cnnLive); };
            go.run(r.instance);
          });
        });
      }).then(function (api) {
        var err = api.load(bytes(window.cnnLiveWeights)) || api.loadZF(bytes(window.cnnLiveZFWeights));
        if (err) throw new Error(err);
        return api;
      });
    })();
    return starting;
  }

  function argmax(p) {
    var b = 0;
    for (var i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
    return b;
  }
  function maxAbs(w) {
    var a = 0;
    for (var i = 0; i < w.length; i++) a = Math.max(a, Math.abs(w[i]));
    return a;
  }
  // signed paints values orange (positive) and blue (negative), white 0.
  function signed(c, w, h, v) {
    c.width = w;
    c.height = h;
    var g = c.getContext("2d"), im = g.createImageData(w, h), a = maxAbs(v);
    for (var q = 0; q < w * h; q++) {
      var t = a > 0 ? v[q] / a : 0, col = t >= 0 ? [255, Math.round(255 - 120 * t), Math.round(255 - 255 * t)] : [Math.round(255 + 255 * t), Math.round(255 + 120 * t), 255];
      im.data[4 * q] = col[0]; im.data[4 * q + 1] = col[1]; im.data[4 * q + 2] = col[2]; im.data[4 * q + 3] = 255;
    }
    g.putImageData(im, 0, 0);
  }
  // grey paints a map, white 0 and black at the layer's maximum hi.
  function grey(c, m, k, hi) {
    var g = c.getContext("2d"), im = g.createImageData(m.w, m.h), n = m.h * m.w;
    for (var i = 0; i < n; i++) {
      var t = hi > 0 ? m.data[k * n + i] / hi : 0, v = Math.round(255 * (1 - Math.min(1, Math.max(0, t))));
      im.data[4 * i] = im.data[4 * i + 1] = im.data[4 * i + 2] = v;
      im.data[4 * i + 3] = 255;
    }
    g.putImageData(im, 0, 0);
  }

  function setup(panel) {
    var net = panel.getAttribute("data-net"), btn = document.createElement("button");
    btn.type = "button";
    btn.className = "live-run";
    btn.textContent = "Run it here: draw a digit";
    panel.appendChild(btn);
    btn.addEventListener("click", function () {
      btn.disabled = true;
      btn.textContent = "Starting the network…";
      start().then(function (api) { btn.remove(); pad(panel, net, api); }, function (e) {
        btn.textContent = "The network cannot run here (" + e.message + "): open the live page.";
      });
    });
  }

  // pad builds the panel's drawing pad, answer and maps.
  function pad(panel, net, api) {
    var box = document.createElement("div"), canvas = document.createElement("canvas");
    box.className = "live-panel-run";
    canvas.width = canvas.height = 280;
    canvas.className = "live-panel-pad";
    canvas.setAttribute("aria-label", "Draw a digit here with the mouse or a finger");
    var side = document.createElement("div"), out = document.createElement("output"), clear = document.createElement("button");
    out.className = "live-panel-answer";
    clear.type = "button";
    clear.textContent = "Clear";
    var layer = net === "zfnet" ? "relu1" : "C1", maps = document.createElement("div"), detail = document.createElement("div");
    maps.className = "live-panel-maps";
    detail.className = "live-panel-detail";
    side.appendChild(out);
    side.appendChild(document.createTextNode(" "));
    side.appendChild(clear);
    side.appendChild(maps);
    side.appendChild(detail);
    box.appendChild(canvas);
    box.appendChild(side);
    panel.appendChild(box);
    var ctx = canvas.getContext("2d", { willReadFrequently: true }), sel = -1, strokes = 0;

    function run() {
      var im = ctx.getImageData(0, 0, 280, 280).data, ink = new Uint8Array(280 * 280);
      for (var i = 0; i < ink.length; i++) ink[i] = im[4 * i + 3];
      var t = performance.now(), tr = api.runDrawing(ink, 280, 280);
      if (!tr) return;
      if (net === "zfnet") tr = api.zfRun();
      out.setAttribute("data-ms", (performance.now() - t).toFixed(2));
      var p = tr.probs, best = argmax(p);
      out.textContent = (net === "zfnet" ? "The ZFNet-style net" : "LeNet-5") + " reads " + best + " (p = " + (100 * p[best]).toFixed(1) + "%)";
      out.setAttribute("data-class", String(best));
      out.setAttribute("data-strokes", String(strokes));
      var m = tr.layers.filter(function (l) { return l.name === layer; })[0], hi = 0;
      for (i = 0; i < m.data.length; i++) hi = Math.max(hi, m.data[i]);
      if (!maps.children.length) {
        for (var k = 0; k < m.c; k++) {
          var c = document.createElement("canvas");
          c.width = m.w;
          c.height = m.h;
          c.setAttribute("data-i", String(k));
          c.title = layer + " map " + k + ": click for its kernel" + (net === "zfnet" ? " and deconvnet projection" : "");
          maps.appendChild(c);
        }
      }
      for (k = 0; k < m.c; k++) grey(maps.children[k], m, k, hi);
      if (sel >= 0) show(sel);
    }
    function show(i) {
      sel = i;
      detail.textContent = "";
      var k = net === "zfnet" ? api.zfKernel(layer, i) : api.kernel(layer, i), c = document.createElement("canvas"), cap = document.createElement("span");
      signed(c, k.k, k.k, k.w);
      cap.textContent = layer + " map " + i + ": kernel";
      detail.appendChild(cap);
      detail.appendChild(c);
      if (net === "zfnet") {
        var pr = api.zfProject(layer, i), pc = document.createElement("canvas"), pcap = document.createElement("span");
        signed(pc, 28, 28, pr.pixels);
        pcap.textContent = "deconvnet projection of its strongest unit (" + pr.i + ", " + pr.j + ")";
        detail.appendChild(pcap);
        detail.appendChild(pc);
        detail.projection = pr.pixels;
        detail.setAttribute("data-at", pr.i + "," + pr.j);
      }
      detail.setAttribute("data-map", String(i));
    }
    maps.addEventListener("click", function (e) {
      var i = e.target.getAttribute && e.target.getAttribute("data-i");
      if (i !== null && i !== undefined) show(Number(i));
    });

    // The pen of the live page: 20 canvas pixels wide, a run a frame.
    var drawing = false, last = null, queued = false;
    ctx.lineCap = ctx.lineJoin = "round";
    function at(e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * 280 / r.width, y: (e.clientY - r.top) * 280 / r.height };
    }
    function line(a, b) {
      ctx.strokeStyle = "#000";
      ctx.lineWidth = 20;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    }
    function later() {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; run(); });
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true;
      last = at(e);
      line(last, last);
      if (canvas.setPointerCapture) canvas.setPointerCapture(e.pointerId);
      later();
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = at(e);
      line(last, p);
      last = p;
      later();
    });
    function up() {
      if (!drawing) return;
      drawing = false;
      strokes++;
      run();
    }
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, 280, 280);
      strokes = 0;
      out.textContent = "Draw a digit in the box.";
      out.removeAttribute("data-class");
    });
    // Start from the live page's first test digit, drawn on the pad.
    var d = api.digits()[0], small = document.createElement("canvas");
    small.width = small.height = 28;
    var sc = small.getContext("2d"), im = sc.createImageData(28, 28);
    for (var q = 0; q < 784; q++) im.data[4 * q + 3] = d.pixels[q];
    sc.putImageData(im, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, 280, 280);
    run();
  }

  for (var i = 0; i < panels.length; i++) setup(panels[i]);
})();
