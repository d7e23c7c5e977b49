/** Which panels and dialogs are open; the theme. Nothing here is part of the document. */
import { create } from "zustand";
import type { Problem } from "../../../shared/pipeline/problems";

export type ThemeChoice = "system" | "light" | "dark";
export type RightTab = "node" | "models" | "pipeline" | "experiment";
export type Dialog =
  | { type: "open" }
  | { type: "templates" }
  | { type: "import-problems"; fileName: string; problems: Problem[] }
  | null;

interface UiState {
  theme: ThemeChoice;
  rightTab: RightTab;
  bottomOpen: boolean;
  /** The bottom panel's tab ("problems", "outputs", "runs", ...). */
  bottomTab: string;
  paletteOpen: boolean;
  dialog: Dialog;
  setTheme(theme: ThemeChoice): void;
  setRightTab(tab: RightTab): void;
  setBottomOpen(open: boolean): void;
  /** Shows a bottom tab (and opens the panel). */
  setBottomTab(tab: string): void;
  setPaletteOpen(open: boolean): void;
  openDialog(dialog: Dialog): void;
}

const THEME_KEY = "cascade.theme";

function initialTheme(): ThemeChoice {
  try {
    const t = localStorage.getItem(THEME_KEY);
    if (t === "light" || t === "dark" || t === "system") return t;
  } catch {
    /* no storage */
  }
  return "system";
}

export const useUi = create<UiState>()((set) => ({
  theme: typeof localStorage === "undefined" ? "system" : initialTheme(),
  rightTab: "node",
  bottomOpen: true,
  bottomTab: "problems",
  paletteOpen: true,
  dialog: null,
  setTheme(theme) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      /* no storage */
    }
    set({ theme });
  },
  setRightTab: (rightTab) => set({ rightTab }),
  setBottomOpen: (bottomOpen) => set({ bottomOpen }),
  setBottomTab: (bottomTab) => set({ bottomTab, bottomOpen: true }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  openDialog: (dialog) => set({ dialog }),
}));
