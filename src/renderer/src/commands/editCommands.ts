/** Edit commands: undo/redo, clipboard, selection, delete. Each edit is one undo step (canvas/commands.ts). */
import { copy, deleteSelection, duplicate, paste, selectAll } from "../canvas/commands";
import { editor } from "../store/editorStore";
import type { Command, CommandContext } from "./types";

const hasSelection = () => editor().selection.nodes.length + editor().selection.edges.length > 0;
const hasNodeSelection = () => editor().selection.nodes.length > 0;

/** A right-click on a node or edge that is not selected acts on it alone. */
function selectTarget(ctx: CommandContext): void {
  const { selection } = editor();
  if (ctx.nodeId && !selection.nodes.includes(ctx.nodeId)) editor().select({ nodes: [ctx.nodeId], edges: [] });
  if (ctx.edgeId && !selection.edges.includes(ctx.edgeId)) editor().select({ nodes: [], edges: [ctx.edgeId] });
}

export const editCommands: Command[] = [
  { id: "edit.undo", title: "Undo", section: "Edit", keys: ["Mod+Z"], enabled: () => editor().history.past.length > 0, run: () => editor().undo() },
  { id: "edit.redo", title: "Redo", section: "Edit", keys: ["Mod+Shift+Z", "Mod+Y"], enabled: () => editor().history.future.length > 0, run: () => editor().redo() },
  {
    id: "edit.copy",
    title: "Copy",
    section: "Edit",
    keys: ["Mod+C"],
    menus: ["node"],
    enabled: (ctx) => !!ctx.nodeId || hasNodeSelection(),
    run: (ctx) => {
      selectTarget(ctx);
      return copy();
    },
  },
  { id: "edit.paste", title: "Paste", section: "Edit", keys: ["Mod+V"], menus: ["canvas"], run: () => paste() },
  {
    id: "edit.duplicate",
    title: "Duplicate",
    section: "Edit",
    keys: ["Mod+D"],
    menus: ["node"],
    enabled: (ctx) => !!ctx.nodeId || hasNodeSelection(),
    run: (ctx) => {
      selectTarget(ctx);
      duplicate();
    },
  },
  { id: "edit.selectAll", title: "Select all", section: "Edit", keys: ["Mod+A"], menus: ["canvas"], enabled: () => editor().doc.nodes.length > 0, run: () => selectAll() },
  {
    id: "edit.delete",
    title: "Delete",
    section: "Edit",
    keys: ["Delete", "Backspace"],
    menus: ["node", "edge"],
    enabled: (ctx) => !!ctx.nodeId || !!ctx.edgeId || hasSelection(),
    run: (ctx) => {
      selectTarget(ctx);
      deleteSelection();
    },
  },
];
