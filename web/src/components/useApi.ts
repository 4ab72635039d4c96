import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, getJson } from "../api";

export type Loaded<T> =
  | { state: "loading" }
  | { state: "ok"; data: T }
  | { state: "unavailable" } // the server has no such endpoint (404): multi-user server absent
  | { state: "error"; message: string };

/** GET ``path`` on mount (and on reload()). */
export function useApi<T>(path: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    getJson<T>(path)
      .then((data) => live && setLoaded({ state: "ok", data }))
      .catch((e: Error) => {
        if (!live) return;
        if (e instanceof ApiError && e.unavailable) setLoaded({ state: "unavailable" });
        else setLoaded({ state: "error", message: e.message });
      });
    return () => {
      live = false;
    };
  }, [path, tick]);
  return [loaded, useCallback(() => setTick((t) => t + 1), [])];
}
