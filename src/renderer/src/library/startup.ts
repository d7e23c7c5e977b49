/**
 * What opens when the app starts: unsaved changes from the backup if there are any, else the last pipeline,
 * else an empty one.
 */
import { setBase } from "./saveConflict";
import { getClient } from "../api/client";
import { editor } from "../store/editorStore";
import { emptyDoc } from "../store/emptyDoc";
import { toast } from "../store/toastStore";
import { lastId, readBackup, rememberLastId } from "./persistence";

export async function openOnStartup(): Promise<void> {
  const backup = readBackup();
  const id = lastId();
  if (backup?.dirty && (backup.id === undefined || backup.id === id || !id)) {
    editor().openDoc(backup.doc, { id: backup.id, dirty: true });
    toast("Restored unsaved changes from the last session", "info");
    return;
  }
  if (id) {
    try {
      const saved = await getClient().call("pipelines.get", { id });
      setBase(saved);
      editor().openDoc(saved.doc, { id: saved.id, version: saved.version });
      return;
    } catch {
      rememberLastId(undefined);
    }
  }
  editor().openDoc(backup && !backup.id ? backup.doc : emptyDoc());
}
