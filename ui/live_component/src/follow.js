// @ts-check
// A drawing followed as it is drawn: the sidebar's canvas publishes its 28x28 input at every move (draw.js)
// and a page's live view that follows it (a kind page's noise view) takes it as its clean input.
// Shared by every view on the page, across reruns.

/** @type {Map<string, Set<(input: Float32Array) => void>>} */
const listeners = (/** @type {any} */ (globalThis).__liveFollow ??= new Map());

/** Hand a drawing's new input to the views following ``key``. @param {string} key @param {Float32Array} input */
export function publish(key, input) {
  for (const listener of listeners.get(key) ?? []) listener(input);
}

/**
 * Follow the drawing ``key`` from its next move on; returns the function that stops following.
 * @param {string} key @param {(input: Float32Array) => void} listener
 */
export function follow(key, listener) {
  if (!listeners.has(key)) listeners.set(key, new Set());
  listeners.get(key).add(listener);
  return () => listeners.get(key)?.delete(listener);
}
