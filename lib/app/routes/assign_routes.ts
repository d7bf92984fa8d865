/**
 * "Assign a new file": a `model.json` kept in memory for the session (or
 * removed), the new file labelled with it or with this session's own model
 * in a worker, and the state of that step as the page polls it.
 *
 * @module
 */
import { isInputError } from "../../errors.ts";
import { errorLine, type ModelText } from "../analysis.ts";
import { assignState } from "../poll_state.ts";
import { boundedText, declaredTooLarge, fileNameHeader } from "../request_body.ts";
import { errorJSON, json } from "../responses.ts";
import { uploadTooLarge } from "../sessions.ts";
import { downloadName } from "./download_route.ts";
import type { SessionHandler } from "./route.ts";

/** `POST /api/sessions/:session/model`: a model.json, kept in memory until the session closes. */
export const putModel: SessionHandler = async ({ request }, session, { maxUploadBytes }) => {
  const name = fileNameHeader(request, "model.json");
  try {
    session.model = {
      text: await boundedText(request.body, { maxBytes: maxUploadBytes, name }),
      name,
    };
  } catch (error) {
    if (isInputError(error)) return errorJSON(errorLine(error), 413);
    throw error;
  }
  return json({ model: name }, 201);
};

/** `DELETE /api/sessions/:session/model`: forget the uploaded model.json. */
export const deleteModel: SessionHandler = (_call, session) => {
  session.model = undefined;
  return json({ model: null });
};

/** `GET /api/sessions/:session/assign`: the state of the assign step. */
export const getAssign: SessionHandler = (_call, session) => json(assignState(session));

/**
 * `POST /api/sessions/:session/assign[?model=uploaded]`: the new file,
 * labelled with the uploaded model or this session's.
 */
export const startAssign: SessionHandler = async ({ request, url }, session, context) => {
  const { store, jobs, maxUploadBytes } = context;
  const name = fileNameHeader(request, "upload");
  if (declaredTooLarge(request, maxUploadBytes)) {
    await request.body?.cancel().catch(() => {});
    return errorJSON(errorLine(uploadTooLarge(name, maxUploadBytes)), 413);
  }
  const wanted = url.searchParams.get("model") ?? "session";
  let model: ModelText | undefined;
  if (wanted === "uploaded") {
    model = session.model;
  } else if (session.result?.files["model.json"] !== undefined) {
    model = {
      text: String(session.result.files["model.json"]),
      name: downloadName(session.upload?.name, "model.json"),
    };
  }
  if (model === undefined) {
    await request.body?.cancel().catch(() => {});
    return errorJSON(
      wanted === "uploaded"
        ? "Error: no model.json uploaded; choose one, or leave it empty to use this analysis"
        : "Error: no segments yet; press Find segments first, or choose a model.json",
      409,
    );
  }
  if (session.assignJob !== undefined) jobs.cancel(session.assignJob);
  session.assigned = undefined;
  let upload;
  try {
    upload = await store.saveFile(session, name, request.body, maxUploadBytes, "assign");
  } catch (error) {
    if (isInputError(error)) {
      return errorJSON(errorLine(error), /too large/.test(error.message) ? 413 : 400);
    }
    throw error;
  }
  const job = jobs.submit({ step: "assign", upload, options: {}, model });
  session.assignJob = job;
  job.finished.then((state) => {
    if (state.state === "done" && state.step === "assign") session.assigned = state.result;
  });
  return json(assignState(session), 202);
};
