import { Form, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormError } from "~/app/components/form-error";
import { formatDateTime, messages } from "~/app/i18n";

/** The rating-loop actions the ticket page offers (posted as `intent` to the ticket's action). */
export const RATING_INTENTS = ["rate", "uphold_rating", "dismiss_rating", "report_rectification", "close_loop"] as const;
export type RatingIntent = (typeof RATING_INTENTS)[number];

const t = messages.ratings;
/** mistaken / malicious / outside_scope, from the words (no database schema in the browser bundle). */
const DISMISS_REASONS = Object.keys(t.dismissReasons) as (keyof typeof t.dismissReasons)[];

/** The five levels as radio buttons (1–5 on the keyboard: arrow keys move within the group). */
export function LevelField({ name = "level", required = true }: { name?: string; required?: boolean }) {
  return (
    <fieldset className="rating-levels">
      <legend>{t.fields.level}</legend>
      {t.levelOrder.map((level) => (
        <label key={level}>
          <input type="radio" name={name} value={level} required={required} />
          {t.levels[level]}
        </label>
      ))}
    </fieldset>
  );
}

/** 问题是否解决: yes / no (optional). */
export function ResolvedField() {
  return (
    <fieldset className="rating-resolved">
      <legend>{t.fields.resolved}</legend>
      <label>
        <input type="radio" name="resolved" value="yes" />
        {messages.common.yes}
      </label>
      <label>
        <input type="radio" name="resolved" value="no" />
        {messages.common.no}
      </label>
    </fieldset>
  );
}

