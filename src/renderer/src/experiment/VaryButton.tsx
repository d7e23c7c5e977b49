/** "Vary this" beside a config field (shown as "Vary": it shares the label line of narrow fields): runs experiment.vary for the field's --set path; shows "varied" once the path is an axis. */
import { runCommand } from "../commands/registry";
import { useEditor } from "../store/editorStore";
import { hasAxis } from "./experimentOps";

export function VaryButton({ path, value }: { path: string; value: unknown }) {
  const varied = useEditor((s) => hasAxis(s.doc, path));
  if (varied) return <span className="vary vary--on" title={`${path} is an axis of the experiment (Experiment tab)`} data-testid={`varied-${path}`}>varied</span>;
  return (
    <button
      type="button"
      className="vary"
      onClick={() => runCommand("experiment.vary", { fieldPath: path, fieldValue: value })}
      title={`Vary this: add ${path} as an axis of the experiment, its current value the first`}
      aria-label={`Vary this: ${path}`}
      data-testid={`vary-${path}`}
    >
      Vary
    </button>
  );
}
