// @ts-check
// ae_models.images.to_mnist for a drawing, step for step: the same pixels in, the same 28x28 digit out
// (within 2/255 per pixel; test/to_mnist.test.mjs pins it against the library on drawings and on
// MNIST's test images placed on a canvas). A drawing is an RGBA canvas (uint8), so it takes
// `_array_pixels`'s path; the steps only an upload takes (decoding a file, EXIF, 16-bit greyscale,
// strip-wise reduction of a huge decode) have no counterpart here. numpy's float32 arrays are
// Float32Arrays here, and its float32 sums are rounded as numpy rounds them, so the thresholds fall
// where they fall there. Pure functions, no DOM.

const SIZE = 28;            // MNIST frame
const BOX = 20;             // the digit's bounding box is scaled to fit this square
const CENTRE = 14.0;        // MNIST's mean centre of mass, in pixel-index coordinates
const WORK_PIXELS = 1_000_000;
const FIT_SAMPLES = 4096;   // pixels sampled to fit the paper's lighting
const PEN_SIDE = 80;        // the stroke width is measured with the digit this tall
const PEN_RANGE = [7.2, 16.6];
const MIN_CONTRAST = 0.06;
const NOISE_MARGIN = 3.0;
const MASK_LEVEL = 0.3;
const LUMA = [0.299, 0.587, 0.114].map(Math.fround);   // Pillow's RGB -> L weights, as float32
const f32 = Math.fround;

/** A 2-D float32 array, row-major. @typedef {{data: Float32Array, h: number, w: number}} Grid */

/** @param {number} h @param {number} w @returns {Grid} */
const grid = (h, w) => ({ data: new Float32Array(h * w), h, w });

/**
 * The digit the models see in an RGBA drawing, or null where to_mnist raises (no ink stands out).
 * @param {ArrayLike<number>} rgba  height * width * 4 bytes, as getImageData gives them
 * @param {number} width @param {number} height
 * @returns {Float32Array | null}  784 values in [0, 1], row by row
 */
export function toMnist(rgba, width, height) {
  const { grey, alpha } = arrayPixels(rgba, width, height);
  const ink = inkOf(grey, alpha);
  const smooth = blur(ink), spread = noise(ink);
  if (noInk(smooth, spread)) return null;
  return centre(fit(crop(ink, smooth, spread)));
}

/**
 * Whether no ink stands out from the background (ae_models.images.is_blank).
 * @param {ArrayLike<number>} rgba @param {number} width @param {number} height
 */
export function isBlank(rgba, width, height) {
  const { grey, alpha } = arrayPixels(rgba, width, height);
  const ink = inkOf(grey, alpha);
  return noInk(blur(ink), noise(ink));
}

// --- reading ----------------------------------------------------------------------------------

/** Python's round(): halves to even. @param {number} x */
export function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** Block height and width that bring an image to about WORK_PIXELS (_shrink_factors). @param {number} h @param {number} w */
function shrinkFactors(h, w) {
  const factor = Math.ceil(Math.sqrt((h * w) / WORK_PIXELS));
  const fy = Math.min(factor, h), fx = Math.min(factor, w);
  return [Math.min(h, Math.ceil((factor * factor) / fx)), Math.min(w, Math.ceil((factor * factor) / fy))];
}

/**
 * Greyscale and alpha in [0, 1] (_array_pixels for uint8 RGBA): big canvases block-averaged first.
 * @param {ArrayLike<number>} rgba @param {number} width @param {number} height
 */
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
          r += rgba[at]; g += rgba[at + 1]; b += rgba[at + 2]; a += rgba[at + 3];
        }
      }
      // the block mean (float64) as float32, then / 255 in float32; then the luma dot product
      r = f32(f32(r / n) / 255); g = f32(f32(g / n) / 255); b = f32(f32(b / n) / 255);
      const i = y * w + x;
      grey.data[i] = f32(f32(f32(r * LUMA[0]) + f32(g * LUMA[1])) + f32(b * LUMA[2]));
      alpha.data[i] = f32(f32(a / n) / 255);
    }
  }
  return { grey, alpha };
}

