// Every `prunelab` subcommand, in the order `--help` lists them. One file per command.
import type { CliCommand } from '../command';
import { inspectCommand } from './inspect';

export const commands: CliCommand[] = [
  inspectCommand,
];
