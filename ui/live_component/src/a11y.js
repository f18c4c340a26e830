// @ts-check
// What screen readers are told about the live pictures: each canvas is an image named as Python
// wrote it (ViewData.names.pictures, in the order the mode draws its canvases).

/** @param {HTMLCanvasElement[]} canvases @param {string[] | undefined} names */
export function namePictures(canvases, names) {
  canvases.forEach((canvas, i) => {
    if (!names?.[i]) return;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", names[i]);
  });
}

// A release can bring new data (the plane's point moves the walk, whose new start is new data): the
// view is drawn again, and the control that had the focus gets it back, so a keyboard user keeps
// their place instead of starting again from the top of the page.
const CONTROLS = "input, .plane";

/** Which control of the view in `parent` has the focus: its place among the view's controls, or -1.
 * @param {HTMLElement} parent @returns {number} */
export function focusedControl(parent) {
  const active = /** @type {Document | ShadowRoot} */ (parent.getRootNode()).activeElement;
  return active ? Array.from(parent.querySelectorAll(CONTROLS)).indexOf(active) : -1;
}

/** Gives the focus to the control at `index` of the view now drawn in `parent` (none for -1).
 * @param {HTMLElement} parent @param {number} index */
export function refocus(parent, index) {
  const control = /** @type {HTMLElement | undefined} */ (parent.querySelectorAll(CONTROLS)[index]);
  if (index >= 0) control?.focus({ preventScroll: true });
}
