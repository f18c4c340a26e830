// Built by `npm run build` from src/ (do not edit): the live decoder component.

// src/a11y.js
function namePictures(canvases, names) {
  canvases.forEach((canvas, i) => {
    if (!names?.[i]) return;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", names[i]);
  });
}
var CONTROLS = "input, .plane";
function focusedControl(parent) {
  const active = (
    /** @type {Document | ShadowRoot} */
    parent.getRootNode().activeElement
  );
  return active ? Array.from(parent.querySelectorAll(CONTROLS)).indexOf(active) : -1;
}
function refocus(parent, index) {
  const control = (
    /** @type {HTMLElement | undefined} */
    parent.querySelectorAll(CONTROLS)[index]
  );
  if (index >= 0) control?.focus({ preventScroll: true });
}

// src/dom.js
function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

// src/maths.js
function lerp(a, b, t) {
  return Float32Array.from(a, (ai, i) => ai + t * (b[i] - ai));
}
function slerp(a, b, t) {
  const norm = (v) => Math.hypot(...Array.from(v));
  const na = norm(a), nb = norm(b);
  if (na < 1e-12 || nb < 1e-12) return lerp(a, b, t);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / (na * nb))));
  if (Math.sin(omega) < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / na, wb = Math.sin(t * omega) / nb;
  const length = (1 - t) * na + t * nb;
  return Float32Array.from(a, (ai, i) => (wa * ai + wb * b[i]) / Math.sin(omega) * length);
}
function moveAlong(axes, positions) {
  const z = Float64Array.from(axes.base);
  positions.forEach((p, k) => {
    const shift = (p - axes.start[k]) * axes.scales[k];
    axes.directions[k].forEach((v, i) => {
      z[i] += shift * v;
    });
  });
  return Float32Array.from(z);
}
function unpack(text, ArrayType) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return (
    /** @type {InstanceType<T>} */
    new ArrayType(bytes.buffer)
  );
}
function corrupt({ clean, g, u }, kind, level) {
  const out = new Float32Array(clean.length);
  for (let i = 0; i < clean.length; i++) {
    let x = clean[i];
    if (kind === "gaussian") x += level * g[i];
    else if (u[i] < level) x = kind === "salt_pepper" && u[i] < level / 2 ? 1 : 0;
    out[i] = Math.min(1, Math.max(0, x));
  }
  return out;
}
var LOW = Math.fround(1e-7);
var HIGH = Math.fround(1 - 1e-7);
function bce(target, output) {
  let sum = 0;
  for (let i = 0; i < target.length; i++) {
    const o = Math.min(HIGH, Math.max(LOW, output[i]));
    sum -= target[i] * Math.log(o) + (1 - target[i]) * Math.log(1 - o);
  }
  return sum / target.length;
}
function fill(template, values) {
  return template.replace(/\{(\w+)(?::(\d+))?\}/g, (_, name, digits) => digits === void 0 ? String(values[name]) : Number(values[name]).toFixed(Number(digits)));
}

