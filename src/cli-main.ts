/**
 * The command line: its commands and their options. Loaded by the entry
 * (cli.ts) once the compile cache is on; each command's own modules load
 * only when it runs.
 */
import { Command, CommanderError, Option } from 'commander';
import { OUTPUT_FORMATS } from './report/format.js';
import { FAIL_ON } from './scan/fail-on.js';
import { allowScanWorkers } from './scan/parallel.js';
import { placeOfPath } from './scan/place.js';
import { escapeLogLine } from './report/log-escape.js';
import { VERSION } from './version.js';

/** Exit codes of the CLI contract. */
const EXIT_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`ec2-key-rotate: ${escapeLogLine(message.split('\n')[0] ?? '')}\n`);
  process.exit(EXIT_ERROR);
}

const program = new Command('ec2-key-rotate')
  .description('Find committed EC2 private keys and rotate the key pairs they open.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({
    writeErr: (text) => process.stderr.write(text),
    // The contract's one-line reason: keep commander's "(Did you mean …?)" on the same line.
    outputError: (text, write) => write(`${text.trimEnd().replace(/\s*\n\s*/g, ' ')}\n`),
  });

program
  .command('scan')
  .description(
    'Scan a directory, a git history or a push range for private keys (exit 0 clean, 1 found, 2 error)',
  )
  .argument('[path]', 'directory, repository, file, or - for standard input', '.')
  .option('--history', 'scan every blob, commit and tag message in the git history')
  .option('--range <A..B>', 'scan the commits a push adds (before..after), messages included')
  .option('--staged', 'scan what a commit would take: the staged files (for pre-commit hooks)')
  .option('--no-git', 'scan every file under the directory, untracked and ignored ones included')
  .addOption(
    new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'),
  )
  .option(
    '--output <file>',
    'write the report to a file instead of stdout (warnings stay on stderr)',
  )
  .addOption(
    new Option(
      '--fail-on <what>',
      'which findings exit 1: key (every finding but documentation placeholders), placeholder or any (placeholders too), none',
    )
      .choices(FAIL_ON)
      .default('key'),
  )
  .option(
    '--ignore-file <file>',
    "ignore file (default: .ec2-key-rotate-ignore at the top of PATH's repository, or in PATH, when present)",
  )
  .option(
    '--ignore-from <ref>',
    'read the ignore file from this commit (e.g. origin/main) instead of the working tree, refusing catch-all entries: for scanning untrusted commits',
  )
  .action(async (path: string, options) => {
    // Asked before the scanner's modules load: git answers while they compile.
    const where = placeOfPath(path);
    // A PATH that cannot be scanned fails this at once, while the import below still loads:
    // its error is met where the scan awaits it, and must not count as unhandled until then
    // (Node 20 would end the process with a stack trace and exit code 1, "keys found").
    where.catch(() => undefined);
    // Commands load on use: `scan` and `--version` never load the AWS SDK that `rotate` needs.
    const { runScanCommand } = await import('./commands/scan.js');
    process.exitCode = await runScanCommand(path, { ...options, where });
  });

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Where the new private key goes and what it is: rotate, plan and recover share these flags. */
function newKeyOptions(command: Command): Command {
  return command
    .option(
      '--parameter-path <path>',
      'Parameter Store path for the new private key',
      '/ec2-key-rotate',
    )
    .option('--kms-key-id <id>', 'KMS key for the SecureString parameter')
    .addOption(
      new Option('--key-type <type>', 'type of the new key')
        .choices(['ed25519', 'rsa'])
        .default('ed25519'),
    );
}

const formatOption = (): Option =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

