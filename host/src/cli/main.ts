// `prunelab`: the host twin of the PruneLab app.
import { commands } from './commands/index';
import { describeError, exitCodeFor } from './command';
import { loadPruner } from '../native';

const VERSION = '0.1.0';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'prunelab: prune MindSpore Lite (.ms) models and measure what pruning bought',
    '',
    'usage: prunelab <command> [options]      prunelab <command> --help',
    '',
    'commands:',
    ...lines,
    '',
    'options: --help, --version',
    'exit codes: 0 ok, 2 bad input or usage, 1 internal error',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    let native = 'not built';
    try {
      native = loadPruner().version();
    } catch {
      // The version of the command itself is still worth printing.
    }
    process.stdout.write(`prunelab ${VERSION} (native core ${native})\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`prunelab: unknown command '${name}'\n\n${overview()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`prunelab ${name}: ${describeError(error)}\n`);
    if (exitCodeFor(error) === 1 && error instanceof Error && error.stack !== undefined && process.env.PRUNELAB_DEBUG) {
      process.stderr.write(error.stack + '\n');
    }
    return exitCodeFor(error);
  }
}
