/**
 * The project's SSM document (src/aws/host/document.ts): what it holds, how
 * its parameters reach the shell (as data, whatever they hold), how the
 * emulated SSM checks them, how it is installed and how a run notices a
 * document that is not this release's; the CloudFormation template that
 * installs it; and the AWS-RunShellScript opt-in on a real host.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import {
  CreateDocumentCommand,
  SendCommandCommand,
  SSMClient,
  UpdateDocumentDefaultVersionCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRotation } from '../../src/aws/engine.js';
import {
  checkInstalledDocument,
  DOCUMENT_NAME,
  DOCUMENT_PARAMETERS,
  documentContent,
  documentObject,
  documentVersionName,
  hostCommand,
  PARAMETERS_END,
} from '../../src/aws/host/document.js';
import { installDocument } from '../../src/aws/host/document-install.js';
import { compactBody } from '../../src/aws/host/host-script.js';
import { DEFAULT_RUN_OPTIONS } from '../../src/aws/run-command.js';
import { template, TEMPLATE } from '../../scripts/ssm-document.js';
import { applyEnv, emulatorEnv, startAwsEmulator, type AwsEmulator } from '../emulators/index.js';
import { matchesAllowedPattern } from '../emulators/ssm-documents.js';
import {
  expectRotated,
  firstRotation,
  newKeyOf,
  startFleet,
  type Fleet,
} from '../helpers/fleet.js';
import { debianHost, hostSupport } from '../helpers/hosts.js';
import { simulatedFleet } from '../helpers/simulated-hosts.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ1mzxYb8N4nEmRNMbdq7qO2VNtvUXIzQkkQkSZ1yPk';
const OLD_BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIOTpq3oVbGvAJrVM8cKqfZ8Ui7jqVbHiGPJdqE7QjnC5';

type Step = { inputs: { runCommand: string[]; timeoutSeconds: string } };
const SPECS = DOCUMENT_PARAMETERS as Record<
  string,
  { allowedPattern?: string; allowedValues?: readonly string[] }
>;
const runCommand = (): string[] =>
  (documentObject().mainSteps as Step[])[0]?.inputs.runCommand ?? [];

/** What SSM does with a document's parameters: paste each value where `{{ name }}` stands. */
function paste(lines: string[], values: Record<string, string>): string {
  return lines
    .map((line) => line.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? ''))
    .join('\n');
}

const SHELLS = ['dash', 'bash'].filter((shell) => spawnSync(shell, ['-c', 'true']).status === 0);

