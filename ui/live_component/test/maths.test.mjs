// The browser's sums against the library's: fixtures written by numpy (tests/test_live_maths.py makes
// them and runs `node --test` with LIVE_FIXTURES pointing at them).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { bce, corrupt, fill, lerp, moveAlong, slerp, unpack } from "../src/maths.js";

const fixtures = JSON.parse(readFileSync(process.env.LIVE_FIXTURES ?? "", "utf8"));

/** Largest absolute difference between two arrays of the same length. */
function largestGap(actual, expected) {
  assert.equal(actual.length, expected.length);
  return Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
}

const fields = () => ({
  clean: unpack(fixtures.noise.clean, Float32Array),
  g: unpack(fixtures.noise.g, Float64Array),
  u: unpack(fixtures.noise.u, Float64Array),
});

test("unpacking the packed image and fields gives numpy's numbers exactly", () => {
  const { clean, g } = fields();
  assert.deepEqual(Array.from(clean), fixtures.noise.cleanValues);
  assert.deepEqual(Array.from(g.slice(0, 10)), fixtures.noise.gFirst);
});

test("every noise kind corrupts the image as ae_models.images.add_noise, bit for bit", () => {
  for (const { kind, level, expected } of fixtures.noise.cases) {
    assert.deepEqual(Array.from(corrupt(fields(), kind, level)), expected, `${kind} at ${level}`);
  }
});

test("the straight path is ae_models.latent.along(..., 'linear')", () => {
  for (const { t, expected } of fixtures.paths.linear) {
    assert.ok(largestGap(lerp(fixtures.paths.a, fixtures.paths.b, t), expected) <= 1e-6, `t = ${t}`);
  }
});

test("the great circle is ae_models.latent.slerp, ends and degenerate codes included", () => {
  for (const { a, b, t, expected } of fixtures.paths.spherical) {
    assert.ok(largestGap(slerp(a, b, t), expected) <= 1e-5, `t = ${t}`);
  }
});

test("moving along axes is ae_models.latent.Axes.move", () => {
  for (const { positions, expected } of fixtures.axes.moves) {
    assert.ok(largestGap(moveAlong(fixtures.axes.view, positions), expected) <= 1e-5, String(positions));
  }
});

test("the BCE is ae_models.metrics.bce", () => {
  for (const { target, output, expected } of fixtures.bce) {
    assert.ok(Math.abs(bce(target, output) - expected) <= 1e-6 * Math.max(1, expected), String(expected));
  }
});

test("captions are filled as Python wrote them, numbers to the decimals asked", () => {
  assert.equal(fill("unit {i}: {value:3}", { i: 2, value: -0.12345 }), "unit 2: -0.123");
  assert.equal(fill("{title} · BCE {bce:4}", { title: "Simple", bce: 0.1 }), "Simple · BCE 0.1000");
});
