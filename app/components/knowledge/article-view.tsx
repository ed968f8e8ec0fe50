import type { ReactNode } from "react";
import type { ServiceGuideFields } from "~/db/schema";
import { messages } from "~/app/i18n";

const k = messages.knowledge;

/**
 * An article as staff and citizens read it: the 办事指南 fields (when there are any), then the
 * body. `bodyHtml` must come from app/markdown.server.ts, which escapes raw HTML.
 */
export function ArticleView({ guide, bodyHtml }: { guide: ServiceGuideFields | null; bodyHtml: string }) {
  return (
    <>
      {guide ? <GuideFields guide={guide} /> : null}
      <section aria-labelledby="article-body-title" className="article-body">
        <h2 id="article-body-title" className="visually-hidden">
          {k.pages.article.body}
        </h2>
        <div className="prose markdown" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      </section>
    </>
  );
}

function GuideFields({ guide }: { guide: ServiceGuideFields }) {
  const g = k.guide;
  const days = k.pages.article.days;
  const rows: [string, ReactNode][] = [
    [g.itemName, guide.itemName],
    [g.handlingDepartment, guide.handlingDepartment],
    [g.location, guide.location],
    [g.hours, guide.hours],
    [g.phone, guide.phone],
    [g.legalLimitDays, guide.legalLimitDays !== undefined ? days(guide.legalLimitDays) : undefined],
    [g.promisedLimitDays, guide.promisedLimitDays !== undefined ? days(guide.promisedLimitDays) : undefined],
    [
      g.materials,
      guide.materials?.length ? (
        <ol className="materials">
          {guide.materials.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ol>
      ) : undefined,
    ],
    [g.process, guide.process ? <span className="pre-line">{guide.process}</span> : undefined],
    [g.fees, guide.fees],
    [g.basis, guide.basis ? <span className="pre-line">{guide.basis}</span> : undefined],
  ];
  return (
    <section className="panel guide" aria-labelledby="guide-title">
      <h2 id="guide-title">{k.pages.article.guideTitle}</h2>
      <dl className="facts">
        {rows
          .filter(([, value]) => value !== undefined && value !== "")
          .map(([label, value]) => (
            <div key={label} className="fact">
              <dt>{label.replace(/（.*）$/, "")}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
