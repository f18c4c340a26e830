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
  const plot = element("div", { class: "bars", role: "img" }, axis, ...columns);
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
      plot.setAttribute("aria-label", tips.join("; "));
    }
  };
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
  const fail = (reason) => {
    if (!alive) return;
    status.textContent = `Live preview unavailable: ${reason}`;
    root.classList.add("failed");
    if (!shared.reported.has(data.key)) {
      shared.reported.add(data.key);
      setStateValue("unavailable", reason);
    }
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
  const view = createView(data, parentElement, setStateValue);
  refocus(parentElement, focused);
  shared.views.set(parentElement, view);
  return () => shared.views.get(parentElement)?.destroy();
}
export {
  liveDecoder as default
};
