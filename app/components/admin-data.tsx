import { useActionData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * What a failed action on the administrator's rule-data pages answers: the message, the field,
 * and which form (intent, and the row it was about) so the page shows it next to that form.
 */
export interface AdminDataActionError {
  error: { message: string; field: string | null };
  intent: string;
  target: string;
}

/** The error of the last post if it came from the form with this intent (and row id, when given). */
export function useFormErrorFor() {
  const actionData = useActionData<AdminDataActionError>();
  return (intent: string, target?: string | number) => {
    if (!actionData || !("error" in actionData)) return null;
    if (actionData.intent !== intent) return null;
    if (target !== undefined && actionData.target !== String(target)) return null;
    return actionData.error;
  };
}

/** Whether the last post failed at all (to hide a stale success notice). */
export function useActionFailed(): boolean {
  const actionData = useActionData<AdminDataActionError>();
  return Boolean(actionData && "error" in actionData);
}

/** The `?notice=` message after a successful post. */
export function Notice({ messages }: { messages: Record<string, string> }) {
  const [params] = useSearchParams();
  const failed = useActionFailed();
  const notice = messages[params.get("notice") ?? ""];
  if (!notice || failed) return null;
  return (
    <p className="notice" role="status">
      {notice}
    </p>
  );
}

/** A submit button that asks first (in a browser with scripts; without them it just submits). */
export function ConfirmButton({ message, className, children, disabled }: { message: string; className?: string; children: ReactNode; disabled?: boolean }) {
  return (
    <button
      type="submit"
      className={className}
      disabled={disabled}
      onClick={(event) => {
        if (!window.confirm(message)) event.preventDefault();
      }}
    >
      {children}
    </button>
  );
}

/** `<option>`s for a category pick list, indented by depth, inactive ones marked. */
export function CategoryOptions({ tree, inactiveLabel }: { tree: readonly { id: number; code: string; name: string; depth: number; active: boolean }[]; inactiveLabel?: string }) {
  return (
    <>
      {tree.map((c) => (
        <option key={c.id} value={c.id}>
          {`${"\u3000".repeat(c.depth - 1)}${c.code} ${c.name}${!c.active && inactiveLabel ? ` ${inactiveLabel}` : ""}`}
        </option>
      ))}
    </>
  );
}
