// Reads the stdout stream of one hypium child (see hypium-child.mjs) and turns it into cases:
// hypium's OHOS_REPORT lines say which case starts and how it ends (OHOS_REPORT_STATUS_CODE
// 1 = started, 0 = pass, -1 = error, -2 = assertion failure); the PRUNELAB_* lines add output,
// stacks, skips and process-level errors. The final OHOS_REPORT_RESULT is cross-checked.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const STATUS = 'OHOS_REPORT_STATUS: ';
const KNOWN_STATUS_KEY = /^(class|current|id|numtests|stream|test|stack|consuming|suiteconsuming|taskconsuming)=/;
export const SKIP_MARKER = 'PRUNELAB_SKIP: ';

function parseTagged(line, tag) {
  const raw = line.slice(tag.length + 1);
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw;
  }
}

// The first stack frame in the project's own sources (suite files, test ports), repo-relative.
export function sourceLocation(repoRoot, stacks) {
  for (const stack of stacks) {
    for (const line of stack.split('\n')) {
      const m = line.match(/\(?((?:file:\/\/)?\/[^():\s]+\.(?:ets|ts|mjs)):(\d+):(\d+)\)?\s*$/);
      if (!m || m[1].includes('/node_modules/') || m[1].includes('/host/tools/')) continue;
      const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
      return `${relative(repoRoot, file)}:${m[2]}:${m[3]}`;
    }
  }
  return null;
}

export class HypiumReport {
  constructor({ repoRoot, onCase }) {
    this.repoRoot = repoRoot;
    this.onCase = onCase ?? (() => {});
    this.pending = '';
    this.currentClass = '';
    this.pendingTest = '';
    this.open = null; // the case between its start and end lines
    this.cases = [];
    this.errors = []; // { where, text }
    this.hookErrors = []; // { className, text }
    this.result = null;
    this.finished = false;
    this.mode = 'report'; // 'message' while reading a failure message, 'echo' while skipping its repeat
    this.message = [];
    this.afterSuiteDone = false;
    this.looseStacks = [];
    this.looseOutput = [];
  }

