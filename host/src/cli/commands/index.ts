// Every `prunelab` subcommand, in the order `--help` lists them. One file per command.
import type { CliCommand } from '../command';
import { inspectCommand } from './inspect';
import { pruneCommand } from './prune';

export const commands: CliCommand[] = [
  inspectCommand,
  pruneCommand,
];
