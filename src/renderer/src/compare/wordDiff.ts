/** Word-level differences between a baseline text and another (diff's diffWords), capped so huge outputs stay fast. Pure. */
import { diffWords } from "diff";

export interface DiffPart {
  text: string;
  kind: "same" | "added" | "removed";
}

export const DIFF_CAP = 4000;

export function wordDiff(base: string, other: string, cap = DIFF_CAP): DiffPart[] {
  const a = base.length > cap ? base.slice(0, cap) : base;
  const b = other.length > cap ? other.slice(0, cap) : other;
  const parts: DiffPart[] = diffWords(a, b).map((c) => ({ text: c.value, kind: c.added ? "added" : c.removed ? "removed" : "same" }));
  if (base.length > cap || other.length > cap) parts.push({ text: " … (longer texts: diff of the first 4,000 characters)", kind: "same" });
  return parts;
}
