// @ts-check
// The pictures of each mode: canvases for digits, the code and BCE bars; every canvas of a view is
// repainted at each frame, then counted in its data-frames. Every caption comes from Python.

import { element } from "./dom.js";
import { bce, fill } from "./maths.js";

/** @typedef {import("./types.js").ViewData} ViewData */
/** @typedef {ViewData & {fields: import("./types.js").Fields}} Prepared */
/** @typedef {{canvases: HTMLCanvasElement[], paint: (result: any) => void}} Picture */

/** @param {HTMLCanvasElement} canvas @param {ArrayLike<number>} pixels */
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

/** @param {number} size @param {string | null} caption */
function digitCanvas(size, caption) {
  const canvas = element("canvas", { width: 28, height: 28, "data-testid": "live-decoder", "data-frames": "0" });
  canvas.style.width = canvas.style.height = `${size}px`;
  const text = element("p", { class: "caption" }, caption ?? "");
  return { canvas, text, node: element("div", { class: "digit" }, canvas, text) };
}

/** @param {ViewData} d @param {HTMLElement} figure @returns {Picture} */
export function digitPicture(d, figure) {
  const { canvas, node } = digitCanvas(d.size, d.caption);
  figure.append(d.caption ? node : canvas);
  return { canvases: [canvas], paint: (pixels) => paint(canvas, pixels) };
}

/** @param {[string, string]} parts */
function heading([bold, rest]) {
  return element("p", { class: "heading" }, element("strong", {}, bold), rest);
}

/** @param {Prepared} d @param {HTMLElement} figure @returns {Picture} */
export function noisePicture(d, figure) {
  const texts = d.noise.texts;
  const seen = digitCanvas(d.size, texts.seen);
  const output = digitCanvas(d.size, texts.output);
  const clean = digitCanvas(d.size, texts.clean);
  const error = element("p", { class: "measure" });
  const colours = Array.from({ length: d.noise.codeSize }, () => d.noise.colour);   // one bar per unit
  const chart = barChart(colours.length, { height: 160, maxWidth: 36 });
  const range = element("p", { class: "note" });
  figure.append(element("div", { class: "row" }, seen.node, output.node, clean.node), error,
    heading(texts.heading), range, chart.node);
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
      chart.set(code, colours, code.map((value, i) => fill(texts.tip, { i, value })), { symmetric: code.some((v) => v < 0) });
    },
  };
}

/** @param {Prepared} d @param {HTMLElement} figure @returns {Picture} */
export function comparePicture(d, figure) {
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
      chart.set(errors, kinds.map((k) => k.colour), kinds.map((_, i) => said(texts.tip, i)),
        { labels: kinds.map((_, i) => said(texts.bar, i)) });
    },
  };
}

// Bars as divs, laid out as ui.charts.bars lays them out (negative values hang below a zero line;
// `symmetric` puts zero in the middle). Built once; each frame only moves them.
/** @param {number} count @param {{height: number, maxWidth?: number, labels?: boolean}} options */
function barChart(count, { height, maxWidth, labels }) {
  const axis = element("div", { class: "zero" });
  const columns = Array.from({ length: count }, () => element("div", { class: "bar" }, element("div", {})));
  const plot = element("div", { class: "bars" }, axis, ...columns);   // an image once it has values to name
  plot.style.height = `${height}px`;
  if (maxWidth) columns.forEach((c) => { c.style.maxWidth = `${maxWidth}px`; });
  const names = Array.from({ length: labels ? count : 0 }, () => element("div", {}));
  const node = element("div", {}, plot, ...(labels ? [element("div", { class: "bar-labels" }, ...names)] : []));
  return {
    node,
    set(values, colours, tips, { symmetric = false, labels: texts = [] } = {}) {
      let top = Math.max(0, ...values), bottom = Math.min(0, ...values);
      if (symmetric) { top = Math.max(top, -bottom); bottom = -top; }
      const scale = height / ((top - bottom) || 1), zero = top * scale;
      axis.style.top = `${zero.toFixed(1)}px`;
      values.forEach((v, i) => {
        const size = Math.max(Math.abs(v) * scale, 1), bar = /** @type {HTMLElement} */ (columns[i].firstChild);
        bar.style.top = `${(v >= 0 ? zero - size : zero).toFixed(1)}px`;
        bar.style.height = `${size.toFixed(1)}px`;
        bar.style.background = colours[i];
        columns[i].title = tips[i];
      });
      texts.forEach((t, i) => { names[i].textContent = t; });
      plot.setAttribute("role", "img");
      plot.setAttribute("aria-label", tips.join("; "));   // hover texts are out of reach of a finger or a screen reader
    },
  };
}
