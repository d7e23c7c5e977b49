/**
 * The view a document opens with. Two rules on top of "fit the nodes":
 * - no node lies under the minimap or the zoom controls: the fit keeps clear of the corner they take
 *   (below the nodes or beside them, whichever leaves the larger zoom), nor under the run bar at the top;
 * - text stays readable: the zoom never goes below READABLE_ZOOM (node text ≥ ~9 px on screen); a cascade
 *   too big to fit at that zoom opens on its beginning (top-left), the minimap shows the rest.
 */
import { getViewportForBounds, type Rect, type Viewport } from "@xyflow/react";

/** The minimap's size and margin (see Canvas.tsx; React Flow puts it bottom-right, 15 px from the edges). */
export const MINIMAP = { width: 168, height: 112, margin: 15 };
/** Node text is 11-13 px at zoom 1. */
export const READABLE_ZOOM = 0.8;
export const FIT_MAX_ZOOM = 1.1;
const GAP = 24;
const CONTROLS_WIDTH = 44; // the zoom buttons, bottom-left
/** The run bar floats over the top of the canvas (run.css: top 8 px, one or two lines): node heads stay below it. */
const RUN_BAR_HEIGHT = 72;

/** `readable: false` (the fit-view button) fits everything, however small. */
export function fitViewport(bounds: Rect, width: number, height: number, minZoom: number, { readable = true } = {}): Viewport {
  const overlay = MINIMAP.margin + GAP;
  const below = getViewportForBounds(bounds, width, height, minZoom, FIT_MAX_ZOOM, {
    top: `${RUN_BAR_HEIGHT}px`,
    left: `${CONTROLS_WIDTH + GAP}px`,
    right: `${GAP}px`,
    bottom: `${MINIMAP.height + overlay}px`,
  });
  const beside = getViewportForBounds(bounds, width, height, minZoom, FIT_MAX_ZOOM, {
    top: `${RUN_BAR_HEIGHT}px`,
    left: `${CONTROLS_WIDTH + GAP}px`,
    right: `${MINIMAP.width + overlay}px`,
    bottom: `${GAP}px`,
  });
  const fit = below.zoom >= beside.zoom ? below : beside;
  if (!readable || fit.zoom >= READABLE_ZOOM) return fit;
  const zoom = READABLE_ZOOM;
  return { zoom, x: CONTROLS_WIDTH + GAP - bounds.x * zoom, y: RUN_BAR_HEIGHT - bounds.y * zoom };
}
