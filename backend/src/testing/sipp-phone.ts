import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * SIPp (Debian's `sip-tester`), the SIP phone the local Twilio calls in tests: a UAS on 127.0.0.1
 * running one of its scenarios for one call, then exiting 0 when the call went as the scenario
 * says (1 when it did not). `uas` is SIPp's own (180, 200, waits for our BYE); the others are in
 * ./sipp/: `ring` (rings until CANCELed), `busy` (486, or another final response given in
 * `reject`), `answer-hangup` (answers, talks two seconds, sends BYE).
 */

export type SippScenario = 'uas' | 'ring' | 'busy' | 'answer-hangup';

export interface Sipp {
  port: number;
  /** The phone's SIP address: `sip:<user>@127.0.0.1:<port>`. */
  address: (user?: string) => string;
  /** SIPp's exit code (0: the scenario ran to its end) and what it printed, once it exits. */
  exited: Promise<{ code: number | null; output: string }>;
  /** Ends SIPp if it still runs. */
  stop: () => void;
}

const SCENARIOS = fileURLToPath(new URL('./sipp/', import.meta.url));

/** Throws, with what to install, when SIPp is missing: a SIP test fails, it is never skipped. */
export function requireSipp(): void {
  const probe = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`SIPp is not installed (${(probe.error as NodeJS.ErrnoException).code}): the SIP tests need it. Install it with \`apt-get install sip-tester\` (.ci/run does).`);
}

/** A UDP port free on 127.0.0.1 now. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Whether something holds UDP `port` on 127.0.0.1 (SIPp listening). */
async function taken(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise<boolean>((resolve) => {
    socket.once('error', () => resolve(true));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(false)));
  });
}

/**
 * Starts SIPp as a phone answering one call with `scenario`; `reject` replaces the busy scenario's
 * final response (`[480, 'Temporarily Unavailable']`). Resolves once SIPp listens.
 */
export async function startSipp(scenario: SippScenario, options: { reject?: [number, string] } = {}): Promise<Sipp> {
  requireSipp();
  const port = await freeUdpPort();
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  let file = scenario === 'uas' ? null : join(SCENARIOS, `${scenario}.xml`);
  if (file && options.reject) {
    const [code, reason] = options.reject;
    const changed = join(dir, `${scenario}-${code}.xml`);
    writeFileSync(changed, readFileSync(file, 'utf8').replace('SIP/2.0 486 Busy Here', `SIP/2.0 ${code} ${reason}`));
    file = changed;
  }
  const args = [...(file ? ['-sf', file] : ['-sn', 'uas']), '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-nostdin', '-timeout', '60s', '-trace_err', '-error_file', join(dir, 'errors.log')];
  const child: ChildProcess = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('exit', (code) => {
      let errors = '';
      try {
        errors = readFileSync(join(dir, 'errors.log'), 'utf8');
      } catch {
        // No error file: no error.
      }
      resolve({ code, output: `${output}\n${errors}` });
    });
  });
  let running = true;
  void exited.then(() => (running = false));
  const deadline = Date.now() + 10_000;
  while (!(await taken(port))) {
    if (!running || Date.now() > deadline) throw new Error(`SIPp did not start listening on 127.0.0.1:${port}: ${(await Promise.race([exited, Promise.resolve({ output })])).output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port,
    address: (user = 'agent') => `sip:${user}@127.0.0.1:${port}`,
    exited,
    stop: () => {
      if (running && child.pid) process.kill(child.pid);
    },
  };
}
