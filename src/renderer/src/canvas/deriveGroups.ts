/**
 * The frames of groups, derived like the nodes: a React Flow node of type "frame" per group with members, its
 * bounds the members' bounds (in-flight drag positions and measured sizes included) plus a margin and a title
 * bar. Frames are not parents of their members (React Flow parents would need positions relative to the frame,
 * whose bounds follow the members): dragging a frame moves its members through the drag map (useFlowModel).
 * Frames come first in the node list (drawn behind the nodes); only the title bar takes the pointer, so the
 * body lets clicks through to the edges and the canvas beneath.
 */
import type { Node, XYPosition } from "@xyflow/react";
import type { GroupDoc, NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import { estimatedHeight, NODE_WIDTH, type Size } from "./deriveFlow";

export const FRAME_PREFIX = "group:";
export const FRAME_MARGIN = 24;
export const FRAME_TITLE = 32;

export interface FrameData extends Record<string, unknown> {
  group: GroupDoc;
  members: number;
}
export type FrameFlowNode = Node<FrameData, "frame">;

export const frameId = (groupId: string) => `${FRAME_PREFIX}${groupId}`;
export const groupOfFrame = (id: string) => (id.startsWith(FRAME_PREFIX) ? id.slice(FRAME_PREFIX.length) : null);

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The frame's box around `members` (positions from `drag` where a drag is in flight). */
export function frameBox(members: readonly NodeDoc[], drag: ReadonlyMap<string, XYPosition>, measured: ReadonlyMap<string, Size>): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of members) {
    const p = drag.get(n.id) ?? n.position;
    const m = measured.get(n.id);
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + (m?.width ?? NODE_WIDTH));
    maxY = Math.max(maxY, p.y + (m?.height ?? estimatedHeight(n)));
  }
  return { x: minX - FRAME_MARGIN, y: minY - FRAME_MARGIN - FRAME_TITLE, width: maxX - minX + 2 * FRAME_MARGIN, height: maxY - minY + 2 * FRAME_MARGIN + FRAME_TITLE };
}

export function membersOf(doc: PipelineDoc, groupId: string): NodeDoc[] {
  return doc.nodes.filter((n) => n.group === groupId);
}

export function deriveFrames(doc: PipelineDoc, drag: ReadonlyMap<string, XYPosition>, measured: ReadonlyMap<string, Size>): FrameFlowNode[] {
  const out: FrameFlowNode[] = [];
  for (const group of doc.groups ?? []) {
    const members = membersOf(doc, group.id);
    if (members.length === 0) continue;
    const box = frameBox(members, drag, measured);
    out.push({
      id: frameId(group.id),
      type: "frame",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { group, members: members.length },
      selectable: false,
      className: "frame-node",
    });
  }
  return out;
}
