/** Note: a comment on the canvas; never runs. */
import type { InertExecutor } from "./types";

export const noteExecutor: InertExecutor = {};
