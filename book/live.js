// cnnbook's live page: the trained LeNet-5 of chapters/lenet, compiled
// from the book's Go code to WebAssembly (./wasm), run on what the reader
// draws. No library and nothing fetched: the module (gzip, base64) and the
// weights (base64) come in as plain scripts (live-wasm.js,
// live-weights.js), so the page works opened from disk. Without
// WebAssembly the page keeps its static pictures and says why.
(function () {
  "use strict";
  var root = document.getElementById("live");
  var status = document.getElementById("live-status");
  var pred = document.getElementById("prediction");
  if (!root || !status || !pred) return;

  function fail(why) {
    root.classList.add("static");
    status.textContent = why + " The pictures below are static: LeNet-5 and the ZFNet-style net reading the first MNIST test digit, computed when the book was built.";
  }
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    fail("This browser cannot run WebAssembly (it is disabled or missing), so the network cannot run here.");
    return;
  }
  if (typeof Go !== "function" || !window.cnnLiveWasm || !window.cnnLiveWeights) {
    fail("The page's scripts did not load (wasm_exec.js, live-wasm.js, live-weights.js).");
    return;
  }
  if (typeof DecompressionStream !== "function") {
    fail("This browser cannot inflate the gzipped module (no DecompressionStream).");
    return;
  }

  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  }

  status.textContent = "Starting the network…";
  var started = performance.now();
  var gz = new Blob([bytes(window.cnnLiveWasm)]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(gz).arrayBuffer().then(function (buf) {
    var go = new Go();
    return WebAssembly.instantiate(buf, go.importObject).then(function (r) {
      window.cnnLiveReady = function () { start(performance.now() - started); };
      go.run(r.instance);
    });
  }).catch(function (e) {
    fail("The network could not start (" + e + ").");
  });

  var api, digits, current = null, times = [], runs = 0;
  var zfOK = false, zfTrace = null, zfTimes = [], zfSel = null;
  var zfPred = document.getElementById("zf-prediction");
  var canvas = document.getElementById("live-canvas");
  var ctx = canvas.getContext("2d", { willReadFrequently: true });

  function start(ms) {
    api = window.cnnLive;
    var err = api.load(bytes(window.cnnLiveWeights));
    if (err) { fail("The weights did not load: " + err + "."); return; }
    if (window.cnnLiveZFWeights) {
      var zerr = api.loadZF(bytes(window.cnnLiveZFWeights));
      zfOK = !zerr;
      if (zerr) document.getElementById("zf-from").textContent = "(static: the ZFNet-style net's weights did not load: " + zerr + ")";
    }
    root.classList.add("running");
    document.querySelector(".live-pad").hidden = false;
    digits = api.digits();
    pickers();
    canvases();
    pad();
    mapClicks();
    occlusion();
    if (zfOK) { zfCanvases(); zfClicks(); }
    show(Number(root.getAttribute("data-default")) || 0);
    status.textContent = "The network runs in your browser (started in " + Math.round(ms) + " ms). Draw a digit, or pick a test digit below.";
  }

  // timed runs f and keeps its time (the median of the last 20) in
  // el's data-ms: LeNet-5's in #prediction, the ZFNet-style net's in
  // #zf-prediction.
  function timed(f, el, ts) {
    el = el || pred;
    ts = ts || times;
    var t = performance.now(), r = f();
    ts.push(performance.now() - t);
    if (ts.length > 20) ts.shift();
    var s = ts.slice().sort(function (a, b) { return a - b; });
    el.setAttribute("data-ms", s[s.length >> 1].toFixed(2));
    return r;
  }

  // show runs committed test digit i, and draws it on the pad.
  function show(i) {
    var tr = timed(function () { return api.runDigit(i); });
    if (!tr) return;
    var d = digits[i];
    current = { trace: tr, label: d.label, source: "digit-" + i, from: "test digit " + d.index + ", labelled " + d.label };
    drawDigit(d.pixels);
    render();
  }

  // drawDigit paints 28×28 pixels on the pad, 10 canvas pixels each.
  function drawDigit(px) {
    var small = document.createElement("canvas");
    small.width = small.height = 28;
    var sc = small.getContext("2d"), im = sc.createImageData(28, 28);
    for (var i = 0; i < 784; i++) { im.data[4 * i + 3] = px[i]; }
    sc.putImageData(im, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  // runDrawing reads the pad's ink (its alpha channel) and runs it.
  function runDrawing() {
    var im = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    var ink = new Uint8Array(canvas.width * canvas.height);
    for (var i = 0; i < ink.length; i++) ink[i] = im[4 * i + 3];
    var tr = timed(function () { return api.runDrawing(ink, canvas.width, canvas.height); });
    if (!tr) return;
    runs++;
    current = { trace: tr, label: null, source: "drawing", from: "your drawing" };
    pred.setAttribute("data-runs", String(runs));
    render();
  }

  function argmax(p) {
    var b = 0;
    for (var i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
    return b;
  }

  function render() {
    var tr = current.trace, p = tr.probs, best = argmax(p);
    pred.textContent = String(best);
    for (var i = 0; i < 10; i++) pred.setAttribute("data-p" + i, String(p[i]));
    pred.setAttribute("data-source", current.source);
    document.getElementById("live-from").textContent = "(" + current.from + "; " + pred.getAttribute("data-ms") + " ms a pass)";
    var bars = document.querySelectorAll("#live-probs li");
    for (i = 0; i < bars.length; i++) {
      var v = 100 * p[i];
      bars[i].querySelector(".bar span").style.width = v.toFixed(1) + "%";
      bars[i].querySelector(".v").textContent = v >= 99.95 ? "100%" : v < 0.05 ? "0%" : v.toFixed(1) + "%";
      bars[i].classList.toggle("best", i === best);
    }
    paint("input", [{ c: 1, h: 32, w: 32, data: tr.input }], true);
    tr.layers.forEach(function (m) { paint(m.name, [m], m.name === "OUTPUT"); });
    if (occOn) occlude();
    if (zfOK) zfRender();
  }

  // zfRender runs the ZFNet-style net on the digit LeNet-5 just read
  // and shows its maps, its answer and the selected map's projection.
  function zfRender() {
    var tr = timed(function () { return api.zfRun(); }, zfPred, zfTimes);
    if (!tr) return;
    zfTrace = tr;
    var p = tr.probs, best = argmax(p);
    zfPred.textContent = String(best);
    for (var i = 0; i < 10; i++) zfPred.setAttribute("data-p" + i, String(p[i]));
    zfPred.setAttribute("data-source", current.source);
    document.getElementById("zf-from").textContent = "(p = " + (100 * p[best]).toFixed(1) + "%; " + zfPred.getAttribute("data-ms") + " ms a pass)";
    tr.layers.forEach(function (m) {
      paintSection(document.querySelector('#zf-maps section[data-layer="' + m.name + '"]'), m, false);
    });
    if (zfSel) zfDetail(zfSel.layer, zfSel.i);
  }

  // The maps' canvases replace the static pictures.
  function canvases() {
    var figs = document.querySelectorAll("#live-maps figure.map");
    for (var i = 0; i < figs.length; i++) {
      var img = figs[i].querySelector("img"), c = document.createElement("canvas");
      c.width = img.getAttribute("width");
      c.height = img.getAttribute("height");
      c.setAttribute("aria-label", img.alt);
      figs[i].appendChild(c);
      img.hidden = true;
    }
  }

  // paint draws a layer's maps in grey, white at lo and black at hi: lo
  // is 0 for the ReLU layers (and max-pools of them), the minimum for
  // the input and the output scores; hi is the layer's maximum.
  function paint(name, ms, signed) {
    paintSection(document.querySelector('#live-maps section[data-layer="' + name + '"]'), ms[0], signed);
  }
  function paintSection(sec, m, signed) {
    if (!sec) return;
    var d = m.data, lo = signed ? Infinity : 0, hi = -Infinity;
    for (var i = 0; i < d.length; i++) { if (d[i] < lo) lo = d[i]; if (d[i] > hi) hi = d[i]; }
    var cs = sec.querySelectorAll("canvas");
    var per = m.h > 1 ? m.h * m.w : d.length;
    for (var k = 0; k < cs.length; k++) {
      var c = cs[k], g = c.getContext("2d"), im = g.createImageData(c.width, c.height);
      for (i = 0; i < c.width * c.height; i++) {
        var v = i < per ? d[k * per + i] : lo, t = hi > lo ? (v - lo) / (hi - lo) : 0;
        var grey = Math.round(255 * (1 - Math.min(1, Math.max(0, t))));
        im.data[4 * i] = im.data[4 * i + 1] = im.data[4 * i + 2] = grey;
        im.data[4 * i + 3] = 255;
      }
      g.putImageData(im, 0, 0);
    }
  }

  function pickers() {
    var box = document.getElementById("live-digits"), row = box.querySelector(".row");
    digits.forEach(function (d, i) {
      var b = document.createElement("button"), c = document.createElement("canvas");
      b.type = "button";
      b.setAttribute("data-digit", String(i));
      b.title = "MNIST test digit " + d.index + " (a " + d.label + ")";
      b.setAttribute("aria-label", b.title);
      c.width = c.height = 28;
      var g = c.getContext("2d"), im = g.createImageData(28, 28);
      for (var k = 0; k < 784; k++) {
        im.data[4 * k] = im.data[4 * k + 1] = im.data[4 * k + 2] = 255 - d.pixels[k];
        im.data[4 * k + 3] = 255;
      }
      g.putImageData(im, 0, 0);
      b.appendChild(c);
      b.addEventListener("click", function () { show(i); });
      row.appendChild(b);
    });
    box.hidden = false;
  }

  // pad lets the reader draw: a round pen 20 canvas pixels wide (a
  // digit drawn across most of the 280-pixel pad becomes strokes about
  // 2 pixels wide in the 20×20 box, as MNIST's are), the network run at
  // most once a frame while drawing and once more when the pen lifts.
  function pad() {
    var drawing = false, last = null, queued = false;
    ctx.lineCap = ctx.lineJoin = "round";
    function at(e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
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
      requestAnimationFrame(function () { queued = false; runDrawing(); });
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
      runDrawing();
      var n = Number(pred.getAttribute("data-strokes") || 0) + 1;
      pred.setAttribute("data-strokes", String(n));
    }
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    document.getElementById("live-clear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      pred.setAttribute("data-strokes", "0");
    });
  }

  // Clicking a map shows the weights that make it.
  function mapClicks() {
    var box = document.getElementById("live-kernel");
    document.getElementById("live-maps").addEventListener("click", function (e) {
      var fig = e.target.closest("figure.map"), sec = e.target.closest("section.layer");
      if (!fig || !sec) return;
      var name = sec.getAttribute("data-layer"), i = Number(fig.getAttribute("data-i"));
      box.textContent = "";
      var h = document.createElement("h3"), p = document.createElement("p");
      box.appendChild(h);
      var k = api.kernel(name, i);
      if (!k) {
        h.textContent = name === "input" ? "The input" : name + (fig.classList.contains("vector") ? "" : " map " + i);
        p.textContent = {
          input: "The digit as LeNet-5 receives it: 28×28 MNIST pixels padded to 32×32, standardised by the training set's mean and deviation.",
          S2: "S2 map " + i + " is the maximum of each 2×2 window of C1 map " + i + ": no weights of its own.",
          S4: "S4 map " + i + " is the maximum of each 2×2 window of C3 map " + i + ": no weights of its own.",
          C5: "C5: 120 units, each a 5×5 convolution over all 16 S4 maps (400 weights and a bias), then ReLU.",
          F6: "F6: 84 units, each a weighted sum of the 120 C5 values and a bias, then ReLU.",
          OUTPUT: "OUTPUT: 10 scores, each a weighted sum of the 84 F6 values and a bias; the softmax turns them into the probabilities above."
        }[name] || "";
        box.appendChild(p);
        box.kernel = null;
        box.setAttribute("data-layer", name);
        box.setAttribute("data-map", String(i));
        box.hidden = false;
        return;
      }
      h.textContent = name + " map " + i + ": its " + (k.in > 1 ? k.in + " kernels" : "kernel") + ", " + k.k + "×" + k.k + ", bias " + k.bias.toFixed(3);
      p.textContent = "Orange is a positive weight, blue a negative one, white zero (one scale for the " + (k.in > 1 ? "six" : "") + " kernel" + (k.in > 1 ? "s" : "") + "; largest |w| " + maxAbs(k.w).toFixed(3) + ")." +
        (k.in > 1 ? " Kernel j reads S2 map j; the map is ReLU of the sum of the six convolutions and the bias." : " The map is ReLU of the input convolved with it, plus the bias.");
      box.appendChild(p);
      box.appendChild(kernelRow(k, function (j) { return k.in > 1 ? "S2 map " + j : "input"; }));
      box.kernel = k.w;
      box.setAttribute("data-layer", name);
      box.setAttribute("data-map", String(i));
      box.hidden = false;
    });
  }

  // kernelRow draws a map's kernels, orange positive, blue negative,
  // white zero, one scale for all; caption(j) names kernel j's input.
  function kernelRow(k, caption) {
    var row = document.createElement("div");
    row.className = "kernels";
    var a = maxAbs(k.w), n = k.k * k.k;
    for (var j = 0; j < k.in; j++) {
      var f = document.createElement("figure"), c = document.createElement("canvas"), cap = document.createElement("figcaption");
      c.width = c.height = k.k;
      var g = c.getContext("2d"), im = g.createImageData(k.k, k.k);
      for (var q = 0; q < n; q++) {
        var t = a > 0 ? k.w[j * n + q] / a : 0, col = t >= 0 ? [255, Math.round(255 - 120 * t), Math.round(255 - 255 * t)] : [Math.round(255 + 255 * t), Math.round(255 + 120 * t), 255];
        im.data[4 * q] = col[0]; im.data[4 * q + 1] = col[1]; im.data[4 * q + 2] = col[2]; im.data[4 * q + 3] = 255;
      }
      g.putImageData(im, 0, 0);
      cap.textContent = caption(j);
      f.appendChild(c);
      f.appendChild(cap);
      row.appendChild(f);
    }
    return row;
  }

  function maxAbs(w) {
    var a = 0;
    for (var i = 0; i < w.length; i++) a = Math.max(a, Math.abs(w[i]));
    return a;
  }

  // Occlusion: an 8×8 grey square slid 2 pixels at a time, one row of
  // 13 positions a frame, painting the class's probability.
  var occOn = false, occGen = 0;
  function occlusion() {
    var btn = document.getElementById("live-occlude");
    btn.addEventListener("click", function () {
      occOn = !occOn;
      btn.setAttribute("aria-pressed", occOn ? "true" : "false");
      document.getElementById("live-occlusion").hidden = !occOn;
      if (occOn) occlude();
    });
  }
  function occlude() {
    var gen = ++occGen, tr = current.trace;
    var cls = current.label !== null ? current.label : argmax(tr.probs);
    var S = 32, sq = 8, st = 2, pos = (S - sq) / st + 1;
    var sum = new Float64Array(S * S), cnt = new Float64Array(S * S);
    var box = document.getElementById("live-occlusion");
    box.probs = new Float32Array(pos * pos);
    box.setAttribute("data-class", String(cls));
    box.setAttribute("data-rows", "0");
    var c = document.getElementById("live-occ"), g = c.getContext("2d");
    document.getElementById("live-occ-note").textContent = "The probability of " + cls + (current.label !== null ? " (the label)" : " (the network's answer)") + " with the grey square over each pixel: white 1, dark red 0.";
    var r = 0;
    function step() {
      if (gen !== occGen || !occOn) return;
      var row = api.occlusionRow(cls, r);
      box.probs.set(row, r * pos);
      for (var k = 0; k < pos; k++) {
        for (var y = r * st; y < r * st + sq; y++) {
          for (var x = k * st; x < k * st + sq; x++) { sum[y * S + x] += row[k]; cnt[y * S + x]++; }
        }
      }
      var im = g.createImageData(S, S);
      for (var i = 0; i < S * S; i++) {
        // ink: the input back in [0, 1], from v = (u − 0.1307)/0.3081: −0.4242 is u = 0, 3.2457 the span to u = 1.
        var p = cnt[i] ? sum[i] / cnt[i] : 1, ink = Math.max(0, Math.min(1, (tr.input[i] + 0.4242) / 3.2457));
        im.data[4 * i] = Math.round(255 - 90 * (1 - p) - 60 * ink);
        im.data[4 * i + 1] = im.data[4 * i + 2] = Math.round(255 * p - 60 * ink * p);
        im.data[4 * i + 3] = 255;
      }
      g.putImageData(im, 0, 0);
      g.strokeStyle = "rgba(128,128,128,0.9)";
      g.lineWidth = 0.6;
      g.strokeRect(0.3, r * st + 0.3, S - 0.6, sq - 0.6);
      r++;
      if (r < pos) requestAnimationFrame(step);
      else g.putImageData(im, 0, 0);
      box.setAttribute("data-rows", String(r));
    }
    step();
  }

  // The ZFNet-style net's maps: each static tile becomes one canvas a map.
  function zfCanvases() {
    var secs = document.querySelectorAll("#zf-maps section.layer");
    for (var s = 0; s < secs.length; s++) {
      var sec = secs[s], box = sec.querySelector(".maps"), tile = box.querySelector("img.tile");
      var c = Number(sec.getAttribute("data-c")), h = Number(sec.getAttribute("data-h")), w = Number(sec.getAttribute("data-w"));
      for (var i = 0; i < c; i++) {
        var f = document.createElement("figure"), cv = document.createElement("canvas");
        f.className = "map";
        f.setAttribute("data-i", String(i));
        cv.width = w;
        cv.height = h;
        cv.setAttribute("aria-label", sec.getAttribute("data-layer") + " map " + i);
        f.appendChild(cv);
        box.appendChild(f);
      }
      if (tile) tile.hidden = true;
    }
  }

  function zfClicks() {
    document.getElementById("zf-maps").addEventListener("click", function (e) {
      var fig = e.target.closest("figure.map"), sec = e.target.closest("section.layer");
      if (!fig || !sec) return;
      var old = document.querySelector("#zf-maps figure.selected");
      if (old) old.classList.remove("selected");
      fig.classList.add("selected");
      zfSel = { layer: sec.getAttribute("data-layer"), i: Number(fig.getAttribute("data-i")) };
      zfDetail(zfSel.layer, zfSel.i);
    });
  }

  // zfInputs names what conv N's kernels read.
  var zfInputs = { relu1: "input", relu2: "pool1", relu3: "pool2", relu4: "relu3" };

  // zfDetail shows map i of layer: its kernels and the deconvnet
  // projection of its strongest activation for the current digit.
  function zfDetail(layer, i) {
    var box = document.getElementById("zf-detail"), k = api.zfKernel(layer, i), pr = api.zfProject(layer, i);
    if (!k || !pr) return;
    var conv = layer.replace("relu", "conv");
    box.textContent = "";
    var h = document.createElement("h3"), p = document.createElement("p");
    h.textContent = layer + " map " + i + ": " + conv + "'s " + (k.in > 1 ? k.in + " kernels" : "kernel") + ", " + k.k + "×" + k.k + ", bias " + k.bias.toFixed(3);
    p.textContent = "Orange is a positive weight, blue a negative one (one scale; largest |w| " + maxAbs(k.w).toFixed(3) + "). Kernel j reads " + (k.in > 1 ? zfInputs[layer] + " map j" : "the input") + "; the map is ReLU of the sum of the convolutions and the bias.";
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(kernelRow(k, function (j) { return k.in > 1 ? String(j) : "input"; }));
    var q = document.createElement("p");
    q.textContent = "Its strongest activation for this digit is " + pr.act.toFixed(3) + ", at row " + pr.i + ", column " + pr.j + " of the " + pr.h + "×" + pr.w + " map. Projected back to pixels (left: orange where the projection is positive, blue where negative) beside the digit (right):" + (pr.act > 0 ? "" : " the map is silent on this digit, so the projection is empty.");
    box.appendChild(q);
    var row = document.createElement("div");
    row.className = "projection";
    var a = maxAbs(pr.pixels), c1 = document.createElement("canvas"), c2 = document.createElement("canvas");
    c1.width = c1.height = c2.width = c2.height = 28;
    c1.setAttribute("aria-label", "the deconvnet projection");
    c2.setAttribute("aria-label", "the digit");
    var g = c1.getContext("2d"), im = g.createImageData(28, 28);
    for (var n = 0; n < 784; n++) {
      var t = a > 0 ? pr.pixels[n] / a : 0, col = t >= 0 ? [255, Math.round(255 - 120 * t), Math.round(255 - 255 * t)] : [Math.round(255 + 255 * t), Math.round(255 + 120 * t), 255];
      im.data[4 * n] = col[0]; im.data[4 * n + 1] = col[1]; im.data[4 * n + 2] = col[2]; im.data[4 * n + 3] = 255;
    }
    g.putImageData(im, 0, 0);
    var dg = c2.getContext("2d"), di = dg.createImageData(28, 28), px = current.trace.digit;
    for (n = 0; n < 784; n++) {
      di.data[4 * n] = di.data[4 * n + 1] = di.data[4 * n + 2] = 255 - px[n];
      di.data[4 * n + 3] = 255;
    }
    dg.putImageData(di, 0, 0);
    row.appendChild(c1);
    row.appendChild(c2);
    box.appendChild(row);
    box.projection = pr.pixels;
    box.kernel = k.w;
    box.setAttribute("data-layer", layer);
    box.setAttribute("data-map", String(i));
    box.setAttribute("data-at", pr.i + "," + pr.j);
    box.setAttribute("data-source", current.source);
    box.hidden = false;
  }
})();
