/**
 * File → Open bundle…: a `.cascade` bundle's bytes to the Node side (bundles.import: the code of `cascade
 * import`); its runs then show in the history, marked imported.
 */
import { getClient } from "../api/client";
import { toast } from "../store/toastStore";
import { useUi } from "../store/uiStore";
import { errorText } from "../ui/errorText";
import { bumpRuns } from "./useRunData";

/** The file's bytes as base64 (a data: URL without its head; FileReader does it without a string per byte). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

export async function openBundle(file: File): Promise<void> {
  try {
    const result = await getClient().call("bundles.import", { name: file.name, bytesBase64: await readBase64(file) });
    bumpRuns();
    useUi.getState().setBottomTab("runs");
    const added = result.runs.filter((r) => r.imported);
    const kept = result.runs.length - added.length;
    const what = added.length ? `Imported ${added.length} run${added.length > 1 ? "s" : ""} (${added.map((r) => r.label).join(", ")})` : "Nothing new imported";
    toast(`${what} from ${file.name}${kept ? `; ${kept} already in the history, left as ${kept > 1 ? "they were" : "it was"}` : ""}`, "ok");
  } catch (e) {
    toast(`Could not open the bundle ${file.name}: ${errorText(e)}`, "error");
  }
}

/** Asks for a bundle file (the toolbar's hidden input, which tests can also fill). */
export function pickBundle(): void {
  document.querySelector<HTMLInputElement>('[data-testid="bundle-open-file"]')?.click();
}
