/**
 * The run record as a bundle carries it: versions, origin and dataset fingerprints stay; the author's working
 * folder goes, and every absolute path on the command line is cut to its file name (`--db /home/me/x.db` →
 * `--db x.db`). What the pipeline document names stays as it is: it is the run.
 */
import { basename, isAbsolute } from "node:path";
import type { RunRecord } from "../../shared/runRecord";

function scrubArg(arg: string): string {
  if (isAbsolute(arg)) return basename(arg);
  const eq = arg.indexOf("=");
  if (eq > 0 && isAbsolute(arg.slice(eq + 1))) return `${arg.slice(0, eq + 1)}${basename(arg.slice(eq + 1))}`;
  return arg;
}

export function bundledRecord(record: RunRecord | undefined): RunRecord | undefined {
  if (!record) return undefined;
  const { cwd: _cwd, commandLine, imported: _imported, ...rest } = record;
  return { ...rest, ...(commandLine ? { commandLine: commandLine.map(scrubArg) } : {}) };
}
