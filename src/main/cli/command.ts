import { parseArgs } from "node:util";

/** A CLI subcommand. Each lives in ./commands/<name>.ts and is listed in ./main.ts. */
export interface Command {
  name: string;
  /** One line for the usage list. */
  summary: string;
  /** Full usage, e.g. "cascade validate <file...>". */
  usage: string;
  /** Returns the exit code: 0 ok, 1 finished with item errors (or failed), 2 usage error or invalid input files. */
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stdout is a terminal (progress bars). */
  isTTY: boolean;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** parseArgs with strict checking; unknown options become usage errors (exit 2). */
export function parseCommandArgs<T extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(args: string[], options: T) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}
