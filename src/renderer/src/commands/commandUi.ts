/**
 * Which command surface is open: the Ctrl+K palette (all commands, or the node search), the `?` sheet, a
 * right-click menu, the port menu (connect a node by keyboard).
 */
import { create } from "zustand";
import type { XY } from "../store/graphOps";
import type { CommandContext, MenuTarget } from "./types";

export interface PaletteState {
  /** "all": commands and nodes; "nodes": only node kinds and templates (double-click, `/`). */
  mode: "all" | "nodes";
  /** Where a chosen node goes (flow coordinates); the centre of the view when absent. */
  at?: XY;
}

export interface ContextMenuState {
  target: MenuTarget;
  /** Screen position of the menu. */
  x: number;
  y: number;
  ctx: CommandContext;
}

interface CommandUiState {
  palette: PaletteState | null;
  sheetOpen: boolean;
  menu: ContextMenuState | null;
  /** The node whose connections the port menu offers. */
  portMenu: { nodeId: string } | null;
  openPalette(p: PaletteState): void;
  closePalette(): void;
  setSheetOpen(open: boolean): void;
  openMenu(menu: ContextMenuState | null): void;
  openPortMenu(portMenu: { nodeId: string } | null): void;
}

export const useCommandUi = create<CommandUiState>()((set) => ({
  palette: null,
  sheetOpen: false,
  menu: null,
  portMenu: null,
  openPalette: (palette) => set({ palette, menu: null, sheetOpen: false, portMenu: null }),
  closePalette: () => set({ palette: null }),
  setSheetOpen: (sheetOpen) => set({ sheetOpen, palette: null, menu: null }),
  openMenu: (menu) => set({ menu }),
  openPortMenu: (portMenu) => set({ portMenu, menu: null, palette: null }),
}));

export const commandUi = () => useCommandUi.getState();
