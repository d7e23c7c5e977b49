/** Which panels and dialogs are open; the theme. Nothing here is part of the document. */
import { create } from "zustand";
import type { Problem } from "../../../shared/pipeline/problems";

export type ThemeChoice = "system" | "light" | "dark";
export type RightTab = "node" | "models" | "pipeline";
export type Dialog =
  | { type: "open" }
  | { type: "templates" }
  | { type: "import-problems"; fileName: string; problems: Problem[] }
  | null;

interface UiState {
  theme: ThemeChoice;
  rightTab: RightTab;
  bottomOpen: boolean;
  paletteOpen: boolean;
  dialog: Dialog;
  setTheme(theme: ThemeChoice): void;
  setRightTab(tab: RightTab): void;
  setBottomOpen(open: boolean): void;
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
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  openDialog: (dialog) => set({ dialog }),
}));
