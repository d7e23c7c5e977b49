export { createService, type Service, type ServiceDeps } from "./createService";
export { ServiceError, toErrorShape } from "./errors";
export type { SecretBox } from "./secretBox";
export type { RunEngine, EngineRunOptions } from "./runEnginePort";
export type { ProviderFactory } from "./connectionCheck";
export { BROWSER_KEY_REFUSAL } from "./modelKeys";
export { METHODS, isMethod } from "./paramSchemas";
