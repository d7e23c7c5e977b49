/** What every part of a running run shares. */
import type { RunEvent } from "../../shared/events";
import type { Value } from "../../shared/values";
import type { Store } from "../store/store";
import type { DatasetFingerprint } from "./datasetFingerprint";
import type { ImageLoader } from "./images";
import type { ModelCaller } from "./modelCalls";
import type { Plan } from "./plan";
import type { RunStats } from "./stats";

export interface RunContext {
  runId: string;
  /** The pipeline file's folder: relative paths (datasets, images, export outPath) resolve against it. */
  baseDir: string;
  plan: Plan;
  store: Store;
  stats: RunStats;
  caller: ModelCaller;
  images: ImageLoader;
  signal: AbortSignal;
  emit: (e: RunEvent) => void;
  /** Whether anyone listens: per-item events are not even built otherwise (large runs). */
  listening: boolean;
  /** False on a no-cache run (nodes marked forceCacheRead still read it). */
  readCache: boolean;
  /** The run record's dataset fingerprint, fed with every row read (./datasetFingerprint.ts). */
  dataset?: DatasetFingerprint;
}

/** Seq of the single row an aggregate (or a node after one) writes; sorts after every item. */
export const AGGREGATE_SEQ = Number.MAX_SAFE_INTEGER;
export const AGGREGATE_ITEM = "*";

/** Turns any image-ish value into an ImageRef source string. */
export function imageSource(v: Value): string {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && !Array.isArray(v) && (v as { kind?: unknown }).kind === "image") return String((v as { source: unknown }).source);
  throw new Error(`not an image: ${JSON.stringify(v)?.slice(0, 80)}`);
}