for (const name of ['plan', 'rotate'] as const) {
  newKeyOptions(program.command(name))
    .description(
      name === 'plan'
        ? 'Show which key pairs and instances a rotation would touch; changes nothing'
        : 'Rotate key pairs across their instances through SSM Run Command (exit 0 done, 1 incomplete, 2 error)',
    )
    .option('--key-pair <name>', 'key pair to rotate (repeatable)', collect)
    .option('--from-scan <file>', 'rotate the key pairs opened by the keys in this scan JSON')
    .option(
      '--max-key-age <days>',
      'rotate key pairs carrying the target tag that are older than this',
    )
    .option('--region <region>', 'region to search (repeatable; default AWS_REGION)', collect)
    .option(
      '--target-tag <key=value>',
      'also maintain instances with this tag',
      'ec2-key-rotate=enabled',
    )
    .option('--user <name>', 'also give this user the new key (repeatable)', collect)
    .option(
      '--ssm-document <name>',
      "document that runs the host script: ec2-key-rotate (the project's own, installed by an administrator) or AWS-RunShellScript (the wider grant)",
      'ec2-key-rotate',
    )
    .option(
      '--new-key-pair-name <name>',
      'import the new key under this name instead of the old one',
    )
    .option(
      '--keyless',
      'remove the key from every SSM-online instance without installing a new one and delete the key pair (log in with Session Manager); instances SSM cannot reach keep their key and are listed. With --max-key-age, also list every instance that still has a key',
    )
    .addOption(
      new Option(
        '--offline-recovery <method>',
        'instances SSM cannot reach: none (report them), user-data (stop, boot once with the host script in user data, start) or reset-access (AWSSupport-ResetAccess: a new key, the leaked one NOT removed)',
      )
        .choices(['none', 'user-data', 'reset-access'])
        .default('none'),
    )
    .addOption(
      new Option(
        '--restore-user-data <when>',
        "with user-data: put the instance's own user data back by a second stop and start (stop-start) or at its next stop (once)",
      ).choices(['stop-start', 'once']),
    )
    .option('--dry-run', 'plan only')
    .option(
      '--break-lock',
      "take over the lock of a run that was killed (it resumes that run's rotation)",
    )
    .option(
      '--lock-wait <minutes>',
      'wait this long for a key pair another run is rotating before failing',
      '10',
    )
    .addOption(formatOption())
    .action(async (options) => {
      const { runRotateCommand } = await import('./commands/rotate.js');
      process.exitCode = await runRotateCommand(options, name === 'plan');
    });
}

program
  .command('install-document')
  .description(
    "Install or update the project's SSM document (ec2-key-rotate-host) that rotations run, with an administrator's credentials (exit 0 done, 1 --check found it missing or stale, 2 error)",
  )
  .option('--region <region>', 'region to install in (repeatable; default AWS_REGION)', collect)
  .option('--check', "only check that each region has this release's document")
  .action(async (options) => {
    const { runInstallDocumentCommand } = await import('./commands/install-document.js');
    process.exitCode = await runInstallDocumentCommand(options);
  });

newKeyOptions(program.command('recover'))
  .description(
    'Lost key: give USER a new key on the instances (custody in Parameter Store first, added and verified through SSM Run Command); prints how to fetch it and log in (exit 0 done, 1 incomplete, 2 error)',
  )
  .option('--instance <id>', 'instance to recover (repeatable)', collect)
  .option('--key-pair <name>', 'recover the instances launched with this key pair')
  .option('--user <name>', 'the account that gets the new key (e.g. ec2-user, ubuntu)')
  .option('--region <region>', 'region of the instances (default AWS_REGION)')
  .option(
    '--revoke-old',
    "also remove the key pair's current public key where the new key is verified (a lost key may be a stolen one)",
  )
  .option('--import-key-pair <name>', 'import the new public key as an EC2 key pair of this name')
  .option(
    '--ssm-document <name>',
    "document that runs the host script: ec2-key-rotate (the project's own) or AWS-RunShellScript",
    'ec2-key-rotate',
  )
  .option('--break-lock', 'take over the lock of a recovery that was killed (it resumes that run)')
  .option('--lock-wait <minutes>', 'wait this long for a recovery another run holds', '10')
  .addOption(formatOption())
  .action(async (options) => {
    const { runRecoverCommand } = await import('./commands/recover.js');
    process.exitCode = await runRecoverCommand(options);
  });

program
  .command('audit')
  .description(
    'Was the leaked key used? Read sshd logs on every instance it opens, through SSM Run Command; changes nothing (exit 0 not used, 1 used or cannot tell, 2 error)',
  )
  .option('--key-pair <name>', 'audit the key of this key pair (repeatable)', collect)
  .option('--from-scan <file>', 'audit the keys in this scan JSON (leak time: their first commit)')
  .option('--region <region>', 'region to search (repeatable; default AWS_REGION)', collect)
  .option(
    '--since <iso-time>',
    'leak time, e.g. 2026-03-05T10:00:00Z (default: first commit, or the key pair creation)',
  )
  .option(
    '--target-tag <key=value>',
    'also audit instances with this tag',
    'ec2-key-rotate=enabled',
  )
  .option('--parameter-path <path>', 'Parameter Store path of the leak records', '/ec2-key-rotate')
  .option(
    '--ssm-document <name>',
    "document that runs the host script: ec2-key-rotate (the project's own) or AWS-RunShellScript",
    'ec2-key-rotate',
  )
  .addOption(formatOption())
  .action(async (options) => {
    const { runAuditCommand } = await import('./commands/audit.js');
    process.exitCode = await runAuditCommand(options);
  });

try {
  // Scans may start a worker on this process's entry (src/cli.ts serves it there).
  allowScanWorkers(process.argv[1]);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR);
  }
  fail(error instanceof Error ? error.message : String(error));
}
