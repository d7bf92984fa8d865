/**
 * A session's life: the upload that opens it (read as columns at once), its
 * state as the page polls it, segmenting with the options chosen,
 * cancelling, and closing (which deletes its folder).
 *
 * @module
 */
import { isInputError } from "../../errors.ts";
import { errorLine } from "../analysis.ts";
import { runStep } from "../app_context.ts";
import { appOptionsFrom, segmentationParameters } from "../options.ts";
import { sessionState } from "../poll_state.ts";
import { declaredTooLarge, fileNameHeader } from "../request_body.ts";
import { errorJSON, json } from "../responses.ts";
import { uploadTooLarge } from "../sessions.ts";
import type { RouteHandler, SessionHandler } from "./route.ts";

/** `POST /api/sessions`: the upload, streamed into a new session's folder; its columns are read. */
export const createSession: RouteHandler = async ({ request }, context) => {
  const { store, maxUploadBytes } = context;
  const name = fileNameHeader(request, "upload");
  if (declaredTooLarge(request, maxUploadBytes)) {
    await request.body?.cancel().catch(() => {});
    return errorJSON(errorLine(uploadTooLarge(name, maxUploadBytes)), 413);
  }
  const session = await store.open();
  try {
    const upload = await store.saveUpload(session, name, request.body, maxUploadBytes);
    runStep(context, session, { step: "columns", options: {} });
    return json({ session: session.id, file: upload.name, size: upload.size }, 201);
  } catch (error) {
    await store.close(session.id);
    if (isInputError(error)) {
      return errorJSON(errorLine(error), /too large/.test(error.message) ? 413 : 400);
    }
    throw error;
  }
};

/** `GET /api/sessions/:session`: the state of its step, with the results when done. */
export const getSession: SessionHandler = (_call, session) => json(sessionState(session));

/** `DELETE /api/sessions/:session` and `POST …/close` (the page's beacon): close it. */
export const closeSession: SessionHandler = async (_call, session, { store }) => {
  await store.close(session.id);
  return json({ closed: true });
};

/** `POST /api/sessions/:session/analyse`: segment with the options sent (refused in the CLI's words). */
export const analyseSession: SessionHandler = async ({ request }, session, context) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorJSON("Error: Invalid options: expected JSON", 400);
  }
  try {
    const options = appOptionsFrom(body);
    segmentationParameters(options); // refuse bad options now, in the CLI's words
    runStep(context, session, { step: "segment", options });
  } catch (error) {
    if (isInputError(error)) return errorJSON(errorLine(error), 400);
    throw error;
  }
  return json(sessionState(session), 202);
};

/** `POST /api/sessions/:session/cancel`: stop its step. */
export const cancelSession: SessionHandler = (_call, session, { jobs }) => {
  if (session.job !== undefined) jobs.cancel(session.job);
  return json(sessionState(session));
};
