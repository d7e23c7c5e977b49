/** Browser mode only: a notice while the WebSocket to the server has been down for more than a moment. */
import { useEffect, useState } from "react";
import { getConnection } from "../api/client";

const GRACE_MS = 800;

export function ConnectionStatus() {
  const conn = getConnection();
  const [status, setStatus] = useState(conn?.status() ?? "open");
  const [shown, setShown] = useState(false);
  useEffect(() => conn?.onStatus(setStatus), [conn]);
  useEffect(() => {
    if (status === "open") return setShown(false);
    const t = setTimeout(() => setShown(true), GRACE_MS);
    return () => clearTimeout(t);
  }, [status]);
  if (!shown || status === "open") return null;
  return (
    <span className="conn-banner" data-testid="connection-status" title="Calls wait until the server is reachable again">
      {status === "connecting" ? "Connecting to the server…" : "Server connection lost — retrying"}
    </span>
  );
}
