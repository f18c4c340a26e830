// Builds what the live decoder serves, both committed so running the app needs no Node and no network:
// - dist/live_decoder.js: the component's modules (src/) bundled into the one ES module Streamlit
//   inlines (ui/live/component.py reads it);
// - static/ort/ at the project root: the two ONNX Runtime Web files the component loads, served by
//   Streamlit (server.enableStaticServing) at app/static/ort/.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "node_modules", "onnxruntime-web", "dist");
const target = join(here, "..", "..", "static", "ort");
const FILES = ["ort.wasm.bundle.min.mjs", "ort-wasm-simd-threaded.wasm"];

const pinned = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies["onnxruntime-web"];
const installed = JSON.parse(readFileSync(join(here, "node_modules", "onnxruntime-web", "package.json"), "utf8")).version;
if (installed !== pinned) {
  throw new Error(`onnxruntime-web ${installed} is installed but ${pinned} is pinned: run npm ci first`);
}

// The component puts the version in the runtime's URLs so browsers may cache them for good.
const runtime = readFileSync(join(here, "src", "runtime.js"), "utf8");
if (!runtime.includes(`export const ORT_VERSION = "${installed}";`)) {
  throw new Error(`src/runtime.js must say export const ORT_VERSION = "${installed}"; (the version it loads)`);
}

// The bundle's settings, shared with `node build.mjs --check` (tests/test_live_maths.py runs it): that
// builds in memory and fails when the committed bundle differs from what src/ builds to.
const bundle = {
  entryPoints: [join(here, "src", "main.js")],
  outfile: join(here, "dist", "live_decoder.js"),
  bundle: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  banner: { js: "// Built by `npm run build` from src/ (do not edit): the live decoder component." },
};
if (process.argv.includes("--check")) {
  const built = (await build({ ...bundle, write: false })).outputFiles[0].text;
  if (built !== readFileSync(bundle.outfile, "utf8")) {
    console.error("dist/live_decoder.js is not what src/ builds to: run npm run build and commit it");
    process.exit(1);
  }
  console.log("dist/live_decoder.js is up to date");
  process.exit(0);
}
await build(bundle);

mkdirSync(target, { recursive: true });
for (const name of FILES) copyFileSync(join(dist, name), join(target, name));
writeFileSync(join(target, "NOTICE.txt"),
  `ONNX Runtime Web ${installed} (${FILES.join(", ")}), copied from the npm package\n` +
  "by `npm --prefix ui/live_component ci && npm --prefix ui/live_component run build`.\n" +
  "Copyright (c) Microsoft Corporation. Licensed under the MIT License.\n");
console.log(`bundled src/ into dist/live_decoder.js; copied ${FILES.join(", ")} (onnxruntime-web ${installed}) to ${target}`);
