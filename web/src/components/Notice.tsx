import type { ComponentChildren } from "preact";

/** A status line read out by screen readers when it changes. Kind "error" is an alert. */
export function Notice({ kind = "info", children }: { kind?: "info" | "error" | "warn"; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      <span aria-hidden="true">{kind === "error" ? "⚠ " : kind === "warn" ? "ℹ " : ""}</span>
      {children}
    </p>
  );
}
