/** Reads the files of an experiment's axes (`@file` values): their text is the value; a missing one names the axis and the file. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ExperimentError, valueLabel, type AxisSpec, type ResolvedAxis } from "../../shared/experiment/axes";

export async function readAxes(specs: readonly AxisSpec[], baseDir: string): Promise<ResolvedAxis[]> {
  return Promise.all(
    specs.map(async (spec) => ({
      path: spec.path,
      origin: spec.origin,
      values: await Promise.all(
        spec.entries.map(async (e) => {
          if (!("file" in e)) return { label: valueLabel(e.value), value: e.value };
          const full = resolve(baseDir, e.file);
          try {
            return { label: `@${e.file}`, value: await readFile(full, "utf8") };
          } catch (err) {
            throw new ExperimentError(`${spec.origin}: cannot read the file @${e.file} (${full}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
          }
        }),
      ),
    })),
  );
}
