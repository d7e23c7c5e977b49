/** Row shapes the store writes; the contract types (src/shared/contract.ts) are what it returns. */
import type { ResultRow } from "../../shared/contract";
import type { Value } from "../../shared/values";
import type { StoredTrace } from "./traceFormat";
import type { DropReason } from "../../shared/dropReason";

/** One node's result for one item, as the engine writes it. */
export interface ResultRecord {
  runId: string;
  nodeId: string;
  itemId: string;
  /** Order of the item in the dataset (results are listed in this order). */
  seq: number;
  status: ResultRow["status"];
  output: Record<string, Value> | null;
  error?: string;
  /** Why a dropped item was dropped (results.drop_reason, migration 8); its text is made when it is read. */
  dropReason?: DropReason;
  cacheKey?: string;
  latencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  /** What the node received and the model calls it made (stored in result_traces). */
  trace?: StoredTrace;
}

/** One completed model call. */
export interface CacheRecord {
  key: string;
  reply: string;
  inputTokens?: number;
  outputTokens?: number;
  model?: string;
  createdAt: number;
  latencyMs?: number;
}
