/**
 * Runtime checks of every method's params, so that a carrier (IPC, WebSocket) can hand raw JSON to dispatch().
 * The schemas are the contract's one declaration of params (src/shared/contractParams.ts); the renderer trusts
 * the types inferred from them, only the Node side runs them against input.
 */
import type { Method } from "../../shared/contract";
import { PARAM_SCHEMAS } from "../../shared/contractParams";

export { PARAM_SCHEMAS };

export const METHODS = Object.keys(PARAM_SCHEMAS) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(PARAM_SCHEMAS, name);
}
