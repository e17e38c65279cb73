/**
 * The user data of an offline recovery boot: a cloud-init MIME multipart,
 * gzip-compressed (the host script alone is larger than EC2's 16 KB), whose
 * `text/cloud-boothook` part runs the host script's add, verify and revoke
 * phases in sequence (the same script and guarantees as Run Command; each
 * phase runs only if the previous one answered ok or incomplete), as root,
 * early in boot.
 *
 * - Once: boothooks run on every boot, so a marker file under
 *   /var/lib/cloud/ec2-key-rotate/ named by the recovery's random token stops
 *   it running again; that file keeps the result lines, and a later boot
 *   prints them again.
 * - Result: each phase's output lines and its exit code go to /dev/console
 *   (the serial console, read back through GetConsoleOutput) as
 *     ec2-key-rotate <token> <phase> <line of the host script's output>
 *     ec2-key-rotate-result v=2 token=<token> phase=<phase> exit=<code>
 *   Only counts, reasons and paths: never key material (the new key's public
 *   half is in the user data; its private half never leaves custody).
 * - The instance's own user data goes in as a second part (cloud-init guesses
 *   its type from its first line, as when it stands alone) when it is text,
 *   not MIME or gzip itself, and everything still fits; otherwise the
 *   recovery boot runs without it and says so.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildHostScript, compactBody, type HostPhase } from '../host/host-script.js';

/** EC2: user data is at most 16 KB before base64. */
export const USER_DATA_MAX = 16_384;
export const BOOT_PHASES: readonly HostPhase[] = ['add', 'verify', 'revoke'];
export const GUARD_DIR = '/var/lib/cloud/ec2-key-rotate';
const TOKEN = /^[0-9a-f]{32}$/;

export interface BoothookInput {
  /** Random, per recovery (names the guard file and the console lines). */
  token: string;
  oldKeyBlobs: string[];
  newKeyLine: string;
  extraUsers: string[];
}

export function newToken(): string {
  return randomBytes(16).toString('hex');
}

/** The boothook shell script. Throws on inputs the host script would refuse. */
export function boothookScript(input: BoothookInput): string {
  if (!TOKEN.test(input.token)) throw new Error('the recovery token must be 32 hex digits');
  const body = compactBody();
  const phases = BOOT_PHASES.map((phase) => {
    const script = buildHostScript({
      phase,
      oldKeyBlobs: input.oldKeyBlobs,
      newKeyLine: input.newKeyLine,
      extraUsers: input.extraUsers,
    });
    // The header alone: the body is written once and sourced by each phase.
    const header = script.slice(0, script.length - body.length);
    return `cat >"$D/${phase}" <<'EC2KR_PHASE_EOF'\n${header}. "$D/body"\nEC2KR_PHASE_EOF\n`;
  });
  return [
    '#!/bin/sh',
    `# ec2-key-rotate offline recovery ${input.token}: add, verify, revoke once`,
    `T=${input.token}`,
    `G=${GUARD_DIR}`,
    'say() { printf "%s\\n" "$1" >>/dev/console 2>/dev/null || :; }',
    'umask 077',
    'if [ -f "$G/$T" ]; then',
    '  while IFS= read -r l; do say "$l"; done <"$G/$T"',
    '  exit 0',
    'fi',
    'mkdir -p "$G" || exit 0',
    'D=$(mktemp -d /run/ec2kr-boot.XXXXXX) || D=$(mktemp -d) || exit 0',
    'export D',
    `cat >"$D/body" <<'EC2KR_BODY_EOF'\n${body}EC2KR_BODY_EOF`,
    ...phases.map((text) => text.trimEnd()),
    ': >"$D/result"',
    `for p in ${BOOT_PHASES.join(' ')}; do`,
    '  sh "$D/$p" >"$D/out" 2>/dev/null',
    '  c=$?',
    '  while IFS= read -r l; do printf "ec2-key-rotate %s %s %s\\n" "$T" "$p" "$l"; done <"$D/out" >>"$D/result"',
    '  printf "ec2-key-rotate-result v=2 token=%s phase=%s exit=%s\\n" "$T" "$p" "$c" >>"$D/result"',
    '  [ "$c" -le 1 ] || break',
    'done',
    'while IFS= read -r l; do say "$l"; done <"$D/result"',
    'mv "$D/result" "$G/$T"',
    'rm -rf "$D"',
    '',
  ].join('\n');
}

/** What the original user data becomes inside the recovery's multipart, if it can go in. */
function originalPart(original: Buffer | null): { part: string | null; note: string | null } {
  if (!original?.length) return { part: null, note: null };
  if (original[0] === 0x1f && original[1] === 0x8b)
    return { part: null, note: 'its own user data is gzip-compressed' };
  const head = original.subarray(0, 200).toString('latin1');
  if (/^(?:Content-Type|MIME-Version):/im.test(head))
    return { part: null, note: 'its own user data is MIME multipart' };
  return {
    part: [
      // cloud-init guesses a text/x-not-multipart part's type from its first line.
      'Content-Type: text/x-not-multipart',
      'MIME-Version: 1.0',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="original-user-data"',
      '',
      (original.toString('base64').match(/.{1,76}/g) ?? []).join('\n'),
    ].join('\n'),
    note: null,
  };
}

export interface RecoveryUserData {
  /** The gzip-compressed multipart (what ModifyInstanceAttribute is given). */
  bytes: Buffer;
  /** Why the instance's own user data does not run on the recovery boot, if it does not. */
  note: string | null;
}

/** The recovery boot's user data, at most 16 KB. Throws when even the boothook alone is too large. */
export function recoveryUserData(input: BoothookInput, original: Buffer | null): RecoveryUserData {
  const boundary = `==ec2-key-rotate-${input.token}==`;
  const hook = [
    'Content-Type: text/cloud-boothook; charset="us-ascii"',
    'MIME-Version: 1.0',
    'Content-Transfer-Encoding: 7bit',
    'Content-Disposition: attachment; filename="ec2-key-rotate.sh"',
    '',
    boothookScript(input),
  ].join('\n');
  const multipart = (parts: string[]): Buffer =>
    gzipSync(
      [
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        'MIME-Version: 1.0',
        '',
        ...parts.flatMap((part) => [`--${boundary}`, part]),
        `--${boundary}--`,
        '',
      ].join('\n'),
      { level: 9 },
    );
  const { part, note } = originalPart(original);
  if (part) {
    const both = multipart([hook, part]);
    if (both.length <= USER_DATA_MAX) return { bytes: both, note: null };
  }
  const alone = multipart([hook]);
  if (alone.length > USER_DATA_MAX)
    throw new Error(`the recovery user data is ${alone.length} bytes, over EC2's ${USER_DATA_MAX}`);
  return {
    bytes: alone,
    note: part ? 'its own user data does not fit beside the recovery boothook' : note,
  };
}
