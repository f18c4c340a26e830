// @ts-check
// ONNX Runtime Web and the model sessions: one runtime, one session per model, shared by every
// view on the page and every rerun.

/** @typedef {import("./types.js").ModelData} ModelData */
/** @typedef {{ort: any, session: any, queue: Promise<unknown>}} Session */

export const ORT_VERSION = "1.30.0";   // in the runtime's URLs: a new runtime gets new URLs (build.mjs checks it)
const ORT_BUNDLE = "app/static/ort/ort.wasm.bundle.min.mjs";
const ORT_WASM = "app/static/ort/ort-wasm-simd-threaded.wasm";

/**
 * Shared by every instance on the page and every rerun: the runtime, the sessions, the last position
 * of each view (restored when Streamlit remounts it with the same data), the views by parent.
 * @type {{ort: Promise<any> | null, sessions: Map<string, Promise<Session>>, positions: Map<string, unknown>,
 *   views: WeakMap<Element, {id: string, destroy: () => void}>, reported: Set<string>}}
 */
export const shared = (/** @type {any} */ (globalThis).__liveDecoder ??= {
  ort: null, sessions: new Map(), positions: new Map(), views: new WeakMap(), reported: new Set(),
});

/**
 * Say on the view why it cannot run and, once per view key, tell the server, whose page then draws
 * the server path instead.
 * @param {string} key @param {HTMLElement} root @param {HTMLElement} status
 * @param {(name: string, value: unknown) => void} setStateValue @param {string} reason
 */
export function reportUnavailable(key, root, status, setStateValue, reason) {
  status.textContent = `Live preview unavailable: ${reason}`;
  root.classList.add("failed");
  if (!shared.reported.has(key)) {
    shared.reported.add(key);
    setStateValue("unavailable", reason);
  }
}

/** @param {string} path */
const runtimeUrl = (path) => new URL(`${path}?v=${ORT_VERSION}`, document.baseURI).href;

// Any cached copy is used as it is, without asking the server: Streamlit's static handler sends
// no max-age, so a browser would ask again on every visit. Safe
// because these URLs change whenever their content does: models are named by their weights'
// hash, the runtime carries its version.
/** @param {string} url */
async function cachedBytes(url) {
  const response = await fetch(url, { cache: "force-cache" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadRuntime() {
  shared.ort ??= (async () => {
    if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
    const [ort, wasm] = await Promise.all([import(runtimeUrl(ORT_BUNDLE)), cachedBytes(runtimeUrl(ORT_WASM))]);
    ort.env.wasm.numThreads = 1;   // Streamlit sends no COOP/COEP headers: no SharedArrayBuffer
    ort.env.wasm.wasmBinary = wasm;
    return ort;
  })();
  return shared.ort;
}

/**
 * The session of one model file, created once.
 * @param {string} url
 * @returns {Promise<Session>}
 */
export async function loadSession(url) {
  const ort = await loadRuntime();
  if (!shared.sessions.has(url)) {
    const created = cachedBytes(new URL(url, document.baseURI).href)
      .then((bytes) => ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] }))
      .then((session) => ({ ort, session, queue: Promise.resolve() }));
    created.catch(() => shared.sessions.delete(url));   // a later view may try again
    shared.sessions.set(url, created);
  }
  return /** @type {Promise<Session>} */ (shared.sessions.get(url));
}

/**
 * One run at a time per session: views of the same model share it. `input` is one image or one code.
 * @param {ModelData} model @param {Session} entry @param {Float32Array} input
 * @returns {Promise<Float32Array>}
 */
export function runModel(model, entry, input) {
  const { ort, session } = entry;
  const feeds = { [model.input]: new ort.Tensor("float32", input, model.shape) };
  for (const [name, values] of Object.entries(model.extra ?? {})) {
    feeds[name] = new ort.Tensor("float32", Float32Array.from(values), [1, values.length]);
  }
  const run = entry.queue.then(() => session.run(feeds));
  entry.queue = run.catch(() => {});
  return run.then((out) => out[model.output].data);
}
