// The local demo (`npm run demo`): the whole story on this machine, with no
// AWS or GitHub account. A developer commits an EC2 key (generated now,
// never stored in this project) to a throwaway repository; the CLI finds it
// in the push and in the history, plans and runs the rotation against a
// local AWS (EC2, SSM, STS over their real wire protocols) whose Run Command
// executes the rotation script inside three real sshd hosts; then the real
// ssh client shows the new key logging in and the leaked key refused.
//
// The hosts need root (mount namespaces); without it the demo stops after
// the scan and says why.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { emulatorEnv, startAwsEmulator } from '../test/emulators/index.js';
import { GITHUB_TOKEN_PERMISSIONS, startGitHubServer } from '../test/github/index.js';
import { pushPayload, runAction, visibleLog } from '../test/helpers/action-runner.js';
import { bootFromUserData } from '../test/helpers/boot.js';
import {
  amazonLinuxHost,
  debianHost,
  hostExecutor,
  hostSupportReason,
  startHosts,
  ubuntuHost,
  type Host,
  type HostPreset,
} from '../test/helpers/hosts.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'ec2-key-rotate-demo-'));
const repo = join(work, 'app');
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Dev Eloper',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev Eloper',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};
const git = (...args: string[]): string =>
  execFileSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' }).trim();
const say = (text: string): void => console.log(`\n\x1b[1m== ${text}\x1b[0m`);
const outputs: string[] = [];

/** Runs the CLI as a user would. Asynchronously: the local AWS answers from this same process. */
async function ec2KeyRotate(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  console.log(`$ ec2-key-rotate ${args.join(' ')}`);
  const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number>((resolve) =>
    child.on('close', (code) => resolve(code ?? 2)),
  );
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  outputs.push(stdout, stderr);
  console.log(`(exit code ${status})`);
  return status;
}

function fail(message: string): never {
  throw new Error(`demo failed: ${message}`);
}

