/** The history's mark of a run that came from a bundle: which file, made by which app version, imported when. */
import type { ImportedFrom } from "../../../shared/runRecord";
import { fmtTime } from "../run/format";

export function ImportedMark({ from }: { from: ImportedFrom }) {
  const title = `Imported from ${from.bundle} (made by Cascade Studio ${from.appVersion}, bundle format ${from.format}) on ${fmtTime(from.at)}`;
  return (
    <span className="runrow__imported" title={title} data-testid="run-imported" data-bundle={from.bundle}>
      imported
    </span>
  );
}
