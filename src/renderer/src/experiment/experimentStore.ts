/**
 * The Experiment panel's state: the last preview of the open document's experiment (with the document
 * revision it was made for), the experiment started from this page and its cells as the `experiment-event`s
 * move them, the matrix (re-read with experiments.get when a cell or the experiment ends), the dataset column
 * the matrix breaks accuracy down by, the cells ticked for the compare view, and the list of earlier experiments
 * (the store keeps them: opening one shows its cells and matrix). Nothing here is part of the document: the axes
 * and caps are (experimentOps.ts).
 */
import { create } from "zustand";
import type { ExperimentEvent, ExperimentPreview, ExperimentState, ExperimentSummary } from "../../../shared/contract";
import { formatRunId } from "../../../shared/runId";
import { getClient } from "../api/client";
import { editor } from "../store/editorStore";
import { errorText } from "../ui/errorText";

interface ExperimentUi {
  preview: ExperimentPreview | null;
  /** The document revision the preview was made for. */
  previewRevision: number;
  previewing: boolean;
  error: string | null;
  experimentId: string | null;
  state: ExperimentState | null;
  starting: boolean;
  by: string;
  /** Cells ticked to compare (cell indices). */
  selected: number[];
  resultsOpen: boolean;
  /** Earlier experiments, the latest first (of the open pipeline once it is saved). */
  past: ExperimentSummary[];
  /** The shown experiment was opened from that list: its cells are shown even where the axes now differ. */
  opened: boolean;
}

export const useExperiment = create<ExperimentUi>()(() => ({
  preview: null,
  previewRevision: -1,
  previewing: false,
  error: null,
  experimentId: null,
  state: null,
  starting: false,
  by: "",
  selected: [],
  resultsOpen: false,
  past: [],
  opened: false,
}));

const set = useExperiment.setState;
const get = useExperiment.getState;

/** The page's experiment id survives a reload of the page (the service keeps the experiment while it runs). */
const KEY = "cascade.experimentId";
function remember(experimentId: string | null): void {
  try {
    if (experimentId) sessionStorage.setItem(KEY, experimentId);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* no storage */
  }
}
function remembered(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function request() {
  const { doc, pipelineId } = editor();
  return { doc, ...(pipelineId ? { pipelineId } : {}) };
}

export async function previewExperiment(): Promise<void> {
  const revision = editor().revision;
  set({ previewing: true, error: null });
  try {
    const preview = await getClient().call("experiments.preview", request());
    set({ preview, previewRevision: revision, previewing: false });
  } catch (e) {
    set({ preview: null, previewing: false, error: errorText(e) });
  }
}

export async function refreshExperiment(): Promise<void> {
  const { experimentId, by } = get();
  if (!experimentId) return;
  try {
    const state = await getClient().call("experiments.get", { experimentId, ...(by ? { by: [by] } : {}) });
    if (get().experimentId === experimentId) set({ state });
  } catch (e) {
    set({ error: errorText(e) });
  }
}

export async function startExperiment(): Promise<void> {
  if (get().starting || get().state?.status === "running") return;
  const experimentId = formatRunId(Date.now(), crypto.getRandomValues(new Uint8Array(2)));
  set({ starting: true, error: null, experimentId, state: null, selected: [], opened: false });
  try {
    await getClient().call("experiments.start", { ...request(), experimentId });
    remember(experimentId);
    await refreshExperiment();
  } catch (e) {
    set({ experimentId: null, error: errorText(e) });
  } finally {
    set({ starting: false });
  }
}

/** Reads the list of earlier experiments (the open pipeline's, or all while it is not saved). */
export async function loadPastExperiments(): Promise<void> {
  const { pipelineId } = editor();
  try {
    set({ past: await getClient().call("experiments.list", pipelineId ? { pipelineId } : {}) });
  } catch (e) {
    set({ error: errorText(e) });
  }
}

/** Shows an earlier experiment: its cells, status and matrix (Results opens the sheet). */
export async function openExperiment(experimentId: string): Promise<void> {
  if (get().state?.status === "running") return;
  set({ experimentId, state: null, selected: [], error: null, opened: true });
  remember(experimentId);
  await refreshExperiment();
}

export async function cancelExperiment(): Promise<void> {
  const { experimentId } = get();
  if (experimentId) await getClient().call("experiments.cancel", { experimentId });
}

export function setBy(by: string): void {
  set({ by });
  void refreshExperiment();
}

export function toggleCell(cell: number): void {
  const s = get().selected;
  set({ selected: s.includes(cell) ? s.filter((c) => c !== cell) : [...s, cell] });
}

export function setResultsOpen(resultsOpen: boolean): void {
  set({ resultsOpen });
}

/** Folds one event of this page's experiment into its cells; an end re-reads the state and the matrix. */
export function applyExperimentEvent(e: ExperimentEvent): void {
  const { state, experimentId } = get();
  if (e.experimentId !== experimentId) return;
  if (state && (e.type === "cell-started" || e.type === "cell-progress")) {
    const cells = state.cells.map((c) =>
      c.cell !== e.cell ? c : e.type === "cell-started" ? { ...c, status: "running" as const, runId: e.runId } : { ...c, itemsDone: e.itemsDone, items: e.items },
    );
    set({ state: { ...state, cells } });
  }
  if (e.type === "cell-finished" || e.type === "experiment-finished" || !state) void refreshExperiment();
  if (e.type === "experiment-finished") void loadPastExperiments();
}

let listening = false;
/** Subscribes to experiment events and picks up the experiment this page started before a reload, if the service still has it. */
export function listenToExperiments(): void {
  if (listening) return;
  listening = true;
  getClient().on("experiment-event", applyExperimentEvent);
  const kept = remembered();
  if (!kept) return;
  set({ experimentId: kept });
  getClient()
    .call("experiments.get", { experimentId: kept })
    .then(
      (state) => get().experimentId === kept && set({ state }),
      () => {
        remember(null); // no longer in the store (another database): the list of earlier ones shows what is
        if (get().experimentId === kept) set({ experimentId: null });
      },
    );
}
