/**
 * The service: every method of the Api contract, over the store, the engine and the providers. Electron IPC
 * and the browser-mode WebSocket both call `dispatch(method, params)` with untrusted input.
 */
import { dirname, join, resolve } from "node:path";
import type { AppInfo, Method, Params, Result } from "../../shared/contract";
import { ShownImages } from "./shownImages";
import { BaseDirs } from "./baseDirs";
import { bundlesService } from "./bundlesService";
import { datasetsService } from "./datasetsService";
import type { ProviderFactory } from "./connectionCheck";
import { storageService } from "./storageService";
import { createDispatch, type Handlers } from "./dispatch";
import { EventHub, type EventName, type ServiceEvents } from "./eventHub";
import { RunEventBatcher } from "./runEventBatcher";
import { inspectService } from "./inspectService";
import { ModelKeys } from "./modelKeys";
import { modelsService } from "./modelsService";
import { environmentService } from "./environmentService";
import { experimentsService } from "./experimentsService";
import { pipelinesService } from "./pipelinesService";
import { pricingService } from "./pricingService";
import { providersService, type ProvidersServiceOptions } from "./providersService";
import type { RunEngine } from "./runEnginePort";
import { reportService } from "./reportService";
import { reviewsService } from "./reviewsService";
import { runsService, type RunsDeps } from "./runsService";
import type { SecretBox } from "./secretBox";
import { userDataDir } from "../store/paths";
import type { Store } from "../store/store";
import { templatesService } from "./templatesService";
import { sharedDatabase } from "./sharedDatabase";
import { workersService } from "./workersService";
import { labService } from "./labService";
import { APP_VERSION } from "./version";

export interface ServiceDeps {
  store: Store;
  templatesDir: string;
  mode: "electron" | "browser";
  secrets?: SecretBox;
  env?: NodeJS.ProcessEnv;
  /** Shown by app.info. */
  dataDir?: string;
  /**
   * Where runs of pipelines based in the templates folder write their outputs (export files), one folder per
   * pipeline. Default: $CASCADE_OUTPUT_DIR, else <dataDir>/outputs, else <OS user-data folder>/outputs.
   */
  outputsDir?: string;
  dbPath?: string;
  /** The run engine; by default the one in src/main/engine (see ./engineAdapter.ts). */
  engine?: RunEngine;
  /** Creates providers for connection checks; by default src/main/providers/registry.ts. */
  providerFactory?: ProviderFactory;
  /** Time limit of models.test / models.available (5 s). */
  connectionTimeoutMs?: number;
  /** The run pre-flight's TCP check and local discovery (tests inject them; runs.start with check). */
  preflight?: RunsDeps["preflight"];
  /** Local discovery and the model fetcher (tests inject candidates on random ports and an offline hub). */
  providers?: ProvidersServiceOptions;
}

export interface Service {
  /** Checks the method name and params at runtime, then runs the method (the carriers' entry point). */
  dispatch(method: unknown, params: unknown): Promise<unknown>;
  /** Typed call for Node-side callers (tests, CLI); params are checked like dispatch's. */
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  /** Service events: the page-facing ones and "run-event" (every engine event, one by one; eventHub.ts). */
  on<E extends EventName>(event: E, listener: (payload: ServiceEvents[E]) => void): () => void;
  /** Remembers the folder relative dataset paths of a saved pipeline resolve against (an imported file's folder). */
  setBaseDir(pipelineId: string, dir: string): Promise<void>;
  /** Absolute paths the UI may read for this path (inside known dataset folders; relative paths tried in each). */
  readableFiles(path: string): string[];
  /** Cancels active runs and waits for them. */
  close(): Promise<void>;
}

/** $CASCADE_OUTPUT_DIR, else <dataDir>/outputs, else <OS user-data folder>/outputs (beside the default database). */
export function defaultOutputsDir(env: NodeJS.ProcessEnv, dataDir?: string): string {
  if (env.CASCADE_OUTPUT_DIR) return resolve(env.CASCADE_OUTPUT_DIR);
  return join(dataDir || userDataDir(env), "outputs");
}

