/**
 * The canvas's view of the document: derived nodes/edges plus the two things React Flow needs that are not
 * in the document — positions of nodes being dragged (written back to the doc on drag end, one undo step)
 * and measured node sizes.
 */
import type { EdgeChange, NodeChange, XYPosition } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { editor, useEditor } from "../store/editorStore";
import { moveNodes } from "../store/graphOps";
import { FlowDeriver, type CascadeFlowEdge, type CascadeFlowNode, type Size } from "./deriveFlow";
import { deriveFrames, frameBox, groupOfFrame, membersOf, type FrameFlowNode } from "./deriveGroups";
import { flowStats } from "./flowStats";

export type FlowNode = CascadeFlowNode | FrameFlowNode;

const snap = (v: number) => Math.round(v / 16) * 16;

/** Where a frame dragged to `to` puts its members: each moved by the frame's offset, snapped to the grid. */
function membersMovedTo(groupId: string, to: XYPosition, measured: ReadonlyMap<string, Size>): Map<string, XYPosition> {
  const members = membersOf(editor().doc, groupId);
  const from = frameBox(members, new Map(), measured);
  const dx = snap(to.x - from.x);
  const dy = snap(to.y - from.y);
  return new Map(members.map((n) => [n.id, { x: n.position.x + dx, y: n.position.y + dy }]));
}

export function useFlowModel() {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const deriver = useRef(new FlowDeriver()).current;
  const [drag, setDrag] = useState<ReadonlyMap<string, XYPosition>>(() => new Map());
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const dragRef = useRef(drag);
  dragRef.current = drag;
  const measuredRef = useRef(measured);
  measuredRef.current = measured;

  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const cascadeNodes = useMemo(() => deriver.deriveNodes(doc, selectedNodes, drag, measured), [deriver, doc, selectedNodes, drag, measured]);
  // Frames first: behind the nodes.
  const nodes = useMemo<FlowNode[]>(() => (doc.groups?.length ? [...deriveFrames(doc, drag, measured), ...cascadeNodes] : cascadeNodes), [doc, drag, measured, cascadeNodes]);
  useEffect(() => {
    flowStats.nodesArrays++;
  }, [nodes]);
  const edges = useMemo(() => deriver.deriveEdges(doc, selectedEdges), [deriver, doc, selectedEdges]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    let nextDrag: Map<string, XYPosition> | null = null;
    const sizes: [string, Size][] = [];
    const commit = new Map<string, XYPosition>();
    let wasDragging = false;
    const selected = new Set(editor().selection.nodes);
    let selectionChanged = false;
    for (const c of changes) {
      const frameOf = "id" in c ? groupOfFrame(c.id) : null;
      if (frameOf !== null) {
        // Dragging a frame moves its members (one undo step at the end).
        if (c.type !== "position") continue;
        const to = c.position ?? dragRef.current.get(c.id);
        if (!to) continue;
        const moved = membersMovedTo(frameOf, to, measuredRef.current);
        nextDrag ??= new Map(dragRef.current);
        if (c.dragging) {
          nextDrag.set(c.id, to);
          for (const [id, p] of moved) nextDrag.set(id, p);
        } else {
          wasDragging = true;
          nextDrag.delete(c.id);
          for (const [id, p] of moved) commit.set(id, p);
        }
        continue;
      }
      if (c.type === "position") {
        if (c.dragging && c.position) {
          nextDrag ??= new Map(dragRef.current);
          nextDrag.set(c.id, c.position);
        } else if (!c.dragging) {
          const inFlight = dragRef.current.get(c.id);
          if (inFlight) wasDragging = true;
          const p = c.position ?? inFlight;
          if (p) commit.set(c.id, p);
        }
      } else if (c.type === "dimensions" && c.dimensions) {
        sizes.push([c.id, c.dimensions]);
      } else if (c.type === "select") {
        selectionChanged = true;
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
    }
    if (commit.size > 0) {
      // A drag end is one undo step; keyboard nudges of the same nodes merge.
      editor().edit((d) => moveNodes(d, commit), wasDragging ? {} : { coalesce: `nudge:${[...commit.keys()].join(",")}` });
      nextDrag ??= new Map(dragRef.current);
      for (const id of commit.keys()) nextDrag.delete(id);
    }
    if (nextDrag) setDrag(nextDrag);
    if (sizes.length > 0) setMeasured((m) => new Map([...m, ...sizes]));
    if (selectionChanged) editor().select({ nodes: [...selected] });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CascadeFlowEdge>[]) => {
    const selected = new Set(editor().selection.edges);
    let changed = false;
    for (const c of changes) {
      if (c.type !== "select") continue;
      changed = true;
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    }
    if (changed) editor().select({ edges: [...selected] });
  }, []);

  return { nodes, edges, onNodesChange, onEdgesChange };
}
