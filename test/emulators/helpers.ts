/** Test helpers for the emulator's own tests: raw wire capture and request tampering. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/core/protocols';
import type { HttpHandlerOptions } from '@smithy/types';

/** A request handler that keeps the last raw response (status, headers, body text) while the SDK parses it. */
export class CapturingHandler extends NodeHttpHandler {
  last: { status: number; headers: Record<string, string>; body: string } | null = null;

  override async handle(
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }> {
    const result = await super.handle(request, options);
    const chunks: Buffer[] = [];
    for await (const chunk of result.response.body as AsyncIterable<Buffer>)
      chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    this.last = {
      status: result.response.statusCode,
      headers: result.response.headers,
      body: body.toString('utf8'),
    };
    result.response.body = Readable.from([body]);
    return result;
  }
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { request: unknown }) => Promise<unknown>,
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: 'build'; name: string; priority: 'low' },
    ): void;
  };
}

/** Rewrites each request body after serialization and before signing (to send what the SDK never would). */
export function tamperBody(client: unknown, rewrite: (body: string) => string): void {
  (client as MiddlewareClient).middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers: Record<string, string> };
      if (request.body !== undefined && request.body !== null) {
        // The JSON protocol hands over a string adapter object, the query protocol a string.
        const body = request.body;
        const text = ArrayBuffer.isView(body)
          ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
          : String(body);
        request.body = rewrite(text);
        request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
      }
      return next(args);
    },
    { step: 'build', name: 'tamperBody', priority: 'low' },
  );
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function run(command: string, args: string[], input?: Buffer | string): string {
  return execFileSync(command, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `openssl … | openssl md5 -c` style output → the colon hex. */
export function opensslDigest(output: string): string {
  return output.trim().split(/\s+/).at(-1) ?? '';
}

/** The value, or a test failure saying what was missing. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}
