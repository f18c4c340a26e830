// The browser's to_mnist against the library's: drawings and MNIST test images on a canvas, with what
// ae_models.images.to_mnist makes of them (tests/test_live_to_mnist.py writes them and runs this file with
// TO_MNIST_FIXTURES pointing at them; without it, as under `node --test test/`, these tests are skipped).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { isBlank, lanczosCoefficients, leastSquares, roundHalfEven, toMnist } from "../src/to_mnist.js";

const path = process.env.TO_MNIST_FIXTURES;
const fixtures = path ? JSON.parse(readFileSync(path, "utf8")) : { cases: [] };
const skip = path ? false : "TO_MNIST_FIXTURES is not set (tests/test_live_to_mnist.py sets it)";
const TOLERANCE = 2 / 255;

const pixels = (/** @type {string} */ text) => Uint8Array.from(Buffer.from(text, "base64"));

test("every drawing becomes the library's 28x28 digit, within 2/255 per pixel", { skip }, () => {
  assert.ok(fixtures.cases.length >= 10);
  for (const { name, width, height, rgba, expected } of fixtures.cases) {
    const digit = toMnist(pixels(rgba), width, height);
    if (expected === null) {
      assert.equal(digit, null, `${name}: the library refuses it, the port gave a digit`);
      continue;
    }
    assert.ok(digit !== null, `${name}: the port found no ink`);
    assert.equal(digit.length, 784);
    let gap = 0, at = -1;
    digit.forEach((v, i) => { if (Math.abs(v - expected[i]) > gap) { gap = Math.abs(v - expected[i]); at = i; } });
    assert.ok(gap <= TOLERANCE, `${name}: ${(gap * 255).toFixed(2)}/255 apart at row ${Math.floor(at / 28)}, column ${at % 28}`);
  }
});

test("a blank canvas is blank, a drawing is not", { skip }, () => {
  for (const { name, width, height, rgba, expected } of fixtures.cases) {
    if (name === "a blank canvas") assert.ok(isBlank(pixels(rgba), width, height));
    else if (expected !== null) assert.ok(!isBlank(pixels(rgba), width, height), name);
  }
});

test("round() halves to even, as Python's does", { skip }, () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6, -2.6].map(roundHalfEven), [0, 2, 2, -0, -2, 2, 3, -3]);
});

test("Lanczos weights sum to one and reach three input pixels out (scaled when shrinking)", { skip }, () => {
  for (const [from, to] of [[100, 20], [20, 80], [57, 57]]) {
    for (const { start, weights } of lanczosCoefficients(from, to)) {
      assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      assert.ok(start >= 0 && start + weights.length <= from);
      assert.ok(weights.length <= 2 * Math.ceil(3 * Math.max(from / to, 1)) + 1);
    }
  }
});

test("least squares solves an exact system and takes the smallest solution of a degenerate one", { skip }, () => {
  const rows = [[1, 0], [0, 1], [1, 1]], truth = [2, -3];
  const solved = leastSquares(rows, rows.map((r) => r[0] * truth[0] + r[1] * truth[1]));
  solved.forEach((v, i) => assert.ok(Math.abs(v - truth[i]) < 1e-9));
  const same = leastSquares([[1, 1], [2, 2]], [2, 4]);   // x + y = 2: the smallest is (1, 1)
  same.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-9));
});
