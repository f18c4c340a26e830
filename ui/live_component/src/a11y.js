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
