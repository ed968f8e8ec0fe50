import { Form, Link, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { FormError } from "~/app/components/form-error";
import { addresseeText, LevelLabel, ResponseStatus } from "~/app/components/supervision-labels";
import { formatDateTime, messages } from "~/app/i18n";
import type { Addressee, SupervisionLevel } from "~/db/schema";

interface LevelOption {
  level: SupervisionLevel;
  addressee: Addressee;
  requiresResponse: boolean;
}

/** Text lengths the domain accepts, for the forms' own checks. */
export interface TextLimits {
  notice: number;
  response: number;
}

interface RecordView {
  id: number;
  level: SupervisionLevel;
  kind: "dispatch" | "sign" | "handle";
  addressee: Addressee;
  departmentName: string | null;
  notice: string;
  createdAt: Date | string;
  requiresResponse: boolean;
  response: string | null;
  respondedAt: Date | string | null;
  respondedByName: string | null;
  issuedByName: string | null;
  answerable: boolean;
}

/**
 * The ticket page's 督办 panel: the ticket's notices with their answers, an answer form on each
 * notice the viewer's unit must still answer, and for supervisors the form to issue one.
 */
export function TicketSupervisionPanel({
  ticketId,
  records,
  canIssue,
  levels,
  limits,
}: {
  ticketId: number;
  records: readonly RecordView[];
  canIssue: boolean;
  levels: readonly LevelOption[];
  limits: TextLimits;
}) {
  const [params] = useSearchParams();
  const t = messages.supervision.ticketPanel;
  if (!records.length && !canIssue) return null;
  const done = params.get("supervision");
  return (
    <section className="panel" id="supervision" aria-labelledby="supervision-heading">
      <h2 id="supervision-heading">{t.title}</h2>
      {done === "issued" || done === "answered" ? (
        <p className="notice" role="status">
          {t[done]}
        </p>
      ) : null}
      {records.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ol className="record-list">
          {records.map((r) => (
            <SupervisionRecordItem key={r.id} record={r} responseMaxLength={limits.response} />
          ))}
        </ol>
      )}
      {canIssue ? (
        <details className="issue-notice">
          <summary>{t.issueTitle}</summary>
          <IssueNoticeForm ticketId={ticketId} levels={levels} noticeMaxLength={limits.notice} error={null} />
        </details>
      ) : null}
    </section>
  );
}

function SupervisionRecordItem({ record, responseMaxLength }: { record: RecordView; responseMaxLength: number }) {
  const s = messages.supervision;
  return (
    <li>
      <div className="record-head">
        <LevelLabel level={record.level} />
        <time className="muted small" dateTime={new Date(record.createdAt).toISOString()}>
          {formatDateTime(record.createdAt)}
        </time>
        <ResponseStatus record={record} />
        <Link className="small" to={`/supervision/records/${record.id}`}>
          {s.dashboard.view}
        </Link>
      </div>
      <p className="small muted my-tight">
        {addresseeText(record)} · {s.stages[record.kind]} · {record.issuedByName ? s.dashboard.issuedBy(record.issuedByName) : s.dashboard.bySweep}
      </p>
      <p className="prose small">{record.notice}</p>
      {record.response ? (
        <div className="record-response small">
          <p className="prose">{record.response}</p>
          <p className="muted m-0">
            {s.record.respondedAt(formatDateTime(record.respondedAt), record.respondedByName ?? "—")}
          </p>
        </div>
      ) : null}
      {record.answerable ? (
        <Form method="post" action={`/supervision/records/${record.id}`} className="form-stack" aria-label={s.record.answerTitle}>
          <input type="hidden" name="back" value="ticket" />
          <label>
            {s.record.answerLabel}
            <textarea name="response" required minLength={5} maxLength={responseMaxLength} rows={3} />
          </label>
          <div>
            <button type="submit" className="button primary">
              {s.record.submit}
            </button>
          </div>
        </Form>
      ) : null}
    </li>
  );
}

/** Posts to /tickets/:id/supervision; a refused notice comes back on that page with its message. */
export function IssueNoticeForm({
  ticketId,
  levels,
  noticeMaxLength,
  error,
  values,
}: {
  ticketId: number;
  levels: readonly LevelOption[];
  noticeMaxLength: number;
  error: { message: string } | null;
  values?: { level: string; notice: string; requiresResponse: boolean };
}) {
  const t = messages.supervision.ticketPanel;
  const s = messages.supervision;
  const initial = levels.find((l) => l.level === values?.level) ?? levels.find((l) => l.level === "supervise") ?? levels[0];
  const [level, setLevel] = useState(initial?.level ?? "");
  const [requiresResponse, setRequiresResponse] = useState(values?.requiresResponse ?? initial?.requiresResponse ?? false);
  const chosen = levels.find((l) => l.level === level);
  return (
    <Form method="post" action={`/tickets/${ticketId}/supervision`} className="form-stack" aria-label={t.issueTitle}>
      <label>
        {t.level}
        <select
          name="level"
          value={level}
          onChange={(event) => {
            const next = levels.find((l) => l.level === event.target.value);
            setLevel(event.target.value as SupervisionLevel);
            // Each level has its own default; the supervisor can still change it.
            if (next) setRequiresResponse(next.requiresResponse);
          }}
          aria-describedby="issue-level-hint"
        >
          {levels.map((l) => (
            <option key={l.level} value={l.level}>
              {s.levels[l.level]}
            </option>
          ))}
        </select>
        <span id="issue-level-hint" className="muted small">
          {chosen ? t.levelHint(s.addressees[chosen.addressee]) : ""}
        </span>
      </label>
      <label className="checkbox">
        <input type="checkbox" name="requiresResponse" checked={requiresResponse} onChange={(event) => setRequiresResponse(event.target.checked)} /> {t.requiresResponse}
      </label>
      <label>
        {t.notice}
        <textarea name="notice" maxLength={noticeMaxLength} rows={3} defaultValue={values?.notice ?? ""} aria-describedby="issue-notice-hint" />
        <span id="issue-notice-hint" className="muted small">
          {t.noticeHint}
        </span>
      </label>
      <FormError error={error} />
      <div>
        <button type="submit" className="button primary">
          {t.submit}
        </button>
      </div>
    </Form>
  );
}
