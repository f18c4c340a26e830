// @ts-check
// What Python sends (ui/live/views.py): one typedef per view, mirroring the frozen dataclasses.

/**
 * One model part to run: ui.live.views._model_data.
 * @typedef {object} ModelData
 * @property {string} url       the ONNX file, relative to the page
 * @property {string} input     the name of its image or code input
 * @property {number[]} shape   that input's shape for one image, batch first
 * @property {string} output    the name of the output read back
 * @property {Record<string, number[]>} extra  constant inputs, e.g. a one-hot label
 */

/**
 * AxesView: sliders along directions that move a base code.
 * @typedef {object} AxesSettings
 * @property {number[]} base @property {number[]} start @property {number[][]} directions
 * @property {number[]} scales @property {string[]} labels @property {number} span @property {number} step
 * @property {number} restart
 */

/**
 * PathView: one slider from code a (0) to b (1).
 * @typedef {object} PathSettings
 * @property {number[]} a @property {number[]} b @property {"linear"|"spherical"} method
 * @property {number} t @property {number} step @property {string} label
 */

/**
 * PlaneView: a 2-D code plane with dots and a marker.
 * @typedef {object} PlaneSettings
 * @property {string} image @property {number} span @property {[number, number, number][]} points
 * @property {string[]} colours @property {[number, number]} position @property {number} step @property {number} size
 */

/**
 * The noise every level view carries: the clean image and its random fields (base64 of little-endian bytes).
 * @typedef {object} NoiseSettings
 * @property {string} clean @property {string} g @property {string} u
 * @property {"gaussian"|"masking"|"salt_pepper"} kind
 * @property {number} level @property {number} min @property {number} max @property {number} step @property {string} label
 * @property {number} [codeSize] @property {string} [colour]
 * @property {{title: string, colour: string, encoder: number, decoder: number}[]} [kinds]
 * @property {Record<string, any>} texts   every caption the view draws, as Python wrote it
 * @property {string | null} [follow]  the key of a drawing whose input replaces the clean image at each move
 */

/**
 * What screen readers are told: ui.live.views.View.names().
 * @typedef {object} ViewNames
 * @property {string[]} [controls]  what each slider moves, in the order drawn
 * @property {string[]} [pictures]  what each live picture shows, in the order drawn
 * @property {string} [plane]       the 2-D plane's name
 * @property {string} [position]    the plane's point as said after a move: "{x:2}", "{y:2}" filled
 */

/**
 * What the component gets: ui.live.views.View.data().
 * @typedef {object} ViewData
 * @property {string} id @property {string} key @property {"axes"|"path"|"plane"|"noise"|"compare"|"draw"} mode
 * @property {number} size @property {string|null} caption @property {ModelData[]} models
 * @property {AxesSettings} [axes] @property {PathSettings} [path] @property {PlaneSettings} [plane]
 * @property {NoiseSettings} [noise] @property {NoiseSettings} [compare] @property {ViewNames} [names]
 */

/**
 * The clean image and the noise fields, unpacked.
 * @typedef {{clean: Float32Array, g: Float64Array, u: Float64Array}} Fields
 */

export {};
