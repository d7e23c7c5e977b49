/** Copy to the clipboard with a toast; falls back to a hidden textarea where the Clipboard API is refused. */
import { toast } from "../store/toastStore";

export async function copyText(text: string, what = "Copied"): Promise<void> {
  // For tests and automation: what was copied last, set before the clipboard's asynchronous answer.
  (window as { __cascadeLastCopy?: string }).__cascadeLastCopy = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  toast(what, "ok", 1500);
}
