/** Run commands: the whole pipeline, to or from a node, a preview; a node's outputs. */
import { startRun } from "../run/runActions";
import { useRun } from "../run/runStore";
import { useView } from "../runs/viewStore";
import { editor } from "../store/editorStore";
import { useUi } from "../store/uiStore";
import type { Command, CommandContext } from "./types";

const idle = () => useRun.getState().live?.status !== "running";
/** The node a command is about: the right-clicked one, else the only selected one. */
export function targetNode(ctx: CommandContext): string | null {
  if (ctx.nodeId) return ctx.nodeId;
  const { nodes } = editor().selection;
  return nodes.length === 1 ? nodes[0] : null;
}
const runnable = (ctx: CommandContext) => {
  const id = targetNode(ctx);
  return !!id && editor().doc.nodes.find((n) => n.id === id)?.kind !== "note";
};

export const runCommands: Command[] = [
  { id: "run.all", title: "Run the pipeline", section: "Run", keys: ["Mod+Enter"], enabled: idle, run: () => startRun({}) },
  { id: "run.preview", title: "Preview the run (calls, cache, cost)", section: "Run", run: () => useView.getState().openPreview({}) },
  { id: "run.toHere", title: "Run to here", section: "Run", menus: ["node"], enabled: (ctx) => idle() && runnable(ctx), run: (ctx) => startRun({ toNode: targetNode(ctx)! }) },
  { id: "run.fromHere", title: "Run from here", section: "Run", menus: ["node"], enabled: (ctx) => idle() && runnable(ctx), run: (ctx) => startRun({ fromNode: targetNode(ctx)! }) },
  {
    id: "run.showOutputs",
    title: "Show outputs",
    section: "Run",
    menus: ["node"],
    enabled: runnable,
    run: (ctx) => {
      editor().select({ nodes: [targetNode(ctx)!], edges: [] });
      useUi.getState().setBottomTab("outputs");
    },
  },
];
