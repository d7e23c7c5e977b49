/** "Vary this" beside a config field: runs experiment.vary for the field's --set path; shows "varied" once the path is an axis. */
import { getCommand, isEnabled, runCommand } from "../commands/registry";
import { useEditor } from "../store/editorStore";
import { hasAxis } from "./experimentOps";

export function VaryButton({ path, value }: { path: string; value: unknown }) {
  const varied = useEditor((s) => hasAxis(s.doc, path));
  const ctx = { fieldPath: path, fieldValue: value };
  if (varied) return <span className="vary vary--on" title={`${path} is an axis of the experiment (Experiment tab)`} data-testid={`varied-${path}`}>varied</span>;
  return (
    <button
      type="button"
      className="vary"
      disabled={!isEnabled(getCommand("experiment.vary"), ctx)}
      onClick={(e) => {
        e.preventDefault(); // inside a <label>: do not focus the field
        runCommand("experiment.vary", ctx);
      }}
      title={`Vary this: add ${path} as an axis of the experiment, its current value the first`}
      data-testid={`vary-${path}`}
    >
      Vary this
    </button>
  );
}
