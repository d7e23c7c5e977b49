/**
 * The result writer's worker thread (started by ./threadWriter.ts): its own connection to the database file,
 * commits each posted batch with the one batch writer (./writeBatch.ts) and reports progress through shared
 * memory (state[0]: the last batch done, state[1]: 1 after a failure whose message is in the error bytes), so
 * the producer can wait for a commit synchronously (Atomics.wait).
 */
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { registerContentFunctions } from "./contents";
import { shareRowsOrSay } from "./resultWriter";
import { batchWriter, type BatchError } from "./writeBatch";

export interface WriterWorkerData {
  path: string;
  shared: SharedArrayBuffer;
}

export type WriterMessage =
  | { type: "close"; seq: number }
  | { type: "write"; seq: number; results: unknown[][]; cache: unknown[][] }
  | { type: "share"; seq: number; runId: string };

export interface WriterReply {
  seq: number;
  error?: BatchError;
}

const port = parentPort;
if (!port) throw new Error("writerWorker.ts runs as a worker thread (see threadWriter.ts)");
const { path, shared } = workerData as WriterWorkerData;
const state = new Int32Array(shared, 0, 2);
const errorBytes = new Uint8Array(shared, 8);

function fail(message: string): void {
  const text = new TextEncoder().encode(message).slice(0, errorBytes.length - 1);
  errorBytes.fill(0);
  errorBytes.set(text);
  Atomics.store(state, 1, 1);
}

function done(seq: number): void {
  Atomics.store(state, 0, seq);
  Atomics.notify(state, 0);
}

let db: Database.Database | undefined;
let write: ReturnType<typeof batchWriter> | undefined;
try {
  db = new Database(path);
  db.pragma("busy_timeout = 30000");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  registerContentFunctions(db);
  write = batchWriter(db);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

port.on("message", (m: WriterMessage) => {
  if (m.type === "close") {
    // Close the connection, then tell the producer: its close() returns only once the files are let go.
    try {
      db?.close();
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    done(m.seq);
    port.close();
    return;
  }
  if (m.type === "share") {
    if (db) shareRowsOrSay(db, m.runId);
    done(m.seq);
    port.postMessage({ seq: m.seq } satisfies WriterReply);
    return;
  }
  const error = write ? write(m.results, m.cache) : { message: "the writer could not open the database" };
  if (error) fail(error.message);
  done(m.seq);
  port.postMessage({ seq: m.seq, error } satisfies WriterReply);
});