/** The reason and required note for 不予采信. */
export function DismissFields({ idPrefix }: { idPrefix: string }) {
  return (
    <>
      <label htmlFor={`${idPrefix}-reason`}>
        {t.verifications.dismissReason}
        <select id={`${idPrefix}-reason`} name="reason" required defaultValue="">
          <option value="" disabled>
            —
          </option>
          {DISMISS_REASONS.map((r) => (
            <option key={r} value={r}>
              {t.dismissReasons[r]}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${idPrefix}-note`}>
        {t.verifications.dismissNote}
        <textarea id={`${idPrefix}-note`} name="note" required minLength={2} maxLength={1000} rows={2} />
      </label>
    </>
  );
}

export function levelText(level: number): string {
  return t.levels[level] ?? String(level);
}

interface RatingView {
  id: number;
  round: number;
  level: number;
  resolved: boolean | null;
  comment: string | null;
  channel: keyof typeof t.channels;
  at: Date | string;
  actorLabel: string;
  defaulted: boolean;
}
interface VerificationView {
  id: number;
  round: number;
  status: string;
  dismissReason: keyof typeof t.dismissReasons | null;
  note: string | null;
  decidedAt: Date | string | null;
  decidedBy: string | null;
}
interface RectificationView {
  id: number;
  round: number;
  dueAt: Date | string;
  originalReply: string | null;
  report: string | null;
  reportedAt: Date | string | null;
  reportedBy: string | null;
  departmentName: string | null;
}

/** The ticket page's 评价与整改 panel: ratings, verifications and rectifications of every round. */
export function TicketRatingHistory({
  ratings,
  verifications,
  rectifications,
}: {
  ratings: readonly RatingView[];
  verifications: readonly VerificationView[];
  rectifications: readonly RectificationView[];
}) {
  const [params] = useSearchParams();
  const notice = t.panel.notices[params.get("rating") ?? ""];
  if (!ratings.length && !verifications.length && !rectifications.length && !notice) return null;
  return (
    <section className="panel rating-loop" id="rating-loop" aria-labelledby="rating-loop-heading">
      <h2 id="rating-loop-heading">{t.panel.title}</h2>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h3>{t.panel.history}</h3>
      {ratings.length === 0 ? (
        <p className="muted">{t.panel.none}</p>
      ) : (
        <table className="data-table compact" data-testid="rating-history">
          <thead>
            <tr>
              <th>{t.fields.round}</th>
              <th>{t.fields.level}</th>
              <th>{t.fields.channel}</th>
              <th>{t.fields.at}</th>
            </tr>
          </thead>
          <tbody>
            {ratings.map((r) => (
              <tr key={r.id}>
                <td>{t.roundLabel(r.round)}</td>
                <td>
                  <span className={r.level <= 2 ? "level-bad" : undefined}>{levelText(r.level)}</span>
                  {r.defaulted ? <span className="tag"> {t.panel.defaulted}</span> : null}
                  {r.resolved !== null ? <span className="muted small"> · {r.resolved ? t.resolved.yes : t.resolved.no}</span> : null}
                  {r.comment ? <p className="small prose m-0">{r.comment}</p> : null}
                </td>
                <td>
                  {t.channels[r.channel]}
                  <span className="muted small"> · {r.actorLabel}</span>
                </td>
                <td>{formatDateTime(r.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {verifications.length ? (
        <>
          <h3>{t.panel.verifications}</h3>
          <ol>
            {verifications.map((v) => (
              <li key={v.id}>
                <strong>{t.verificationStatuses[v.status] ?? v.status}</strong> <span className="muted small">{t.roundLabel(v.round)}</span>
                {v.dismissReason ? <span> · {t.dismissReasons[v.dismissReason]}</span> : null}
                {v.note ? <p className="small prose m-0">{v.note}</p> : null}
                {v.decidedAt ? <p className="muted small m-0">{t.panel.decided(v.decidedBy ?? "—", formatDateTime(v.decidedAt))}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {rectifications.length ? (
        <>
          <h3>{t.panel.rectifications}</h3>
          <ol>
            {rectifications.map((r) => (
              <li key={r.id}>
                <strong>{t.roundLabel(r.round)}</strong>
                {r.departmentName ? <span> · {r.departmentName}</span> : null}
                <span className="muted small">
                  {" "}
                  · {t.panel.rectificationDue}：{formatDateTime(r.dueAt)}
                </span>
                {r.originalReply ? (
                  <p className="small prose m-0">
                    {t.panel.originalReply}：{r.originalReply}
                  </p>
                ) : null}
                {r.report ? (
                  <>
                    <p className="small prose m-0">
                      {t.panel.report}：{r.report}
                    </p>
                    <p className="muted small m-0">
                      {t.panel.reportedAt(r.reportedBy ?? "—", formatDateTime(r.reportedAt))}
                    </p>
                  </>
                ) : (
                  <p className="muted small m-0">
                    {t.panel.noReport}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

/** The forms of the rating-loop actions offered on the ticket page (inside its actions panel). */
export function RatingActionForms({
  actions,
  busy,
  closeAfterRounds,
  failedIntent,
  error,
}: {
  actions: readonly RatingIntent[];
  busy: boolean;
  closeAfterRounds: number;
  failedIntent: string | null;
  error: { message: string } | null;
}) {
  const f = t.panel.forms;
  const wrap = (action: RatingIntent, title: string, submit: string, fields: ReactNode, danger = false) => (
    <Form method="post" className="action-form" aria-label={title} key={action}>
      <h3>{title}</h3>
      <input type="hidden" name="intent" value={action} />
      <div className="form-stack">
        {fields}
        <FormError error={failedIntent === action ? error : null} />
        <div>
          <button type="submit" className={danger ? "button danger" : "button primary"} disabled={busy}>
            {submit}
          </button>
        </div>
      </div>
    </Form>
  );
  return (
    <>
      {actions.map((action) => {
        switch (action) {
          case "rate":
            return wrap(
              action,
              f.rate.title,
              f.rate.submit,
              <>
                <LevelField />
                <ResolvedField />
                <label>
                  {t.fields.comment}
                  <textarea name="comment" maxLength={1000} rows={2} />
                </label>
              </>,
            );
          case "uphold_rating":
            return wrap(
              action,
              f.uphold_rating.title,
              f.uphold_rating.submit,
              <label>
                {f.uphold_rating.note}
                <textarea name="note" maxLength={1000} rows={2} />
              </label>,
            );
          case "dismiss_rating":
            return wrap(action, f.dismiss_rating.title, f.dismiss_rating.submit, <DismissFields idPrefix="ticket-dismiss" />, true);
          case "report_rectification":
            return wrap(
              action,
              f.report_rectification.title,
              f.report_rectification.submit,
              <label>
                {f.report_rectification.label}
                <textarea name="report" required minLength={5} maxLength={5000} rows={5} aria-describedby="rectification-hint" />
                <span id="rectification-hint" className="muted small hint">
                  {f.report_rectification.hint}
                </span>
              </label>,
            );
          case "close_loop":
            return wrap(
              action,
              f.close_loop.title,
              f.close_loop.submit,
              <label>
                {f.close_loop.label}
                <textarea name="decision" required minLength={5} maxLength={2000} rows={3} aria-describedby="close-loop-hint" />
                <span id="close-loop-hint" className="muted small hint">
                  {f.close_loop.hint} {t.panel.closeAfter(closeAfterRounds)}
                </span>
              </label>,
              true,
            );
        }
      })}
    </>
  );
}