describe('the document', () => {
  it('is a schema 2.2 Command document: one aws:runShellScript step, Linux only, under 64 KB', () => {
    const document = documentObject() as {
      schemaVersion: string;
      mainSteps: { action: string; precondition: unknown; inputs: Step['inputs'] }[];
    };
    expect(document.schemaVersion).toBe('2.2');
    expect(document.mainSteps).toHaveLength(1);
    expect(document.mainSteps[0]?.action).toBe('aws:runShellScript');
    expect(document.mainSteps[0]?.precondition).toEqual({
      StringEquals: ['platformType', 'Linux'],
    });
    expect(document.mainSteps[0]?.inputs.timeoutSeconds).toBe('{{ executionTimeout }}');
    expect(Buffer.byteLength(documentContent())).toBeLessThan(64 * 1024);
    // The script is embedded whole, after the lines that read the parameters.
    expect(runCommand().join('\n')).toContain(compactBody().trimEnd());
    expect(documentVersionName()).toMatch(/^sha256-[0-9a-f]{20}$/);
  });

  it('gives every parameter allowedValues or an allowedPattern, and mentions each exactly once', () => {
    const text = runCommand().join('\n');
    for (const [name, spec] of Object.entries(DOCUMENT_PARAMETERS)) {
      expect('allowedValues' in spec || 'allowedPattern' in spec, name).toBe(true);
      const uses = [...JSON.stringify(documentObject().mainSteps).matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
        .map(([, used]) => used)
        .filter((used) => used === name);
      expect(uses, name).toHaveLength(1);
    }
    // Nothing else in the script looks like a reference SSM would resolve.
    expect(text.replace(/=\{\{ \w+ \}\}/g, '')).not.toMatch(/\{\{|\}\}/);
  });

  it("turns a phase's inputs into values every pattern admits (the key comment made safe)", () => {
    const command = hostCommand({
      phase: 'add',
      oldKeyBlobs: [OLD_BLOB],
      newKeyLine: `${ED25519} ec2-key-rotate it's {prod}`,
      extraUsers: ['deploy', 'svc$'],
    });
    expect(command.parameters.newKeyLine).toEqual([`${ED25519} ec2-key-rotate it_s _prod_`]);
    expect(command.parameters.newKeyFingerprint[0]).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    for (const [name, [value]] of Object.entries(command.parameters)) {
      const spec = SPECS[name];
      if (spec?.allowedValues) expect(spec.allowedValues).toContain(value);
      if (spec?.allowedPattern)
        expect(matchesAllowedPattern(spec.allowedPattern, value), name).toBe(true);
    }
    // The probe sends empty values for the new key, which the patterns admit too.
    const probe = hostCommand({
      phase: 'probe',
      oldKeyBlobs: [OLD_BLOB],
      newKeyLine: null,
      extraUsers: [],
    });
    expect(probe.parameters.newKeyLine).toEqual(['']);
    // What SSM would refuse for every batch is refused once, before anything is sent.
    expect(() =>
      hostCommand({
        phase: 'probe',
        oldKeyBlobs: Array.from(
          { length: 33 },
          (_, i) => `${OLD_BLOB.slice(0, -4)}${String(i).padStart(4, 'A')}`,
        ),
        newKeyLine: null,
        extraUsers: [],
      }),
    ).toThrow(/oldKeyBlobs parameter of the SSM document/);
  });
});

describe.skipIf(SHELLS.length === 0)('parameters reach the shell as data', () => {
  let dir: string;
  /** The lines that read the parameters, then a dump of what they read. */
  const prelude = (): string[] => {
    const lines = runCommand();
    const end = lines.indexOf('unset EC2KR_N EC2KR_L EC2KR_BAD');
    expect(end).toBeGreaterThan(0);
    return [
      ...lines.slice(0, end + 1),
      'for v in "$EC2KR_PHASE" "$EC2KR_OLD_BLOBS" "$EC2KR_NEW_LINE" "$EC2KR_NEW_FP" "$EC2KR_EXTRA_USERS"; do printf "%s\\036" "$v"; done',
    ];
  };
  const run = (shell: string, values: Record<string, string>) => {
    const result = spawnSync(shell, ['-c', paste(prelude(), values)], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });
    return { ...result, pwned: readdirSync(dir) };
  };
  const all = (value: string): Record<string, string> => ({
    phase: value,
    oldKeyBlobs: value,
    newKeyLine: value,
    newKeyFingerprint: value,
    users: value,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ec2kr-quoting-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Values no pattern admits, as SSM would paste them if one did. */
  const HOSTILE = [
    "'; touch PWNED; '",
    '"; touch PWNED; "',
    '$(touch PWNED)',
    '`touch PWNED`',
    '${IFS}touch${IFS}PWNED',
    '; touch PWNED #',
    '|touch PWNED',
    '&& touch PWNED &',
    'x\\',
    '\\',
    PARAMETERS_END,
    `${PARAMETERS_END} touch PWNED`,
    'EC2KR"\'"PARAMETERS',
    '{{ phase }}',
    '$EC2KR_PHASE $HOME',
    '* ?',
    '\ttab\t',
    '=EC2KR-END',
    '<<EOF',
  ];

  it.each(SHELLS)(
    '%s: no value without a line break runs anything; each is read back exactly',
    (shell) => {
      for (const value of HOSTILE) {
        const result = run(shell, all(value));
        expect(result.pwned, value).toEqual([]);
        expect(result.status, `${value}: ${result.stderr}`).toBe(0);
        expect(result.stdout.split('\u001e').slice(0, 5), value).toEqual(Array(5).fill(value));
      }
      // Real values, for contrast.
      const values = {
        phase: 'add',
        oldKeyBlobs: `${OLD_BLOB} ${OLD_BLOB}`,
        newKeyLine: `${ED25519} ec2-key-rotate prod`,
        newKeyFingerprint: 'SHA256:abc',
        users: 'deploy svc$',
      };
      expect(run(shell, values).stdout.split('\u001e').slice(0, 5)).toEqual(Object.values(values));
    },
  );

  it.each(SHELLS)(
    '%s: a value with a line break fails closed (bad-parameters), runs nothing',
    (shell) => {
      for (const value of [
        'add\ntouch PWNED',
        'add\n',
        'add\n=x',
        '\n=EC2KR-END',
        'a\r\nb',
        "x\n'; touch PWNED; '",
      ]) {
        for (const name of Object.keys(all(''))) {
          const values = { ...all('add'), [name]: value };
          const result = run(shell, values);
          expect(result.pwned, JSON.stringify(value)).toEqual([]);
          expect(result.status, JSON.stringify(value)).toBe(2);
          expect(result.stdout).toMatch(
            /^EC2KR-RESULT v=2 phase=\w+ status=failed .* error=bad-parameters\n$/,
          );
        }
      }
    },
  );

  it('only a line break followed by the closing line could end the parameters: every pattern refuses both', () => {
    // What it would take (shown on the shell, so the claim is about real behaviour):
    const escape = `x\n${PARAMETERS_END}\ntouch PWNED\n: `;
    const result = run(SHELLS[0] as string, { ...all('add'), users: escape });
    expect(result.pwned).toEqual(['PWNED']);
    // …and no pattern admits a quote or a line break anywhere but at the very end.
    for (const [name, spec] of Object.entries(SPECS)) {
      const pattern = spec.allowedPattern ?? null;
      const admitted = (value: string): boolean =>
        pattern
          ? matchesAllowedPattern(pattern, value)
          : (spec.allowedValues ?? []).includes(value);
      expect(admitted(escape), name).toBe(false);
      for (const bad of ["'", '\n', '{', '}', '`', '$(', '"', '\\', ';']) {
        for (const base of [
          'probe',
          OLD_BLOB,
          `${ED25519} c`,
          'SHA256:' + 'A'.repeat(43),
          'deploy',
          '600',
        ]) {
          expect(admitted(`${base}${bad}x`), `${name} admits ${JSON.stringify(bad)}`).toBe(false);
          expect(admitted(`${bad}${base}`), `${name} admits ${JSON.stringify(bad)}`).toBe(false);
        }
      }
    }
  });
});

describe('the document on the local SSM', () => {
  let aws: AwsEmulator;
  let ssm: SSMClient;
  let restore: () => void;

  beforeEach(async () => {
    const hosts = simulatedFleet(5);
    aws = await startAwsEmulator({ executor: hosts.executor });
    restore = applyEnv(emulatorEnv(aws, { oidc: false }));
    ssm = new SSMClient(aws.clientConfig('ssm'));
  });

  afterEach(async () => {
    ssm.destroy();
    restore();
    await aws.stop();
  });

  const send = (parameters: Record<string, string[]>, ids: string[]) =>
    ssm.send(
      new SendCommandCommand({
        DocumentName: DOCUMENT_NAME,
        InstanceIds: ids,
        Parameters: parameters,
      }),
    );

  it('rejects values that fail the patterns with InvalidParameters, before anything runs', async () => {
    await installDocument(ssm);
    const [instance] = aws.state.addInstances(1);
    const id = instance?.instanceId as string;
    const good = hostCommand({
      phase: 'add',
      oldKeyBlobs: [OLD_BLOB],
      newKeyLine: ED25519,
      extraUsers: [],
    }).parameters;
    await expect(send(good, [id])).resolves.toBeTruthy();
    const hostile: Record<string, string[]>[] = [
      { ...good, phase: ['add; touch /PWNED'] },
      { ...good, phase: ['Add'] },
      { ...good, oldKeyBlobs: [`${OLD_BLOB}'`] },
      { ...good, oldKeyBlobs: [`${OLD_BLOB}\n${PARAMETERS_END}\ntouch /PWNED`] },
      { ...good, newKeyLine: [`${ED25519} $(touch /PWNED)`] },
      { ...good, newKeyLine: [`${ED25519} it's`] },
      { ...good, newKeyLine: [`${ED25519} {{ssm:/ec2-key-rotate/prod/private-key}}`] },
      { ...good, newKeyLine: ['command="touch /PWNED" ' + ED25519] },
      { ...good, newKeyFingerprint: ['SHA256:`touch /PWNED`'] },
      { ...good, users: ['root;touch /PWNED'] },
      { ...good, users: ['root\nx'] },
      { ...good, executionTimeout: ['0'] },
      { ...good, commands: ['touch /PWNED'] },
    ];
    for (const parameters of hostile) {
      await expect(send(parameters, [id]), JSON.stringify(parameters)).rejects.toMatchObject({
        name: 'InvalidParameters',
      });
    }
    expect(aws.state.commands()).toHaveLength(1);
  });

  it('runs the document by name: the parameters pasted into its script, the executionTimeout applied', async () => {
    await installDocument(ssm);
    const [instance] = aws.state.addInstances(1);
    const { parameters } = hostCommand({
      phase: 'verify',
      oldKeyBlobs: [OLD_BLOB],
      newKeyLine: ED25519,
      extraUsers: ['deploy'],
    });
    await send({ ...parameters, executionTimeout: ['42'] }, [instance?.instanceId as string]);
    const [command] = aws.state.commands();
    expect(command?.executionTimeoutSeconds).toBe(42);
    expect(command?.script).toContain(`\n=verify\n=${OLD_BLOB}\n=${ED25519}\n`);
    expect(command?.script).toContain(compactBody().trimEnd());
    expect(command?.script).not.toMatch(/\{\{/);
  });

  it('says how to install it when it is missing', async () => {
    await expect(checkInstalledDocument(ssm, aws.region)).rejects.toThrow(
      /the SSM document ec2-key-rotate-host is not installed in us-east-1: .*ec2-key-rotate install-document --region us-east-1.*docs\/ssm-document\.cfn\.yaml/,
    );
  });

  it("installs it, notices a document from an older script, and updates it to this release's", async () => {
    // An administrator installed an older release's document.
    const older = documentObject() as { mainSteps: Step[] };
    (older.mainSteps[0] as Step).inputs.runCommand = [...runCommand(), 'echo older'];
    await ssm.send(
      new CreateDocumentCommand({
        Name: DOCUMENT_NAME,
        Content: JSON.stringify(older),
        DocumentType: 'Command',
        DocumentFormat: 'JSON',
        VersionName: 'sha256-0123456789abcdef0123',
      }),
    );
    await expect(checkInstalledDocument(ssm, aws.region)).rejects.toThrow(
      new RegExp(
        `the SSM document ec2-key-rotate-host in us-east-1 \\(version 1 "sha256-0123456789abcdef0123"\\) is not this release's host script \\(${documentVersionName()}\\): .*install-document --region us-east-1.*CloudFormation`,
      ),
    );
    expect(await installDocument(ssm)).toMatchObject({ action: 'updated', version: '2' });
    expect(await checkInstalledDocument(ssm, aws.region)).toEqual({
      name: DOCUMENT_NAME,
      version: '2',
    });
    expect(await installDocument(ssm)).toMatchObject({ action: 'unchanged', version: '2' });
    // A stack update that added the version without making it the default: still found, pinned.
    await ssm.send(
      new UpdateDocumentDefaultVersionCommand({ Name: DOCUMENT_NAME, DocumentVersion: '1' }),
    );
    expect(await checkInstalledDocument(ssm, aws.region)).toMatchObject({ version: '2' });
    expect(await installDocument(ssm)).toMatchObject({ action: 'made-default', version: '2' });
    expect(aws.state.region().documents.get(DOCUMENT_NAME)?.defaultVersion).toBe('2');
  });

  it('a rotation stops before any command when the installed document is not this release’s', async () => {
    const older = documentObject() as { mainSteps: Step[] };
    (older.mainSteps[0] as Step).inputs.runCommand = ['echo older'];
    await ssm.send(
      new CreateDocumentCommand({
        Name: DOCUMENT_NAME,
        Content: JSON.stringify(older),
        DocumentType: 'Command',
      }),
    );
    const ec2 = new EC2Client(aws.clientConfig('ec2'));
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: 'fleet',
        PublicKeyMaterial: Buffer.from(`${ED25519} x`),
      }),
    );
    ec2.destroy();
    aws.state.addInstances(3, () => ({ keyName: 'fleet' }));
    const result = await runRotation(
      { kind: 'key-pairs', names: ['fleet'] },
      {
        regions: [aws.region],
        credentials: { kind: 'default' },
        targetTag: null,
        parameterPath: '/ec2-key-rotate',
        kmsKeyId: null,
        newKeyType: 'ed25519',
        extraUsers: [],
        newKeyPairName: null,
        dryRun: false,
        run: DEFAULT_RUN_OPTIONS,
        runId: 'document-test',
        lockTtlMs: 60_000,
        log: () => undefined,
      },
    );
    expect(result.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/not this release's host script.*install-document --region us-east-1/),
    ]);
    expect(aws.log.count('SendCommand')).toBe(0);
    expect(aws.log.count('PutParameter', 'ssm')).toBeLessThanOrEqual(2); // the lock only
  });
});