async function main(): Promise<void> {
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# app\n');
  git('add', '.');
  git('commit', '-qm', 'initial commit');
  const before = git('rev-parse', 'HEAD');

  say('A developer commits the EC2 launch key and pastes it into a config file');
  const keyFile = join(work, 'prod.pem');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'prod', '-f', keyFile]);
  const leakedPem = readFileSync(keyFile, 'utf8');
  const leakedPublic = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  mkdirSync(join(repo, 'deploy'));
  writeFileSync(join(repo, 'deploy', 'prod.pem'), leakedPem);
  writeFileSync(
    join(repo, 'deploy', 'config.json'),
    `${JSON.stringify({ host: '203.0.113.10', sshKey: leakedPem }, null, 2)}\n`,
  );
  git('add', '.');
  git('commit', '-qm', 'add deploy key');
  const after = git('rev-parse', 'HEAD');

  say('The push that leaked it (what a push-triggered workflow scans)');
  const scanFile = join(work, 'scan.json');
  if ((await ec2KeyRotate(['scan', '--range', `${before}..${after}`])) !== 1)
    fail('the key was not found');
  await ec2KeyRotate([
    'scan',
    '--range',
    `${before}..${after}`,
    '--format',
    'json',
    '--output',
    scanFile,
  ]);

  say('Deleting the files does not help: the history still holds the key');
  git('rm', '-q', 'deploy/prod.pem', 'deploy/config.json');
  git('commit', '-qm', 'remove key');
  await ec2KeyRotate(['scan', '.']);
  await ec2KeyRotate(['scan', '.', '--history']);

  const unsupported = hostSupportReason();
  if (unsupported) {
    console.log(`\nThe rotation part of the demo needs local test hosts: ${unsupported}.`);
    return;
  }

  say('A local AWS account (key pair "prod", four instances) and a local GitHub');
  const hostsById = new Map<string, Host>();
  const aws = await startAwsEmulator({ executor: hostExecutor((id) => hostsById.get(id)) });
  const github = await startGitHubServer({
    owner: 'acme',
    repo: 'app',
    token: 'ghs_demo_workflow_token',
    permissions: GITHUB_TOKEN_PERMISSIONS,
  });
  // Debian's sshd logs through syslog to /var/log/auth.log: the audit reads it.
  const debian = debianHost(leakedPublic);
  const presets: HostPreset[] = [
    amazonLinuxHost(leakedPublic),
    ubuntuHost(leakedPublic),
    { ...debian, spec: { ...debian.spec, logs: { syslogFile: '/var/log/auth.log' } } },
  ];
  // A bastion without the SSM agent: Run Command cannot reach it, user data can.
  const bastion = ubuntuHost(leakedPublic);
  presets.push({ ...bastion, spec: { ...bastion.spec, name: 'bastion' } });
  const bastionUserData = "#!/bin/sh\n# the bastion's own launch script\necho ready\n";
  let hosts: Host[] = [];
  try {
    hosts = await startHosts(presets.map((preset) => preset.spec));
    const env = { ...process.env, ...emulatorEnv(aws, { oidc: false }) };
    const ec2 = new EC2Client(aws.clientConfig('ec2'));
    await ec2.send(
      new ImportKeyPairCommand({ KeyName: 'prod', PublicKeyMaterial: Buffer.from(leakedPublic) }),
    );
    ec2.destroy();
    let bastionId = '';
    hosts.forEach((host, index) => {
      const offline = host.name === 'bastion';
      const instance = aws.state.addInstance({
        keyName: 'prod',
        // The tag lets the role stop and start it (docs/iam: tagged instances only).
        tags: {
          Name: presets[index]?.spec.name ?? host.name,
          ...(offline ? { 'ec2-key-rotate': 'enabled' } : {}),
        },
        ...(offline ? { ssm: false as const, userData: bastionUserData } : {}),
      });
      hostsById.set(instance.instanceId, host);
      if (offline) {
        bastionId = instance.instanceId;
        aws.state.setBoot(instance.instanceId, bootFromUserData(host));
      }
      console.log(
        `  ${instance.instanceId}  ${host.name.padEnd(13)} sshd on 127.0.0.1:${host.port}${offline ? ' (no SSM agent)' : ''}`,
      );
    });

    say('Plan: which key pair the leaked key opens, and which instances it reaches');
    await ec2KeyRotate(['plan', '--from-scan', scanFile, '--region', aws.region], env);

    say("Once per account and region, an administrator installs the rotation's SSM document");
    await ec2KeyRotate(['install-document', '--region', aws.region], env);

    say('Meanwhile, someone who found the key in the repository logs in to debian with it');
    const intruder = hosts[2];
    if (!intruder || !(await intruder.sshLogin('admin', keyFile)))
      fail('the leaked key did not log in before the rotation');
    console.log('  ssh -i leaked.pem admin@debian: logged in (sshd wrote it to /var/log/auth.log)');

    say('The push-triggered workflow: the action, run as a runner runs it');
    console.log(
      'dist/index.js, event push (the commits above), OIDC role for AWS, GITHUB_TOKEN for issues:',
    );
    const action = await runAction({
      eventName: 'push',
      payload: pushPayload('acme', 'app', before, after),
      workspace: repo,
      tempDir: work,
      inputs: {
        'github-token': github.token,
        'role-to-assume': aws.oidc.roleArn,
        'aws-regions': aws.region,
      },
      env: {
        ...emulatorEnv(aws, { credentials: false }),
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_API_URL: github.url,
      },
    });
    const shown = visibleLog(action.log);
    outputs.push(shown, JSON.stringify(action.outputs), action.summary);
    for (const line of shown.split('\n'))
      if (line && !line.startsWith('::debug::')) console.log(`  | ${line}`);
    console.log(
      `(exit code ${action.code}: the step fails because a key was committed, and because it was used)`,
    );
    if (action.outputs['leaked-key-logins'] !== '1')
      fail(`the audit saw ${action.outputs['leaked-key-logins'] ?? 'no'} login(s), not 1`);
    const issue = github.state.issues[0];
    if (!issue) fail('the action opened no issue');
    say(`The issue it opened on the (local) GitHub: #${issue.number} ${issue.title}`);
    console.log(
      (issue.body ?? '')
        .split('\n')
        .filter((line) => !line.startsWith('<!--'))
        .map((line) => `  > ${line}`)
        .join('\n'),
    );
    outputs.push(issue.body ?? '');

    say('The bastion has no SSM agent: recover it offline, through user data');
    console.log(
      '  (checked first: EBS root, no Auto Scaling group, no stop protection, not spot; its user data saved',
    );
    console.log(
      '   to Parameter Store; stopped, booted once with the rotation script as a boothook, result read',
    );
    console.log('   from the console, its own user data put back by a second stop and start)');
    if (
      (await ec2KeyRotate(
        [
          'rotate',
          '--from-scan',
          scanFile,
          '--region',
          aws.region,
          '--offline-recovery',
          'user-data',
        ],
        env,
      )) !== 0
    )
      fail('the offline recovery did not close the leak');
    const restored = aws.state.instance(bastionId);
    if (restored?.state !== 'running' || restored.userData?.toString() !== bastionUserData)
      fail('the bastion is not running with its own user data');
    console.log('  bastion: running again, its own user data back byte for byte');

    say('An operator fetches the new private key from Parameter Store and logs in');
    const ssm = new SSMClient(aws.clientConfig('ssm'));
    const parameter = await ssm.send(
      new GetParameterCommand({ Name: '/ec2-key-rotate/prod/private-key', WithDecryption: true }),
    );
    ssm.destroy();
    const newKeyFile = join(work, 'prod-new');
    writeFileSync(newKeyFile, `${(parameter.Parameter?.Value ?? '').trim()}\n`, { mode: 0o600 });
    let allGood = true;
    for (const [index, host] of hosts.entries()) {
      for (const user of presets[index]?.keyUsers ?? []) {
        if (user === 'root') continue; // cloud-init's root line only says "log in as …"
        const withNew = await host.sshLogin(user, newKeyFile);
        const withLeaked = await host.sshLogin(user, keyFile);
        allGood &&= withNew && !withLeaked;
        console.log(
          `  ssh ${user}@${host.name}: new key ${withNew ? 'logs in' : 'REFUSED'}, leaked key ${withLeaked ? 'STILL LOGS IN' : 'refused'}`,
        );
      }
    }
    if (!allGood) fail('a host did not end up with the new key only');
    const secretLines = [leakedPem, parameter.Parameter?.Value ?? '']
      .flatMap((pem) => pem.split('\n'))
      .filter((line) => line.length > 20 && !line.startsWith('-----'));
    if (outputs.some((text) => secretLines.some((line) => text.includes(line)))) {
      fail('private key material reached the output');
    }
    console.log(
      '\nDemo complete: the leaked key was found, rotated away on every reachable host, and never printed.',
    );
  } finally {
    await Promise.all(hosts.map((host) => host.stop()));
    await aws.stop();
    await github.stop();
  }
}

try {
  await main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
