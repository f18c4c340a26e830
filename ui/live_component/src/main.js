// @ts-check
// The live decoder: sliders (or a 2-D plane) whose picture is decoded in the browser by ONNX Runtime
// Web, and noise level sliders whose corrupted input is encoded and decoded there (one model, or
// every kind side by side), so a move repaints within a frame and sends nothing to the server. Only
// a release (pointer up, the end of a burst of arrow keys) reports the position back.
//
// Streamlit (Components v2) calls the default export on mount and again whenever `data` changes
// (or the theme does), always with the same parentElement and no cleanup in between; the function
// we return runs once, on unmount. So each parentElement holds one view: rebuilt when the data
// changed, left as it is (slider positions and all) otherwise. `npm run build` bundles this file
// and its modules (runtime, maths, pictures, controls, view) into dist/live_decoder.js.

import { focusedControl, refocus } from "./a11y.js";
import { createDrawView } from "./draw.js";
import { shared } from "./runtime.js";
import { createView } from "./view.js";

/**
 * @param {{data: import("./types.js").ViewData, parentElement: HTMLElement,
 *   setStateValue: (name: string, value: unknown) => void}} args
 */
export default function liveDecoder({ data, parentElement, setStateValue }) {
  const current = shared.views.get(parentElement);
  if (current?.id === data.id) return current.destroy;
  const focused = focusedControl(parentElement);
  current?.destroy();
  const view = (data.mode === "draw" ? createDrawView : createView)(data, parentElement, setStateValue);
  refocus(parentElement, focused);
  shared.views.set(parentElement, view);
  return () => shared.views.get(parentElement)?.destroy();
}
