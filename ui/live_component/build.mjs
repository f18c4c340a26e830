// Copies the two ONNX Runtime Web files the live decoder loads into static/ort/ at the project
// root, where Streamlit serves them (server.enableStaticServing) at app/static/ort/. The copies
// are committed, so running the app needs no Node and no network.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
const js = readFileSync(join(here, "live_decoder.js"), "utf8");
if (!js.includes(`const ORT_VERSION = "${installed}";`)) {
  throw new Error(`live_decoder.js must say const ORT_VERSION = "${installed}"; (the version it loads)`);
}

mkdirSync(target, { recursive: true });
for (const name of FILES) copyFileSync(join(dist, name), join(target, name));
writeFileSync(join(target, "NOTICE.txt"),
  `ONNX Runtime Web ${installed} (${FILES.join(", ")}), copied from the npm package\n` +
  "by `npm --prefix ui/live_component ci && npm --prefix ui/live_component run build`.\n" +
  "Copyright (c) Microsoft Corporation. Licensed under the MIT License.\n");
console.log(`copied ${FILES.join(", ")} (onnxruntime-web ${installed}) to ${target}`);
