/**
 * The offline recovery's pure parts: the flags' validation, the recovery
 * user data (size, shape, what it carries) and reading the result back from
 * a hostile console.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { recoveryUserData, USER_DATA_MAX } from '../../src/aws/offline/boothook.js';
import { readBootResult } from '../../src/aws/offline/console-result.js';
import { bootOutcome } from '../../src/aws/offline/user-data-recovery.js';
import { ConfigError, validateRotationInputs, type RawRotationInputs } from '../../src/validate.js';
import { boothooksOf, userDataParts } from '../helpers/boot.js';

const raw = (extra: Partial<RawRotationInputs>): RawRotationInputs => ({
  regions: ['us-east-1'],
  keyPairs: ['prod'],
  maxKeyAge: null,
  users: [],
  parameterPath: null,
  targetTag: '',
  kmsKeyId: '',
  keyType: '',
  newKeyPairName: null,
  ssmDocument: '',
  ...extra,
});

const OLD = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const NEW = 'AAAAC3NzaC1lZDI1NTE5AAAAIBmlBrOUaJ5wljOw4gSAXvItmJ6UD/ZsvLeKtKbGuOvx';
const TOKEN = '0123456789abcdef0123456789abcdef';
const input = {
  token: TOKEN,
  oldKeyBlobs: [OLD],
  newKeyLine: `ssh-ed25519 ${NEW} ec2-key-rotate prod`,
  extraUsers: [],
};

describe('offline recovery settings', () => {
  it('is off unless asked; user-data restores by stop-start unless told once', () => {
    expect(validateRotationInputs(raw({}), 'cli').offlineRecovery).toBeNull();
    expect(
      validateRotationInputs(raw({ offlineRecovery: 'none' }), 'cli').offlineRecovery,
    ).toBeNull();
    expect(
      validateRotationInputs(raw({ offlineRecovery: 'user-data' }), 'action').offlineRecovery,
    ).toEqual({ method: 'user-data', restoreUserData: 'stop-start' });
    expect(
      validateRotationInputs(raw({ offlineRecovery: 'user-data', restoreUserData: 'once' }), 'cli')
        .offlineRecovery,
    ).toEqual({ method: 'user-data', restoreUserData: 'once' });
  });

  it('refuses unknown values and a restore choice without the user-data method, naming the input', () => {
    expect(() => validateRotationInputs(raw({ offlineRecovery: 'reboot' }), 'action')).toThrow(
      /^input offline-recovery must be one of none, user-data, reset-access, got "reboot"$/,
    );
    expect(() =>
      validateRotationInputs(
        raw({ offlineRecovery: 'reset-access', restoreUserData: 'once' }),
        'cli',
      ),
    ).toThrow(ConfigError);
    expect(() =>
      validateRotationInputs(
        raw({ offlineRecovery: 'user-data', restoreUserData: 'never' }),
        'cli',
      ),
    ).toThrow(/--restore-user-data must be one of stop-start, once/);
  });
});

describe('the recovery user data', () => {
  it('fits in 16 KB with the instance script beside it, and is a boothook multipart', () => {
    const original = Buffer.from('#!/bin/sh\necho launched\n');
    const built = recoveryUserData(input, original);
    expect(built.bytes.length).toBeLessThanOrEqual(USER_DATA_MAX);
    expect(built.note).toBeNull();
    const text = gunzipSync(built.bytes).toString('utf8');
    expect(text).toMatch(/^Content-Type: multipart\/mixed; boundary=/);
    const parts = userDataParts(built.bytes);
    expect(parts.map((part) => part.type)).toEqual(['text/cloud-boothook', 'text/x-shellscript']);
    expect(parts[1]?.body.equals(original)).toBe(true);
    const hook = parts[0]?.body.toString('utf8') ?? '';
    expect(hook).toContain(`/var/lib/cloud/ec2-key-rotate`);
    for (const phase of ['add', 'verify', 'revoke']) expect(hook).toContain(`EC2KR_PHASE=${phase}`);
    expect(hook).not.toContain('EC2KR_PHASE=probe');
    expect(boothooksOf(built.bytes)).toContain(TOKEN);
  });

  it('leaves out user data that is gzip, MIME, or too large to sit beside the boothook, and says why', () => {
    expect(recoveryUserData(input, Buffer.from([0x1f, 0x8b, 8, 0])).note).toMatch(/gzip/);
    expect(
      recoveryUserData(input, Buffer.from('Content-Type: multipart/mixed; boundary=x\n\n')).note,
    ).toMatch(/MIME/);
    const noise = Buffer.from(`#!/bin/sh\n# ${randomBytes(6_000).toString('hex')}\n`);
    const big = recoveryUserData(input, noise);
    expect(big.note).toMatch(/does not fit/);
    expect(userDataParts(big.bytes).map((part) => part.type)).toEqual(['text/cloud-boothook']);
  });

  it('refuses a token that is not 32 hex digits (it names a file under /var/lib/cloud)', () => {
    expect(() => recoveryUserData({ ...input, token: '../../etc/x' }, null)).toThrow(/token/);
  });
});

describe('reading the boot result from the console', () => {
  const ok = (phase: string, extra = ''): string =>
    `ec2-key-rotate ${TOKEN} ${phase} EC2KR-RESULT v=2 phase=${phase} status=ok files=1 old=1 new=1 added=${phase === 'add' ? 1 : 0} removed=${phase === 'revoke' ? 1 : 0} kept=0 ignored=0${extra}\r\nec2-key-rotate-result v=2 token=${TOKEN} phase=${phase} exit=0\r\n`;

  it('takes only this token, among kernel lines and CR LF, and reports a rotation', () => {
    const console = [
      '[    1.234] Linux version 6.1\r\n',
      ok('add').replace(TOKEN, 'f'.repeat(32)),
      `[   5.0] cloud-init[612]: ${ok('add')}`,
      ok('verify'),
      ok('revoke'),
    ].join('');
    const boot = readBootResult(console, TOKEN);
    expect(boot.finished).toBe(true);
    expect(boot.phases.map((entry) => entry.phase)).toEqual(['add', 'verify', 'revoke']);
    expect(bootOutcome(boot).outcome).toBe('rotated');
  });

  it('is not finished (never rotated) without the revoke result, and a failed phase is a failure', () => {
    const partial = readBootResult(ok('add') + ok('verify'), TOKEN);
    expect(partial.finished).toBe(false);
    expect(bootOutcome(partial).outcome).toBe('failed');
    const failed = readBootResult(
      `ec2-key-rotate ${TOKEN} add EC2KR-RESULT v=2 phase=add status=failed files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 error=no-sshd\nec2-key-rotate-result v=2 token=${TOKEN} phase=add exit=2\n`,
      TOKEN,
    );
    expect(failed.finished).toBe(true);
    expect(bootOutcome(failed)).toMatchObject({ outcome: 'failed', phase: 'add' });
    expect(bootOutcome(failed).reason).toMatch(/sshd not found/);
    // A result line whose exit code contradicts its status is a failure.
    const forged = readBootResult(
      ok('add') + ok('verify') + ok('revoke').replace('exit=0', 'exit=1'),
      TOKEN,
    );
    expect(bootOutcome(forged).outcome).toBe('failed');
    expect(readBootResult('', TOKEN).last).toBeNull();
  });
});