// Each byte's share of grey (v / 255 times its luma weight, in float32), and v / 255 itself.
const SHARES = LUMA.map((weight) => Float32Array.from({ length: 256 }, (_, v) => f32(f32(v / 255) * weight)));
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** The same sums for a canvas small enough not to be shrunk, by table. @param {ArrayLike<number>} rgba @param {number} w @param {number} h */
function canvasPixels(rgba, w, h) {
  const grey = grid(h, w), alpha = grid(h, w);
  const [red, green, blue] = SHARES;
  for (let i = 0, at = 0; i < w * h; i++, at += 4) {
    grey.data[i] = f32(f32(red[rgba[at]] + green[rgba[at + 1]]) + blue[rgba[at + 2]]);
    alpha.data[i] = UNIT[rgba[at + 3]];
  }
  return { grey, alpha };
}

// --- from pixels to ink -------------------------------------------------------------------------

/** Ink strength per pixel (_ink). @param {Grid} grey @param {Grid} alpha @returns {Grid} */
function inkOf(grey, alpha) {
  let low = Infinity, sum = 0;
  const a = alpha.data;
  for (let i = 0; i < a.length; i++) { if (a[i] < low) low = a[i]; sum += a[i]; }
  if (low > 0.99) return inkFromTone(grey);
  if (sum / alpha.data.length < 0.5) return alpha;   // opaque strokes on a transparent sheet
  const paper = median(grey.data.filter((_, i) => alpha.data[i] >= 0.5));
  const toned = grid(grey.h, grey.w);
  toned.data.forEach((_, i) => {
    const a = alpha.data[i];
    toned.data[i] = f32(f32(a * grey.data[i]) + f32(f32(1 - a) * paper));
  });
  return inkFromTone(toned);
}

/** Signed distance from the paper tone, ink positive (_ink_from_tone). @param {Grid} grey @returns {Grid} */
function inkFromTone(grey) {
  const paper = paperTone(grey);
  const darker = grid(grey.h, grey.w);
  let dark = 0, light = 0;
  for (let i = 0; i < darker.data.length; i++) {
    const d = (darker.data[i] = f32(paper[i] - grey.data[i]));
    if (d > 0) dark += d; else light -= d;
  }
  if (dark < light) for (let i = 0; i < darker.data.length; i++) darker.data[i] = -darker.data[i];
  return darker;
}

/** The six terms of a quadratic surface centred on the picture (_quadratic). @param {number} y @param {number} x */
function quadratic(y, x) {
  y -= 0.5; x -= 0.5;
  return [1, x, y, x * x, x * y, y * y];
}

/** @type {Map<string, number[][]>} */
const bases = new Map();

/** The quadratic's terms at the sampled pixels, made once per canvas size. @param {number} h @param {number} w @param {number} step */
function samplingBasis(h, w, step) {
  const key = `${h}x${w}/${step}`;
  if (!bases.has(key)) {
    const rows = [];
    for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) rows.push(quadratic(y / h, x / w));
    bases.set(key, rows);
  }
  return bases.get(key);
}

/**
 * The paper's tone at every pixel: a quadratic surface fitted robustly to sampled pixels (_paper_tone).
 * @param {Grid} grey @returns {Float32Array}
 */
