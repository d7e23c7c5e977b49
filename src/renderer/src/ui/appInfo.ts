/** `app.info`, fetched once. */
import { useEffect, useState } from "react";
import type { AppInfo } from "../../../shared/contract";
import { getClient } from "../api/client";

let pending: Promise<AppInfo | null> | null = null;

export function loadAppInfo(): Promise<AppInfo | null> {
  pending ??= getClient()
    .call("app.info", undefined)
    .catch(() => null);
  return pending;
}

export function useAppInfo(): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    void loadAppInfo().then((i) => live && setInfo(i));
    return () => {
      live = false;
    };
  }, []);
  return info;
}
