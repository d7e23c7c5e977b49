/**
 * React Flow nodes and edges derived from the PipelineDoc. Each derived object is cached and reused while
 * its inputs (the node's doc object, selection, in-flight drag position, measured size) are unchanged, so
 * an edit of one node hands React Flow 499 identical objects and one new one.
 */
import type { Edge, Node, XYPosition } from "@xyflow/react";
import type { EdgeDoc, NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { findPort } from "../store/ports";
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

interface NodeEntry {
  doc: NodeDoc;
  selected: boolean;
  drag?: XYPosition;
  measured?: Size;
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
      let entry = this.nodes.get(node.id);
      if (!entry || entry.doc !== node || entry.selected !== isSelected || entry.drag !== d || entry.measured !== m) {
        const rf: CascadeFlowNode = {
          id: node.id,
          type: "cascade",
          position: d ?? node.position,
          data: entry && entry.doc === node ? entry.rf.data : { node },
          selected: isSelected,
          ...(m ? { measured: m } : {}),
        };
        entry = { doc: node, selected: isSelected, drag: d, measured: m, rf };
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
      const problem = problems.has(edge.id);
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