// src/pictures.js
function paint(canvas, pixels) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(28, 28);
  const rgba = image.data;
  for (let i = 0; i < 784; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
    rgba[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}
function digitCanvas(size, caption) {
  const canvas = element("canvas", { width: 28, height: 28, "data-testid": "live-decoder", "data-frames": "0" });
  canvas.style.width = canvas.style.height = `${size}px`;
  const text = element("p", { class: "caption" }, caption ?? "");
  return { canvas, text, node: element("div", { class: "digit" }, canvas, text) };
}
function digitPicture(d, figure) {
  const { canvas, node } = digitCanvas(d.size, d.caption);
  figure.append(d.caption ? node : canvas);
  return { canvases: [canvas], paint: (pixels) => paint(canvas, pixels) };
}
function heading([bold, rest]) {
  return element("p", { class: "heading" }, element("strong", {}, bold), rest);
}
function noisePicture(d, figure) {
  const texts = d.noise.texts;
  const seen = digitCanvas(d.size, texts.seen);
  const output = digitCanvas(d.size, texts.output);
  const clean = digitCanvas(d.size, texts.clean);
  const error = element("p", { class: "measure" });
  const colours = Array.from({ length: d.noise.codeSize }, () => d.noise.colour);
  const chart = barChart(colours.length, { height: 160, maxWidth: 36 });
  const range = element("p", { class: "note" });
  figure.append(
    element("div", { class: "row" }, seen.node, output.node, clean.node),
    error,
    heading(texts.heading),
    range,
    chart.node
  );
  return {
    canvases: [seen.canvas, output.canvas, clean.canvas],
    paint(result) {
      paint(seen.canvas, result.seen);
      paint(output.canvas, result.output);
      paint(clean.canvas, d.fields.clean);
      const value = bce(d.fields.clean, result.output);
      output.canvas.dataset.bce = String(value);
      error.textContent = fill(texts.measure, { bce: value });
      const code = Array.from(result.code);
      range.textContent = fill(texts.range, { low: Math.min(...code), high: Math.max(...code) });
      chart.set(code, colours, code.map((value2, i) => fill(texts.tip, { i, value: value2 })), { symmetric: code.some((v) => v < 0) });
    }
  };
}
function comparePicture(d, figure) {
  const { kinds, texts } = d.compare;
  const seen = digitCanvas(d.size, texts.seen);
  const shown = kinds.map((kind) => digitCanvas(d.size, kind.title));
  const chart = barChart(kinds.length, { height: 120, labels: true });
  seen.node.classList.add("seen");
  figure.append(element("div", { class: "row" }, seen.node, ...shown.map((s) => s.node)), heading(texts.heading), chart.node);
  return {
    canvases: [seen.canvas, ...shown.map((s) => s.canvas)],
    paint({ seen: pixels, outputs }) {
      paint(seen.canvas, pixels);
      const errors = outputs.map((output) => bce(d.fields.clean, output));
      const best = errors.length > 1 ? errors.indexOf(Math.min(...errors)) : -1;
      const said = (template, i) => fill(template, { title: kinds[i].title, bce: errors[i] });
      shown.forEach((s, i) => {
        paint(s.canvas, outputs[i]);
        s.canvas.dataset.bce = String(errors[i]);
        s.text.textContent = said(texts.caption, i) + (i === best ? texts.best : "");
      });
      chart.set(
        errors,
        kinds.map((k) => k.colour),
        kinds.map((_, i) => said(texts.tip, i)),
        { labels: kinds.map((_, i) => said(texts.bar, i)) }
      );
    }
  };
}
function barChart(count, { height, maxWidth, labels }) {
  const axis = element("div", { class: "zero" });
  const columns = Array.from({ length: count }, () => element("div", { class: "bar" }, element("div", {})));
  const plot = element("div", { class: "bars" }, axis, ...columns);
  plot.style.height = `${height}px`;
  if (maxWidth) columns.forEach((c) => {
    c.style.maxWidth = `${maxWidth}px`;
  });
  const names = Array.from({ length: labels ? count : 0 }, () => element("div", {}));
  const node = element("div", {}, plot, ...labels ? [element("div", { class: "bar-labels" }, ...names)] : []);
  return {
    node,
    set(values, colours, tips, { symmetric = false, labels: texts = [] } = {}) {
      let top = Math.max(0, ...values), bottom = Math.min(0, ...values);
      if (symmetric) {
        top = Math.max(top, -bottom);
        bottom = -top;
      }
      const scale = height / (top - bottom || 1), zero = top * scale;
      axis.style.top = `${zero.toFixed(1)}px`;
      values.forEach((v, i) => {
        const size = Math.max(Math.abs(v) * scale, 1), bar = (
          /** @type {HTMLElement} */
          columns[i].firstChild
        );
        bar.style.top = `${(v >= 0 ? zero - size : zero).toFixed(1)}px`;
        bar.style.height = `${size.toFixed(1)}px`;
        bar.style.background = colours[i];
        columns[i].title = tips[i];
      });
      texts.forEach((t, i) => {
        names[i].textContent = t;
      });
      plot.setAttribute("role", "img");
      plot.setAttribute("aria-label", tips.join("; "));
    }
  };
}

// src/follow.js
var listeners = (
  /** @type {any} */
  globalThis.__liveFollow ??= /* @__PURE__ */ new Map()
);
function publish(key, input) {
  for (const listener of listeners.get(key) ?? []) listener(input);
}
function follow(key, listener) {
  if (!listeners.has(key)) listeners.set(key, /* @__PURE__ */ new Set());
  listeners.get(key).add(listener);
  return () => listeners.get(key)?.delete(listener);
}

// src/runtime.js
var ORT_VERSION = "1.30.0";
var ORT_BUNDLE = "app/static/ort/ort.wasm.bundle.min.mjs";
var ORT_WASM = "app/static/ort/ort-wasm-simd-threaded.wasm";
var shared = (
  /** @type {any} */
  globalThis.__liveDecoder ??= {
    ort: null,
    sessions: /* @__PURE__ */ new Map(),
    positions: /* @__PURE__ */ new Map(),
    views: /* @__PURE__ */ new WeakMap(),
    reported: /* @__PURE__ */ new Set()
  }
);
function reportUnavailable(key, root, status, setStateValue, reason) {
  status.textContent = `Live preview unavailable: ${reason}`;
  root.classList.add("failed");
  if (!shared.reported.has(key)) {
    shared.reported.add(key);
    setStateValue("unavailable", reason);
  }
}
var runtimeUrl = (path) => new URL(`${path}?v=${ORT_VERSION}`, document.baseURI).href;
async function cachedBytes(url) {
  const response = await fetch(url, { cache: "force-cache" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
function loadRuntime() {
  shared.ort ??= (async () => {
    if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
    const [ort, wasm] = await Promise.all([import(runtimeUrl(ORT_BUNDLE)), cachedBytes(runtimeUrl(ORT_WASM))]);
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmBinary = wasm;
    return ort;
  })();
  return shared.ort;
}
async function loadSession(url) {
  const ort = await loadRuntime();
  if (!shared.sessions.has(url)) {
    const created = cachedBytes(new URL(url, document.baseURI).href).then((bytes) => ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] })).then((session) => ({ ort, session, queue: Promise.resolve() }));
    created.catch(() => shared.sessions.delete(url));
    shared.sessions.set(url, created);
  }
  return (
    /** @type {Promise<Session>} */
    shared.sessions.get(url)
  );
}
function runModel(model, entry, input) {
  const { ort, session } = entry;
  const feeds = { [model.input]: new ort.Tensor("float32", input, model.shape) };
  for (const [name, values] of Object.entries(model.extra ?? {})) {
    feeds[name] = new ort.Tensor("float32", Float32Array.from(values), [1, values.length]);
  }
  const run = entry.queue.then(() => session.run(feeds));
  entry.queue = run.catch(() => {
  });
  return run.then((out) => out[model.output].data);
}

// src/to_mnist.js
var SIZE = 28;
var BOX = 20;
var CENTRE = 14;
var WORK_PIXELS = 1e6;
var FIT_SAMPLES = 4096;
var PEN_SIDE = 80;
var PEN_RANGE = [7.2, 16.6];
var MIN_CONTRAST = 0.06;
var NOISE_MARGIN = 3;
var MASK_LEVEL = 0.3;
var LUMA = [0.299, 0.587, 0.114].map(Math.fround);
var f32 = Math.fround;
var grid = (h, w) => ({ data: new Float32Array(h * w), h, w });
function toMnist(rgba, width, height) {
  const { grey, alpha } = arrayPixels(rgba, width, height);
  const ink = inkOf(grey, alpha);
  const smooth = blur(ink), spread = noise(ink);
  if (noInk(smooth, spread)) return null;
  return centre(fit(crop(ink, smooth, spread)));
}
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}
function shrinkFactors(h, w) {
  const factor = Math.ceil(Math.sqrt(h * w / WORK_PIXELS));
  const fy = Math.min(factor, h), fx = Math.min(factor, w);
  return [Math.min(h, Math.ceil(factor * factor / fx)), Math.min(w, Math.ceil(factor * factor / fy))];
}
function arrayPixels(rgba, width, height) {
  const [fy, fx] = shrinkFactors(height, width);
  if (fy * fx === 1) return canvasPixels(rgba, width, height);
  const h = Math.floor(height / fy), w = Math.floor(width / fx), n = fy * fx;
  const grey = grid(h, w), alpha = grid(h, w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let dy = 0; dy < fy; dy++) {
        for (let dx = 0; dx < fx; dx++) {
          const at = 4 * ((y * fy + dy) * width + x * fx + dx);
          r += rgba[at];
          g += rgba[at + 1];
          b += rgba[at + 2];
          a += rgba[at + 3];
        }
      }
      r = f32(f32(r / n) / 255);
      g = f32(f32(g / n) / 255);
      b = f32(f32(b / n) / 255);
      const i = y * w + x;
      grey.data[i] = f32(f32(f32(r * LUMA[0]) + f32(g * LUMA[1])) + f32(b * LUMA[2]));
      alpha.data[i] = f32(f32(a / n) / 255);
    }
  }
  return { grey, alpha };
}
var SHARES = LUMA.map((weight) => Float32Array.from({ length: 256 }, (_, v) => f32(f32(v / 255) * weight)));
var UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);
function canvasPixels(rgba, w, h) {
  const grey = grid(h, w), alpha = grid(h, w);
  const [red, green, blue] = SHARES;
  for (let i = 0, at = 0; i < w * h; i++, at += 4) {
    grey.data[i] = f32(f32(red[rgba[at]] + green[rgba[at + 1]]) + blue[rgba[at + 2]]);
    alpha.data[i] = UNIT[rgba[at + 3]];
  }
  return { grey, alpha };
}
function inkOf(grey, alpha) {
  let low = Infinity, sum = 0;
  const a = alpha.data;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < low) low = a[i];
    sum += a[i];
  }
  if (low > 0.99) return inkFromTone(grey);
  if (sum / alpha.data.length < 0.5) return alpha;
  const paper = median(grey.data.filter((_, i) => alpha.data[i] >= 0.5));
  const toned = grid(grey.h, grey.w);
  toned.data.forEach((_, i) => {
    const a2 = alpha.data[i];
    toned.data[i] = f32(f32(a2 * grey.data[i]) + f32(f32(1 - a2) * paper));
  });
  return inkFromTone(toned);
}
function inkFromTone(grey) {
  const paper = paperTone(grey);
  const darker = grid(grey.h, grey.w);
  let dark = 0, light = 0;
  for (let i = 0; i < darker.data.length; i++) {
    const d = darker.data[i] = f32(paper[i] - grey.data[i]);
    if (d > 0) dark += d;
    else light -= d;
  }
  if (dark < light) for (let i = 0; i < darker.data.length; i++) darker.data[i] = -darker.data[i];
  return darker;
}
function quadratic(y, x) {
  y -= 0.5;
  x -= 0.5;
  return [1, x, y, x * x, x * y, y * y];
}
var bases = /* @__PURE__ */ new Map();
function samplingBasis(h, w, step) {
  const key = `${h}x${w}/${step}`;
  if (!bases.has(key)) {
    const rows = [];
    for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) rows.push(quadratic(y / h, x / w));
    bases.set(key, rows);
  }
  return bases.get(key);
}
function paperTone(grey) {
  const { h, w } = grey;
  const step = Math.max(1, Math.floor(Math.sqrt(h * w / FIT_SAMPLES)));
  const basis = samplingBasis(h, w, step);
  const values = new Float32Array(basis.length);
  let i = 0;
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) values[i++] = grey.data[y * w + x];
  const mid = median(values);
  let residual = Float32Array.from(values, (v) => Math.abs(f32(v - mid)));
  let coef = [0, 0, 0, 0, 0, 0];
  for (let round = 0; round < 3; round++) {
    const m = median(residual);
    const limit = round === 0 ? f32(f32(f32(2.5 * 1.4826) * m) + f32(1e-3)) : 2.5 * 1.4826 * m + 1e-3;
    const keep = [];
    let inked = false;
    for (let k = 0; k < residual.length; k++) if (residual[k] <= limit) {
      keep.push(k);
      inked ||= values[k] !== 0;
    }
    coef = inked ? leastSquares(keep.map((k) => basis[k]), keep.map((k) => values[k])) : [0, 0, 0, 0, 0, 0];
    residual = Float64Array.from(values, (v, i2) => {
      const t = basis[i2];
      return Math.abs(v - (t[0] * coef[0] + t[1] * coef[1] + t[2] * coef[2] + t[3] * coef[3] + t[4] * coef[4] + t[5] * coef[5]));
    });
  }
  const tone = new Float32Array(h * w);
  if (coef.every((c) => c === 0)) return tone;
  for (let y = 0; y < h; y++) {
    const ty = y / h - 0.5;
    for (let x = 0; x < w; x++) {
      const tx = x / w - 0.5;
      tone[y * w + x] = coef[0] * 1 + coef[1] * tx + coef[2] * ty + coef[3] * (tx * tx) + coef[4] * (tx * ty) + coef[5] * (ty * ty);
    }
  }
  return tone;
}
function leastSquares(rows, values) {
  const n = rows[0]?.length ?? 0;
  const a = Array.from({ length: n }, () => new Float64Array(n));
  const b = new Float64Array(n);
  rows.forEach((row, r) => {
    for (let i = 0; i < n; i++) {
      b[i] += row[i] * values[r];
      for (let j = 0; j < n; j++) a[i][j] += row[i] * row[j];
    }
  });
  const { vectors, eigen } = jacobi(a);
  const top = Math.max(0, ...eigen);
  const cutoff = top * (Number.EPSILON * Math.max(rows.length, n)) ** 2;
  const c = new Array(n).fill(0);
  for (let k = 0; k < n; k++) {
    if (!(eigen[k] > cutoff)) continue;
    let along = 0;
    for (let i = 0; i < n; i++) along += vectors[i][k] * b[i];
    for (let i = 0; i < n; i++) c[i] += vectors[i][k] * along / eigen[k];
  }
  return c;
}
function jacobi(m) {
  const n = m.length, a = m.map((row) => Float64Array.from(row));
  const v = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_2, j) => i === j ? 1 : 0));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { vectors: v, eigen: a.map((row, i) => row[i]) };
}
function select(values, k) {
  let lo = 0, hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[lo + hi >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
function median(values) {
  const copy = values.slice(), n = copy.length, half = n >> 1;
  const upper = select(copy, half);
  if (n % 2) return upper;
  let lower = -Infinity;
  for (let i = 0; i < half; i++) if (copy[i] > lower) lower = copy[i];
  return values instanceof Float32Array ? f32(f32(lower + upper) / 2) : (lower + upper) / 2;
}
function noise(ink) {
  let zeros = 0;
  for (let i = 0; i < ink.data.length; i++) if (ink.data[i] === 0) zeros++;
  if (zeros > ink.data.length / 2 + 1) return 0;
  const mid = median(ink.data);
  return 1.4826 * median(ink.data.map((v) => Math.abs(f32(v - mid))));
}
function blur(a) {
  const { h, w, data } = a, out = grid(h, w);
  for (let y = 0; y < h; y++) {
    const rows = [Math.max(y - 1, 0) * w, y * w, Math.min(y + 1, h - 1) * w];
    for (let x = 0; x < w; x++) {
      const l = Math.max(x - 1, 0), r = Math.min(x + 1, w - 1);
      let s = 0;
      for (let i = 0; i < 3; i++) {
        const o = rows[i];
        s = f32(s + data[o + l]);
        s = f32(s + data[o + x]);
        s = f32(s + data[o + r]);
      }
      out.data[y * w + x] = f32(s / 9);
    }
  }
  return out;
}
function largest(values) {
  let top = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > top) top = values[i];
  return top;
}
function noInk(smooth, spread) {
  const peak = largest(smooth.data);
  return peak < MIN_CONTRAST || peak < NOISE_MARGIN * spread;
}
function cut(a, top, bottom, left, right) {
  const out = grid(bottom - top, right - left);
  for (let y = top; y < bottom; y++) out.data.set(a.data.subarray(y * a.w + left, y * a.w + right), (y - top) * out.w);
  return out;
}
function bounds(a, level) {
  let top = a.h, bottom = -1, left = a.w, right = -1;
  const above = level !== void 0;
  for (let y = 0; y < a.h; y++) {
    let first = -1, last = -1;
    for (let x = 0, i = y * a.w; x < a.w; x++, i++) {
      const v = a.data[i];
      if (above ? v > level : v !== 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (top === a.h) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return bottom < 0 ? null : { top, bottom: bottom + 1, left, right: right + 1 };
}
function tight(a) {
  const b = bounds(a);
  return cut(a, b.top, b.bottom, b.left, b.right);
}
function percentile(values, q) {
  const copy = values.slice();
  const at = q / 100 * (copy.length - 1);
  const lo = Math.floor(at), t = at - lo;
  const a = select(copy, lo);
  let b = a;
  if (lo + 1 < copy.length) {
    b = Infinity;
    for (let i = lo + 1; i < copy.length; i++) if (copy[i] < b) b = copy[i];
  }
  const diff = f32(b - a);
  return f32(t >= 0.5 ? b - diff * (1 - t) : a + diff * t);
}
function crop(ink, smooth, spread) {
  const level = f32(f32(MASK_LEVEL) * largest(smooth.data));
  const b = bounds(smooth, level);
  const box = cut(ink, Math.max(b.top - 1, 0), Math.min(b.bottom + 1, ink.h), Math.max(b.left - 1, 0), Math.min(b.right + 1, ink.w));
  const floor = Math.max(NOISE_MARGIN * spread, MIN_CONTRAST), floor32 = f32(floor);
  const strokes = box.data.filter((v) => v > floor32);
  const top = strokes.length ? percentile(strokes, 90) : floor;
  const span = f32(Math.max(top - floor, 1e-6));
  box.data.forEach((v, i) => {
    box.data[i] = Math.min(1, Math.max(0, f32(f32(v - floor32) / span)));
  });
  return tight(box);
}
function fit(digit) {
  const big = resize(digit, PEN_SIDE);
  const width = penWidth(big);
  const radius = roundHalfEven((Math.min(PEN_RANGE[1], Math.max(PEN_RANGE[0], width)) - width) / 2);
  if (radius) digit = morph(big, radius);
  const small = resize(digit, BOX);
  const top = largest(small.data);
  small.data.forEach((v, i) => {
    small.data[i] = f32(v / top);
  });
  return small;
}
function resize(digit, side) {
  const { h, w } = digit;
  const scale = side / Math.max(h, w);
  const out = lanczosResize(digit, Math.max(1, roundHalfEven(w * scale)), Math.max(1, roundHalfEven(h * scale)));
  out.data.forEach((v, i) => {
    out.data[i] = Math.min(1, Math.max(0, v));
  });
  return out;
}
function penWidth({ data, h, w }) {
  const on = (y, x) => y >= 0 && y < h && x >= 0 && x < w && data[y * w + x] > 0.5;
  let area = 0, outline = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!on(y, x)) continue;
      area++;
      if (!(on(y - 1, x) && on(y + 1, x) && on(y, x - 1) && on(y, x + 1))) outline++;
    }
  }
  return 2 * area / Math.max(outline, 1);
}
function morph(digit, radius) {
  const pick = radius > 0 ? Math.max : Math.min, r = Math.abs(radius);
  const padded = grid(digit.h + 4 * r, digit.w + 4 * r);
  for (let y = 0; y < digit.h; y++) padded.data.set(digit.data.subarray(y * digit.w, (y + 1) * digit.w), (y + 2 * r) * padded.w + 2 * r);
  const rows = grid(padded.h - 2 * r, padded.w);
  for (let y = 0; y < rows.h; y++) {
    for (let x = 0; x < rows.w; x++) {
      let v = padded.data[y * padded.w + x];
      for (let i = 1; i <= 2 * r; i++) v = pick(v, padded.data[(y + i) * padded.w + x]);
      rows.data[y * rows.w + x] = v;
    }
  }
  const out = grid(rows.h, rows.w - 2 * r);
  for (let y = 0; y < out.h; y++) {
    for (let x = 0; x < out.w; x++) {
      let v = rows.data[y * rows.w + x];
      for (let i = 1; i <= 2 * r; i++) v = pick(v, rows.data[y * rows.w + x + i]);
      out.data[y * out.w + x] = v;
    }
  }
  return largest(out.data) > 0 ? tight(out) : digit;
}
function centre({ data, h, w }) {
  let mass = 0, my = 0, mx = 0;
  const columns = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row = f32(row + data[y * w + x]);
      columns[x] = f32(columns[x] + data[y * w + x]);
    }
    my += row * y;
    mass += row;
  }
  columns.forEach((c, x) => {
    mx += c * x;
  });
  mass = f32(mass);
  const top = Math.min(Math.max(roundHalfEven(CENTRE - my / mass), 0), SIZE - h);
  const left = Math.min(Math.max(roundHalfEven(CENTRE - mx / mass), 0), SIZE - w);
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < h; y++) out.set(data.subarray(y * w, (y + 1) * w), (top + y) * SIZE + left);
  return out;
}
var sinc = (x) => x === 0 ? 1 : Math.sin(x * Math.PI) / (x * Math.PI);
var lanczos = (x) => x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
function lanczosCoefficients(inSize, outSize) {
  const scale = inSize / outSize, filterscale = Math.max(scale, 1);
  const support = 3 * filterscale, ss = 1 / filterscale;
  return Array.from({ length: outSize }, (_, xx) => {
    const centre2 = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(centre2 - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(centre2 + support + 0.5), inSize) - xmin;
    const weights = Array.from({ length: xmax }, (_2, x) => lanczos((x + xmin - centre2 + 0.5) * ss));
    const total = weights.reduce((a, b) => a + b, 0);
    return { start: xmin, weights: total === 0 ? weights : weights.map((k) => k / total) };
  });
}
function lanczosResize(image, width, height) {
  let current = image;
  if (width !== current.w) {
    const coefficients = lanczosCoefficients(current.w, width), out = grid(current.h, width);
    for (let y = 0; y < current.h; y++) {
      coefficients.forEach(({ start, weights }, x) => {
        let s = 0;
        for (let k = 0; k < weights.length; k++) s += current.data[y * current.w + start + k] * weights[k];
        out.data[y * width + x] = s;
      });
    }
    current = out;
  }
  if (height !== current.h) {
    const coefficients = lanczosCoefficients(current.h, height), out = grid(height, current.w);
    coefficients.forEach(({ start, weights }, y) => {
      for (let x = 0; x < current.w; x++) {
        let s = 0;
        for (let k = 0; k < weights.length; k++) s += current.data[(start + k) * current.w + x] * weights[k];
        out.data[y * current.w + x] = s;
      }
    });
    current = out;
  }
  return current === image ? { ...image, data: image.data.slice() } : current;
}

