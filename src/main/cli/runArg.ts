/** The `<run>` argument of a command: a run id or a unique prefix; an unknown or ambiguous one is a usage error. */
import type { Store } from "../store/store";
import { UsageError } from "./command";

export function resolveRunArg(store: Store, idOrPrefix: string): string {
  try {
    return store.runs.resolveId(idOrPrefix);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