export function createService(deps: ServiceDeps): Service {
  const { store, templatesDir, mode, secrets } = deps;
  const env = deps.env ?? process.env;
  const hub = new EventHub();
  // Pages get run events in batches, counts coalesced (runEventBatcher.ts); the Node side keeps "run-event".
  const batcher = new RunEventBatcher((batch) => hub.emit("run-batch", batch));
  hub.on("run-event", (e) => batcher.push(e));
  const outputsDir = deps.outputsDir ?? defaultOutputsDir(env, deps.dataDir);
  const baseDirs = new BaseDirs(store, templatesDir, outputsDir);
  // Re-run folders of imported bundles: "imported" beside the database, as `cascade import` puts them.
  const dbPath = deps.dbPath ?? (store as { path?: string }).path;
  const importsDir = dbPath && dbPath !== ":memory:" ? join(dirname(resolve(dbPath)), "imported") : join(deps.dataDir || userDataDir(env), "imported");
  const keys = new ModelKeys(store, mode, secrets);

  // One engine for the service (made on first use): its endpoint limiters are shared by the runs it starts.
  let defaultEngine: Promise<RunEngine> | undefined;
  const shared = sharedDatabase(env);
  const engine = async (): Promise<RunEngine> => deps.engine ?? (await (defaultEngine ??= import("./engineAdapter").then((m) => m.defaultEngine(store, env, shared))));
  const providers = async (): Promise<ProviderFactory> => deps.providerFactory ?? (await import("./providerAdapter")).defaultProviderFactory;

  const runs = runsService({ store, engine, baseDirs, keys, hub, env, providers, listTimeoutMs: deps.connectionTimeoutMs, preflight: deps.preflight });
  const experiments = experimentsService({ store, baseDirs, keys, hub, env, preflight: deps.preflight });
  const workers = workersService(shared, hub);
  const lab = labService(store, env);
  const info = async (): Promise<AppInfo> => ({
    version: APP_VERSION,
    mode,
    dataDir: deps.dataDir ?? "",
    outputsDir,
    dbPath: deps.dbPath ?? (store as { path?: string }).path ?? "",
    canStoreSecrets: keys.canStore(),
  });

  const handlers: Handlers = {
    "app.info": info,
    ...pipelinesService(store, baseDirs, (saved) => hub.emit("pipeline-saved", { id: saved.id, name: saved.name, version: saved.version, savedAt: saved.savedAt })),
    ...environmentService(baseDirs, keys, env),
    ...templatesService(templatesDir),
    ...modelsService(store, keys, providers, env, deps.connectionTimeoutMs),
    ...providersService({ modelsDir: deps.dataDir ? join(deps.dataDir, "models") : undefined, ...deps.providers }),
    ...pricingService(store),
    ...runs.handlers,
    ...experiments.handlers,
    ...reviewsService(store, baseDirs),
    ...inspectService(store, baseDirs),
    ...reportService(store),
    ...bundlesService(store, importsDir),
    ...datasetsService(baseDirs),
    ...storageService(store),
    ...workers.handlers,
    ...lab.handlers,
  };
  const dispatchMethod = createDispatch(handlers);
  const shown = new ShownImages();
  const dispatch: typeof dispatchMethod = async (method, params) => {
    const result = await dispatchMethod(method, params);
    shown.noteIn(result); // GET /files serves only images a page was given
    return result;
  };

  return {
    dispatch,
    call: (method, params) => dispatch(method, params) as never,
    on: (event, listener) => hub.on(event, listener),
    setBaseDir: (pipelineId, dir) => baseDirs.remember(pipelineId, dir),
    readableFiles: (path) => (shown.has(path) ? baseDirs.candidates(path) : []),
    close: () =>
      Promise.all([experiments.cancelAll(), runs.cancelAll()])
        .then(() => Promise.all([workers.close(), shared.close(), lab.close()]))
        .then(() => undefined)
        .finally(() => batcher.flush()),
  };
}
