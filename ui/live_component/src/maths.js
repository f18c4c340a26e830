// @ts-check
// The sums the browser redoes as the library does them (ae_models.latent, ae_models.images,
// ae_models.metrics): pure functions, no DOM, tested under Node against numpy (test/maths.test.mjs).

/** @typedef {import("./types.js").Fields} Fields */

/**
 * The straight line from a to b at t.
 * @param {ArrayLike<number>} a @param {ArrayLike<number>} b @param {number} t
 * @returns {Float32Array}
 */
export function lerp(a, b, t) {
  return Float32Array.from(a, (ai, i) => ai + t * (b[i] - ai));
}

/**
 * The same great circle as ae_models.latent.slerp: the length goes linearly from |a| to |b|.
 * @param {ArrayLike<number>} a @param {ArrayLike<number>} b @param {number} t
 * @returns {Float32Array}
 */
export function slerp(a, b, t) {
  const norm = (/** @type {ArrayLike<number>} */ v) => Math.hypot(...Array.from(v));
  const na = norm(a), nb = norm(b);
  if (na < 1e-12 || nb < 1e-12) return lerp(a, b, t);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / (na * nb))));
  if (Math.sin(omega) < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / na, wb = Math.sin(t * omega) / nb;
  const length = (1 - t) * na + t * nb;
  return Float32Array.from(a, (ai, i) => ((wa * ai + wb * b[i]) / Math.sin(omega)) * length);
}

/**
 * The same as ae_models.latent.Axes.move: the base code shifted along each direction.
 * @param {import("./types.js").AxesSettings} axes @param {number[]} positions
 * @returns {Float32Array}
 */
export function moveAlong(axes, positions) {
  const z = Float64Array.from(axes.base);
  positions.forEach((p, k) => {
    const shift = (p - axes.start[k]) * axes.scales[k];
    axes.directions[k].forEach((v, i) => { z[i] += shift * v; });
  });
  return Float32Array.from(z);
}

/**
 * Base64 of little-endian bytes (as Python packs the image and fields) back into numbers: exact copies.
 * @template {Float32ArrayConstructor | Float64ArrayConstructor} T
 * @param {string} text @param {T} ArrayType
 * @returns {InstanceType<T>}
 */
export function unpack(text, ArrayType) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return /** @type {InstanceType<T>} */ (new ArrayType(bytes.buffer));
}

/**
 * The same sums as ae_models.images.corrupt_with, in double precision then stored as float32 as numpy
 * does: the library's pixels bit for bit.
 * @param {Fields} fields @param {string} kind @param {number} level
 * @returns {Float32Array}
 */
export function corrupt({ clean, g, u }, kind, level) {
  const out = new Float32Array(clean.length);
  for (let i = 0; i < clean.length; i++) {
    let x = clean[i];
    if (kind === "gaussian") x += level * g[i];
    else if (u[i] < level) x = kind === "salt_pepper" && u[i] < level / 2 ? 1 : 0;
    out[i] = Math.min(1, Math.max(0, x));
  }
  return out;
}

// ae_models.metrics clips float32 outputs to [EPS, 1 - EPS] as float32 numbers: the same bounds here,
// so a saturated pixel (exactly 0 or 1) costs what it costs there.
const LOW = Math.fround(1e-7), HIGH = Math.fround(1 - 1e-7);

/**
 * Mean binary cross-entropy per pixel, as ae_models.metrics.bce.
 * @param {ArrayLike<number>} target @param {ArrayLike<number>} output
 * @returns {number}
 */
export function bce(target, output) {
  let sum = 0;
  for (let i = 0; i < target.length; i++) {
    const o = Math.min(HIGH, Math.max(LOW, output[i]));
    sum -= target[i] * Math.log(o) + (1 - target[i]) * Math.log(1 - o);
  }
  return sum / target.length;
}

/**
 * Fills a caption Python wrote: "{name}" takes a value as it is, "{name:3}" a number with 3 decimals.
 * @param {string} template @param {Record<string, unknown>} values
 * @returns {string}
 */
export function fill(template, values) {
  return template.replace(/\{(\w+)(?::(\d+))?\}/g, (_, name, digits) =>
    (digits === undefined ? String(values[name]) : Number(values[name]).toFixed(Number(digits))));
}
