/** Which runs the results grid shows (null: closed). */
import { create } from "zustand";

export const useGrid = create<{ runIds: string[] | null; open(runIds: string[] | null): void }>()((set) => ({
  runIds: null,
  open: (runIds) => set({ runIds }),
}));
