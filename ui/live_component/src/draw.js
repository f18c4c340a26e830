// @ts-check
// Draw and watch: a canvas in the browser. At every pointer move (mouse, touch or pen) the drawing
// becomes the models' 28x28 input (to_mnist.js, the library's to_mnist ported), every kind's encoder
// and decoder run on it (a conditional kind reads the class as Autoencoder.classify does when the drawing
// settles, and draws the class it read meanwhile), and
// Compare's pictures repaint: what the models see, each reconstruction with its BCE, the best starred,
// the BCE bars. Nothing goes to the server while the pen moves; a lifted pen (and Undo, Clear) reports
// the drawing once, as a PNG, with its input. The strokes are kept per view key, so a view rebuilt
// with other models (another dataset) keeps the drawing.

import { element } from "./dom.js";
import { bce } from "./maths.js";
import { comparePicture } from "./pictures.js";
import { publish } from "./follow.js";
import { loadSession, reportUnavailable, runModel, shared } from "./runtime.js";
import { toMnist } from "./to_mnist.js";

/** @typedef {import("./types.js").ViewData} ViewData */
/** @typedef {{points: number[][], width: number, erase: boolean}} Stroke */
/** @typedef {import("./types.js").ModelData} ModelData */
/** @typedef {{title: string, colour: string, encoder: number, decoder: number, classify: boolean, label?: number}} DrawKind */

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
  const kept = /** @type {any} */ (shared.positions.get(memory)) ?? { strokes: [], start: null };
  if (d.start && d.start !== kept.start) { kept.strokes = []; kept.start = d.start; }   // drawn elsewhere: start there
  shared.positions.set(memory, kept);
  let alive = true, pen = d.pen, erasing = false;
  /** @type {Stroke | null} */
  let stroke = null;
  let finger = -1;   // the pointer drawing the stroke: a second finger neither draws nor ends it
  /** @type {HTMLImageElement | null} */
  let backdrop = null;

  // --- the canvas and its tools
  const root = element("div", { class: d.kinds.length ? "live draw" : "live draw bare" });   // bare: the sidebar's
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
  root.append(element("div", { class: "sheet-box" }, canvas, tools, hint),
    element("div", { class: "answers" }, status, empty, figure));
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

  /**
   * Every kind's reconstruction of ``seen``, painted. A conditional kind reads the class when the drawing
   * settles (pen-up, Undo, Clear; or when it has read none yet) and, while the pen moves, draws the class
   * it read last: reading it costs twenty runs of the model, drawing it two.
   * @param {Float32Array} seen @param {boolean} settled
   */
  const answer = async (seen, settled) => {
    const outputs = [];
    for (const [i, kind] of kinds.entries()) {
      if (kind.classify) {
        const read = settled || kind.label === undefined ? await classify(kind, seen) : null;
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

  /**
   * A conditional kind's code (mean and log-variance) and image for ``seen`` drawn as class ``label``.
   * @param {DrawKind} kind @param {Float32Array} seen @param {number} label
   */
  const conditional = async (kind, seen, label) => {
    const encoder = data.models[kind.encoder], decoder = data.models[kind.decoder];
    const [enc, dec] = [entries[kind.encoder], entries[kind.decoder]];
    const { ort } = enc;
    const hot = new Float32Array(CLASSES);
    hot[label] = 1;
    const labelled = (/** @type {ModelData} */ model) => ({ [Object.keys(model.extra)[0]]: new ort.Tensor("float32", hot, [1, CLASSES]) });
    const coded = await runFeeds(enc, { [encoder.input]: new ort.Tensor("float32", seen, encoder.shape), ...labelled(encoder) });
    const [meanName, logVarName] = enc.session.outputNames;
    const mean = coded[meanName].data, logVar = coded[logVarName].data;
    const decoded = await runFeeds(dec, { [decoder.input]: new ort.Tensor("float32", mean, decoder.shape), ...labelled(decoder) });
    const image = /** @type {Float32Array} */ (decoded[decoder.output].data);
    return { mean, logVar, image };
  };

  /**
   * The class whose ELBO is highest, each taken at the code's mean (Autoencoder.classify), and the image
   * drawn as that class. One image at a time: ONNX Runtime Web runs this model's batch of ten far slower.
   * @param {DrawKind} kind @param {Float32Array} seen
   */
  const classify = async (kind, seen) => {
    /** @type {{label: number, output: Float32Array, elbo: number}} */
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
    setStateValue("released", { id: data.id, png: blank ? null : canvas.toDataURL("image/png"),
      input: input ? Array.from(input) : null, strokes: kept.strokes.length });
  };

  const fail = (/** @type {string} */ reason) => {
    if (alive) reportUnavailable(data.key, root, status, setStateValue, reason);
  };

  // --- the pen: pointer events cover mouse, touch and pen alike
  const at = (/** @type {PointerEvent} */ e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * side) / r.width, ((e.clientY - r.top) * side) / r.height];
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
  const lift = (/** @type {PointerEvent} */ e) => {
    if (!stroke || e.pointerId !== finger) return;
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
 * One run of a session with the given inputs, queued behind its other runs as runtime.runModel queues them.
 * @param {any} entry @param {Record<string, any>} feeds @returns {Promise<Record<string, any>>}
 */
function runFeeds(entry, feeds) {
  const done = entry.queue.then(() => entry.session.run(feeds));
  entry.queue = done.catch(() => {});
  return done;
}
