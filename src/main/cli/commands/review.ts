/**
 * cascade review <run> --node ID --decisions FILE: records human review decisions for a review node from a
 * JSONL file (one {itemId, sample?, decision, edits?, note?} per line) or a JSON array, checked against the run
 * (the item must have reached the node; edits only of editable inputs; `sample`, 1-based, names the sample when
 * the node is mapped over an item's samples, and is required then). The next `cascade run` uses them.
 * Exit 0 when every decision was applied, 1 when some were refused (each is named with its line).
 */
import { readFile } from "node:fs/promises";
import type { ReviewDecisionRequest } from "../../../shared/contract";
import { decideReview, reviewQueue } from "../../review/queue";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { resolveRunArg } from "../runArg";
import { parseCommandArgs, UsageError } from "../command";
import { stripBom } from "../../../shared/bom";

type Entry = { where: string; value: unknown };

/** A JSON array (`[...]`) or JSON Lines; every entry keeps where it came from (file:line or file[index]). */
export function parseDecisionsFile(file: string, text: string): Entry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    let list: unknown;
    try {
      list = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
    return (list as unknown[]).map((value, i) => ({ where: `${file}[${i}]`, value }));
  }
  const entries: Entry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      entries.push({ where: `${file}:${i + 1}`, value: JSON.parse(line) });
    } catch (e) {
      entries.push({ where: `${file}:${i + 1}`, value: new Error(`not valid JSON: ${(e as Error).message}`) });
    }
  });
  return entries;
}

/** One entry of a decisions file as a request (without run and node); throws naming the bad field. */
export function asDecision(v: unknown): Omit<ReviewDecisionRequest, "runId" | "nodeId"> {
  if (v instanceof Error) throw v;
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("expected an object {itemId, sample?, decision, edits?, note?}");
  const o = v as Record<string, unknown>;
  const itemId = typeof o.itemId === "number" ? String(o.itemId) : o.itemId;
  if (typeof itemId !== "string" || !itemId) throw new Error('"itemId" is missing');
  if (o.decision !== "accept" && o.decision !== "reject" && o.decision !== "edit") throw new Error(`"decision" must be accept, reject or edit (got ${JSON.stringify(o.decision)})`);
  if (o.edits !== undefined && (typeof o.edits !== "object" || o.edits === null || Array.isArray(o.edits))) throw new Error('"edits" must be an object of input name → value');
  if (o.note !== undefined && typeof o.note !== "string") throw new Error('"note" must be text');
  if (o.sample !== undefined && (typeof o.sample !== "number" || !Number.isInteger(o.sample) || o.sample < 1)) throw new Error('"sample" must be a sample number (1, 2, ...)');
  return { itemId, ...(o.sample !== undefined ? { sample: o.sample as number } : {}), decision: o.decision, ...(o.edits ? { edits: o.edits as ReviewDecisionRequest["edits"] } : {}), ...(o.note ? { note: o.note as string } : {}) };
}

export const reviewCommand: Command = {
  ...COMMAND_INFO.review,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { node: { type: "string" }, decisions: { type: "string" }, db: { type: "string" } });
    if (positionals.length !== 1) throw new UsageError("name one run (its id or a unique prefix; see `cascade runs`)");
    if (!values.node) throw new UsageError("--node names the review node");
    if (!values.decisions) throw new UsageError("--decisions names a JSONL or JSON file of {itemId, sample?, decision, edits?, note?}");
    let text: string;
    try {
      text = stripBom(await readFile(values.decisions, "utf8"));
    } catch (e) {
      throw new UsageError(`${values.decisions}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const entries = parseDecisionsFile(values.decisions, text);
    const store = openCliStore(values.db, "write");
    try {
      const runId = resolveRunArg(store, positionals[0]);
      reviewQueue(store, runId, values.node); // checks the node is a review node of the run
      const applied = { accept: 0, edit: 0, reject: 0 };
      const refused: string[] = [];
      for (const entry of entries) {
        try {
          const d = asDecision(entry.value);
          decideReview(store, { runId, nodeId: values.node, ...d });
          applied[d.decision]++;
        } catch (e) {
          refused.push(`${entry.where}: ${(e as Error).message}`);
        }
      }
      const total = applied.accept + applied.edit + applied.reject;
      // Items (an item mapped over samples waits while any of its samples does).
      const order = reviewQueue(store, runId, values.node, { limit: 0 }).order;
      const waiting = new Set(order.filter((o) => o.state === "waiting").map((o) => o.itemId)).size;
      io.out(
        `applied ${total} decision${total === 1 ? "" : "s"} to ${values.node} (${applied.accept} accepted, ${applied.edit} edited, ${applied.reject} rejected)` +
          `${refused.length ? `; ${refused.length} refused` : ""}; ${waiting} item${waiting === 1 ? "" : "s"} still waiting in run ${runId}`,
      );
      for (const r of refused) io.err(`  ${r}`);
      if (total > 0) io.out("run the pipeline again to apply them (completed model calls come from the cache)");
      return refused.length ? 1 : 0;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError((e as Error).message);
    } finally {
      store.close();
    }
  },
};