function paperTone(grey) {
  const { h, w } = grey;
  const step = Math.max(1, Math.floor(Math.sqrt((h * w) / FIT_SAMPLES)));
  const basis = samplingBasis(h, w, step);
  const values = new Float32Array(basis.length);
  let i = 0;
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) values[i++] = grey.data[y * w + x];
  const mid = median(values);
  /** @type {Float32Array | Float64Array} */
  let residual = Float32Array.from(values, (v) => Math.abs(f32(v - mid)));
  let coef = [0, 0, 0, 0, 0, 0];
  for (let round = 0; round < 3; round++) {
    const m = median(residual);
    // The first residuals are float32 (so is the threshold numpy works out), the later ones float64.
    const limit = round === 0 ? f32(f32(f32(2.5 * 1.4826) * m) + f32(1e-3)) : 2.5 * 1.4826 * m + 1e-3;
    const keep = [];
    let inked = false;   // all kept values 0: lstsq's answer is 0, no need to ask
    for (let k = 0; k < residual.length; k++) if (residual[k] <= limit) { keep.push(k); inked ||= values[k] !== 0; }
    coef = inked ? leastSquares(keep.map((k) => basis[k]), keep.map((k) => values[k])) : [0, 0, 0, 0, 0, 0];
    residual = Float64Array.from(values, (v, i) => {
      const t = basis[i];
      return Math.abs(v - (t[0] * coef[0] + t[1] * coef[1] + t[2] * coef[2] + t[3] * coef[3] + t[4] * coef[4] + t[5] * coef[5]));
    });
  }
  // numpy adds the six terms in this order, in float64, then stores float32
  const tone = new Float32Array(h * w);
  if (coef.every((c) => c === 0)) return tone;   // an even sheet of black: the usual drawing
  for (let y = 0; y < h; y++) {
    const ty = y / h - 0.5;
    for (let x = 0; x < w; x++) {
      const tx = x / w - 0.5;
      tone[y * w + x] = coef[0] * 1 + coef[1] * tx + coef[2] * ty + coef[3] * (tx * tx) + coef[4] * (tx * ty) + coef[5] * (ty * ty);
    }
  }
  return tone;
}

/**
 * The least-squares solution of rows . c = values with the smallest norm, as numpy.linalg.lstsq gives
 * it: the normal equations solved through their eigenvectors, tiny eigenvalues dropped.
 * @param {number[][]} rows @param {number[]} values @returns {number[]}
 */
export function leastSquares(rows, values) {
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
  const cutoff = top * (Number.EPSILON * Math.max(rows.length, n)) ** 2;   // lstsq's rcond, on squared values
  const c = new Array(n).fill(0);
  for (let k = 0; k < n; k++) {
    if (!(eigen[k] > cutoff)) continue;
    let along = 0;
    for (let i = 0; i < n; i++) along += vectors[i][k] * b[i];
    for (let i = 0; i < n; i++) c[i] += (vectors[i][k] * along) / eigen[k];
  }
  return c;
}

/** Eigenvalues and eigenvectors (columns) of a small symmetric matrix, by Jacobi rotations. @param {Float64Array[]} m */
function jacobi(m) {
  const n = m.length, a = m.map((row) => Float64Array.from(row));
  const v = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
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
        for (let k = 0; k < n; k++) {   // columns p and q
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {   // rows p and q
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { vectors: v, eigen: a.map((row, i) => row[i]) };
}

/**
 * The k-th smallest value (0-based) of `values`, which it reorders: Hoare's selection, linear time.
 * @param {Float32Array | Float64Array} values @param {number} k
 */
function select(values, k) {
  let lo = 0, hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) { const t = values[i]; values[i] = values[j]; values[j] = t; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return values[k];
  }
  return values[k];
}

/**
 * numpy.median: the middle value, or the mean of the two middle values (in the array's precision).
 * @param {Float32Array | Float64Array} values
 */
export function median(values) {
  const copy = values.slice(), n = copy.length, half = n >> 1;
  const upper = select(copy, half);
  if (n % 2) return upper;
  let lower = -Infinity;   // the largest value left of the upper middle one
  for (let i = 0; i < half; i++) if (copy[i] > lower) lower = copy[i];
  return values instanceof Float32Array ? f32(f32(lower + upper) / 2) : (lower + upper) / 2;
}

/** Robust standard deviation of the paper around its tone (_noise). @param {Grid} ink */
function noise(ink) {
  // More than half of the values exactly 0 (an even black sheet): both medians are 0, as numpy finds them.
  let zeros = 0;
  for (let i = 0; i < ink.data.length; i++) if (ink.data[i] === 0) zeros++;
  if (zeros > ink.data.length / 2 + 1) return 0;
  const mid = median(ink.data);
  return 1.4826 * median(ink.data.map((v) => Math.abs(f32(v - mid))));
}

/** 3x3 box blur with edges repeated, summed in float32 in numpy's order (_blur). @param {Grid} a @returns {Grid} */
function blur(a) {
  const { h, w, data } = a, out = grid(h, w);
  for (let y = 0; y < h; y++) {
    const rows = [Math.max(y - 1, 0) * w, y * w, Math.min(y + 1, h - 1) * w];
    for (let x = 0; x < w; x++) {
      const l = Math.max(x - 1, 0), r = Math.min(x + 1, w - 1);
      let s = 0;
      for (let i = 0; i < 3; i++) {
        const o = rows[i];
        s = f32(s + data[o + l]); s = f32(s + data[o + x]); s = f32(s + data[o + r]);
      }
      out.data[y * w + x] = f32(s / 9);
    }
  }
  return out;
}

/** @param {ArrayLike<number>} values */
function largest(values) {
  let top = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > top) top = values[i];
  return top;
}

