/**
 * The one entry point of the carriers: checks the method name and its params at runtime, then calls the
 * typed handler. Errors are ServiceErrors whose message names the method and the offending field.
 */
import type { z } from "zod";
import type { Method, Params, Result } from "../../shared/contract";
import { formatPath, type Problem } from "../../shared/pipeline/problems";
import { humanIssue } from "../../shared/pipeline/zodMessages";
import { ServiceError } from "./errors";
import { isMethod, PARAM_SCHEMAS } from "./paramSchemas";

export type Handlers = { [M in Method]: (params: Params<M>) => Promise<Result<M>> };

function paramProblems(method: string, error: z.ZodError): ServiceError {
  const lines = error.issues.slice(0, 5).map((i) => `${formatPath(["params", ...i.path])}: ${humanIssue(i, i.path[0] === "doc" ? i.path.slice(1) : i.path)}`);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : "";
  // Issues inside a pipeline document become validator problems with paths into that document, in words.
  const problems: Problem[] = error.issues
    .filter((i) => i.path[0] === "doc")
    .map((i) => ({ code: "bad-document", message: humanIssue(i, i.path.slice(1)), path: formatPath(i.path.slice(1)) }));
  return new ServiceError(`${method}: bad params: ${lines.join("; ")}${more}`, problems.length ? problems : undefined);
}

export function createDispatch(handlers: Handlers) {
  return async function dispatch(method: unknown, params: unknown): Promise<unknown> {
    if (!isMethod(method)) throw new ServiceError(`unknown method ${JSON.stringify(method)}`);
    const parsed = PARAM_SCHEMAS[method].safeParse(params);
    if (!parsed.success) throw paramProblems(method, parsed.error);
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    return handler(parsed.data);
  };
}
