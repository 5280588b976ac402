// Child processes driven over IPC: start a TypeScript entry with tsx, send it requests, await its answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from './procs';

/** A request to a child: a type and its fields; the answer echoes the id. */
export interface Request { type: string; [key: string]: unknown }

/** A child process answering requests; `ready` resolves on its first `{ type: 'ready' }`. */
export class Child {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<Record<string, unknown>>;
  output = '';

  private constructor(readonly name: string, readonly proc: ChildProcess) {
    let ready!: (v: Record<string, unknown>) => void;
    this.ready = new Promise((r) => { ready = r; });
    proc.on('message', (m: { id?: number; type?: string; error?: string }) => {
      if (m.type === 'ready') return ready(m as Record<string, unknown>);
      const w = m.id !== undefined ? this.waiting.get(m.id) : undefined;
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.error) w.reject(new Error(`${name}: ${m.error}`));
      else w.resolve(m);
    });
    proc.stdout?.on('data', (d: Buffer) => { this.output = (this.output + d.toString()).slice(-10_000); });
    proc.stderr?.on('data', (d: Buffer) => { this.output = (this.output + d.toString()).slice(-10_000); });
    proc.on('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (${code ?? signal}):\n${this.output}`));
      this.waiting.clear();
    });
  }

  /** Starts `file` (relative to test/bench/lib) with tsx and an IPC channel. */
  static start(name: string, file: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Child {
    const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve(import.meta.dirname, file)], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new Child(name, proc);
  }

  /** The CPU time the process has used so far (ms, user + system), from /proc (Linux); 0 where there is none. */
  cpuMs(): number {
    try {
      const fields = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks of 10 ms
    } catch {
      return 0;
    }
  }

  /** Sends a request and waits for its answer (or fails after `ms`). */
  ask<T = Record<string, unknown>>(req: Request, ms = 300_000): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: no answer to ${req.type} in ${ms} ms\n${this.output}`));
      }, ms);
      this.waiting.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.proc.send({ ...req, id });
    });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }
}

/** In a child: answers each request with the handler's result (or its error). */
export function serve(handler: (req: Request & { id: number }) => Promise<Record<string, unknown>>): void {
  process.on('message', (m: Request & { id: number }) => {
    handler(m).then(
      (out) => process.send!({ ...out, id: m.id }),
      (err: unknown) => process.send!({ id: m.id, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