/**
 * True when the strongest blurred ink is too faint or no stronger than the noise (_no_ink).
 * @param {Grid} smooth  the ink blurred @param {number} spread  the paper's noise
 */
function noInk(smooth, spread) {
  const peak = largest(smooth.data);
  return peak < MIN_CONTRAST || peak < NOISE_MARGIN * spread;
}

/** A rectangle of a grid. @param {Grid} a @param {number} top @param {number} bottom @param {number} left @param {number} right */
function cut(a, top, bottom, left, right) {
  const out = grid(bottom - top, right - left);
  for (let y = top; y < bottom; y++) out.data.set(a.data.subarray(y * a.w + left, y * a.w + right), (y - top) * out.w);
  return out;
}

/**
 * The rows and columns of the values above ``level`` (or, without one, of those not 0):
 * [top, bottom) x [left, right), or null.
 * @param {Grid} a @param {number} [level]
 */
function bounds(a, level) {
  let top = a.h, bottom = -1, left = a.w, right = -1;
  const above = level !== undefined;
  for (let y = 0; y < a.h; y++) {
    let first = -1, last = -1;
    for (let x = 0, i = y * a.w; x < a.w; x++, i++) {
      const v = a.data[i];
      if (above ? v > level : v !== 0) { if (first < 0) first = x; last = x; }
    }
    if (first < 0) continue;
    if (top === a.h) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return bottom < 0 ? null : { top, bottom: bottom + 1, left, right: right + 1 };
}

/** Crop to the non-zero pixels (_tight). @param {Grid} a */
function tight(a) {
  const b = bounds(a);
  return cut(a, b.top, b.bottom, b.left, b.right);
}

/**
 * numpy.percentile with linear interpolation (its default), as numpy's _lerp computes it.
 * @param {Float32Array} values @param {number} q
 */
export function percentile(values, q) {
  const copy = values.slice();
  const at = (q / 100) * (copy.length - 1);
  const lo = Math.floor(at), t = at - lo;
  const a = select(copy, lo);
  let b = a;   // the next value up: the smallest right of position lo
  if (lo + 1 < copy.length) { b = Infinity; for (let i = lo + 1; i < copy.length; i++) if (copy[i] < b) b = copy[i]; }
  const diff = f32(b - a);
  return f32(t >= 0.5 ? b - diff * (1 - t) : a + diff * t);
}

/**
 * Cut the strokes' bounding box; paper 0, stroke cores 1 (_crop).
 * @param {Grid} ink @param {Grid} smooth  the ink blurred @param {number} spread  the paper's noise @returns {Grid}
 */
function crop(ink, smooth, spread) {
  const level = f32(f32(MASK_LEVEL) * largest(smooth.data));
  const b = bounds(smooth, level);
  const box = cut(ink, Math.max(b.top - 1, 0), Math.min(b.bottom + 1, ink.h), Math.max(b.left - 1, 0), Math.min(b.right + 1, ink.w));
  const floor = Math.max(NOISE_MARGIN * spread, MIN_CONTRAST), floor32 = f32(floor);
  const strokes = box.data.filter((v) => v > floor32);
  const top = strokes.length ? percentile(strokes, 90) : floor;
  const span = f32(Math.max(top - floor, 1e-6));
  box.data.forEach((v, i) => { box.data[i] = Math.min(1, Math.max(0, f32(f32(v - floor32) / span))); });
  return tight(box);
}

/** Scale so the longer side is 20 px, with an MNIST-like pen (_fit). @param {Grid} digit @returns {Grid} */
function fit(digit) {
  const big = resize(digit, PEN_SIDE);
  const width = penWidth(big);
  const radius = roundHalfEven((Math.min(PEN_RANGE[1], Math.max(PEN_RANGE[0], width)) - width) / 2);
  if (radius) digit = morph(big, radius);
  const small = resize(digit, BOX);
  const top = largest(small.data);
  small.data.forEach((v, i) => { small.data[i] = f32(v / top); });
  return small;
}

/** Antialiased resize so the longer side is `side` px, keeping the aspect ratio (_resize). @param {Grid} digit @param {number} side */
function resize(digit, side) {
  const { h, w } = digit;
  const scale = side / Math.max(h, w);
  const out = lanczosResize(digit, Math.max(1, roundHalfEven(w * scale)), Math.max(1, roundHalfEven(h * scale)));
  out.data.forEach((v, i) => { out.data[i] = Math.min(1, Math.max(0, v)); });
  return out;
}

/** Mean stroke width in px: twice the stroke area over its outline length (_pen_width). @param {Grid} digit */
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
  return (2 * area) / Math.max(outline, 1);
}

