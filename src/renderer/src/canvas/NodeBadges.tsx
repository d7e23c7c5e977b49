/** Badges on a node: its validation problems (red, messages on hover) and run counts (from runStatus). */
import { useEditor } from "../store/editorStore";
import { useRunStatus } from "../store/runStatusStore";
import { nodeProblemText } from "../store/validation";
import { environmentText, useEnvironment } from "../problems/environmentStore";
import { fmtPct } from "../run/format";

export function ProblemBadge({ nodeId }: { nodeId: string }) {
  const docText = useEditor((s) => nodeProblemText(s.doc, nodeId));
  const envText = useEnvironment((s) => environmentText(s.problems, nodeId));
  const text = [docText, envText].filter(Boolean).join("\n");
  if (!text) return null;
  const count = text.split("\n").length;
  return (
    <span className="badge badge--problem" title={text} data-testid={`node-problems-${nodeId}`}>
      {count}
    </span>
  );
}

const SHOWN = ["queued", "running", "done", "cached", "failed"] as const;

/** A score node's accuracy after a run: value, Wilson interval and n (the number the run bar shows too). */
function AccuracyBadge({ nodeId }: { nodeId: string }) {
  const m = useRunStatus((s) => s.metrics[nodeId]?.find((x) => x.name === "accuracy"));
  if (!m) return null;
  const ci = m.low !== undefined && m.high !== undefined ? ` [${fmtPct(m.low, 0)}–${fmtPct(m.high, 0)}]` : "";
  return (
    <div className="cnode__acc">
      <span className="badge badge--accuracy" title={`accuracy ${fmtPct(m.value)} over ${m.n} scored items${ci ? `, 95% Wilson interval${ci}` : ""}`} data-testid={`node-accuracy-${nodeId}`}>
        {fmtPct(m.value)}{ci} · n={m.n}
      </span>
    </div>
  );
}

export function RunBadges({ nodeId }: { nodeId: string }) {
  const counts = useRunStatus((s) => s.nodes[nodeId]);
  if (!counts) return null;
  const shown = SHOWN.filter((k) => counts[k] > 0);
  if (shown.length === 0) return <AccuracyBadge nodeId={nodeId} />;
  return (
    <>
      <AccuracyBadge nodeId={nodeId} />
      <div className="cnode__run" data-testid={`node-run-${nodeId}`}>
        {shown.map((k) => (
          <span key={k} className={`badge badge--${k}`} title={`${counts[k]} ${k}`}>
            {k === "running" ? "▶" : k === "failed" ? "✕" : k === "cached" ? "◆" : k === "done" ? "✓" : "…"} {counts[k]}
          </span>
        ))}
      </div>
    </>
  );
}
