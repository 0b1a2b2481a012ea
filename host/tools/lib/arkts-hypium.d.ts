// Typed surface of `@ohos/hypium` 1.0.13 for the ArkTS gate. The npm package's own index.d.ts
// uses `any` (and its index.ets pulls in the JavaScript sources), so the gate maps the module
// name to this file instead. Signatures follow the package's ArkTS entry point (index.ets).

/** What `expect` and the assertions accept. */
export type HypiumValue = Object | undefined | null;

export declare enum TestType {
  FUNCTION = 1,
  PERFORMANCE = 2,
  POWER = 4,
  RELIABILITY = 8,
  SECURITY = 16,
  GLOBAL = 32,
  COMPATIBILITY = 64,
  USER = 128,
  STANDARD = 256,
  SAFETY = 512,
  RESILIENCE = 1024,
}

export declare enum Size {
  SMALLTEST = 65536,
  MEDIUMTEST = 131072,
  LARGETEST = 262144,
}

export declare enum Level {
  LEVEL0 = 16777216,
  LEVEL1 = 33554432,
  LEVEL2 = 67108864,
  LEVEL3 = 134217728,
  LEVEL4 = 268435456,
}

export declare const DEFAULT: number;

export declare function describe(testSuiteName: string, callback: Function): void;
export declare function beforeItSpecified(testCaseNames: Array<string> | string, callback: Function): void;
export declare function afterItSpecified(testCaseNames: Array<string> | string, callback: Function): void;
export declare function beforeEach(callback: Function): void;
export declare function afterEach(callback: Function): void;
export declare function beforeAll(callback: Function): void;
export declare function afterAll(callback: Function): void;
export declare function it(testCaseName: string, attribute: TestType | Size | Level, callback: Function): void;

export declare interface Assert {
  assertClose(expectValue: number, precision: number): void;
  assertContain(expectValue: HypiumValue): void;
  assertEqual(expectValue: HypiumValue): void;
  assertFail(): void;
  assertFalse(): void;
  assertTrue(): void;
  assertInstanceOf(expectValue: string): void;
  assertLarger(expectValue: number): void;
  assertLess(expectValue: number): void;
  assertNull(): void;
  assertThrowError(expectValue: string): void;
  assertUndefined(): void;
  assertLargerOrEqual(expectValue: number): void;
  assertLessOrEqual(expectValue: number): void;
  assertNaN(): void;
  assertNegUnlimited(): void;
  assertPosUnlimited(): void;
  not(): Assert;
  assertDeepEquals(expectValue: HypiumValue): void;
  assertPromiseIsPending(): void;
  assertPromiseIsRejected(): void;
  assertPromiseIsRejectedWith(expectValue?: HypiumValue): void;
  assertPromiseIsRejectedWithError(...expectValue: HypiumValue[]): void;
  assertPromiseIsResolved(): void;
  assertPromiseIsResolvedWith(expectValue?: HypiumValue): void;
}

export declare function expect(actualValue?: HypiumValue): Assert;

export declare class ArgumentMatchers {
  static any: HypiumValue;
  static anyString: string;
  static anyBoolean: Boolean;
  static anyNumber: Number;
  static anyObj: Object;
  static anyFunction: Function;
  static matchRegexs(regex: RegExp): void;
}

export declare interface WhenResult {
  afterReturn: (value: HypiumValue) => HypiumValue;
  afterReturnNothing: () => undefined;
  afterAction: (action: HypiumValue) => HypiumValue;
  afterThrow: (message: string) => string;
}

export declare function when(f: Function): (f?: HypiumValue | void) => WhenResult;

export declare interface VerificationMode {
  times(count: Number): void;
  never(): void;
  once(): void;
  atLeast(count: Number): void;
  atMost(count: Number): void;
}

export declare class MockKit {
  constructor();
  mockFunc(obj: Object, func: Function): Function;
  mockObject(obj: Object): Object;
  verify(methodName: String, argsArray: Array<HypiumValue>): VerificationMode;
  ignoreMock(obj: Object, func: Function): void;
  clear(obj: Object): void;
  clearAll(): void;
}

export declare class SysTestKit {
  static actionStart(tag: string): void;
  static actionEnd(tag: string): void;
  static existKeyword(keyword: string, timeout?: number): boolean;
}

export declare class Hypium {
  static setData(data: Object): void;
  static setTimeConfig(systemTime: Object): void;
  static hypiumTest(abilityDelegator: Object, abilityDelegatorArguments: Object, testsuite: Function): void;
}
