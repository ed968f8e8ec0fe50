import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useParams } from "@remix-run/react";
import { domainErrorText, parseUploadForm, UploadRejected, uploadOf } from "~/app/citizen.server";
import { routeIntParam } from "~/app/form.server";
import { messages } from "~/app/i18n";
import { requireTicketContext, TICKET_STAFF_ROLES } from "~/app/tickets.server";
import { addTicketAttachment, getAttachmentPolicy } from "~/domain/attachments";
import { DomainError } from "~/domain/errors";

const t = messages.citizen.attachments;

/**
 * The ticket page has the upload form; this page only shows a refused upload (it also renders
 * after a failed POST, so it must not redirect) with the form to try again.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  requireTicketContext(request, context, TICKET_STAFF_ROLES);
  routeIntParam(params.id);
  return null;
}

/**
 * POST /tickets/:id/attachments (multipart, field `file`): staff attach an image or PDF to a
 * ticket they can see. Oversized → 413, wrong type → 400, storage down → 503, each with words a
 * person understands.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, TICKET_STAFF_ROLES);
  const ticketId = routeIntParam(params.id);
  const policy = await getAttachmentPolicy(ctx.db);
  let files: File[];
  try {
    ({ files } = await parseUploadForm(request, { fileField: "file", maxFiles: 1, maxBytes: policy.maxBytes }));
  } catch (error) {
    if (error instanceof UploadRejected) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  const file = files[0];
  if (!file) return data({ error: t.fileRequired }, { status: 400 });
  try {
    await addTicketAttachment(ctx, context.services.attachments, ticketId, await uploadOf(file));
  } catch (error) {
    if (error instanceof DomainError) return data({ error: domainErrorText(error) }, { status: error.status });
    // The store (disk) failed: nothing was recorded (domain/attachments.ts writes the row only
    // after the bytes), so the person can simply try again later.
    context.services.logger.error("attachment upload failed", { ticketId, error });
    return data({ error: t.storageUnavailable }, { status: 503 });
  }
  throw redirect(`/tickets/${ticketId}?notice=uploaded`);
}

export default function AttachmentUploadPage() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { id } = useParams();
  return (
    <section className="panel" aria-labelledby="upload-title">
      <h1 id="upload-title">{result ? t.uploadFailedTitle : t.upload}</h1>
      {result ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form-inline">
        <label>
          {t.upload}
          <input type="file" name="file" required accept="image/jpeg,image/png,image/webp,application/pdf" />
        </label>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t.upload}
        </button>
      </Form>
      <p>
        <Link to={`/tickets/${id}`}>{t.backToTicket}</Link>
      </p>
    </section>
  );
}
