/** The drag-and-drop data type for dragging a node kind from the palette onto the canvas. */
export const NODE_KIND_MIME = "application/cascade-node-kind";
