/** A failed call as the renderer sees it, whichever carrier brought it: a message and, maybe, the validator's problems. */
import type { ApiErrorShape } from "../../../shared/contract";
import type { Problem } from "../../../shared/pipeline/problems";

export class ApiError extends Error {
  readonly problems: Problem[];

  constructor(
    message: string,
    problems: Problem[] = [],
    /** The method that failed, e.g. "pipelines.save". */
    readonly method?: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.problems = problems;
  }

  static from(shape: ApiErrorShape, method?: string): ApiError {
    return new ApiError(shape.message, shape.problems ?? [], method);
  }
}
