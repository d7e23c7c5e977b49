/**
 * File commands: the pipeline library (toolbar buttons New, Open…, Templates…, Save, Import…, Export, Delete),
 * opening a bundle of runs (the Runs tab's "Open bundle…") and saving the compared runs' report (the compare view).
 */
import { deletePipeline, exportPipeline, newPipeline, save } from "../library/library";
import { saveCompareReport } from "../compare/saveReport";
import { pickBundle } from "../runs/openBundle";
import { useView } from "../runs/viewStore";
import { useUi } from "../store/uiStore";
import type { Command } from "./types";

/** Asks for a pipeline file and imports it (the toolbar's hidden file input does the same for tests). */
function pickAndImport(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="lib-import-file"]');
  input?.click();
}

export const fileCommands: Command[] = [
  { id: "file.new", title: "New pipeline", section: "File", run: () => newPipeline() },
  { id: "file.open", title: "Open pipeline…", section: "File", keys: ["Mod+O"], run: () => useUi.getState().openDialog({ type: "open" }) },
  { id: "file.templates", title: "Open a template…", section: "File", run: () => useUi.getState().openDialog({ type: "templates" }) },
  { id: "file.save", title: "Save", section: "File", keys: ["Mod+S"], whileTyping: true, run: () => save(false) },
  { id: "file.import", title: "Import a pipeline file…", section: "File", run: pickAndImport },
  { id: "file.export", title: "Export pipeline JSON", section: "File", run: () => exportPipeline() },
  { id: "file.delete", title: "Delete this pipeline", section: "File", run: () => deletePipeline() },
  { id: "file.openBundle", title: "Open bundle… (runs from cascade bundle)", section: "File", run: pickBundle },
  { id: "file.saveReport", title: "Save report… of the compared runs (HTML)", section: "File", enabled: () => useView.getState().compareIds.length > 0, run: () => saveCompareReport() },
];
