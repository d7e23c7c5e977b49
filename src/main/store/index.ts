export { openStore, migrate, type Store, type OpenStoreOptions } from "./store";
export { defaultDbPath, userDataDir } from "./paths";
export { ResultWriter, InThreadWriter } from "./resultWriter";
export { ThreadWriter } from "./threadWriter";
export { newRunId, emptyTotals, type RunDetail, type CreateRunInput, type FinishRunInput } from "./runsRepo";
export type { CacheRecord, ResultRecord } from "./types";
export type { SaveOptions } from "./pipelinesRepo";
