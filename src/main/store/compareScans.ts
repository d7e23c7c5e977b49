/**
 * What comparing runs reads from `results`, column by column rather than as whole rows: a node's latencies
 * (from a covering index, migration 5), the score node's outcomes, and the one output port that was scored
 * (extracted in SQL, so a large output, e.g. a chat, is never parsed in JS). Each is one range scan of the
 * primary key or an index; rows are put in item order in JS (ordering in SQL would look every row up again).
 */
import type { Database } from "better-sqlite3";
import type { ItemOutcome, OutcomeStatus } from "../../shared/compare";
import { valueToText, type Value } from "../../shared/values";
import type { ResultWriter } from "./resultWriter";
import { rowTables, type RowTables } from "./rowTables";

/** A node's latencies: in a covering index (results_items). */
export const latenciesSql = (t: RowTables) => `SELECT latency_ms FROM ${t.heads} WHERE run_id = ? AND node_id = ? AND status = 'done' AND latency_ms IS NOT NULL`;
/** One port of each output of a node, as JSON (`->` gives NULL when the output lacks the port or is NULL). */
export const portSql = (t: RowTables) => `SELECT item_id, output -> ? FROM ${t.rows} WHERE run_id = ? AND node_id = ?`;
/** A node's outcomes, in primary-key order. */
export const outcomesSql = (t: RowTables) => `SELECT item_id, seq, status, output FROM ${t.rows} WHERE run_id = ? AND node_id = ?`;

/**
 * Latencies (ms) of a node's done results, in no particular order. Each scan looks up where the run's rows are
 * (rowTables.ts) and reads them in one transaction: one snapshot, so another connection sharing the run's rows
 * (or handing them over) in between cannot make it read the rows' old place, emptied.
 */
export function doneLatencies(db: Database, writer: ResultWriter, runId: string, nodeId: string): number[] {
  writer.flush();
  return db.transaction(() => db.prepare(latenciesSql(rowTables(db, runId, nodeId))).pluck().all(runId, nodeId) as number[])();
}

/**
 * SQLite's BINARY order of two strings (their UTF-8 bytes, i.e. code points); JS `<` compares UTF-16 code
 * units, which differs when a character above U+FFFF meets one in U+E000..U+FFFF.
 */
export function compareBinary(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (code points above U+FFFF) come after U+E000..U+FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The JSON path of one output port, as SQLite's `->` takes it (quoted: a port name may hold `.`, `[`, `"`, `\\`). */
export function portPath(port: string): string {
  return `$."${port.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** One output port of a node for every item, as text (valueToText); null where the output lacks it. */
export function portTexts(db: Database, writer: ResultWriter, runId: string, nodeId: string, port: string): Map<string, string | null> {
  writer.flush();
  const out = new Map<string, string | null>();
  db.transaction(() => {
    const stmt = db.prepare(portSql(rowTables(db, runId, nodeId))).raw();
    for (const [itemId, json] of stmt.iterate(portPath(port), runId, nodeId) as IterableIterator<[string, string | null]>) {
      out.set(itemId, json === null ? null : valueToText(JSON.parse(json) as Value));
    }
  })();
  return out;
}

/**
 * The score node's outcome per item in item order (seq, then item id), each with the answer that was scored:
 * the text of `source`'s port for the item, or null when the source has no such value (or there is no source).
 */
export function scoreOutcomes(db: Database, writer: ResultWriter, runId: string, scoreNodeId: string, source: { node: string; port: string } | null): ItemOutcome[] {
  writer.flush();
  // The answers and the scores from one snapshot (see doneLatencies).
  const { answers, rows } = db.transaction(() => ({
    answers: source ? portTexts(db, writer, runId, source.node, source.port) : new Map<string, string | null>(),
    rows: db.prepare(outcomesSql(rowTables(db, runId, scoreNodeId))).raw().all(runId, scoreNodeId) as [string, number, OutcomeStatus, string | null][],
  }))();
  rows.sort((x, y) => x[1] - y[1] || compareBinary(x[0], y[0]));
  const items = new Array<ItemOutcome>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [itemId, , status, output] = rows[i];
    const score = output === null ? null : (JSON.parse(output) as Value);
    // As a whole result row would give it: a falsy output (null, 0, false, "") is "no score".
    items[i] = { itemId, status, ...(score ? { score } : {}), answer: answers.get(itemId) ?? null };
  }
  return items;
}
