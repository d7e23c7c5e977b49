/**
 * React Flow nodes and edges derived from the PipelineDoc. Each derived object is cached and reused while
 * its inputs (the node's doc object, selection, in-flight drag position, measured size) are unchanged, so
 * an edit of one node hands React Flow 499 identical objects and one new one.
 */
import { Position, type Edge, type Node, type NodeHandle, type XYPosition } from "@xyflow/react";
import type { EdgeDoc, NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { danglingPortsOf, danglingSignature, isDanglingEdge, type DanglingPorts } from "../store/danglingPorts";
import { findPort, portsOf } from "../store/ports";
import { validationOf } from "../store/validation";

export interface CascadeNodeData extends Record<string, unknown> {
  node: NodeDoc;
}
export type CascadeFlowNode = Node<CascadeNodeData, "cascade">;

export interface CascadeEdgeData extends Record<string, unknown> {
  portType: string;
  problem: boolean;
}
export type CascadeFlowEdge = Edge<CascadeEdgeData>;

export interface Size {
  width: number;
  height: number;
}

export const NODE_WIDTH = 256; // = .cnode width in canvas.css

/**
 * A node's size before it is measured, close to what CascadeNode renders, so that React Flow can skip
 * off-screen nodes from the first frame and the view can be fitted before anything is measured.
 */
export function estimatedHeight(node: NodeDoc, dangling: DanglingPorts = NO_DANGLING): number {
  const ports = portsOf(node);
  const rows = Math.max(ports.inputs.length + dangling.inputs.length, ports.outputs.length + dangling.outputs.length);
  return PORTS_TOP + (rows ? rows * ROW + 4 : 0) + (node.kind === "note" ? 120 : 28);
}

// Geometry of CascadeNode (see canvas.css): 4px top border, 28px header, 1px rule + 3px padding, 20px rows,
// 11px handles centred on the 1px side borders.
const PORTS_TOP = 4 + 28 + 1 + 3;
const ROW = 20;
const HANDLE = 11;
const NO_DANGLING: DanglingPorts = { inputs: [], outputs: [] };

/**
 * Where the handles will be, so React Flow need not render every node once to measure it: a node that
 * was never on screen keeps these; a rendered one is measured and its real handle bounds replace them.
 */
export function estimatedHandles(node: NodeDoc, dangling: DanglingPorts = NO_DANGLING): NodeHandle[] {
  const ports = portsOf(node);
  const at = (i: number) => PORTS_TOP + i * ROW + ROW / 2 - HANDLE / 2;
  const inputs = [...ports.inputs.map((p) => p.name), ...dangling.inputs];
  const outputs = [...ports.outputs.map((p) => p.name), ...dangling.outputs];
  return [
    ...inputs.map((id, i) => ({ id, type: "target" as const, position: Position.Left, x: 1 - HANDLE / 2, y: at(i), width: HANDLE, height: HANDLE })),
    ...outputs.map((id, i) => ({ id, type: "source" as const, position: Position.Right, x: NODE_WIDTH - 1 - HANDLE / 2, y: at(i), width: HANDLE, height: HANDLE })),
  ];
}

interface NodeEntry {
  doc: NodeDoc;
  selected: boolean;
  drag?: XYPosition;
  measured?: Size;
  dangling: string;
  rf: CascadeFlowNode;
}

interface EdgeEntry {
  doc: EdgeDoc;
  selected: boolean;
  portType: string;
  problem: boolean;
  rf: CascadeFlowEdge;
}

export class FlowDeriver {
  private nodes = new Map<string, NodeEntry>();
  private edges = new Map<string, EdgeEntry>();

  deriveNodes(doc: PipelineDoc, selected: ReadonlySet<string>, drag: ReadonlyMap<string, XYPosition>, measured: ReadonlyMap<string, Size>): CascadeFlowNode[] {
    const next = new Map<string, NodeEntry>();
    const out: CascadeFlowNode[] = [];
    for (const node of doc.nodes) {
      const isSelected = selected.has(node.id);
      const d = drag.get(node.id);
      const m = measured.get(node.id);
      const dangling = danglingPortsOf(doc, node.id);
      const danglingKey = danglingSignature(dangling);
      let entry = this.nodes.get(node.id);
      if (!entry || entry.doc !== node || entry.selected !== isSelected || entry.drag !== d || entry.measured !== m || entry.dangling !== danglingKey) {
        const rf: CascadeFlowNode = {
          id: node.id,
          type: "cascade",
          // What a screen reader says when the node has keyboard focus.
          ariaLabel: `${node.label || node.id}, ${node.kind} node`,
          position: d ?? node.position,
          data: entry && entry.doc === node ? entry.rf.data : { node },
          selected: isSelected,
          initialWidth: NODE_WIDTH,
          initialHeight: estimatedHeight(node, dangling),
          ...(m ? { measured: m } : { handles: estimatedHandles(node, dangling) }),
        };
        entry = { doc: node, selected: isSelected, drag: d, measured: m, dangling: danglingKey, rf };
      }
      next.set(node.id, entry);
      out.push(entry.rf);
    }
    this.nodes = next;
    return out;
  }

  deriveEdges(doc: PipelineDoc, selected: ReadonlySet<string>): CascadeFlowEdge[] {
    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    const problems = validationOf(doc).byEdge;
    const next = new Map<string, EdgeEntry>();
    const out: CascadeFlowEdge[] = [];
    for (const edge of doc.edges) {
      const src = byId.get(edge.source);
      const portType = (src && findPort(src, "output", edge.sourcePort)?.type) ?? "any";
      // A dangling edge (its port vanished from the template) is a problem even while its node's config is
      // incomplete (validation then knows no ports to check it against).
      const problem = problems.has(edge.id) || isDanglingEdge(doc, edge);
      const isSelected = selected.has(edge.id);
      let entry = this.edges.get(edge.id);
      if (!entry || entry.doc !== edge || entry.selected !== isSelected || entry.portType !== portType || entry.problem !== problem) {
        const rf: CascadeFlowEdge = {
          id: edge.id,
          source: edge.source,
          sourceHandle: edge.sourcePort,
          target: edge.target,
          targetHandle: edge.targetPort,
          selected: isSelected,
          className: `edge edge--${portType}${problem ? " edge--problem" : ""}`,
          data: { portType, problem },
        };
        entry = { doc: edge, selected: isSelected, portType, problem, rf };
      }
      next.set(edge.id, entry);
      out.push(entry.rf);
    }
    this.edges = next;
    return out;
  }
}
