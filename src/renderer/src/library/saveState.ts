/**
 * Why the last save did not happen, until one succeeds: the toolbar shows it in place of "Unsaved changes",
 * so autosave never stops silently. The localStorage backup keeps the work meanwhile.
 */
import { create } from "zustand";

interface SaveState {
  /** The reason in words (a problem of the document, or the server's answer); null after a good save. */
  failure: string | null;
  setFailure(failure: string | null): void;
}

export const useSaveState = create<SaveState>()((set) => ({
  failure: null,
  setFailure: (failure) => set({ failure }),
}));

/** An autosave that failed for another reason than the document is tried again after this long. */
export const AUTOSAVE_RETRY_MS = 10_000;
