// Private keys planted in the benchmark repositories, generated fresh with
// ssh-keygen when a repository is built, and the ways they are committed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The planted keys. `add` and `remove` are fractions of the main commits;
 * a key without `remove` is still in HEAD, so the tree scan must find it too.
 * `form` says how it is committed:
 * - file: the key file as ssh-keygen wrote it;
 * - json: a JSON document with the key in a string (escaped newlines);
 * - embedded: an escaped key pasted into the middle of an ordinary file,
 *   which a later commit removes again.
 */
export const PLANTED_KEYS = [
  {
    name: 'k1',
    type: 'ed25519',
    form: 'file',
    path: 'pkg03/deploy/id_ed25519',
    add: 0.05,
    remove: 0.2,
  },
  {
    name: 'k2',
    type: 'rsa',
    form: 'json',
    path: 'pkg07/config/credentials.json',
    add: 0.08,
    remove: 0.25,
  },
  {
    name: 'k3',
    type: 'rsa',
    form: 'file',
    path: 'pkg11/infra/bastion.pem',
    add: 0.12,
    remove: 0.4,
  },
  {
    name: 'k4',
    type: 'ed25519',
    form: 'embedded',
    path: 'pkg05/settings/app-settings.json',
    add: 0.3,
    remove: 0.45,
  },
  { name: 'k5', type: 'rsa', form: 'file', path: 'pkg09/ops/legacy-jump-host.pem', add: 0.6 },
  { name: 'k6', type: 'ed25519', form: 'json', path: 'pkg14/ci/deploy-key.json', add: 0.75 },
];

/**
 * Generates the planted keys into `dir` with ssh-keygen and returns them
 * with their private key text and OpenSSH SHA256 fingerprint.
 */
export function generateKeys(dir, specs = PLANTED_KEYS) {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error('ssh-keygen is not installed (apt-get install openssh-client)', {
        cause: error,
      });
    }
  }
  return specs.map((spec) => {
    const file = join(dir, spec.name);
    const typeArgs =
      spec.type === 'rsa' ? ['-t', 'rsa', '-b', '3072', '-m', 'PEM'] : ['-t', 'ed25519'];
    execFileSync(
      'ssh-keygen',
      ['-q', ...typeArgs, '-N', '', '-C', `bench-${spec.name}`, '-f', file],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    // "256 SHA256:... comment (ED25519)"
    const listing = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], {
      encoding: 'utf8',
    });
    const fingerprint = listing.split(' ')[1];
    if (!fingerprint?.startsWith('SHA256:'))
      throw new Error(`unexpected ssh-keygen -l output: ${listing}`);
    return {
      ...spec,
      privateKey: readFileSync(file, 'utf8'),
      publicKey: readFileSync(`${file}.pub`, 'utf8'),
      fingerprint,
    };
  });
}

/** The JSON document a `json` key is committed in. */
export function keyJson(key) {
  const doc = {
    service: 'deploy',
    region: 'eu-west-1',
    ssh: { user: 'ec2-user', host: '10.0.12.7', privateKey: key.privateKey },
    retries: 3,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The line an `embedded` key is pasted into a file as. */
export function keyJsonLine(key) {
  return `  "bastionPrivateKey": ${JSON.stringify(key.privateKey)},`;
}