// src/draw.js
var CLASSES = 10;
function createDrawView(data, parent, setStateValue) {
  const d = (
    /** @type {any} */
    data.draw
  );
  const texts = d.texts, side = d.canvas;
  const memory = `draw:${data.key}`;
  const kept = (
    /** @type {any} */
    shared.positions.get(memory) ?? { strokes: [], start: null }
  );
  if (d.start && d.start !== kept.start) {
    kept.strokes = [];
    kept.start = d.start;
  }
  shared.positions.set(memory, kept);
  let alive = true, pen = d.pen, erasing = false;
  let stroke = null;
  let finger = -1;
  let backdrop = null;
  const root = element("div", { class: d.kinds.length ? "live draw" : "live draw bare" });
  const canvas = element("canvas", {
    width: side,
    height: side,
    "data-testid": "live-draw",
    "data-input": "null",
    "data-frames": "0",
    role: "img",
    "aria-label": texts.canvas,
    class: "sheet"
  });
  canvas.style.width = canvas.style.height = `${side}px`;
  const button = (text, onClick) => {
    const b = element("button", { type: "button" }, text);
    b.addEventListener("click", onClick);
    return b;
  };
  const undo = button(texts.undo, () => {
    kept.strokes.pop();
    changed(true);
  });
  const clear = button(texts.clear, () => {
    kept.strokes = [];
    kept.start = null;
    backdrop = null;
    changed(true);
  });
  const penButton = button(texts.pen, () => choose(false)), eraser = button(texts.eraser, () => choose(true));
  const width = element("input", { type: "range", min: 2, max: 60, step: 1, value: pen, "aria-label": texts.width });
  const widthValue = element("output", {}, String(pen));
  width.addEventListener("input", () => {
    pen = Number(width.value);
    widthValue.textContent = width.value;
  });
  const choose = (erase) => {
    erasing = erase;
    penButton.setAttribute("aria-pressed", String(!erase));
    eraser.setAttribute("aria-pressed", String(erase));
    canvas.classList.toggle("erasing", erase);
  };
  choose(false);
  const tools = element(
    "div",
    { class: "tools" },
    undo,
    clear,
    penButton,
    eraser,
    element("label", { class: "axis" }, element("span", {}, texts.width), width, widthValue)
  );
  const hint = element("p", { class: "caption" }, texts.hint);
  const status = element("p", { class: "status" }, "Loading the live preview\u2026");
  const empty = element("p", { class: "note empty-note" }, texts.empty);
  const kinds = d.kinds.map((k) => ({ ...k }));
  const prepared = (
    /** @type {any} */
    { size: data.size, compare: { kinds, texts }, fields: { clean: new Float32Array(784) } }
  );
  const figure = element("figure", {});
  const picture = comparePicture(prepared, figure);
  root.append(
    element("div", { class: "sheet-box" }, canvas, tools, hint),
    element("div", { class: "answers" }, status, empty, figure)
  );
  parent.append(root);
  const context = (
    /** @type {CanvasRenderingContext2D} */
    canvas.getContext("2d", { willReadFrequently: true })
  );
  const paintSheet = () => {
    context.globalCompositeOperation = "source-over";
    context.fillStyle = "#000";
    context.fillRect(0, 0, side, side);
    if (backdrop) context.drawImage(backdrop, 0, 0, side, side);
    context.lineCap = context.lineJoin = "round";
    for (const s of kept.strokes) {
      context.strokeStyle = context.fillStyle = s.erase ? "#000" : "#fff";
      context.lineWidth = s.width;
      const [x0, y0] = s.points[0];
      if (s.points.length === 1) {
        context.beginPath();
        context.arc(x0, y0, s.width / 2, 0, 2 * Math.PI);
        context.fill();
        continue;
      }
      context.beginPath();
      context.moveTo(x0, y0);
      for (const [x, y] of s.points.slice(1)) context.lineTo(x, y);
      context.stroke();
    }
  };
  let run = null;
  let entries = [];
  let input = (
    /** @type {Float32Array | null} */
    null
  );
  let pending = false, busy = false, reportAfter = false;
  const changed = (report = false) => {
    pending = true;
    reportAfter ||= report;
    if (!busy) void update();
  };
  const update = async () => {
    busy = true;
    try {
      while (pending && alive) {
        pending = false;
        const report = reportAfter;
        reportAfter = false;
        paintSheet();
        input = toMnist(context.getImageData(0, 0, side, side).data, side, side);
        canvas.dataset.input = input ? JSON.stringify(Array.from(input, (v) => Math.round(v * 1e6) / 1e6)) : "null";
        if (input) publish(data.key, input);
        canvas.dataset.frames = String(Number(canvas.dataset.frames) + 1);
        undo.disabled = !kept.strokes.length;
        clear.disabled = !kept.strokes.length && !backdrop;
        root.classList.toggle("blank", !input);
        if (report) send();
        if (input && run) await answer(input, report);
      }
    } catch (error) {
      fail(`the model did not run (${error?.message ?? error})`);
    } finally {
      busy = false;
    }
  };
  const answer = async (seen, settled) => {
    const outputs = [];
    for (const [i, kind] of kinds.entries()) {
      if (kind.classify) {
        const read = settled || kind.label === void 0 ? await classify(kind, seen) : null;
        kind.label = read?.label ?? kind.label;
        kind.title = texts.read.replace("{title}", d.kinds[i].title).replace("{label}", d.classes[kind.label] ?? kind.label);
        outputs.push(read?.output ?? (await conditional(kind, seen, kind.label)).image);
      } else {
        outputs.push(await run(kind.decoder, await run(kind.encoder, seen)));
      }
    }
    if (!alive) return;
    prepared.fields.clean = seen;
    picture.paint({ seen, outputs });
    for (const c of picture.canvases) c.dataset.frames = String(Number(c.dataset.frames) + 1);
  };
  const conditional = async (kind, seen, label) => {
    const encoder = data.models[kind.encoder], decoder = data.models[kind.decoder];
    const [enc, dec] = [entries[kind.encoder], entries[kind.decoder]];
    const { ort } = enc;
    const hot = new Float32Array(CLASSES);
    hot[label] = 1;
    const labelled = (model) => ({ [Object.keys(model.extra)[0]]: new ort.Tensor("float32", hot, [1, CLASSES]) });
    const coded = await runFeeds(enc, { [encoder.input]: new ort.Tensor("float32", seen, encoder.shape), ...labelled(encoder) });
    const [meanName, logVarName] = enc.session.outputNames;
    const mean = coded[meanName].data, logVar = coded[logVarName].data;
    const decoded = await runFeeds(dec, { [decoder.input]: new ort.Tensor("float32", mean, decoder.shape), ...labelled(decoder) });
    const image = (
      /** @type {Float32Array} */
      decoded[decoder.output].data
    );
    return { mean, logVar, image };
  };
  const classify = async (kind, seen) => {
    let best = { label: 0, output: new Float32Array(784), elbo: -Infinity };
    for (let c = 0; c < CLASSES; c++) {
      const { mean, logVar, image } = await conditional(kind, seen, c);
      let kl = 0;
      for (let i = 0; i < mean.length; i++) kl += 1 + logVar[i] - mean[i] ** 2 - Math.exp(logVar[i]);
      const elbo = -(bce(seen, image) * seen.length - 0.5 * kl);
      if (elbo > best.elbo) best = { label: c, output: image, elbo };
    }
    return best;
  };
  const send = () => {
    const blank = !kept.strokes.length && !backdrop;
    setStateValue("released", {
      id: data.id,
      png: blank ? null : canvas.toDataURL("image/png"),
      input: input ? Array.from(input) : null,
      strokes: kept.strokes.length
    });
  };
  const fail = (reason) => {
    if (alive) reportUnavailable(data.key, root, status, setStateValue, reason);
  };
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * side / r.width, (e.clientY - r.top) * side / r.height];
  };
  canvas.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || stroke) return;
    e.preventDefault();
    finger = e.pointerId;
    canvas.setPointerCapture(e.pointerId);
    stroke = { points: [at(e)], width: pen, erase: erasing };
    kept.strokes.push(stroke);
    changed();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!stroke || e.pointerId !== finger) return;
    const coalesced = e.getCoalescedEvents?.() ?? [];
    for (const each of coalesced.length ? coalesced : [e]) stroke.points.push(at(each));
    changed();
  });
  const lift = (e) => {
    if (!stroke || e.pointerId !== finger) return;
    if (e.type === "pointerup") stroke.points.push(at(e));
    stroke = null;
    changed(true);
  };
  canvas.addEventListener("pointerup", lift);
  canvas.addEventListener("pointercancel", lift);
  if (kept.start) {
    const image = new Image();
    image.onload = () => {
      if (kept.start === image.src) {
        backdrop = image;
        changed();
      }
    };
    image.src = kept.start;
  }
  changed();
  Promise.all(data.models.map((model) => loadSession(model.url))).then((loaded) => {
    if (!alive) return;
    status.textContent = "";
    entries = loaded;
    run = (i, x) => runModel(data.models[i], entries[i], x);
    changed();
  }, (error) => fail(`the runtime could not start (${error?.message ?? error})`));
  return {
    id: data.id,
    destroy() {
      alive = false;
      root.remove();
      if (shared.views.get(parent)?.id === data.id) shared.views.delete(parent);
    }
  };
}
function runFeeds(entry, feeds) {
  const done = entry.queue.then(() => entry.session.run(feeds));
  entry.queue = done.catch(() => {
  });
  return done;
}

