// @ts-check
// Draw and watch: a canvas in the browser. At every pointer move (mouse, touch or pen) the drawing
// becomes the models' 28x28 input (to_mnist.js, the library's to_mnist ported), every kind's encoder
// and decoder run on it (a conditional kind first reads the class, as Autoencoder.classify does), and
// Compare's pictures repaint: what the models see, each reconstruction with its BCE, the best starred,
// the BCE bars. Nothing goes to the server while the pen moves; a lifted pen (and Undo, Clear) reports
// the drawing once, as a PNG, with its input. The strokes are kept per view key, so a view rebuilt
// with other models (another dataset) keeps the drawing.

import { element } from "./dom.js";
import { bce } from "./maths.js";
import { comparePicture } from "./pictures.js";
import { loadSession, runModel, shared } from "./runtime.js";
import { toMnist } from "./to_mnist.js";

/** @typedef {import("./types.js").ViewData} ViewData */
/** @typedef {{points: number[][], width: number, erase: boolean}} Stroke */
/** @typedef {{title: string, colour: string, encoder: number, decoder: number, classify: boolean}} DrawKind */

const CLASSES = 10;

/**
 * Draws the view into ``parent``; reports lifted pens (and a browser that cannot run the models).
 * @param {ViewData} data @param {HTMLElement} parent @param {(name: string, value: unknown) => void} setStateValue
 * @returns {{id: string, destroy: () => void}}
 */
