import { Readable } from 'node:stream';
import { TransformStream, type ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Request } from 'express';
import { describeSize } from './decode.js';

/**
 * Reading the upload form (multipart/form-data) with Node's built-in Web API, so no npm package is
 * needed. undici parses the body and holds the file as a Blob in memory until the form is read
 * (at most the size limit plus a little for the other fields); the rows are then streamed from
 * that Blob into the reader, so only the file's bytes, never its rows, are held at once.
 */

/** Room for the multipart boundaries and the small fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

export type UploadForm =
  | { kind: 'form'; csrf: unknown; onDuplicate: unknown; file: File | undefined }
  | { kind: 'too-large'; problem: string }
  | { kind: 'unreadable' };

/** Waits until the rest of a request has arrived and been thrown away, so the answer can be sent. */
function drain(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req
      .on('end', resolve)
      .on('close', resolve)
      .on('error', () => resolve());
    req.resume();
  });
}

/** Counts the bytes as they pass, and stops the parse once there are more than `limit`. */
function limited(req: Request, limit: number, over: { seen: boolean }): NodeReadableStream<Uint8Array> {
  let total = 0;
  return Readable.toWeb(req).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > limit) {
          over.seen = true;
          controller.error(new RangeError('too large'));
        } else controller.enqueue(chunk);
      },
    }),
  );
}

export async function readUploadForm(req: Request, maxBytes: number): Promise<UploadForm> {
  const tooLarge = { kind: 'too-large', problem: `The file is larger than ${describeSize(maxBytes)}` } as const;
  const limit = maxBytes + FORM_OVERHEAD;
  if (Number(req.get('Content-Length') ?? 0) > limit) {
    await drain(req);
    return tooLarge;
  }
  let form: FormData;
  const over = { seen: false };
  try {
    const request = new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': req.get('Content-Type') ?? '' },
      body: limited(req, limit, over) as unknown as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    form = await request.formData();
  } catch {
    await drain(req);
    return over.seen ? tooLarge : { kind: 'unreadable' };
  }
  const file = form.get('file');
  return { kind: 'form', csrf: form.get('_csrf'), onDuplicate: form.get('onDuplicate'), file: file instanceof File ? file : undefined };
}

/** Pieces the reader is given at most: it reads the records of a piece at once. */
const PIECE = 64 * 1024;

/**
 * The file's bytes as Buffers of at most 64 KB, for readContactCsv. Blob.stream() may give the
 * whole file as one chunk, and the reader turns a chunk into all its records at once: 200,000
 * rows in one go would cost some 250 MB, in pieces a few hundred KB.
 */
export async function* fileBytes(file: Blob): AsyncGenerator<Buffer> {
  for await (const chunk of Readable.fromWeb(file.stream() as unknown as NodeReadableStream<Uint8Array>)) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
  }
}
