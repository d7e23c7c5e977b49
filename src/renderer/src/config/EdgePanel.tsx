/** The selected edge: what it connects, how a multi-valued source feeds it (map/whole), delete. */
import { getKind } from "../../../shared/nodes/registry";
import { deleteSelection } from "../canvas/commands";
import { editor, useEditor } from "../store/editorStore";
import { findPort } from "../store/ports";
import { validationOf } from "../store/validation";
import { Field, Select } from "./fields";

export function EdgePanel({ edgeId }: { edgeId: string }) {
  const edge = useEditor((s) => s.doc.edges.find((e) => e.id === edgeId));
  const source = useEditor((s) => (edge ? s.doc.nodes.find((n) => n.id === edge.source) : undefined));
  const target = useEditor((s) => (edge ? s.doc.nodes.find((n) => n.id === edge.target) : undefined));
  const problems = useEditor((s) => validationOf(s.doc).byEdge.get(edgeId));
  if (!edge) return null;
  const out = source && findPort(source, "output", edge.sourcePort);
  const inp = target && findPort(target, "input", edge.targetPort);
  let multi = false;
  try {
    multi = !!source && !!getKind(source.kind)?.multiValued(source.config);
  } catch {
    multi = false;
  }
  return (
    <div className="config" data-testid="edge-panel" data-edge-id={edge.id}>
      <div className="config__head cat--unknown">
        <span className="config__kind">Edge</span>
        <code className="config__id">{edge.id}</code>
      </div>
      <p className="edge-ends">
        <code>
          {edge.source}.{edge.sourcePort}
        </code>{" "}
        <span className={`ptype--${out?.type ?? "any"} port__type`}>{out?.type ?? "?"}</span> →{" "}
        <code>
          {edge.target}.{edge.targetPort}
        </code>{" "}
        <span className={`ptype--${inp?.type ?? "any"} port__type`}>{inp?.type ?? "?"}</span>
      </p>
      {problems && (
        <ul className="config__problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      {(multi || edge.samples) && (
        <Field label="Several samples from the source" hint="map: run the target once per sample; whole: pass the list">
          <Select
            value={edge.samples ?? "map"}
            options={[
              { value: "map", label: "map — once per sample" },
              { value: "whole", label: "whole — the list at once" },
            ]}
            onChange={(v) => editor().edit((doc) => void doc.edges.forEach((e) => e.id === edgeId && (v === "map" ? delete e.samples : (e.samples = v))))}
            testId="edge-samples"
          />
        </Field>
      )}
      <button type="button" className="btn" onClick={deleteSelection} data-testid="edge-delete">
        Delete edge
      </button>
    </div>
  );
}
