// Every `prunelab` subcommand, in the order `--help` lists them. One file per command.
import type { CliCommand } from '../command';

export const commands: CliCommand[] = [
];
