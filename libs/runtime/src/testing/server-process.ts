/**
 * Runs a built entry point (dist/) as a child process, the way an operator would, and waits
 * for its "started" log line. Output is kept for assertions and shown when a start fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest directory above with a package.json (also from dist/). */
export function repositoryRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = repositoryRoot();

/** A compiled file under dist/, by its path relative to the repository root. */
export function builtFile(relative: string): string {
  const file = join(ROOT, 'dist', relative);
  if (!existsSync(file))
    throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  return file;
}

export function entryPoint(app: string): string {
  return builtFile(join('apps', app, 'src', 'main.js'));
}

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export function startProcess(app: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [entryPoint(app)], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until the process logs that it started; fails with its output if it exits first. */
export async function waitForStart(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/"msg":"started"/.test(server.output())) {
    if (server.child.exitCode !== null)
      throw new Error(`process exited ${server.child.exitCode}:\n${server.output()}`);
    if (Date.now() > deadline)
      throw new Error(`process did not start in ${timeoutMs} ms:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
