/** Canvas commands: add a node by search, connect a port by keyboard, auto-layout, group, fit the view. */
import { layoutPositions } from "../canvas/autoLayout";
import type { Size } from "../canvas/deriveFlow";
import { fitNodes, flowInstance } from "../canvas/flowInstance";
import { editor } from "../store/editorStore";
import { moveNodes } from "../store/graphOps";
import { createGroup, ungroup } from "../store/groupOps";
import type { CommandContext } from "./types";
import { commandUi } from "./commandUi";
import { targetNode } from "./runCommands";
import type { Command } from "./types";

/** Lays out every node with dagre (measured sizes where the canvas has them), keeping the top-left corner; one undo step. */
export function autoLayout(): void {
  const { doc } = editor();
  const flow = flowInstance();
  const measured = new Map<string, Size>();
  for (const n of flow?.getNodes() ?? []) if (n.measured?.width && n.measured.height) measured.set(n.id, { width: n.measured.width, height: n.measured.height });
  const origin = { x: Math.min(...doc.nodes.map((n) => n.position.x)), y: Math.min(...doc.nodes.map((n) => n.position.y)) };
  const positions = layoutPositions(doc, measured, origin);
  editor().edit((d) => moveNodes(d, positions));
  requestAnimationFrame(() => fitNodes(undefined, true));
}

/** The nodes a group command acts on: the selection, or the right-clicked node alone when it is not selected. */
function targetNodes(ctx: CommandContext): string[] {
  const { nodes } = editor().selection;
  return ctx.nodeId && !nodes.includes(ctx.nodeId) ? [ctx.nodeId] : nodes;
}

/** The group an ungroup acts on: the right-clicked frame, else the group of the target nodes (when they share one). */
function targetGroup(ctx: CommandContext): string | null {
  if (ctx.groupId) return ctx.groupId;
  const ids = new Set(targetNodes(ctx));
  const groups = new Set(editor().doc.nodes.filter((n) => ids.has(n.id)).map((n) => n.group));
  const [only] = groups;
  return groups.size === 1 && only ? only : null;
}

export const canvasCommands: Command[] = [
  {
    id: "canvas.addNode",
    title: "Add a node…",
    section: "Canvas",
    keys: ["/"],
    menus: ["canvas"],
    run: (ctx) => commandUi().openPalette({ mode: "nodes", at: ctx.at }),
  },
  {
    // The keyboard's way to draw an edge: a menu of the connections the canvas would accept (canvas/PortMenu.tsx).
    id: "canvas.connect",
    title: "Connect a port…",
    section: "Canvas",
    keys: ["C"],
    menus: ["node"],
    enabled: (ctx) => {
      const id = targetNode(ctx);
      return !!id && editor().doc.nodes.some((n) => n.id === id && n.kind !== "note");
    },
    run: (ctx) => commandUi().openPortMenu({ nodeId: targetNode(ctx)! }),
  },
  {
    id: "canvas.autoLayout",
    title: "Auto-layout",
    section: "Canvas",
    keys: ["Shift+L"],
    menus: ["canvas"],
    enabled: () => editor().doc.nodes.length > 0,
    run: autoLayout,
  },
  {
    id: "canvas.group",
    title: "Group the selected nodes",
    section: "Canvas",
    keys: ["Mod+G"],
    menus: ["node"],
    enabled: (ctx) => targetNodes(ctx).length > 0,
    run: (ctx) => {
      const ids = targetNodes(ctx);
      editor().edit((d) => createGroup(d, ids));
    },
  },
  {
    id: "canvas.ungroup",
    title: "Ungroup",
    section: "Canvas",
    keys: ["Mod+Shift+G"],
    menus: ["node", "group"],
    enabled: (ctx) => targetGroup(ctx) !== null,
    run: (ctx) => {
      const id = targetGroup(ctx)!;
      editor().edit((d) => ungroup(d, id));
    },
  },
  {
    id: "canvas.fitView",
    title: "Fit the view",
    section: "Canvas",
    menus: ["canvas"],
    enabled: () => editor().doc.nodes.length > 0,
    run: () => fitNodes(),
  },
];
