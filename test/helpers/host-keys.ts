/**
 * SSH key pairs for the simulated hosts, made at test time by the real
 * `ssh-keygen` in a private (0700) temp directory: nothing is committed, and
 * `ssh` accepts the private key files (0600, ours).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SshKey {
  name: string;
  type: 'ed25519' | 'rsa' | 'ecdsa';
  /** Private key file (OpenSSH format, mode 0600), for `ssh -i`. */
  privateKeyPath: string;
  /** `ssh-ed25519 AAAA… comment`, as in a .pub file, without newline. */
  publicKeyLine: string;
  /** The base64 field: what authorized_keys lines are matched on. */
  blob: string;
}

export interface Keyring {
  dir: string;
  /** A new key pair; the comment defaults to `<name>@ec2kr-test`. */
  make(
    name: string,
    options?: { type?: SshKey['type']; bits?: number; comment?: string },
  ): Promise<SshKey>;
  cleanup(): void;
}

export function createKeyring(): Keyring {
  const dir = mkdtempSync(join(tmpdir(), 'ec2kr-keys-'));
  let count = 0;
  return {
    dir,
    async make(name, options = {}) {
      const type = options.type ?? 'ed25519';
      const privateKeyPath = join(
        dir,
        `${String(++count).padStart(3, '0')}-${name.replace(/[^\w.-]/g, '_')}`,
      );
      const args = [
        '-q',
        '-t',
        type,
        '-N',
        '',
        '-C',
        options.comment ?? `${name}@ec2kr-test`,
        '-f',
        privateKeyPath,
      ];
      if (options.bits) args.push('-b', String(options.bits));
      await run('ssh-keygen', args);
      const publicKeyLine = readFileSync(`${privateKeyPath}.pub`, 'utf8').trim();
      const blob = publicKeyLine.split(/\s+/)[1] ?? '';
      return { name, type, privateKeyPath, publicKeyLine, blob };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