/** Thicken (radius > 0) or thin (radius < 0) the strokes by |radius| px on each side (_morph). @param {Grid} digit @param {number} radius */
function morph(digit, radius) {
  const pick = radius > 0 ? Math.max : Math.min, r = Math.abs(radius);
  const padded = grid(digit.h + 4 * r, digit.w + 4 * r);
  for (let y = 0; y < digit.h; y++) padded.data.set(digit.data.subarray(y * digit.w, (y + 1) * digit.w), (y + 2 * r) * padded.w + 2 * r);
  const rows = grid(padded.h - 2 * r, padded.w);   // along axis 0, then axis 1
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

/** Paste into 28x28 with the centre of mass at MNIST's centre, kept inside the frame (_centre). @param {Grid} digit */
function centre({ data, h, w }) {
  let mass = 0, my = 0, mx = 0;
  const columns = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) { row = f32(row + data[y * w + x]); columns[x] = f32(columns[x] + data[y * w + x]); }
    my += row * y;
    mass += row;
  }
  columns.forEach((c, x) => { mx += c * x; });
  mass = f32(mass);
  const top = Math.min(Math.max(roundHalfEven(CENTRE - my / mass), 0), SIZE - h);
  const left = Math.min(Math.max(roundHalfEven(CENTRE - mx / mass), 0), SIZE - w);
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < h; y++) out.set(data.subarray(y * w, (y + 1) * w), (top + y) * SIZE + left);
  return out;
}

// --- Pillow's LANCZOS resize of a float ("F") image, as Resample.c does it ----------------------

/** @param {number} x */
const sinc = (x) => (x === 0 ? 1 : Math.sin(x * Math.PI) / (x * Math.PI));
/** Lanczos-3: a sinc windowed by a wider sinc, support 3. @param {number} x */
const lanczos = (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0);

/**
 * Each output pixel's first input pixel, count and normalised weights (precompute_coeffs).
 * @param {number} inSize @param {number} outSize
 */
export function lanczosCoefficients(inSize, outSize) {
  const scale = inSize / outSize, filterscale = Math.max(scale, 1);
  const support = 3 * filterscale, ss = 1 / filterscale;
  return Array.from({ length: outSize }, (_, xx) => {
    const centre = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(centre - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(centre + support + 0.5), inSize) - xmin;
    const weights = Array.from({ length: xmax }, (_, x) => lanczos((x + xmin - centre + 0.5) * ss));
    const total = weights.reduce((a, b) => a + b, 0);
    return { start: xmin, weights: total === 0 ? weights : weights.map((k) => k / total) };
  });
}

/**
 * Image.resize((width, height), LANCZOS) of a float image: horizontal pass, then vertical, each
 * summed in double and stored as float32; a pass whose size does not change is skipped.
 * @param {Grid} image @param {number} width @param {number} height @returns {Grid}
 */
export function lanczosResize(image, width, height) {
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