  feed(chunk) {
    this.pending += chunk;
    let nl;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      this.line(this.pending.slice(0, nl).replace(/\r$/, ''));
      this.pending = this.pending.slice(nl + 1);
    }
  }

  where() {
    return this.open ? `${this.open.className} > ${this.open.test}` : this.currentClass || 'outside any case';
  }

  line(line) {
    if (line.startsWith('PRUNELAB_OUT ')) return this.output(parseTagged(line, 'PRUNELAB_OUT'));
    if (line.startsWith('PRUNELAB_STACK ')) {
      const stack = parseTagged(line, 'PRUNELAB_STACK');
      (this.open ? this.open.stacks : this.looseStacks).push(stack);
      return undefined;
    }
    if (line.startsWith('PRUNELAB_ERROR ')) {
      this.errors.push({ where: this.open ? `while ${this.where()} ran` : this.where(), text: parseTagged(line, 'PRUNELAB_ERROR') });
      return undefined;
    }
    if (line === 'PRUNELAB_FINISHED') {
      this.finished = true;
      return undefined;
    }
    if (this.mode === 'message') {
      if (line === `${STATUS}stream=`) this.mode = 'echo';
      else this.message.push(line);
      return undefined;
    }
    if (this.mode === 'echo') {
      if (!line.startsWith(`${STATUS}test=`)) return undefined;
      this.mode = 'report';
    }
    if (line.startsWith('OHOS_REPORT_RESULT: stream=')) {
      const m = line.match(/Tests run: (\d+), Failure: (\d+), Error: (\d+), Pass: (\d+), Ignore: (\d+)/);
      if (m) this.result = { total: +m[1], failure: +m[2], error: +m[3], pass: +m[4], ignore: +m[5] };
      return undefined;
    }
    if (line.startsWith('OHOS_REPORT_STATUS_CODE: ')) return this.statusCode(Number(line.slice(25)));
    if (line.startsWith(STATUS)) return this.status(line.slice(STATUS.length));
    if (line.startsWith('OHOS_REPORT_') || line.trim() === '') return undefined;
    return this.output(line); // a suite writing to stdout directly
  }

  output(text) {
    if (this.open) {
      this.open.output.push(text);
      if (text.startsWith(SKIP_MARKER) && this.open.skip === null) this.open.skip = text.slice(SKIP_MARKER.length);
    } else {
      this.looseOutput.push(text);
    }
  }

  status(rest) {
    if (rest.startsWith('stack=')) {
      this.mode = 'message';
      this.message = [rest.slice('stack='.length)];
      return;
    }
    if (rest.startsWith('class=')) {
      this.currentClass = rest.slice('class='.length);
      this.afterSuiteDone = false;
      return;
    }
    if (rest.startsWith('test=')) {
      this.pendingTest = rest.slice('test='.length);
      return;
    }
    if (rest.startsWith('suiteconsuming=')) {
      this.afterSuiteDone = true;
      return;
    }
    // Hypium appends a suite's hook error (beforeAll/afterAll) as a bare status line.
    if (this.afterSuiteDone && !KNOWN_STATUS_KEY.test(rest)) {
      this.hookErrors.push({ className: this.currentClass, text: rest, stacks: this.looseStacks.splice(0) });
    }
  }

  statusCode(code) {
    if (code === 1) {
      this.open = { className: this.currentClass, test: this.pendingTest, output: [], stacks: [], skip: null };
      return;
    }
    const done = this.open ?? { className: this.currentClass, test: this.pendingTest, output: [], stacks: [], skip: null };
    this.open = null;
    done.status = code === 0 ? 'pass' : code === -2 ? 'fail' : 'error';
    done.message = code === 0 ? '' : this.message.join('\n').trim();
    done.location = code === 0 ? null : sourceLocation(this.repoRoot, done.stacks);
    this.message = [];
    this.cases.push(done);
    this.onCase(done);
  }

  // Called once the child is gone. Returns the run's problems beyond failed cases.
  close({ exitCode, signal, timedOut, timeoutSeconds }) {
    if (this.pending !== '') this.feed('\n');
    const problems = [];
    let crashedCase = false;
    if (this.open) {
      crashedCase = true;
      const died = timedOut ? `the run timed out after ${timeoutSeconds} s` : `the process died (${signal ?? `exit code ${exitCode}`})`;
      const crashed = { ...this.open, status: 'error', message: `${died} while this case ran`, location: null };
      this.open = null;
      this.cases.push(crashed);
      this.onCase(crashed);
    }
    // A death during a case is already that case's failure; otherwise it is a problem of its own.
    if (!crashedCase) {
      if (timedOut && !this.finished) problems.push(`timed out after ${timeoutSeconds} s`);
      else if (signal) problems.push(`the process was killed by ${signal}`);
      else if (exitCode !== 0) problems.push(`the process exited with code ${exitCode}`);
      else if (!this.finished) problems.push('the process ended before hypium finished the run');
    }
    for (const e of this.errors) problems.push(`${e.where}: ${e.text}`);
    for (const h of this.hookErrors) {
      // A beforeAll error already failed every case of its suite; an afterAll error fails none.
      if (this.cases.some((c) => c.className === h.className && c.status !== 'pass')) continue;
      const loc = sourceLocation(this.repoRoot, h.stacks);
      problems.push(`suite ${h.className}: ${h.text}${loc ? ` (${loc})` : ''}`);
    }
    if (this.finished && this.result === null) problems.push('hypium printed no OHOS_REPORT_RESULT line');
    if (this.result !== null) {
      const bad = this.cases.filter((c) => c.status !== 'pass').length;
      const r = this.result;
      if (r.total !== this.cases.length || r.failure + r.error !== bad || r.pass !== this.cases.length - bad) {
        problems.push(`hypium's summary (run ${r.total}, failure ${r.failure}, error ${r.error}, pass ${r.pass}) ` +
          `disagrees with the ${this.cases.length} cases read (${bad} not passing)`);
      }
    }
    return problems;
  }
}
