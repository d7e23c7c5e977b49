/**
 * Seeds a database with large finished runs of the Cas-SEAT template, straight through SQL (seconds, no model),
 * for the inspector and compare benchmarks:
 *
 *   npx tsx scripts/bench/seed-100k-run.ts --db /tmp/bench.db [--items 100000] [--runs 1] [--traces]
 *
 * Each run gets one result per item at every per-item node (dataset, reason, selfeval, extract_llm, answer,
 * score: 6 × items rows), realistic outputs (a worked solution, the chat, an answer, a 0/1 score; run 2 answers
 * differently on about a fifth of the items), finished counts and accuracy. --traces also writes the traces of
 * the prompt nodes (inputs and calls, as the engine stores them). Prints one JSON line:
 * { db, runIds, items, rows, ms }.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { emptyCounts, type NodeCounts } from "../../src/shared/events";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { accuracy } from "../../src/shared/stats";
import type { ChatMessage, Value } from "../../src/shared/values";
import { resultParams } from "../../src/main/store/resultWriter";
import { resultRowWriter } from "../../src/main/store/writeBatch";
import { openStore } from "../../src/main/store/store";
import type { StoredTrace } from "../../src/main/store/traceFormat";
import type { ResultRecord } from "../../src/main/store/types";
import { databaseOf } from "../../src/main/store/database";

const { values } = parseArgs({
  options: { db: { type: "string" }, items: { type: "string", default: "100000" }, runs: { type: "string", default: "1" }, traces: { type: "boolean", default: false } },
});
if (!values.db) {
  console.error("usage: npx tsx scripts/bench/seed-100k-run.ts --db FILE [--items 100000] [--runs 1] [--traces]");
  process.exit(2);
}
const items = Number(values.items);
const runs = Number(values.runs);
const doc = JSON.parse(readFileSync(new URL("../../templates/cas-seat.json", import.meta.url), "utf8")) as PipelineDoc;
const started = performance.now();
const store = openStore(resolve(values.db), { writer: { thread: false } });
// A seed: durability does not matter, speed does (the file goes back to WAL at the end).
databaseOf(store).pragma("journal_mode = OFF");
databaseOf(store).pragma("synchronous = OFF");
databaseOf(store).pragma("cache_size = -262144");
const writeRow = resultRowWriter(databaseOf(store));
const CHUNK = 10_000;

/** A small deterministic hash of a string, for varied but repeatable data. */
function h(text: string): number {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return x >>> 0;
}

function seedRun(r: number): string {
  const label = r === 0 ? "Cas-SEAT (seeded)" : `Cas-SEAT variant ${r + 1} (seeded)`;
  const runId = store.runs.create({ doc, datasetFingerprint: `seed-${items}`, label }).id;
  const counts: Record<string, NodeCounts> = Object.fromEntries(["dataset", "reason", "selfeval", "extract_llm", "answer", "score"].map((n) => [n, emptyCounts()]));
  let correct = 0;
  const write = databaseOf(store).transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const itemId = `item-${String(i + 1).padStart(6, "0")}`;
      const truth = "ABCD"[h(itemId) % 4];
      const wrong = h(`${itemId}:${r}`) % 100 < (r === 0 ? 30 : 38);
      const answer = wrong ? "ABCD"[(h(itemId) + 1 + r) % 4] : truth;
      const question = `How many shapes are in picture ${i + 1}?`;
      const image = `images/${itemId}.png`;
      const reasoning = `The picture shows several shapes. Counting row by row: ${(h(itemId) % 7) + 2} in the first, ${(h(itemId) % 5) + 1} in the second. ` + `Final answer: ${answer}`;
      const user: ChatMessage = { role: "user", content: `Question: ${question}\nChoices: ["4","5","6","7"]\nThink it through step by step.`, images: [{ kind: "image", source: image, hash: h(image).toString(16).padStart(64, "0"), mime: "image/png" }] };
      const reasonChat: ChatMessage[] = [{ role: "system", content: "You solve maths questions about pictures." }, user, { role: "assistant", content: reasoning }];
      const check = `Checking each step against the image: the counts hold. No error found.\nFinal answer: ${answer}`;
      const selfChat: ChatMessage[] = [...reasonChat, { role: "user", content: "Now check your solution." }, { role: "assistant", content: check }];
      const score = answer === truth ? 1 : 0;
      correct += score;
      const latency = (n: string) => 200 + (h(`${n}${itemId}${r}`) % 2000);
      const rows: [string, Record<string, Value>, boolean][] = [
        ["dataset", { id: itemId, question, image: { kind: "image", source: image }, choices: ["4", "5", "6", "7"], answer: truth, answer_type: "multi_choice" }, false],
        ["reason", { text: reasoning, conversation: { kind: "conversation", messages: reasonChat } }, true],
        ["selfeval", { text: check, conversation: { kind: "conversation", messages: selfChat } }, true],
        ["extract_llm", { text: ` ${answer}\n`, conversation: { kind: "conversation", messages: [{ role: "user", content: `Solution:\n${check}` }, { role: "assistant", content: answer }] } }, true],
        ["answer", { value: answer }, false],
        ["score", { score }, false],
      ];
      for (const [nodeId, output, calls] of rows) {
        const c = counts[nodeId];
        c.done++;
        const rec: ResultRecord = { runId, nodeId, itemId, seq: i, status: "done", output };
        if (calls) {
          Object.assign(rec, { latencyMs: latency(nodeId), inputTokens: 300, outputTokens: 120, cacheKey: h(`${nodeId}${itemId}${r}`).toString(16) });
          c.calls++;
          c.inputTokens += 300;
          c.outputTokens += 120;
          c.latencyMsTotal += rec.latencyMs!;
          if (values.traces) {
            const messages = nodeId === "reason" ? reasonChat.slice(0, 2) : nodeId === "selfeval" ? selfChat.slice(0, 4) : [{ role: "user" as const, content: `Solution:\n${check}` }];
            const trace: StoredTrace = {
              inputs: nodeId === "selfeval" ? { conversation: output.conversation } : { question },
              messages: [messages],
              calls: [{ provider: "openai", model: "qwen2-vl-7b-instruct", modelName: "reasoner", params: { maxTokens: 1024 }, reply: String(output.text), cacheKey: rec.cacheKey!, cached: false, latencyMs: rec.latencyMs!, usage: { inputTokens: 300, outputTokens: 120 }, retries: 0, sample: 0, m: 0 }],
            };
            rec.trace = trace;
          }
        }
        writeRow(resultParams(rec));
      }
    }
  });
  for (let from = 0; from < items; from += CHUNK) write(from, Math.min(items, from + CHUNK));
  const calls = 3 * items;
  store.runs.finish(runId, {
    status: "done",
    totals: { items, itemsDone: items, itemsFailed: 0, calls, cacheHits: 0, inputTokens: calls * 300, outputTokens: calls * 120, costUsd: 0, errors: 0 },
    metrics: { score: [accuracy(correct, items)] },
    nodes: counts,
  });
  return runId;
}

const runIds = Array.from({ length: runs }, (_, r) => seedRun(r));
databaseOf(store).pragma("journal_mode = WAL");
store.close();
console.log(JSON.stringify({ db: resolve(values.db), runIds, items, rows: runs * items * 6, ms: Math.round(performance.now() - started) }));