export function createDrawView(data, parent, setStateValue) {
  const d = /** @type {any} */ (data).draw;
  const texts = d.texts, side = d.canvas;
  const memory = `draw:${data.key}`;
  /** @type {{strokes: Stroke[], start: string | null}} */
  const kept = /** @type {any} */ (shared.positions.get(memory)) ?? { strokes: [], start: d.start };
  shared.positions.set(memory, kept);
  let alive = true, pen = d.pen, erasing = false;
  /** @type {Stroke | null} */
  let stroke = null;
  /** @type {HTMLImageElement | null} */
  let backdrop = null;

  // --- the canvas and its tools
  const root = element("div", { class: "live draw" });
  const canvas = element("canvas", { width: side, height: side, "data-testid": "live-draw", "data-input": "null",
    "data-frames": "0", role: "img", "aria-label": texts.canvas, class: "sheet" });
  canvas.style.width = canvas.style.height = `${side}px`;
  const button = (text, onClick) => {
    const b = element("button", { type: "button" }, text);
    b.addEventListener("click", onClick);
    return b;
  };
  const undo = button(texts.undo, () => { kept.strokes.pop(); changed(true); });
  const clear = button(texts.clear, () => { kept.strokes = []; kept.start = null; backdrop = null; changed(true); });
  const penButton = button(texts.pen, () => choose(false)), eraser = button(texts.eraser, () => choose(true));
  const width = element("input", { type: "range", min: 2, max: 60, step: 1, value: pen, "aria-label": texts.width });
  const widthValue = element("output", {}, String(pen));
  width.addEventListener("input", () => { pen = Number(width.value); widthValue.textContent = width.value; });
  const choose = (erase) => {
    erasing = erase;
    penButton.setAttribute("aria-pressed", String(!erase));
    eraser.setAttribute("aria-pressed", String(erase));
    canvas.classList.toggle("erasing", erase);
  };
  choose(false);
  const tools = element("div", { class: "tools" }, undo, clear, penButton, eraser,
    element("label", { class: "axis" }, element("span", {}, texts.width), width, widthValue));
  const hint = element("p", { class: "caption" }, texts.hint);
  const status = element("p", { class: "status" }, "Loading the live preview…");
  const empty = element("p", { class: "note empty-note" }, texts.empty);

  // --- the pictures: Compare's, over the input instead of a corrupted one
  /** @type {DrawKind[]} */
  const kinds = d.kinds.map((/** @type {DrawKind} */ k) => ({ ...k }));
  const prepared = /** @type {any} */ ({ size: data.size, compare: { kinds, texts }, fields: { clean: new Float32Array(784) } });
  const figure = element("figure", {});
  const picture = comparePicture(prepared, figure);
  figure.append(status);
  root.append(element("div", { class: "sheet-box" }, canvas, tools, hint), element("div", { class: "answers" }, empty, figure));
  parent.append(root);
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d", { willReadFrequently: true }));

  // --- painting the strokes: all of them, each frame, so undo redraws exactly what was there
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

  /** @type {((i: number, input: Float32Array) => Promise<Float32Array>) | null} */
  let run = null;
  /** @type {any[]} */
  let entries = [];
  let input = /** @type {Float32Array | null} */ (null);

  // One update at a time; moves arriving meanwhile collapse into one more with the newest drawing.
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
        canvas.dataset.frames = String(Number(canvas.dataset.frames) + 1);
        undo.disabled = !kept.strokes.length;
        clear.disabled = !kept.strokes.length && !backdrop;
        root.classList.toggle("blank", !input);
        if (report) send();
        if (input && run) await answer(input);
      }
    } catch (error) {
      fail(`the model did not run (${error?.message ?? error})`);
    } finally {
      busy = false;
    }
  };

  /** Every kind's reconstruction of ``seen``, painted. @param {Float32Array} seen */
  const answer = async (seen) => {
    const outputs = [];
    for (const kind of kinds) {
      if (kind.classify) {
        const { label, output } = await classify(kind, seen);
        kind.title = texts.read.replace("{title}", d.kinds[kinds.indexOf(kind)].title).replace("{label}", d.classes[label] ?? label);
        outputs.push(output);
      } else {
        outputs.push(await run(kind.decoder, await run(kind.encoder, seen)));
      }
    }
    if (!alive) return;
    prepared.fields.clean = seen;
    picture.paint({ seen, outputs });
    for (const c of picture.canvases) c.dataset.frames = String(Number(c.dataset.frames) + 1);
  };

  /**
   * The class whose ELBO is highest, each taken at the code's mean (Autoencoder.classify), and the
   * image decoded for it: the ten classes in one batch through the encoder, then the decoder.
   * @param {DrawKind} kind @param {Float32Array} seen
   */
  const classify = async (kind, seen) => {
    const encoder = data.models[kind.encoder], decoder = data.models[kind.decoder];
    const [enc, dec] = [entries[kind.encoder], entries[kind.decoder]];
    const labelName = Object.keys(encoder.extra)[0];
    const tiled = new Float32Array(CLASSES * 784), labels = new Float32Array(CLASSES * CLASSES);
    for (let c = 0; c < CLASSES; c++) { tiled.set(seen, c * 784); labels[c * CLASSES + c] = 1; }
    const { ort } = enc;
    const labelTensor = new ort.Tensor("float32", labels, [CLASSES, CLASSES]);
    const coded = await runBatch(enc, { [encoder.input]: new ort.Tensor("float32", tiled, [CLASSES, ...encoder.shape.slice(1)]),
      [labelName]: labelTensor });
    const [meanName, logVarName] = enc.session.outputNames;
    const mean = coded[meanName].data, logVar = coded[logVarName].data, size = mean.length / CLASSES;
    const decoded = await runBatch(dec, { [decoder.input]: new ort.Tensor("float32", mean, [CLASSES, size]),
      [Object.keys(decoder.extra)[0]]: labelTensor });
    const images = decoded[decoder.output].data;
    let best = 0, bestElbo = -Infinity;
    for (let c = 0; c < CLASSES; c++) {
      const image = images.subarray(c * 784, (c + 1) * 784);
      let kl = 0;
      for (let i = c * size; i < (c + 1) * size; i++) kl += 1 + logVar[i] - mean[i] ** 2 - Math.exp(logVar[i]);
      const elbo = -(bce(seen, image) * 784 - 0.5 * kl);
      if (elbo > bestElbo) { bestElbo = elbo; best = c; }
    }
    return { label: best, output: Float32Array.from(images.subarray(best * 784, (best + 1) * 784)) };
  };

  const send = () => {
    const blank = !kept.strokes.length && !backdrop;
    setStateValue("released", { id: data.id, png: blank ? null : canvas.toDataURL("image/png"),
      input: input ? Array.from(input) : null, strokes: kept.strokes.length });
  };

  const fail = (/** @type {string} */ reason) => {
    if (!alive) return;
    status.textContent = `Live preview unavailable: ${reason}`;
    root.classList.add("failed");
    if (!shared.reported.has(data.key)) {   // once: the page falls back to the server path
      shared.reported.add(data.key);
      setStateValue("unavailable", reason);
    }
  };

  // --- the pen: pointer events cover mouse, touch and pen alike
  const at = (/** @type {PointerEvent} */ e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * side) / r.width, ((e.clientY - r.top) * side) / r.height];
  };
  canvas.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || stroke) return;
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    stroke = { points: [at(e)], width: pen, erase: erasing };
    kept.strokes.push(stroke);
    changed();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!stroke) return;
    const coalesced = e.getCoalescedEvents?.() ?? [];
    for (const each of coalesced.length ? coalesced : [e]) stroke.points.push(at(each));
    changed();
  });
  const lift = (/** @type {PointerEvent} */ e) => {
    if (!stroke) return;
    if (e.type === "pointerup") stroke.points.push(at(e));
    stroke = null;
    changed(true);
  };
  canvas.addEventListener("pointerup", lift);
  canvas.addEventListener("pointercancel", lift);

  if (kept.start) {   // the drawing the page holds, drawn under any strokes kept here
    const image = new Image();
    image.onload = () => { if (kept.start === image.src) { backdrop = image; changed(); } };
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
    },
  };
}

/**
 * One batched run on a session, queued behind its other runs as runtime.runModel queues them.
 * @param {any} entry @param {Record<string, any>} feeds @returns {Promise<Record<string, any>>}
 */
function runBatch(entry, feeds) {
  const done = entry.queue.then(() => entry.session.run(feeds));
  entry.queue = done.catch(() => {});
  return done;
}
