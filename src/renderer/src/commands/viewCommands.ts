/** View and help commands: the command palette, the shortcut sheet, panels, theme. */
import { editor } from "../store/editorStore";
import { useUi, type ThemeChoice } from "../store/uiStore";
import { targetNode } from "./runCommands";
import { useGrid } from "../results/gridStore";
import { useView } from "../runs/viewStore";
import { commandUi } from "./commandUi";
import type { Command } from "./types";

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };

export const viewCommands: Command[] = [
  { id: "view.commandPalette", title: "Command palette…", section: "View", keys: ["Mod+K"], whileTyping: true, run: () => commandUi().openPalette({ mode: "all" }) },
  { id: "view.togglePalette", title: "Show or hide the node list", section: "View", run: () => useUi.getState().setPaletteOpen(!useUi.getState().paletteOpen) },
  { id: "view.problems", title: "Show problems", section: "View", run: () => useUi.getState().setBottomTab("problems") },
  {
    id: "view.datasetRows",
    title: "Show the dataset's rows",
    section: "View",
    menus: ["node"],
    enabled: (ctx) => editor().doc.nodes.some((n) => n.kind === "dataset" && (!ctx.nodeId || n.id === targetNode(ctx))),
    run: (ctx) => {
      const id = targetNode(ctx);
      if (id) editor().select({ nodes: [id], edges: [] });
      useUi.getState().setBottomTab("data");
    },
  },
  {
    id: "view.resultsGrid",
    title: "Results grid of the chosen runs (items × runs)",
    section: "View",
    enabled: () => useView.getState().compareIds.length > 0,
    run: () => useGrid.getState().open(useView.getState().compareIds),
  },
  { id: "view.runs", title: "Show runs", section: "View", run: () => useUi.getState().setBottomTab("runs") },
  { id: "view.models", title: "Show models", section: "View", run: () => useUi.getState().setRightTab("models") },
  { id: "view.theme", title: "Switch theme (auto, light, dark)", section: "View", run: () => useUi.getState().setTheme(NEXT_THEME[useUi.getState().theme]) },
  { id: "help.shortcuts", title: "Keyboard shortcuts", section: "Help", keys: ["?"], run: () => commandUi().setSheetOpen(true) },
];
