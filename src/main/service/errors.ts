/**
 * The error every service method throws on bad input or a missing record. Carriers turn it into a
 * WireReply `{ ok: false, error: { message, problems } }`; the renderer turns that back into an ApiError.
 */
import type { ApiErrorShape } from "../../shared/contract";
import type { Problem } from "../../shared/pipeline/problems";

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly problems?: Problem[],
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** The wire shape of any thrown value; unexpected errors keep their message, never a stack. */
export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof ServiceError) return error.problems?.length ? { message: error.message, problems: error.problems } : { message: error.message };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}

export function notFound(what: string, id: string | number): ServiceError {
  return new ServiceError(`${what} "${id}" does not exist`);
}