// src/controls.js
var VALUE_KEYS = /* @__PURE__ */ new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);
var BIG_STEPS = 5;
function slider(labelText, min, max, step, value, onMove, view, name) {
  const input = element("input", { type: "range", min, max, step, value, ...name ? { "aria-label": name } : {} });
  const output = element("output", {}, Number(input.value).toFixed(2));
  let keyboard = false;
  input.addEventListener("input", () => {
    output.textContent = Number(input.value).toFixed(2);
    onMove();
  });
  input.addEventListener("keydown", (e) => {
    if (VALUE_KEYS.has(e.key)) {
      keyboard = true;
      view.holdRelease();
    }
  });
  input.addEventListener("keyup", (e) => {
    if (VALUE_KEYS.has(e.key)) {
      keyboard = false;
      view.releaseSoon();
    }
  });
  input.addEventListener("blur", () => {
    keyboard = false;
  });
  input.addEventListener("change", () => {
    if (!keyboard) view.release();
  });
  return { row: element("label", { class: "axis" }, element("span", {}, labelText), input, output), input };
}
function axesControls(d, positions, box, view) {
  const inputs = d.axes.labels.map((label, k) => {
    const { row, input } = slider(
      label,
      -d.axes.span,
      d.axes.span,
      d.axes.step,
      positions[k],
      () => view.move(inputs.map((i) => Number(i.value))),
      view,
      d.names?.controls?.[k]
    );
    box.append(row);
    return input;
  });
}
function levelControls(d, level, box, view) {
  const { label, min, max, step } = (
    /** @type {import("./types.js").NoiseSettings} */
    d[d.mode]
  );
  const { row, input } = slider(
    label,
    min,
    max,
    step,
    level,
    () => view.move(Number(input.value)),
    view,
    d.names?.controls?.[0]
  );
  box.append(row);
}
function pathControls(d, t, box, view) {
  const { row, input } = slider(
    d.path.label,
    0,
    1,
    d.path.step,
    t,
    () => view.move(Number(input.value)),
    view,
    d.names?.controls?.[0]
  );
  box.append(row);
}
function planeControls(d, point, box, view) {
  const { span, size, step } = d.plane;
  const names = d.names ?? {};
  const plane = element("div", {
    class: "plane",
    tabindex: 0,
    role: "slider",
    "aria-valuemin": -span,
    "aria-valuemax": span,
    ...names.plane ? { "aria-label": names.plane } : {}
  });
  plane.style.width = plane.style.height = `${size}px`;
  const backdrop = element("canvas", { width: size * devicePixelRatio, height: size * devicePixelRatio });
  const ring = element("div", { class: "ring" });
  plane.append(backdrop, ring);
  box.append(plane);
  drawBackdrop(backdrop, d.plane);
  const clamp = (v) => Math.min(span, Math.max(-span, v));
  const pointAt = (e) => {
    const r = plane.getBoundingClientRect();
    return [clamp(span * (2 * (e.clientX - r.left) / r.width - 1)), clamp(span * (1 - 2 * (e.clientY - r.top) / r.height))];
  };
  const placeRing = ([x, y]) => {
    ring.style.left = `${(x / span + 1) / 2 * size}px`;
    ring.style.top = `${(1 - y / span) / 2 * size}px`;
    plane.setAttribute("aria-valuenow", x.toFixed(2));
    if (names.position) plane.setAttribute("aria-valuetext", fill(names.position, { x, y }));
  };
  const moveTo = (at) => {
    placeRing(at);
    view.move(at);
  };
  placeRing(point);
  let dragging = false;
  plane.addEventListener("pointerdown", (e) => {
    dragging = true;
    plane.setPointerCapture(e.pointerId);
    plane.focus();
    moveTo(pointAt(e));
  });
  plane.addEventListener("pointermove", (e) => dragging ? moveTo(pointAt(e)) : view.show(pointAt(e)));
  plane.addEventListener("pointerup", (e) => {
    if (!dragging) return;
    dragging = false;
    moveTo(pointAt(e));
    view.release();
  });
  plane.addEventListener("pointerleave", () => {
    if (!dragging) view.show(view.current());
  });
  plane.addEventListener("pointercancel", () => {
    dragging = false;
    view.show(view.current());
  });
  const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  plane.addEventListener("keydown", (e) => {
    if (!arrows[e.key]) return;
    e.preventDefault();
    view.holdRelease();
    const [x, y] = view.current(), by = e.shiftKey ? BIG_STEPS * step : step;
    moveTo([clamp(x + arrows[e.key][0] * by), clamp(y + arrows[e.key][1] * by)]);
  });
  plane.addEventListener("keyup", (e) => {
    if (arrows[e.key]) view.releaseSoon();
  });
}
function drawBackdrop(canvas, { image, points, colours, span }) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const dots = () => {
    context.globalAlpha = 0.7;
    for (const [x, y, c] of points ?? []) {
      context.fillStyle = colours[c] ?? "#888";
      context.beginPath();
      context.arc((x / span + 1) / 2 * width, (1 - y / span) / 2 * height, 1.6 * devicePixelRatio, 0, 2 * Math.PI);
      context.fill();
    }
  };
  context.fillStyle = "#000";
  context.fillRect(0, 0, width, height);
  if (!image) return dots();
  const picture = new Image();
  picture.onload = () => {
    context.drawImage(picture, 0, 0, width, height);
    dots();
  };
  picture.src = image;
}

