/** Why an imported file was refused; the open pipeline was left as it was. */
import type { Problem } from "../../../shared/pipeline/problems";
import { Dialog } from "../ui/Dialog";

export function ImportProblemsDialog({ fileName, problems, onClose }: { fileName: string; problems: Problem[]; onClose: () => void }) {
  return (
    <Dialog title={`Cannot import ${fileName}`} onClose={onClose} testId="import-problems" wide>
      <p>
        {problems.length} problem{problems.length === 1 ? "" : "s"}; the open pipeline was not changed.
      </p>
      <ul className="problems problems--dialog">
        {problems.map((p, i) => (
          <li key={i} className="problem" data-testid="import-problem">
            <code className="problem__path">{p.path}</code>
            <span className="problem__msg">{p.message}</span>
            <span className="muted small">{p.code}</span>
          </li>
        ))}
      </ul>
      <div className="dialog__actions">
        <button type="button" className="btn btn--primary" onClick={onClose}>
          OK
        </button>
      </div>
    </Dialog>
  );
}
