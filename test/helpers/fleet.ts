/**
 * A whole rotation target for end-to-end tests: the local AWS emulator whose
 * Run Command executes scripts inside real sshd hosts, an EC2 key pair that
 * holds the leaked key, and one instance record per host. The production
 * engine reaches all of it through the SDK's standard environment only.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { expect } from 'vitest';
import type { EngineConfig, EngineResult } from '../../src/aws/engine.js';
import { installDocument } from '../../src/aws/host/document-install.js';
import type { RotationReport } from '../../src/aws/rotate.js';
import type { Finding } from '../../src/scan/findings.js';
import { scan } from '../../src/scan/scan.js';
import {
  applyEnv,
  emulatorEnv,
  startAwsEmulator,
  type AwsEmulator,
  type AwsEmulatorOptions,
  type InstanceSpec,
} from '../emulators/index.js';
import { createKeyring, type Keyring, type SshKey } from './host-keys.js';
import { hostExecutor, startHosts, type Host, type HostPreset } from './hosts.js';

export interface FleetHost {
  instanceId: string;
  host: Host;
  preset: HostPreset;
}

export interface Fleet {
  aws: AwsEmulator;
  keys: Keyring;
  /** The key that leaked: in the EC2 key pair and on every host. */
  leaked: SshKey;
  /** An unrelated key some hosts hold (must survive the rotation). */
  other: SshKey;
  keyName: string;
  hosts: FleetHost[];
  /** Instance ids of records with no host (not managed, Windows, …). */
  extraInstances: string[];
  /** The scanner's finding for the leaked key (from a real scan of a file holding it). */
  finding: Finding;
  /** Engine settings for fast polling against the emulator. */
  config(overrides?: Partial<EngineConfig>): EngineConfig;
  /** Writes the private key stored in Parameter Store to a 0600 file, for `ssh -i`. */
  custodyKeyFile(parameterName: string): string;
  /**
   * Back to the start: every host's authorized_keys as its preset wrote it,
   * the leaked key pair alone in EC2, no parameters, faults, behaviours or log.
   */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface FleetOptions {
  presets: (leaked: SshKey, other: SshKey) => HostPreset[];
  keyName?: string;
  /** Instance records without a host (ssm: false, Windows, stopped, …). */
  extraInstances?: (keyName: string) => InstanceSpec[];
  /** Spec overrides per preset index (tags, keyName null for tag-only targets). */
  instanceSpec?: (index: number, keyName: string) => InstanceSpec;
  emulator?: AwsEmulatorOptions;
  /** The leaked key's type (default Ed25519). */
  leakedKeyType?: SshKey['type'];
  /**
   * Install the project's SSM document, as an administrator would (default
   * true): rotations then run through it. false: not installed.
   */
  document?: boolean;
}

