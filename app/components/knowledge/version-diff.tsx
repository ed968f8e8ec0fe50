import { messages } from "~/app/i18n";
import type { FieldDiff } from "~/app/knowledge-diff.server";

const t = messages.knowledge.pages.history;

/** Changed fields between two versions: insertions in <ins>, deletions in <del>, the rest as it was. */
export function VersionDiff({ fields }: { fields: FieldDiff[] }) {
  if (fields.length === 0) return <p className="muted">{t.noChanges}</p>;
  return (
    <dl className="version-diff">
      {fields.map((field) => (
        <div key={field.label}>
          <dt>{field.label}</dt>
          <dd className="pre-line">
            {field.parts.map((part, i) =>
              part.kind === "ins" ? (
                <ins key={i} title={t.inserted}>
                  {part.text}
                </ins>
              ) : part.kind === "del" ? (
                <del key={i} title={t.deleted}>
                  {part.text}
                </del>
              ) : (
                <span key={i}>{part.text}</span>
              ),
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
