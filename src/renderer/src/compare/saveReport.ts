/**
 * "Save report…": the compared runs as the self-contained HTML file `cascade report` writes (runs.report), with
 * the view's baseline, breakdown column and never-scored policy, offered as a download (browser and Electron).
 */
import { getClient } from "../api/client";
import { downloadText } from "../library/download";
import { useView } from "../runs/viewStore";
import { toast } from "../store/toastStore";
import { errorText } from "../ui/errorText";

export async function saveCompareReport(): Promise<void> {
  const { compareIds, compareBaseline, compareBy, compareUnscored } = useView.getState();
  if (compareIds.length === 0) return;
  try {
    const { html, fileName } = await getClient().call("runs.report", {
      runIds: compareIds,
      ...(compareBaseline ? { baseline: compareBaseline } : {}),
      ...(compareBy ? { by: [compareBy] } : {}),
      unscored: compareUnscored,
    });
    downloadText(html, fileName, "text/html");
    toast(`Saved the report ${fileName} (${Math.round(html.length / 1024).toLocaleString("en-US")} KB)`, "ok");
  } catch (e) {
    toast(`Could not make the report: ${errorText(e)}`, "error");
  }
}
