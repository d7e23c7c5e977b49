/** Canvas commands: add a node by search, fit the view. */
import { flowInstance } from "../canvas/flowInstance";
import { editor } from "../store/editorStore";
import { commandUi } from "./commandUi";
import type { Command } from "./types";

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
    id: "canvas.fitView",
    title: "Fit the view",
    section: "Canvas",
    menus: ["canvas"],
    enabled: () => editor().doc.nodes.length > 0,
    run: () => void flowInstance()?.fitView({ padding: 0.08, maxZoom: 1.1, duration: 200 }),
  },
];
