// The live decoder: sliders (or a 2-D plane) whose picture is decoded in the browser by
// ONNX Runtime Web, so a move repaints within a frame and sends nothing to the server.
// Only a release (pointer up, the end of a burst of arrow keys) reports the position back.
//
// Streamlit (Components v2) calls the default export on mount and again whenever `data`
// changes (or the theme does), always with the same parentElement and no cleanup in
// between; the function we return runs once, on unmount. So each parentElement holds one
// view: rebuilt when the data changed, left as it is (slider positions and all) otherwise.

const ORT_VERSION = "1.30.0";   // in the runtime's URLs: a new runtime gets new URLs (build.mjs checks it)
const ORT_BUNDLE = "app/static/ort/ort.wasm.bundle.min.mjs";
const ORT_WASM = "app/static/ort/ort-wasm-simd-threaded.wasm";
const KEY_RELEASE_MS = 300;   // arrow keys: one report after a burst of presses, not one per press
const VALUE_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);

// Shared by every instance on the page and every rerun: one runtime, one session per model,
// the last position of each view (restored when Streamlit remounts it with the same data).
const shared = (globalThis.__liveDecoder ??= {
  ort: null, sessions: new Map(), positions: new Map(), views: new WeakMap(), reported: new Set(),
});

export default function liveDecoder({ data, parentElement, setStateValue }) {
  const current = shared.views.get(parentElement);
  if (current?.id === data.id) return current.destroy;
  current?.destroy();
  const view = createView(data, parentElement, setStateValue);
  shared.views.set(parentElement, view);
  return () => shared.views.get(parentElement)?.destroy();
}

// ---- runtime and model ----------------------------------------------------------------

const runtimeUrl = (path) => new URL(`${path}?v=${ORT_VERSION}`, document.baseURI).href;

// Any cached copy is used as it is, without asking the server: Streamlit's static handler sends
// no max-age and never answers a revalidation with 304, it gzips the whole file again (the 14 MB
// .wasm: ~0.4 s of server CPU). Safe because these URLs change whenever their content does:
// models are named by their weights' hash, the runtime carries its version.
async function cachedBytes(url) {
  const response = await fetch(url, { cache: "force-cache" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadRuntime() {
  shared.ort ??= (async () => {
    if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
    const [ort, wasm] = await Promise.all([import(runtimeUrl(ORT_BUNDLE)), cachedBytes(runtimeUrl(ORT_WASM))]);
    ort.env.wasm.numThreads = 1;   // Streamlit sends no COOP/COEP headers: no SharedArrayBuffer
    ort.env.wasm.wasmBinary = wasm;
    return ort;
  })();
  return shared.ort;
}

async function loadSession(url) {
  const ort = await loadRuntime();
  if (!shared.sessions.has(url)) {
    const created = cachedBytes(new URL(url, document.baseURI).href)
      .then((bytes) => ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] }))
      .then((session) => ({ ort, session, queue: Promise.resolve() }));
    created.catch(() => shared.sessions.delete(url));   // a later view may try again
    shared.sessions.set(url, created);
  }
  return shared.sessions.get(url);
}

// One run at a time per session: views of the same model share it.
function runModel(model, entry, code, extra) {
  const { ort, session } = entry;
  const feeds = { [model.code]: new ort.Tensor("float32", code, [1, code.length]) };
  for (const [name, values] of Object.entries(extra ?? {})) {
    feeds[name] = new ort.Tensor("float32", Float32Array.from(values), [1, values.length]);
  }
  const run = entry.queue.then(() => session.run(feeds));
  entry.queue = run.catch(() => {});
  return run.then((out) => out[model.output].data);
}

// ---- the codes each mode moves through ---------------------------------------------------

