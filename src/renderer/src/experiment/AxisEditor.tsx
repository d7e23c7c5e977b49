/** One axis of the experiment: the field it varies, its values (edit, remove, add one), or the files it reads. */
import { CommandButton } from "../commands/CommandButton";
import { useEditor } from "../store/editorStore";
import { AxisValueInput, axisKind } from "./AxisValueInput";
import { pathTitle } from "./varyPaths";

export function AxisEditor({ index }: { index: number }) {
  const axis = useEditor((s) => s.doc.experiment?.axes[index]);
  const nodes = useEditor((s) => s.doc.nodes);
  if (!axis) return null;
  const title = pathTitle(axis.path, (id) => nodes.find((n) => n.id === id)?.label);
  const kind = axisKind(axis.values?.[0]);
  return (
    <section className="axis" data-testid="axis" data-path={axis.path}>
      <div className="axis__head">
        <span className="axis__title">
          Axis {index + 1}: {title}
        </span>
        <CommandButton id="experiment.removeAxis" ctx={{ axis: index }} className="icon-btn" label={`Remove axis ${axis.path}`} testId="axis-remove">
          ✕
        </CommandButton>
      </div>
      <code className="axis__path">{axis.path}</code>
      {axis.files ? (
        <ul className="axis__files">
          {axis.files.map((f) => (
            <li key={f}>@{f} (the file&apos;s text, relative to the pipeline&apos;s folder)</li>
          ))}
        </ul>
      ) : (
        <ol className="axis__values">
          {(axis.values ?? []).map((v, i) => (
            <li key={i} className="axis-value" data-testid="axis-value">
              <AxisValueInput axis={index} index={i} value={v} kind={kind} testId={`axis-value-input-${index}-${i}`} />
              <CommandButton id="experiment.removeValue" ctx={{ axis: index, value: i }} className="icon-btn" label={`Remove value ${i + 1}`} testId="axis-value-remove">
                ✕
              </CommandButton>
            </li>
          ))}
        </ol>
      )}
      {axis.values && (
        <CommandButton id="experiment.addValue" ctx={{ axis: index }} className="btn btn--small" testId={`axis-add-value-${index}`}>
          Add a value
        </CommandButton>
      )}
    </section>
  );
}
