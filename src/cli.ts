import { Command, CommanderError, Option } from 'commander';
import { runScanCommand } from './commands/scan.js';
import { OUTPUT_FORMATS } from './report/format.js';

/** Exit codes of the CLI contract. */
const EXIT_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`ec2-key-rotate: ${message.split('\n')[0]}\n`);
  process.exit(EXIT_ERROR);
}

const program = new Command('ec2-key-rotate')
  .description('Find committed EC2 private keys and rotate the key pairs they open.')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

program
  .command('scan')
  .description(
    'Scan a directory, a git history or a push range for private keys (exit 0 clean, 1 found, 2 error)',
  )
  .argument('[path]', 'directory or repository to scan', '.')
  .option('--history', 'scan every blob in the git history')
  .option('--range <A..B>', 'scan the commits a push adds (before..after)')
  .addOption(
    new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'),
  )
  .option('--output <file>', 'write the report to a file instead of stdout')
  .option('--ignore-file <file>', 'ignore file (default: PATH/.ec2-key-rotate-ignore when present)')
  .action(async (path: string, options) => {
    process.exitCode = await runScanCommand(path, options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR);
  }
  fail(error instanceof Error ? error.message : String(error));
}
