/** One-line text of a value for table cells, search and CSV (images by path, chats by their last message). */
import { isConversation, isImageRef, isSamples, type Value } from "../../../shared/values";

export function cellText(v: Value | undefined, max = 300): string {
  const t = fullText(v);
  const one = t.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function fullText(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (isImageRef(v)) return `[image ${v.source}]`;
  if (isConversation(v)) {
    const last = v.messages[v.messages.length - 1];
    return last ? `[${v.messages.length} messages] ${last.role}: ${last.content}` : "[empty chat]";
  }
  if (isSamples(v)) return v.values.map((x, i) => `#${i + 1} ${fullText(x)}`).join(" | ");
  return JSON.stringify(v);
}
