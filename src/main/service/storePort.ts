/**
 * What the service needs from the store (src/main/store, `openStore(path)`). Declared structurally so the
 * service type-checks against any store with these methods; each may be sync or async.
 */
import type { NodeCounts } from "../../shared/events";
import type {
  PipelineSummary,
  PipelineVersionInfo,
  ResultRow,
  ResultsQuery,
  RunSummary,
  SavedPipeline,
} from "../../shared/contract";
import type { PipelineDoc } from "../../shared/pipeline/schema";

type Maybe<T> = T | Promise<T>;

export type StoredRun = RunSummary & { doc: PipelineDoc; nodes: Record<string, NodeCounts> };

export interface ServiceStore {
  pipelines: {
    save(doc: PipelineDoc, options?: { id?: string; autosave?: boolean }): Maybe<SavedPipeline>;
    get(id: string, version?: number): Maybe<SavedPipeline | undefined | null>;
    list(): Maybe<PipelineSummary[]>;
    versions(id: string): Maybe<PipelineVersionInfo[]>;
    rename(id: string, name: string): Maybe<unknown>;
    delete(id: string): Maybe<unknown>;
  };
  runs: {
    list(): Maybe<RunSummary[]>;
    get(id: string): Maybe<StoredRun | undefined | null>;
    rename(id: string, label: string): Maybe<unknown>;
    delete(id: string): Maybe<unknown>;
    results(query: ResultsQuery): Maybe<{ total: number; rows: ResultRow[] }>;
  };
  settings: {
    get(key: string): Maybe<unknown>;
    set(key: string, value: unknown): Maybe<unknown>;
  };
}
