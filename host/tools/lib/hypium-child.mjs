// Runs inside the bundled child process: the AbilityDelegator stand-in hypium reports through,
// plus the plumbing that turns everything else the process says into tagged stdout lines the
// parent (hypium-run.mjs) attributes to the running case:
//   OHOS_REPORT_*            hypium's own report, unchanged (what DevEco parses on a device)
//   PRUNELAB_OUT <json>      console output of the suites (shown for failing cases / --verbose)
//   PRUNELAB_STACK <json>    the stack hypium logs for a failing case
//   PRUNELAB_ERROR <json>    an uncaught exception, unhandled rejection or registration error
//   PRUNELAB_FINISHED        hypium called finishTest: the run is complete
import { Hypium } from '@ohos/hypium';
import { format } from 'node:util';

const HYPIUM_TAG = '[Hypium]';

function emit(line) {
  // process.stdout is synchronous for pipes and files on Linux, so lines keep their order.
  process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
}

function emitTagged(tag, text) {
  emit(`${tag} ${JSON.stringify(text)}`);
}

// Hypium chats on the console for every step ('[Hypium]...', '[suite end] ...') and echoes each
// report message it prints (OHOS_REPORT_...): noise here. Its '[Hypium]' console.error lines carry
// the stacks of failing cases. Everything else comes from the suites (and hypium's assertions).
const HYPIUM_ECHO = /^\s*OHOS_REPORT_|^\[suite end\] /;

function routeConsole() {
  const route = (isError) => (...args) => {
    const text = format(...args);
    if (text.startsWith(HYPIUM_TAG)) {
      if (isError) emitTagged('PRUNELAB_STACK', text.slice(HYPIUM_TAG.length));
      return;
    }
    if (HYPIUM_ECHO.test(text)) return;
    emitTagged('PRUNELAB_OUT', text);
  };
  console.log = route(false);
  console.info = route(false);
  console.debug = route(false);
  console.warn = route(false);
  console.error = route(true);
}

function describeThrown(value) {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  return `a non-Error value was thrown: ${format('%o', value)}`;
}

export function runHypiumChild(listName, testsuite) {
  routeConsole();
  process.on('uncaughtException', (error) => emitTagged('PRUNELAB_ERROR', `uncaught exception: ${describeThrown(error)}`));
  process.on('unhandledRejection', (reason) => emitTagged('PRUNELAB_ERROR', `unhandled promise rejection: ${describeThrown(reason)}`));

  const parameters = JSON.parse(process.env.PRUNELAB_HYPIUM_PARAMS || '{}');
  const delegator = {
    printSync(message) {
      emit(String(message));
    },
    print(message) {
      emit(String(message));
      return Promise.resolve();
    },
    // Hypium always passes 0 here; the parent decides from the printed report.
    finishTest(message, code, callback) {
      emit('PRUNELAB_FINISHED');
      if (typeof callback === 'function') callback();
      // Leftover timers or handles of a suite must not keep a finished run alive.
      setImmediate(() => process.exit(0));
    },
  };
  const registerSuites = () => {
    try {
      testsuite();
    } catch (error) {
      emitTagged('PRUNELAB_ERROR', `registering the ${listName} suites failed: ${describeThrown(error)}`);
    }
  };
  Hypium.hypiumTest(delegator, { bundleName: 'prunelab.host', parameters }, registerSuites);
}
