// Every `prunelab` subcommand, in the order `--help` lists them. One file per command.
import type { CliCommand } from '../command';
import { inspectCommand } from './inspect';
import { pruneCommand } from './prune';
import { runCommand } from './run';
import { benchCommand } from './bench';
import { demoCommand } from './demo';

export const commands: CliCommand[] = [
  inspectCommand,
  pruneCommand,
  runCommand,
  benchCommand,
  demoCommand,
];