// src/view.js
var KEY_RELEASE_MS = 300;
var decode = (code) => (d, at, run) => run(0, code(d, at));
var MODES = {
  axes: {
    start: (d) => d.axes.start,
    compute: decode((d, positions) => moveAlong(d.axes, positions)),
    report: (positions) => ({ positions }),
    controls: axesControls,
    picture: digitPicture
  },
  path: {
    start: (d) => d.path.t,
    compute: decode((d, t) => (d.path.method === "spherical" ? slerp : lerp)(d.path.a, d.path.b, t)),
    report: (t) => ({ t }),
    controls: pathControls,
    picture: digitPicture
  },
  plane: {
    start: (d) => d.plane.position,
    compute: decode((d, point) => Float32Array.from(point)),
    report: (point) => ({ point }),
    controls: planeControls,
    picture: digitPicture
  },
  noise: levelMode(async (d, level, run) => {
    const seen = corrupt(d.fields, d.noise.kind, level);
    const code = await run(0, seen);
    return { seen, code, output: await run(1, code) };
  }, noisePicture),
  compare: levelMode(async (d, level, run) => {
    const seen = corrupt(d.fields, d.compare.kind, level);
    const outputs = [];
    for (const kind of d.compare.kinds) outputs.push(await run(kind.decoder, await run(kind.encoder, seen)));
    return { seen, outputs };
  }, comparePicture)
};
function levelMode(compute, picture) {
  return {
    start: (d) => d[d.mode].level,
    prepare: withFields,
    fresh: true,
    stacked: true,
    compute,
    report: (level) => ({ level }),
    controls: levelControls,
    picture
  };
}
function withFields(d) {
  const n = d[d.mode];
  return { ...d, fields: { clean: unpack(n.clean, Float32Array), g: unpack(n.g, Float64Array), u: unpack(n.u, Float64Array) } };
}
function createView(data, parent, setStateValue) {
  const mode = MODES[data.mode];
  const settings = mode.prepare?.(data) ?? data;
  const memory = `${data.key}:${data.id}`;
  let position = (mode.fresh ? void 0 : shared.positions.get(memory)) ?? mode.start(data);
  let alive = true, keyTimer = 0, decodeNow = null;
  const root = element("div", { class: mode.stacked ? "live stacked" : "live" });
  const status = element("p", { class: "status" }, "Loading the live preview\u2026");
  const figure = element("figure", {});
  const picture = mode.picture(settings, figure);
  namePictures(picture.canvases, data.names?.pictures);
  figure.append(status);
  const controls = element("div", { class: "controls" });
  root.append(...mode.stacked ? [controls, figure] : [figure, controls]);
  parent.append(root);
  let reported = JSON.stringify(position);
  const report = () => {
    if (JSON.stringify(position) === reported) return;
    reported = JSON.stringify(position);
    setStateValue("released", { id: data.id, ...mode.report(position) });
  };
  const view = {
    show: (at) => decodeNow?.(at),
    // paint any position (the plane's hover) without moving
    move(at) {
      position = at;
      shared.positions.set(memory, at);
      view.show(at);
    },
    release() {
      clearTimeout(keyTimer);
      report();
    },
    releaseSoon() {
      clearTimeout(keyTimer);
      keyTimer = setTimeout(report, KEY_RELEASE_MS);
    },
    holdRelease() {
      clearTimeout(keyTimer);
    },
    current: () => position
  };
  mode.controls(data, position, controls, view);
  const followed = data[data.mode]?.follow;
  const unfollow = followed ? follow(followed, (input) => {
    settings.fields.clean = input;
    view.show(position);
  }) : null;
  const fail = (reason) => {
    if (alive) reportUnavailable(data.key, root, status, setStateValue, reason);
  };
  Promise.all(data.models.map((model) => loadSession(model.url))).then((entries) => {
    if (!alive) return;
    status.textContent = "";
    const run = (i, input) => runModel(data.models[i], entries[i], input);
    decodeNow = latestOnly(async (at) => {
      const result = await mode.compute(settings, at, run);
      if (!alive) return;
      picture.paint(result);
      for (const canvas of picture.canvases) canvas.dataset.frames = String(Number(canvas.dataset.frames) + 1);
    }, (error) => fail(`the model did not run (${error.message ?? error})`));
    decodeNow(position);
  }, (error) => fail(`the runtime could not start (${error.message ?? error})`));
  return {
    id: data.id,
    destroy() {
      alive = false;
      unfollow?.();
      clearTimeout(keyTimer);
      root.remove();
      if (shared.views.get(parent)?.id === data.id) shared.views.delete(parent);
    }
  };
}
function latestOnly(work, onError) {
  let next = null, busy = false;
  return async (arg) => {
    next = arg;
    if (busy) return;
    busy = true;
    try {
      while (next !== null) {
        const now = next;
        next = null;
        await work(now);
      }
    } catch (error) {
      onError(error);
    } finally {
      busy = false;
    }
  };
}

// src/main.js
function liveDecoder({ data, parentElement, setStateValue }) {
  const current = shared.views.get(parentElement);
  if (current?.id === data.id) return current.destroy;
  const focused = focusedControl(parentElement);
  current?.destroy();
  const view = (data.mode === "draw" ? createDrawView : createView)(data, parentElement, setStateValue);
  refocus(parentElement, focused);
  shared.views.set(parentElement, view);
  return () => shared.views.get(parentElement)?.destroy();
}
export {
  liveDecoder as default
};
