/** Short messages at the bottom of the screen (refused connections, save results, quiet failures). */
import { create } from "zustand";

export type ToastTone = "info" | "ok" | "warn" | "error";

export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

interface ToastState {
  toasts: Toast[];
  show(text: string, tone?: ToastTone, ms?: number): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show(text, tone = "info", ms = 4000) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { id, tone, text }] });
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = (text: string, tone?: ToastTone, ms?: number) => useToasts.getState().show(text, tone, ms);
