// @ts-check
// The inputs that move a view: sliders, and the 2-D plane with its marker. A move repaints at once;
// a release (pointer up, the end of a burst of arrow keys) is what the view reports.

import { element } from "./dom.js";
import { fill } from "./maths.js";

/** @typedef {import("./types.js").ViewData} ViewData */
/** @typedef {{move: (at: any) => void, show: (at: any) => void, release: () => void, releaseSoon: () => void,
 *   holdRelease: () => void, current: () => any}} ViewHandle */

const VALUE_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);
const BIG_STEPS = 5;   // the plane: Shift with an arrow key moves this many steps

/**
 * @param {string} labelText @param {number} min @param {number} max @param {number} step @param {number} value
 * @param {() => void} onMove @param {ViewHandle} view @param {string} [name] what it moves, for screen readers
 */
function slider(labelText, min, max, step, value, onMove, view, name) {
  const input = element("input", { type: "range", min, max, step, value, ...(name ? { "aria-label": name } : {}) });
  const output = element("output", {}, Number(input.value).toFixed(2));
  let keyboard = false;   // a key changes the value and fires "change" at once: report at keyup instead
  input.addEventListener("input", () => { output.textContent = Number(input.value).toFixed(2); onMove(); });
  input.addEventListener("keydown", (e) => { if (VALUE_KEYS.has(e.key)) { keyboard = true; view.holdRelease(); } });
  input.addEventListener("keyup", (e) => { if (VALUE_KEYS.has(e.key)) { keyboard = false; view.releaseSoon(); } });
  input.addEventListener("blur", () => { keyboard = false; });
  input.addEventListener("change", () => { if (!keyboard) view.release(); });
  return { row: element("label", { class: "axis" }, element("span", {}, labelText), input, output), input };
}

/** @param {ViewData} d @param {number[]} positions @param {HTMLElement} box @param {ViewHandle} view */
export function axesControls(d, positions, box, view) {
  const inputs = d.axes.labels.map((label, k) => {
    const { row, input } = slider(label, -d.axes.span, d.axes.span, d.axes.step, positions[k],
      () => view.move(inputs.map((i) => Number(i.value))), view, d.names?.controls?.[k]);
    box.append(row);
    return input;
  });
}

/** @param {ViewData} d @param {number} level @param {HTMLElement} box @param {ViewHandle} view */
export function levelControls(d, level, box, view) {
  const { label, min, max, step } = /** @type {import("./types.js").NoiseSettings} */ (d[d.mode]);
  const { row, input } = slider(label, min, max, step, level, () => view.move(Number(input.value)), view,
    d.names?.controls?.[0]);
  box.append(row);
}

/** @param {ViewData} d @param {number} t @param {HTMLElement} box @param {ViewHandle} view */
export function pathControls(d, t, box, view) {
  const { row, input } = slider(d.path.label, 0, 1, d.path.step, t, () => view.move(Number(input.value)), view,
    d.names?.controls?.[0]);
  box.append(row);
}

/** @param {ViewData} d @param {[number, number]} point @param {HTMLElement} box @param {ViewHandle} view */
export function planeControls(d, point, box, view) {
  const { span, size, step } = d.plane;
  const names = d.names ?? {};
  // A 2-D slider, as colour pickers' saturation areas are: its point said as text after each move.
  const plane = element("div", { class: "plane", tabindex: 0, role: "slider", "aria-valuemin": -span,
    "aria-valuemax": span, ...(names.plane ? { "aria-label": names.plane } : {}) });
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
    plane.setAttribute("aria-valuenow", x.toFixed(2));
    if (names.position) plane.setAttribute("aria-valuetext", fill(names.position, { x, y }));
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
  plane.addEventListener("pointercancel", () => { dragging = false; view.show(view.current()); });
  const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  plane.addEventListener("keydown", (e) => {
    if (!arrows[e.key]) return;
    e.preventDefault();   // keep the page from scrolling
    view.holdRelease();
    const [x, y] = view.current(), by = e.shiftKey ? BIG_STEPS * step : step;
    moveTo([clamp(x + arrows[e.key][0] * by), clamp(y + arrows[e.key][1] * by)]);
  });
  plane.addEventListener("keyup", (e) => { if (arrows[e.key]) view.releaseSoon(); });
}

// The decoded manifold as background (rows from high z2 to low, columns from low z1 to high),
// then one dot per test code in its class's colour.
/** @param {HTMLCanvasElement} canvas @param {import("./types.js").PlaneSettings} plane */
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
