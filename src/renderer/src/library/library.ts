/**
 * Pipeline library actions: save (manual and autosave, one at a time so a new pipeline gets exactly one id),
 * open, new, rename, delete, import, export, templates.
 */
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { ApiError } from "../api/apiError";
import { getClient } from "../api/client";
import { baseOf, ownSave, setBase, useSaveConflict } from "./saveConflict";
import { layoutImportText } from "../canvas/autoLayout";
import { showLastRunIfReviewWaits } from "../run/lastRun";
import { useRun } from "../run/runStore";
import { editor } from "../store/editorStore";
import { emptyDoc } from "../store/emptyDoc";
import { toast } from "../store/toastStore";
import { useUi } from "../store/uiStore";
import { downloadText } from "./download";
import { shapeProblem } from "../store/validation";
import { errorText } from "../ui/errorText";
import { rememberLastId, writeBackup } from "./persistence";
import { uniqueName } from "./names";
import { AUTOSAVE_RETRY_MS, useSaveState } from "./saveState";

let queue: Promise<unknown> = Promise.resolve();

function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

let retryTimer: ReturnType<typeof setTimeout> | undefined;

export function save(autosave = false): Promise<boolean> {
  return serial(async () => {
    const { doc, pipelineId, dirty } = editor();
    if (autosave && !dirty) return true;
    clearTimeout(retryTimer);
    // A document the Node side would refuse is not sent: the toolbar says why until it is fixed (the next
    // edit saves again), and the backup keeps it.
    const refused = shapeProblem(doc);
    if (refused) {
      const why = `${refused.message}${refused.path && refused.path !== "$" ? ` (at ${refused.path})` : ""}`;
      useSaveState.getState().setFailure(`Not saved: ${why}`);
      backupNow();
      if (!autosave) toast(`Not saved: ${why}. Fix it and save again; nothing is lost meanwhile.`, "error", 7000);
      return false;
    }
    // A conflict waits for the user's choice (the dialog): no autosave over it meanwhile.
    if (useSaveConflict.getState().conflict) return false;
    try {
      const base = baseOf(pipelineId);
      ownSave.pending++;
      const saved = await getClient()
        .call("pipelines.save", { id: pipelineId, doc, autosave, ...(base ? { base } : {}) })
        .finally(() => setTimeout(() => ownSave.pending--, 0));
      setBase(saved);
      editor().markSaved(saved.id, saved.version, doc, autosave);
      useSaveState.getState().setFailure(null);
      rememberLastId(saved.id);
      backupNow();
      if (!autosave) toast(`Saved "${saved.name}" (version ${saved.version})`, "ok", 2500);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.problems.some((p) => p.code === "stale-save") && pipelineId) {
        // Another tab or window saved a newer version: the user chooses (SaveConflictDialog); nothing is lost.
        const latest = await getClient().call("pipelines.get", { id: pipelineId });
        useSaveConflict.getState().setConflict({ latest, mine: doc });
        useSaveState.getState().setFailure(`Not saved: version ${latest.version} was saved in another tab or window`);
        backupNow();
        return false;
      }
      const why = errorText(e);
      useSaveState.getState().setFailure(`${autosave ? "Autosave" : "Save"} failed: ${why}`);
      toast(`${autosave ? "Autosave" : "Save"} failed: ${why}. It is tried again; nothing is lost meanwhile.`, "error", 6000);
      // Tried again after a while even without another edit.
      retryTimer = setTimeout(() => void save(true), AUTOSAVE_RETRY_MS);
      return false;
    }
  });
}

export function backupNow(): void {
  const { doc, pipelineId, dirty } = editor();
  writeBackup({ doc, id: pipelineId, dirty, at: Date.now() });
}

/**
 * A finished run belongs to the document it ran: when another one replaces it, its run bar and node badges go
 * (node ids repeat across pipelines, so the badges would land on the wrong nodes). A running run stays shown.
 */
function leaveFinishedRun(): void {
  const live = useRun.getState().live;
  if (live && live.status !== "running") useRun.getState().clear();
}

/** Saves pending changes before the document is replaced. */
async function flush(): Promise<void> {
  if (editor().dirty && (editor().pipelineId || editor().doc.nodes.length > 0)) await save(true);
}

export async function openPipeline(id: string, version?: number): Promise<void> {
  await flush();
  try {
    const saved = await getClient().call("pipelines.get", { id, version });
    setBase(saved);
    editor().openDoc(saved.doc, { id: saved.id, version: saved.version });
    leaveFinishedRun();
    void showLastRunIfReviewWaits(saved.id);
    rememberLastId(saved.id);
    backupNow();
    if (version !== undefined) toast(`Opened version ${version} of "${saved.name}"; saving makes it the newest version`, "info");
  } catch (e) {
    toast(`Could not open the pipeline: ${errorText(e)}`, "error");
  }
}

