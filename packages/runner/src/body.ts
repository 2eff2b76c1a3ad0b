import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** Largest accepted request body (graph documents are a few hundred kB at most). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Reads a JSON body of at most `limit` bytes and checks it with `schema`. Requires
 * `Content-Type: application/json`, which a cross-site form cannot send without a preflight.
 */
export async function readJsonBody<S extends z.ZodType>(req: IncomingMessage, schema: S, limit = MAX_BODY_BYTES): Promise<z.infer<S>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(415, 'unsupported_media_type', 'the request body must be JSON (Content-Type: application/json)');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, 'too_large', `the request body is ${declared} bytes; the limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'too_large', `the request body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'bad_json', `the request body is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map(String).join('.') : '(body)';
    throw new HttpError(400, 'bad_request', `${where}: ${issue.message}`);
  }
  return parsed.data;
}

/** As readJsonBody, but a request without a body (no length or length 0) counts as `{}`. */
export async function readOptionalJsonBody<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (length === undefined || Number(length) === 0)) {
    const parsed = schema.safeParse({});
    if (parsed.success) return parsed.data;
  }
  return readJsonBody(req, schema);
}
