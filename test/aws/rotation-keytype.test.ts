/**
 * The new key's type comes from a read-only probe of the fleet: a host whose
 * sshd refuses Ed25519 (FIPS policies, hardened configurations) makes the
 * replacement RSA, and a host that accepts neither type is failed before
 * anything is written there. Proven over ssh on real sshd hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRotation } from '../../src/aws/engine.js';
import { expectRotated, firstRotation, must, startFleet, type Fleet } from '../helpers/fleet.js';
import { debianHost, hostSupport, type HostPreset } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping key type tests: ${unsupported}`);

const CUSTODY = '/ec2-key-rotate/prod/private-key';

/** A Debian host whose sshd accepts only the given public key algorithms. */
function restricted(key: string, name: string, algorithms: string | null): HostPreset {
  const preset = debianHost(key);
  return {
    ...preset,
    spec: {
      ...preset.spec,
      name,
      sshdConfig: [
        ...(algorithms ? [`PubkeyAcceptedAlgorithms ${algorithms}`] : []),
        ...(preset.spec.sshdConfig ?? []),
      ],
    },
  };
}

async function rotateFleet(
  fleet: Fleet,
): Promise<{ result: Awaited<ReturnType<typeof runRotation>>; logs: string[] }> {
  const logs: string[] = [];
  const result = await runRotation(
    { kind: 'findings', findings: [fleet.finding] },
    fleet.config({ newKeyType: 'ed25519', log: (line) => logs.push(line) }),
  );
  return { result, logs };
}

// One fleet at a time: a fleet points the SDK's environment at its own emulator.
describe.skipIf(unsupported !== null)('new key type chosen by probing sshd: RSA', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    // The leaked key is RSA, so every host accepts it today.
    fleet = await startFleet({
      leakedKeyType: 'rsa',
      presets: (leaked) => [
        restricted(leaked.publicKeyLine, 'modern', null),
        restricted(leaked.publicKeyLine, 'fips', 'rsa-sha2-512,rsa-sha2-256'),
        restricted(leaked.publicKeyLine, 'rsa-or-ed', 'ssh-ed25519,rsa-sha2-512,rsa-sha2-256'),
      ],
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('makes the new key RSA when a host refuses Ed25519, and every host rotates', async () => {
    const { result, logs } = await rotateFleet(fleet);
    expect(result.errors).toEqual([]);
    const rotation = firstRotation(result);
    expect(must(rotation.newKey, 'new key').publicKeyLine).toMatch(/^ssh-rsa /);
    expect(logs.join('\n')).toMatch(
      /sshd on 1 instance\(s\) \(i-[0-9a-f]+\) does not accept ssh-ed25519 keys: generating RSA 4096 instead/,
    );
    expect(rotation.hosts.map((host) => host.outcome)).toEqual(['rotated', 'rotated', 'rotated']);
    const keyFile = fleet.custodyKeyFile(CUSTODY);
    for (const entry of fleet.hosts) await expectRotated(entry, keyFile, fleet.leaked);
  });
});

describe.skipIf(unsupported !== null)('new key type chosen by probing sshd: refused', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    // EC2 key pairs are RSA or Ed25519; a host limited to ECDSA refuses both.
    fleet = await startFleet({
      presets: (leaked) => [
        restricted(leaked.publicKeyLine, 'modern', null),
        restricted(leaked.publicKeyLine, 'ecdsa-only', 'ecdsa-sha2-nistp256'),
      ],
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('fails a host that accepts neither Ed25519 nor RSA at the probe, before anything is written there', async () => {
    const [modern, limited] = fleet.hosts as [Fleet['hosts'][0], Fleet['hosts'][0]];
    const untouched = await limited.host.snapshot();
    const { result } = await rotateFleet(fleet);
    const rotation = firstRotation(result);
    expect(must(rotation.newKey, 'new key').publicKeyLine).toMatch(/^ssh-ed25519 /);
    const report = (id: string) =>
      must(
        rotation.hosts.find((host) => host.instanceId === id),
        id,
      );
    expect(report(limited.instanceId)).toMatchObject({ outcome: 'failed', phase: 'probe' });
    expect(report(limited.instanceId).reason).toMatch(
      /does not accept ssh-ed25519 keys .*\(it accepts: ecdsa-sha2-nistp256\); nothing was changed/,
    );
    expect(await limited.host.snapshot()).toEqual(untouched);
    expect(report(modern.instanceId).outcome).toBe('rotated');
    await expectRotated(modern, fleet.custodyKeyFile(CUSTODY), fleet.leaked);
  });
});
