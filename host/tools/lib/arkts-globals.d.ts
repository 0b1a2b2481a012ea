// The few ArkTS runtime globals that code outside ArkUI may use and that both the device and
// Node provide: console and the timers. Used by the ArkTS gate only when no SDK is given (the
// SDK's global.d.ts declares them then). Signatures follow the SDK's: the first console
// argument is a string.

type ArkTSGlobalArg = Object | undefined | null;

declare class console {
  static debug(message: string, ...args: ArkTSGlobalArg[]): void;
  static log(message: string, ...args: ArkTSGlobalArg[]): void;
  static info(message: string, ...args: ArkTSGlobalArg[]): void;
  static warn(message: string, ...args: ArkTSGlobalArg[]): void;
  static error(message: string, ...args: ArkTSGlobalArg[]): void;
}

declare function setTimeout(handler: Function | string, delay?: number, ...args: ArkTSGlobalArg[]): number;
declare function setInterval(handler: Function | string, delay: number, ...args: ArkTSGlobalArg[]): number;
declare function clearTimeout(timeoutID?: number): void;
declare function clearInterval(intervalID?: number): void;