const MODES = {
  axes: {
    start: (d) => d.axes.start,
    // The same as ae_models.latent.Axes.move: shift the base along each direction.
    code(d, positions) {
      const z = Float64Array.from(d.axes.base);
      positions.forEach((p, k) => {
        const shift = (p - d.axes.start[k]) * d.axes.scales[k];
        d.axes.directions[k].forEach((v, i) => { z[i] += shift * v; });
      });
      return Float32Array.from(z);
    },
    report: (positions) => ({ positions }),
    controls: axesControls,
  },
  path: {
    start: (d) => d.path.t,
    code: (d, t) => (d.path.method === "spherical" ? slerp : lerp)(d.path.a, d.path.b, t),
    report: (t) => ({ t }),
    controls: pathControls,
  },
  plane: {
    start: (d) => d.plane.position,
    code: (d, point) => Float32Array.from(point),
    report: (point) => ({ point }),
    controls: planeControls,
  },
};

function lerp(a, b, t) {
  return Float32Array.from(a, (ai, i) => ai + t * (b[i] - ai));
}

// The same great circle as ae_models.latent.slerp: the length goes linearly from |a| to |b|.
function slerp(a, b, t) {
  const norm = (v) => Math.hypot(...v);
  const na = norm(a), nb = norm(b);
  if (na < 1e-12 || nb < 1e-12) return lerp(a, b, t);
  const cos = a.reduce((sum, ai, i) => sum + ai * b[i], 0) / (na * nb);
  const omega = Math.acos(Math.min(1, Math.max(-1, cos)));
  if (Math.sin(omega) < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / na, wb = Math.sin(t * omega) / nb;
  const length = (1 - t) * na + t * nb;
  return Float32Array.from(a, (ai, i) => ((wa * ai + wb * b[i]) / Math.sin(omega)) * length);
}

// ---- the view ------------------------------------------------------------------------------

function createView(data, parent, setStateValue) {
  const mode = MODES[data.mode];
  const memory = `${data.key}:${data.id}`;
  let position = shared.positions.get(memory) ?? mode.start(data);
  let alive = true, keyTimer = 0, decodeNow = null;

  const root = element("div", { class: "live" });
  const canvas = element("canvas", { width: 28, height: 28, "data-testid": "live-decoder", "data-frames": "0" });
  canvas.style.width = canvas.style.height = `${data.size}px`;
  const status = element("p", { class: "status" }, "Loading the live preview…");
  const figure = element("figure", {}, canvas, status);
  if (data.caption) figure.append(element("figcaption", {}, data.caption));
  const controls = element("div", { class: "controls" });
  root.append(figure, controls);
  parent.append(root);

  let reported = JSON.stringify(position);
  const report = () => {   // only a position that changed: a key pressed at a slider's end moves nothing
    if (JSON.stringify(position) === reported) return;
    reported = JSON.stringify(position);
    setStateValue("value", { id: data.id, ...mode.report(position) });
  };
  const view = {
    show: (at) => decodeNow?.(at),   // paint any position (the plane's hover) without moving
    move(at) {                        // a new position: remember it and paint it
      position = at;
      shared.positions.set(memory, at);
      view.show(at);
    },
    release() { clearTimeout(keyTimer); report(); },
    releaseSoon() { clearTimeout(keyTimer); keyTimer = setTimeout(report, KEY_RELEASE_MS); },
    holdRelease() { clearTimeout(keyTimer); },
    current: () => position,
  };
  mode.controls(data, position, controls, view);

  const fail = (reason) => {
    if (!alive) return;
    status.textContent = `Live preview unavailable: ${reason}`;
    root.classList.add("failed");
    if (!shared.reported.has(data.key)) {   // once: the page falls back to the server path
      shared.reported.add(data.key);
      setStateValue("unavailable", reason);
    }
  };

  loadSession(data.model.url).then((entry) => {
    if (!alive) return;
    status.textContent = "";
    decodeNow = latestOnly(async (at) => {
      const pixels = await runModel(data.model, entry, mode.code(data, at), data.extra);
      if (alive) paint(canvas, pixels);
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
    },
  };
}

// At most one decode in flight; inputs arriving meanwhile collapse into one more run with the newest.
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

function paint(canvas, pixels) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const grey = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
    image.data.set([grey, grey, grey, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
  canvas.dataset.frames = String(Number(canvas.dataset.frames) + 1);
}

// ---- controls ---------------------------------------------------------------------------------

function slider(labelText, min, max, step, value, onMove, view) {
  const input = element("input", { type: "range", min, max, step, value });
  const output = element("output", {}, Number(input.value).toFixed(2));
  let keyboard = false;   // a key changes the value and fires "change" at once: report at keyup instead
  input.addEventListener("input", () => { output.textContent = Number(input.value).toFixed(2); onMove(); });
  input.addEventListener("keydown", (e) => { if (VALUE_KEYS.has(e.key)) { keyboard = true; view.holdRelease(); } });
  input.addEventListener("keyup", (e) => { if (VALUE_KEYS.has(e.key)) { keyboard = false; view.releaseSoon(); } });
  input.addEventListener("blur", () => { keyboard = false; });
  input.addEventListener("change", () => { if (!keyboard) view.release(); });
  return { row: element("label", { class: "axis" }, element("span", {}, labelText), input, output), input };
}

function axesControls(d, positions, box, view) {
  const inputs = d.axes.labels.map((label, k) => {
    const { row, input } = slider(label, -d.axes.span, d.axes.span, d.axes.step, positions[k],
      () => view.move(inputs.map((i) => Number(i.value))), view);
    box.append(row);
    return input;
  });
}

function pathControls(d, t, box, view) {
  const { row, input } = slider(d.path.label, 0, 1, d.path.step, t, () => view.move(Number(input.value)), view);
  box.append(row);
}

function planeControls(d, point, box, view) {
  const { span, size, step } = d.plane;
  const plane = element("div", { class: "plane", tabindex: 0, role: "application",
    "aria-label": "Code plane: move the pointer to preview, press or use the arrow keys to choose" });
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
    ring.style.left = `${((x / span + 1) / 2) * size}px`;
    ring.style.top = `${((1 - y / span) / 2) * size}px`;
  };
  const moveTo = (at) => { placeRing(at); view.move(at); };
  placeRing(point);

  let dragging = false;
  plane.addEventListener("pointerdown", (e) => {
    dragging = true;
    plane.setPointerCapture(e.pointerId);
    plane.focus();
    moveTo(pointAt(e));
  });
  plane.addEventListener("pointermove", (e) => (dragging ? moveTo(pointAt(e)) : view.show(pointAt(e))));
  plane.addEventListener("pointerup", (e) => {
    if (!dragging) return;
    dragging = false;
    moveTo(pointAt(e));
    view.release();
  });
  plane.addEventListener("pointerleave", () => { if (!dragging) view.show(view.current()); });
  const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  plane.addEventListener("keydown", (e) => {
    if (!arrows[e.key]) return;
    e.preventDefault();   // keep the page from scrolling
    view.holdRelease();
    const [x, y] = view.current();
    moveTo([clamp(x + arrows[e.key][0] * step), clamp(y + arrows[e.key][1] * step)]);
  });
  plane.addEventListener("keyup", (e) => { if (arrows[e.key]) view.releaseSoon(); });
}

// The decoded manifold as background (rows from high z2 to low, columns from low z1 to high),
// then one dot per test code in its class's colour.
function drawBackdrop(canvas, { image, points, colours, span }) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const dots = () => {
    context.globalAlpha = 0.7;
    for (const [x, y, c] of points ?? []) {
      context.fillStyle = colours[c] ?? "#888";
      context.beginPath();
      context.arc(((x / span + 1) / 2) * width, ((1 - y / span) / 2) * height, 1.6 * devicePixelRatio, 0, 2 * Math.PI);
      context.fill();
    }
  };
  context.fillStyle = "#000";
  context.fillRect(0, 0, width, height);
  if (!image) return dots();
  const picture = new Image();
  picture.onload = () => { context.drawImage(picture, 0, 0, width, height); dots(); };
  picture.src = image;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
