/** One node's part in an item's trace: inputs, each model call (exact messages, reply, model, params, timing, cache, retries), output, error. */
import type { TraceStep } from "../../../shared/contract";
import type { CallTrace } from "../../../shared/events";
import { fmtCount } from "../run/format";
import { copyText } from "./copy";
import { MessagesView } from "./MessagesView";
import { ValueView } from "./ValueView";

function CallView({ call, index, total }: { call: CallTrace; index: number; total: number }) {
  return (
    <div className="tcall" data-testid="trace-call">
      <div className="tcall__meta">
        <strong>{total > 1 ? `Call ${index + 1} (sample ${call.sample})` : "Model call"}</strong>
        <span data-testid="trace-model">{call.provider} · {call.model}{call.modelName && call.modelName !== call.model ? ` (“${call.modelName}”)` : ""}</span>
        <span>{Math.round(call.latencyMs)} ms</span>
        {call.usage && <span>{fmtCount(call.usage.inputTokens)} in / {fmtCount(call.usage.outputTokens)} out tokens</span>}
        <span className={call.cached ? "tag tag--cached" : "tag"} data-testid="trace-cached">{call.cached ? "cache hit" : "called"}</span>
        {call.truncated && (
          <span className="tag tag--warn" data-testid="trace-truncated" title="The reply was cut off by the token limit: not a finished answer, not cached">
            truncated ({call.stopReason ?? "token limit"})
          </span>
        )}
        {call.retries > 0 && <span className="tag tag--warn">{call.retries} retr{call.retries > 1 ? "ies" : "y"}</span>}
      </div>
      {call.error && <pre className="tstep__error error" data-testid="trace-call-error">{call.error}</pre>}
      {Object.keys(call.params).length > 0 && <code className="tcall__params" title="Parameters sent">{JSON.stringify(call.params)}</code>}
      <div className="tsection">Messages sent</div>
      <MessagesView messages={call.messages} />
      <div className="tsection">
        Reply <button type="button" className="icon-btn" onClick={() => void copyText(call.reply, "Reply copied")} title="Copy the reply">copy</button>
      </div>
      <pre className="tcall__reply" tabIndex={0} data-testid="trace-reply">{call.reply}</pre>
    </div>
  );
}

export function TraceStepView({ step, focused }: { step: TraceStep; focused: boolean }) {
  const inputs = Object.entries(step.inputs);
  const outputs = step.output ? Object.entries(step.output) : [];
  return (
    <section className={`tstep tstep--${step.status}${focused ? " tstep--focus" : ""}`} data-testid={`trace-step-${step.nodeId}`} data-status={step.status}>
      <header className="tstep__head">
        <span className="tstep__label">{step.label || step.nodeId}</span>
        <code className="muted">{step.nodeId}</code>
        <span className="tag">{step.kind}</span>
        <span className={`rstatus rstatus--${step.status}`}>{step.status}</span>
        {step.latencyMs !== undefined && <span className="muted small">{Math.round(step.latencyMs)} ms</span>}
        {step.usage && <span className="muted small">{fmtCount(step.usage.inputTokens + step.usage.outputTokens)} tokens</span>}
      </header>
      {step.error && <pre className="tstep__error error" data-testid="trace-error">{step.error}</pre>}
      {inputs.length > 0 && (
        <details className="tstep__block" open={step.calls.length === 0}>
          <summary>Inputs ({inputs.length})</summary>
          <dl className="kv">
            {inputs.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd><ValueView value={v} /></dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {step.calls.map((c, i) => (
        <CallView key={i} call={c} index={i} total={step.calls.length} />
      ))}
      {outputs.length > 0 && (
        <div className="tstep__block">
          <div className="tsection">Output</div>
          <dl className="kv">
            {outputs.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd data-testid={`trace-output-${k}`}><ValueView value={v} /></dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </section>
  );
}
