/** The review screen's sentence about what a decision reaches (from the queue's `downstream`, pipeline order). */
import type { ReviewQueue } from "../../../shared/contract";

/** Names shown before "and N more" (the title of the line lists them all). */
const SHOWN = 4;

const list = (names: string[]) => (names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`);
const shortList = (names: string[], noun: string) =>
  names.length <= SHOWN ? list(names) : `${names.slice(0, SHOWN - 1).join(", ")} and ${names.length - SHOWN + 1} more ${noun}`;

export function editEffectsText(queue: Pick<ReviewQueue, "downstream" | "editable">): { text: string; all: string } {
  if (queue.editable.length === 0) return { text: "", all: "" };
  const what = `Editing ${list(queue.editable)}`;
  const perItem = queue.downstream.filter((d) => d.perItem).map((d) => d.label);
  const whole = queue.downstream.filter((d) => !d.perItem).map((d) => d.label);
  const all = queue.downstream.map((d) => d.label).join(" → ");
  if (perItem.length === 0 && whole.length === 0) return { text: `${what} changes only this node's output: nothing comes after it.`, all };
  const parts: string[] = [];
  if (perItem.length) parts.push(`re-runs ${shortList(perItem, "nodes")} for this item on the next run`);
  if (whole.length) parts.push(`${perItem.length ? "and " : ""}reaches ${shortList(whole, "nodes")} with the edited value`);
  return { text: `${what} ${parts.join(" ")}. Nodes that do not come after this one keep the unedited value.`, all };
}
