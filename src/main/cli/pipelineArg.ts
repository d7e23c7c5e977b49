/**
 * The pipeline file a command runs (`cascade run`, `cascade sweep`): read, parsed, with the --set overrides
 * applied. A file that cannot be read or parsed is said on stderr (the command then exits 2); a bad --set is a
 * UsageError.
 */
import { readFile } from "node:fs/promises";
import { stripBom } from "../../shared/bom";
import { parseSetArgument, setPath } from "../../shared/pipeline/setPath";
import { UsageError, type CliIO } from "./command";

/** The document as JSON with the --set values in it; null (after saying why) when the file is unreadable. */
export async function readPipelineArg(file: string, sets: readonly string[], io: CliIO): Promise<{ raw: unknown } | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(stripBom(await readFile(file, "utf8")));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(`${file}: ${code ? `cannot read (${code})` : `not valid JSON: ${(e as Error).message}`}`);
    return null;
  }
  for (const arg of sets) {
    try {
      const { path, value } = parseSetArgument(arg);
      raw = setPath(raw, path, value);
    } catch (e) {
      throw new UsageError(`--set ${arg}: ${(e as Error).message}`);
    }
  }
  return { raw };
}
