/**
 * Booting a test host from its EC2 user data, as cloud-init would for the
 * one part type that runs on every boot: the `text/cloud-boothook` parts
 * (of a MIME multipart, possibly gzip-compressed, or a whole user data that
 * starts with `#cloud-boothook`) run as root before sshd starts; what they
 * write to /dev/console becomes the instance's console output. Other parts
 * (scripts, cloud-config) run once per instance on its first boot only, so
 * a stop and start of an existing instance runs none of them, here as on EC2.
 */
import { gunzipSync } from 'node:zlib';
import type { BootHook } from '../emulators/state.js';
import type { Host } from './hosts.js';

interface Part {
  type: string;
  body: Buffer;
}

function headersOf(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return headers;
}

/** The parts of a user data (one part if it is not MIME). */
export function userDataParts(raw: Buffer | null): Part[] {
  if (!raw?.length) return [];
  const data = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const text = data.toString('utf8').replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const top = headersOf(split >= 0 ? text.slice(0, split) : '');
  const boundary = /boundary="?([^";]+)"?/i.exec(top.get('content-type') ?? '')?.[1];
  if (!/^multipart\//i.test(top.get('content-type') ?? '') || !boundary)
    return [{ type: guessType(data), body: data }];
  const parts: Part[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const body = chunk.replace(/^\n/, '');
    const end = body.indexOf('\n\n');
    if (end < 0) continue;
    const headers = headersOf(body.slice(0, end));
    const content = body.slice(end + 2).replace(/\n$/, '');
    const bytes =
      (headers.get('content-transfer-encoding') ?? '').toLowerCase() === 'base64'
        ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
        : Buffer.from(`${content}\n`, 'utf8');
    const declared = (headers.get('content-type') ?? 'text/plain').split(';')[0]?.trim() ?? '';
    const type = ['text/plain', 'text/x-not-multipart'].includes(declared)
      ? guessType(bytes)
      : declared;
    parts.push({ type, body: bytes });
  }
  return parts;
}

/** cloud-init's guess from the first line, for parts without a useful type. */
function guessType(bytes: Buffer): string {
  const head = bytes.subarray(0, 64).toString('latin1');
  if (head.startsWith('#cloud-boothook')) return 'text/cloud-boothook';
  if (head.startsWith('#cloud-config')) return 'text/cloud-config';
  if (head.startsWith('#!')) return 'text/x-shellscript';
  return 'text/plain';
}

/** The boothooks of a user data, as one script (each in its own sh). */
export function boothooksOf(raw: Buffer | null): string | null {
  const hooks = userDataParts(raw).filter((part) => part.type === 'text/cloud-boothook');
  if (!hooks.length) return null;
  return hooks
    .map((hook, index) => {
      const name = `"$(dirname "$0")/boothook.${index}"`;
      return `cat >${name} <<'EC2KR_TEST_BOOTHOOK_${index}'\n${hook.body.toString('utf8').replace(/\n?$/, '\n')}EC2KR_TEST_BOOTHOOK_${index}\nsh ${name}`;
    })
    .join('\n');
}

/** The emulator's boot hook for an instance backed by `host`. */
export function bootFromUserData(host: Host): BootHook {
  return async (instance) => ({ console: await host.boot(boothooksOf(instance.userData)) });
}
