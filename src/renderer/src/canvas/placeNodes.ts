/**
 * Putting new nodes on the canvas: a kind (palette click, node search) or a template's whole cascade (node
 * search), at a point or at a free spot in the middle of the view, then brought into view.
 */
import type { NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { connectionRefusal } from "../../../shared/ports";
import { getClient } from "../api/client";
import { pasteInto } from "../store/clipboard";
import { editor } from "../store/editorStore";
import { addNode, connect, freeSpot, refuseConnection, type ConnectionSpec, type XY } from "../store/graphOps";
import { portsOf } from "../store/ports";
import { toast } from "../store/toastStore";
import { NODE_WIDTH } from "./deriveFlow";
import { fitNodes, flowInstance, viewCentre } from "./flowInstance";

const snap = (v: number) => Math.round(v / 16) * 16;

/** A free spot near the centre of the view, for a node added without a point. */
export function spotAtCentre(): XY {
  const c = viewCentre();
  return freeSpot(editor().doc, { x: snap(c.x - NODE_WIDTH / 2), y: snap(c.y - 60) });
}

/** Scrolls so that a node put at `spot` is visible. */
function bringIntoView(spot: XY): void {
  const flow = flowInstance();
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!flow || !pane) return;
  const zoom = flow.getZoom();
  const tl = flow.screenToFlowPosition({ x: pane.left, y: pane.top });
  const w = pane.width / zoom;
  const h = pane.height / zoom;
  if (spot.x < tl.x || spot.y < tl.y || spot.x + NODE_WIDTH > tl.x + w || spot.y + 120 > tl.y + h) {
    void flow.setCenter(spot.x + NODE_WIDTH / 2, spot.y + 60, { zoom, duration: 200 });
  }
}

/**
 * The edge that continues a chain from `from` into the new node `to`: into its first input, from the output of
 * the same name, else the first output whose type fits; null when none fits.
 */
function chainEdge(doc: PipelineDoc, from: NodeDoc, to: NodeDoc): ConnectionSpec | null {
  const outs = portsOf(from).outputs;
  for (const input of portsOf(to).inputs) {
    const out = outs.find((o) => o.name === input.name && !connectionRefusal(o.type, input.type)) ?? outs.find((o) => !connectionRefusal(o.type, input.type));
    if (out) {
      const c = { source: from.id, sourcePort: out.name, target: to.id, targetPort: input.name };
      return refuseConnection(doc, c) ? null : c;
    }
  }
  return null;
}

/**
 * Adds a node of `kind` with its header under `at` (flow coordinates, snapped), or at a free spot. Without a
 * point and with one node selected, the new node continues the chain: it goes to the right of that node and is
 * connected from it (chainEdge); one undo step either way. A new node that calls a model gets the pipeline's
 * model when there is exactly one.
 */
export function placeKind(kind: string, at?: XY): string {
  const { doc, selection } = editor();
  const from = !at && selection.nodes.length === 1 ? doc.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const spot = at ? { x: snap(at.x - NODE_WIDTH / 2), y: snap(at.y - 16) } : from ? freeSpot(doc, { x: from.position.x + NODE_WIDTH + 96, y: from.position.y }) : spotAtCentre();
  const models = Object.keys(doc.models);
  const id = editor().edit((d) => {
    const newId = addNode(d, kind, spot);
    const node = d.nodes.find((n) => n.id === newId)!;
    if (models.length === 1 && node.config.model === "") node.config.model = models[0];
    const source = from && d.nodes.find((n) => n.id === from.id);
    const edge = source && chainEdge(d, source, node);
    if (edge) connect(d, edge);
    return newId;
  });
  editor().select({ nodes: [id], edges: [] });
  bringIntoView(spot);
  return id;
}

/** Adds a template's nodes and edges (its models too, unless one of that name exists) with their top-left at `at`. */
export function insertDoc(source: PipelineDoc, at?: XY): string[] {
  if (source.nodes.length === 0) return [];
  const minX = Math.min(...source.nodes.map((n) => n.position.x));
  const minY = Math.min(...source.nodes.map((n) => n.position.y));
  const spot = at ? { x: snap(at.x), y: snap(at.y) } : spotAtCentre();
  const added = editor().edit((doc) => {
    for (const [name, model] of Object.entries(source.models)) if (!doc.models[name]) doc.models[name] = structuredClone(model);
    return pasteInto(doc, { nodes: source.nodes, edges: source.edges }, { x: spot.x - minX, y: spot.y - minY });
  });
  editor().select({ nodes: added, edges: [] });
  // Show the whole inserted cascade once it is on the canvas.
  requestAnimationFrame(() => fitNodes(added, true));
  return added;
}

export async function placeTemplate(file: string, at?: XY): Promise<string[]> {
  try {
    return insertDoc(await getClient().call("templates.open", { file }), at);
  } catch (e) {
    toast(`Could not add the template: ${(e as Error).message}`, "error");
    return [];
  }
}