export async function newPipeline(doc: PipelineDoc = emptyDoc()): Promise<void> {
  await flush();
  editor().openDoc(doc, { dirty: doc.nodes.length > 0 });
  leaveFinishedRun();
  rememberLastId(undefined);
  backupNow();
}

export async function renamePipeline(name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) return;
  editor().edit((doc) => void (doc.name = trimmed), { coalesce: "name" });
  const id = editor().pipelineId;
  if (!id) return;
  try {
    ownSave.pending++;
    await getClient().call("pipelines.rename", { id, name: trimmed });
    // The rename saved a version here: the page's next save is based on it, not refused as stale.
    setBase(await getClient().call("pipelines.get", { id }));
  } catch (e) {
    toast(`Rename failed: ${errorText(e)}`, "error");
  } finally {
    setTimeout(() => ownSave.pending--, 0);
  }
}

/** Renames a library entry (the Open dialog); the open document follows when it is that pipeline. */
export async function renameInLibrary(id: string, name: string): Promise<void> {
  await getClient().call("pipelines.rename", { id, name });
  if (editor().pipelineId === id) {
    setBase(await getClient().call("pipelines.get", { id })); // the rename's version is this page's base now
    editor().edit((doc) => void (doc.name = name), { coalesce: "name" });
  }
}

/** Deletes a library entry with all its versions (the Open dialog); the open document is closed when it is that one. */
export async function deleteFromLibrary(id: string): Promise<void> {
  await getClient().call("pipelines.delete", { id });
  if (editor().pipelineId === id) {
    editor().openDoc(emptyDoc(), {});
    leaveFinishedRun();
    rememberLastId(undefined);
    backupNow();
  }
}

export async function deletePipeline(): Promise<void> {
  const { pipelineId, doc } = editor();
  if (!pipelineId) {
    // Never saved: discard it (without the save that switching documents otherwise does).
    if (doc.nodes.length > 0 && !confirm(`Discard the unsaved "${doc.name}"?`)) return;
    editor().openDoc(emptyDoc(), {});
    leaveFinishedRun();
    rememberLastId(undefined);
    backupNow();
    return;
  }
  if (!confirm(`Delete "${doc.name}" and all its versions?`)) return;
  try {
    await getClient().call("pipelines.delete", { id: pipelineId });
    editor().openDoc(emptyDoc(), {});
    leaveFinishedRun();
    rememberLastId(undefined);
    backupNow();
    toast(`Deleted "${doc.name}"`, "ok");
  } catch (e) {
    toast(`Delete failed: ${errorText(e)}`, "error");
  }
}

/** Imports a file; on problems shows them and leaves the open pipeline as it is. */
export async function importFile(file: File): Promise<void> {
  // A hand-written or generated pipeline may have no positions: lay it out (dagre) before it is checked.
  const { text, laidOut } = layoutImportText(await file.text());
  try {
    const { doc, problems } = await getClient().call("pipelines.import", { text });
    if (!doc) {
      useUi.getState().openDialog({ type: "import-problems", fileName: file.name, problems });
      return;
    }
    // Importing the same file twice must not make two entries that look alike.
    const library = await getClient().call("pipelines.list", undefined).catch(() => []);
    const name = uniqueName(doc.name, library.map((p) => p.name));
    await newPipeline(name === doc.name ? doc : { ...doc, name });
    const as = name === doc.name ? `"${doc.name}"` : `${file.name} as "${name}" ("${doc.name}" is taken)`;
    toast(`Imported ${as}${name === doc.name ? ` from ${file.name}` : ""}${laidOut ? ` (laid out ${laidOut} nodes that had no position)` : ""}`, "ok");
  } catch (e) {
    const problems = (e as { problems?: [] }).problems ?? [];
    useUi.getState().openDialog({ type: "import-problems", fileName: file.name, problems: problems.length ? problems : [{ code: "bad-document", message: (e as Error).message, path: "$" }] });
  }
}

export async function exportPipeline(): Promise<void> {
  try {
    const { text, fileName } = await getClient().call("pipelines.export", { doc: editor().doc });
    downloadText(text, fileName);
  } catch (e) {
    toast(`Export failed: ${errorText(e)}`, "error");
  }
}

export async function openTemplate(file: string): Promise<void> {
  try {
    const doc = await getClient().call("templates.open", { file });
    const library = await getClient().call("pipelines.list", undefined).catch(() => []);
    await newPipeline({ ...doc, name: uniqueName(doc.name, library.map((p) => p.name)) });
    useUi.getState().openDialog(null);
  } catch (e) {
    toast(`Could not open the template: ${errorText(e)}`, "error");
  }
}