let custodyCount = 0;

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const keyName = options.keyName ?? 'prod';
  const keys = createKeyring();
  const [leaked, other] = await Promise.all([
    keys.make('leaked', { type: options.leakedKeyType ?? 'ed25519' }),
    keys.make('other'),
  ]);
  const presets = options.presets(leaked, other);
  const byInstance = new Map<string, Host>();
  const aws = await startAwsEmulator({
    ...options.emulator,
    executor: hostExecutor((id) => byInstance.get(id)),
  });
  const restoreEnv = applyEnv(emulatorEnv(aws, { oidc: false }));
  let hosts: Host[] = [];
  try {
    if (options.document !== false) {
      const ssm = new SSMClient(aws.clientConfig('ssm'));
      await installDocument(ssm);
      ssm.destroy();
    }
    hosts = await startHosts(presets.map((preset) => preset.spec));
    const fleetHosts = hosts.map((host, index) => {
      const preset = presets[index] as HostPreset;
      const instance = aws.state.addInstance({
        keyName,
        tags: { Name: preset.spec.name },
        ...options.instanceSpec?.(index, keyName),
      });
      byInstance.set(instance.instanceId, host);
      return { instanceId: instance.instanceId, host, preset };
    });
    const extraInstances = (options.extraInstances?.(keyName) ?? []).map(
      (spec) => aws.state.addInstance(spec).instanceId,
    );
    const importLeakedPair = async (): Promise<void> => {
      const ec2 = new EC2Client(aws.clientConfig('ec2'));
      await ec2.send(
        new ImportKeyPairCommand({
          KeyName: keyName,
          PublicKeyMaterial: Buffer.from(leaked.publicKeyLine),
        }),
      );
      ec2.destroy();
    };
    await importLeakedPair();

    // The finding comes from the scanner itself, reading the committed key file.
    const leakDir = join(keys.dir, 'leak');
    mkdirSync(leakDir);
    writeFileSync(join(leakDir, 'prod.pem'), readFileSync(leaked.privateKeyPath));
    const scanned = await scan({ path: leakDir, source: { kind: 'tree' }, ignore: [] });
    const finding = scanned.findings[0];
    if (!finding?.fingerprint) throw new Error('the scanner did not fingerprint the leaked key');

    return {
      aws,
      keys,
      leaked,
      other,
      keyName,
      hosts: fleetHosts,
      extraInstances,
      finding,
      config: (overrides = {}) => ({
        regions: [aws.region],
        credentials: { kind: 'default' },
        targetTag: { key: 'ec2-key-rotate', value: 'enabled' },
        parameterPath: '/ec2-key-rotate',
        kmsKeyId: null,
        newKeyType: 'ed25519',
        extraUsers: [],
        newKeyPairName: null,
        dryRun: false,
        run: {
          comment: 'ec2-key-rotate test',
          executionTimeout: 60,
          deliveryTimeout: 30,
          pollInitialMs: 20,
          pollMaxMs: 100,
          concurrency: 4,
        },
        runId: `test-${Math.random().toString(36).slice(2)}`,
        lockTtlMs: 60_000,
        log: () => undefined,
        ...overrides,
      }),
      custodyKeyFile(parameterName) {
        const value = aws.state.parameterValue(parameterName);
        if (!value) throw new Error(`no parameter ${parameterName}`);
        const file = join(keys.dir, `custody-${++custodyCount}`);
        writeFileSync(file, value.endsWith('\n') ? value : `${value}\n`, { mode: 0o600 });
        chmodSync(file, 0o600);
        return file;
      },
      async reset() {
        const region = aws.state.region();
        region.keyPairs.clear();
        region.parameters.clear();
        aws.faults.clear();
        aws.state.invalidKmsKeys.clear();
        for (const entry of fleetHosts) {
          aws.state.setBehaviour(entry.instanceId, undefined);
          aws.state.setPingStatus(entry.instanceId, 'Online');
          for (const user of entry.preset.spec.users) {
            if (user.authorizedKeys === undefined) continue;
            const home = user.home ?? (user.name === 'root' ? '/root' : `/home/${user.name}`);
            await entry.host.writeFile(`${home}/.ssh/authorized_keys`, user.authorizedKeys, {
              mode: user.authorizedKeysMode ?? 0o600,
              owner: user.name,
            });
          }
        }
        await importLeakedPair();
        aws.log.clear();
      },
      async stop() {
        restoreEnv();
        await Promise.all(hosts.map((host) => host.stop()));
        await aws.stop();
        keys.cleanup();
      },
    };
  } catch (error) {
    restoreEnv();
    await Promise.all(hosts.map((host) => host.stop()));
    await aws.stop();
    keys.cleanup();
    throw error;
  }
}

/** Every user the preset let in with the leaked key now gets in with `keyFile` only. */
export async function expectRotated(
  entry: FleetHost,
  keyFile: string,
  leaked: SshKey,
): Promise<void> {
  for (const user of entry.preset.keyUsers) {
    expect(
      await entry.host.sshLogin(user, keyFile),
      `${entry.preset.spec.name}: ${user} with the new key`,
    ).toBe(true);
    expect(
      await entry.host.sshLogin(user, leaked.privateKeyPath),
      `${entry.preset.spec.name}: ${user} with the leaked key`,
    ).toBe(false);
  }
}

/** The host was not changed: the leaked key still logs in for every user it did. */
export async function expectStillOld(entry: FleetHost, leaked: SshKey): Promise<void> {
  for (const user of entry.preset.keyUsers) {
    expect(
      await entry.host.sshLogin(user, leaked.privateKeyPath),
      `${entry.preset.spec.name}: ${user} keeps the old key`,
    ).toBe(true);
  }
}

/** Some key the operator holds (leaked or new) logs in for every user: nobody is locked out. */
export async function expectNotLockedOut(entry: FleetHost, keyFiles: string[]): Promise<void> {
  for (const user of entry.preset.keyUsers) {
    let any = false;
    for (const file of keyFiles) any ||= await entry.host.sshLogin(user, file);
    expect(any, `${entry.preset.spec.name}: ${user} can still log in`).toBe(true);
  }
}

export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

export function firstRotation(result: EngineResult): RotationReport {
  return must(result.rotations[0], `a rotation (errors: ${JSON.stringify(result.errors)})`);
}

export function newKeyOf(result: EngineResult): NonNullable<RotationReport['newKey']> {
  return must(firstRotation(result).newKey, 'the new key');
}
