/**
 * The canvas's React Flow instance, for commands that run outside React (fit view, the centre of the view).
 * Canvas.tsx sets it; null before the canvas mounted.
 */
import type { ReactFlowInstance } from "@xyflow/react";
import type { XY } from "../store/graphOps";
import { fitViewport } from "./fitViewport";

let instance: ReactFlowInstance | null = null;

export function setFlowInstance(flow: ReactFlowInstance | null): void {
  instance = flow;
}

export function flowInstance(): ReactFlowInstance | null {
  return instance;
}

/** The centre of the visible canvas in flow coordinates. */
export function viewCentre(): XY {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: innerWidth / 2, y: innerHeight / 2 };
  return instance ? instance.screenToFlowPosition(centre) : centre;
}

/**
 * Fits the view to every node (or the given ones), clear of the minimap and controls (fitViewport.ts); with
 * `readable`, never below a legible zoom (a big cascade then shows its beginning).
 */
export function fitNodes(ids?: readonly string[], readable = false): void {
  const flow = instance;
  const el = document.querySelector<HTMLElement>('[data-testid="canvas"]');
  if (!flow || !el) return;
  const wanted = ids ? new Set(ids) : null;
  const nodes = flow.getNodes().filter((n) => !wanted || wanted.has(n.id));
  if (nodes.length === 0) return;
  void flow.setViewport(fitViewport(flow.getNodesBounds(nodes), el.clientWidth, el.clientHeight, 0.1, { readable }), { duration: 200 });
}