describe('docs/ssm-document.cfn.yaml', () => {
  it('is up to date: the document this release runs (regenerate: node --import tsx scripts/ssm-document.ts)', async () => {
    expect(existsSync(TEMPLATE)).toBe(true);
    const text = readFileSync(TEMPLATE, 'utf8');
    expect(text).toBe(await template());
    const parsed = parse(text) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const resource = parsed.Resources.HostScriptDocument;
    expect(resource?.Type).toBe('AWS::SSM::Document');
    expect(resource?.Properties).toMatchObject({
      Name: DOCUMENT_NAME,
      DocumentType: 'Command',
      VersionName: documentVersionName(),
      UpdateMethod: 'NewVersion',
    });
    expect(resource?.Properties.Content).toEqual(JSON.parse(documentContent()));
  });
});

const unsupported = hostSupport();
describe.skipIf(unsupported !== null)('on a real host', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => [debianHost(leaked.publicKeyLine)],
      document: false,
    });
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it('AWS-RunShellScript (the opt-in, wider grant) rotates without the document', async () => {
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ run: { ...fleet.config().run, ssmDocument: 'AWS-RunShellScript' } }),
    );
    expect(result.errors).toEqual([]);
    expect(firstRotation(result).hosts.map((host) => host.outcome)).toEqual(['rotated']);
    for (const send of fleet.aws.log.calls('SendCommand'))
      expect(send.params.DocumentName).toBe('AWS-RunShellScript');
    expect(fleet.aws.log.count('GetDocument')).toBe(0);
    const keyFile = fleet.custodyKeyFile(newKeyOf(result).parameterName);
    await expectRotated(fleet.hosts[0] as Fleet['hosts'][number], keyFile, fleet.leaked);
  });

  it('the document without its install: the rotation says how to install it and touches nothing', async () => {
    await fleet.reset();
    const before = await fleet.hosts[0]?.host.snapshot();
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config(),
    );
    expect(result.errors[0]?.message).toMatch(/not installed in us-east-1: .*install-document/);
    expect(fleet.aws.log.count('SendCommand')).toBe(0);
    expect(await fleet.hosts[0]?.host.snapshot()).toEqual(before);
  });

  it('a value with a trailing line break (which a Java-style pattern lets through) fails closed on the host', async () => {
    await installDocument(new SSMClient(fleet.aws.clientConfig('ssm')));
    const before = await fleet.hosts[0]?.host.snapshot();
    const { parameters } = hostCommand({
      phase: 'add',
      oldKeyBlobs: [fleet.leaked.blob],
      newKeyLine: ED25519,
      extraUsers: [],
    });
    const ssm = new SSMClient(fleet.aws.clientConfig('ssm'));
    await ssm.send(
      new SendCommandCommand({
        DocumentName: DOCUMENT_NAME,
        InstanceIds: [fleet.hosts[0]?.instanceId as string],
        Parameters: { ...parameters, users: ['root\n'] },
      }),
    );
    ssm.destroy();
    await fleet.aws.commandsIdle();
    const [invocation] = [...(fleet.aws.state.commands().at(-1)?.invocations.values() ?? [])];
    expect(invocation?.stdout).toMatch(/status=failed .*error=bad-parameters/);
    expect(invocation?.responseCode).toBe(2);
    expect(await fleet.hosts[0]?.host.snapshot()).toEqual(before);
  });
});
