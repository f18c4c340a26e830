// @ts-check
// A view: what each mode moves through and draws (MODES), and the loop that runs its models for
// the newest position only. Streamlit mounts one view per parentElement (see main.js).

import { namePictures } from "./a11y.js";
import { axesControls, levelControls, pathControls, planeControls } from "./controls.js";
import { element } from "./dom.js";
import { follow } from "./follow.js";
import { corrupt, lerp, moveAlong, slerp, unpack } from "./maths.js";
import { comparePicture, digitPicture, noisePicture } from "./pictures.js";
import { loadSession, reportUnavailable, runModel, shared } from "./runtime.js";

/** @typedef {import("./types.js").ViewData} ViewData */
/** @typedef {(i: number, input: Float32Array) => Promise<Float32Array>} Run */

const KEY_RELEASE_MS = 300;   // arrow keys: one report after a burst of presses, not one per press

// start: the first position; report: the released value; controls: the inputs that move it;
// picture: the canvases and what paints them; compute: runs the models for one position;
// prepare: unpacks the data once per view. A noise view is `fresh`: it starts from the level
// Python sends (Python keeps the released one), not from the browser's memory of it.

/** @param {(d: any, at: any) => Float32Array} code */
const decode = (code) => (/** @type {any} */ d, /** @type {any} */ at, /** @type {Run} */ run) => run(0, code(d, at));

/** @type {Record<string, any>} */
const MODES = {
  axes: {
    start: (/** @type {ViewData} */ d) => d.axes.start,
    compute: decode((d, positions) => moveAlong(d.axes, positions)),
    report: (/** @type {number[]} */ positions) => ({ positions }),
    controls: axesControls,
    picture: digitPicture,
  },
  path: {
    start: (/** @type {ViewData} */ d) => d.path.t,
    compute: decode((d, t) => (d.path.method === "spherical" ? slerp : lerp)(d.path.a, d.path.b, t)),
    report: (/** @type {number} */ t) => ({ t }),
    controls: pathControls,
    picture: digitPicture,
  },
  plane: {
    start: (/** @type {ViewData} */ d) => d.plane.position,
    compute: decode((d, point) => Float32Array.from(point)),
    report: (/** @type {number[]} */ point) => ({ point }),
    controls: planeControls,
    picture: digitPicture,
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
  }, comparePicture),
};

/**
 * A noise level slider over the clean image, the slider above the pictures.
 * @param {(d: any, level: number, run: Run) => Promise<object>} compute @param {Function} picture
 */
function levelMode(compute, picture) {
  return {
    start: (/** @type {any} */ d) => d[d.mode].level,
    prepare: withFields,
    fresh: true,
    stacked: true,
    compute,
    report: (/** @type {number} */ level) => ({ level }),
    controls: levelControls,
    picture,
  };
}

/** @param {any} d */
function withFields(d) {
  const n = d[d.mode];
  return { ...d, fields: { clean: unpack(n.clean, Float32Array), g: unpack(n.g, Float64Array), u: unpack(n.u, Float64Array) } };
}

/**
 * Draws ``data`` into ``parent``; reports releases (and a browser that cannot run the models) through
 * ``setStateValue``.
 * @param {ViewData} data @param {HTMLElement} parent @param {(name: string, value: unknown) => void} setStateValue
 * @returns {{id: string, destroy: () => void}}
 */
export function createView(data, parent, setStateValue) {
  const mode = MODES[data.mode];
  const settings = mode.prepare?.(data) ?? data;
  const memory = `${data.key}:${data.id}`;
  let position = (mode.fresh ? undefined : shared.positions.get(memory)) ?? mode.start(data);
  let alive = true, keyTimer = 0, decodeNow = null;

  const root = element("div", { class: mode.stacked ? "live stacked" : "live" });
  const status = element("p", { class: "status" }, "Loading the live preview…");
  const figure = element("figure", {});
  const picture = mode.picture(settings, figure);
  namePictures(picture.canvases, data.names?.pictures);
  figure.append(status);
  const controls = element("div", { class: "controls" });
  root.append(...(mode.stacked ? [controls, figure] : [figure, controls]));
  parent.append(root);

  let reported = JSON.stringify(position);
  const report = () => {   // only a position that changed: a key pressed at a slider's end moves nothing
    if (JSON.stringify(position) === reported) return;
    reported = JSON.stringify(position);
    setStateValue("released", { id: data.id, ...mode.report(position) });
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
  // A noise view over a drawing follows the pen: each new input of the drawing is its clean image.
  const followed = data[data.mode]?.follow;
  const unfollow = followed ? follow(followed, (input) => { settings.fields.clean = input; view.show(position); }) : null;

  const fail = (/** @type {string} */ reason) => {
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
    },
  };
}

// At most one decode in flight; inputs arriving meanwhile collapse into one more run with the newest.
/** @param {(arg: any) => Promise<void>} work @param {(error: any) => void} onError */
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
