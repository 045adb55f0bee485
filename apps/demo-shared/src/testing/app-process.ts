/**
 * An example app run as operators run it: `src/server.ts` in a child process (through
 * tsx), configured by environment variables, stopped by signals.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'

/** How a child process ended. */
export interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** `performance.now()` when it ended. */
  readonly at: number
}

/** A running `src/server.ts`. */
export interface AppProcess {
  readonly child: ChildProcess
  /** The port it listens on (0 until it printed its URL). */
  readonly port: number
  /** Resolves when the process ended. */
  readonly exited: Promise<Exit>
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
}

/** An HTTP answer as the test client saw it. */
export interface Answer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

// Variables of the test run that must not reach the app (it would take them as its database).
const DATABASE_VARIABLES = /^(DB_|DATABASE_URL$|PG[A-Z]+$)/

/**
 * Starts `src/server.ts` of the app in `appDir` with `env` on top of a clean environment;
 * with `waitForListening` (default) resolves once it printed its URL.
 */
export async function spawnApp(
  appDir: string,
  env: Readonly<Record<string, string>>,
  { waitForListening = true } = {},
): Promise<AppProcess> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !DATABASE_VARIABLES.test(name)),
  )
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: appDir,
    env: { ...base, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let port = 0
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() }))
  })
  const listening = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match && port === 0) {
        port = Number(match[1])
        resolve()
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    void exited.then((exit) =>
      reject(
        new Error(`The app exited (${exit.code ?? exit.signal}) before listening:\n${output}`),
      ),
    )
  })
  if (waitForListening) await withTimeout(listening, 30_000, () => `No URL printed:\n${output}`)
  else listening.catch(() => {})
  return {
    child,
    get port() {
      return port
    },
    exited,
    output: () => output,
  }
}

/** `promise`, or a rejection with `message()` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Ends the process if a test left it running (SIGKILL: nothing graceful to wait for). */
export async function killApp(app: AppProcess | undefined): Promise<void> {
  if (app === undefined || app.child.exitCode !== null || app.child.signalCode !== null) return
  app.child.kill('SIGKILL')
  await app.exited
}

/** A request on `agent`; `body`, when given, is sent as JSON. */
export function send(
  port: number,
  method: string,
  path: string,
  { agent, body }: { agent?: Agent; body?: unknown } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string | number> = {}
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = Buffer.byteLength(payload)
    }
    const req = request(
      { host: '127.0.0.1', port, method, path, agent: agent ?? false, headers },
      (res) => collect(res, resolve, reject),
    )
    req.on('error', reject)
    req.end(payload)
  })
}

function collect(
  res: IncomingMessage,
  resolve: (answer: Answer) => void,
  reject: (error: Error) => void,
): void {
  let text = ''
  res.setEncoding('utf8')
  res.on('data', (chunk: string) => (text += chunk))
  res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
  res.on('error', reject)
}

/**
 * A `POST path` whose JSON body is sent in two parts: the request is in flight (its
 * headers received, its body not) until `finish()` sends the rest.
 */
export function slowPost(
  port: number,
  path: string,
  body: unknown,
  agent: Agent,
): { finish(): void; answer: Promise<Answer> } {
  const payload = Buffer.from(JSON.stringify(body))
  const half = Math.floor(payload.length / 2)
  let finish = (): void => {}
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => collect(res, resolve, reject),
    )
    req.on('error', reject)
    req.write(payload.subarray(0, half))
    finish = () => req.end(payload.subarray(half))
  })
  return { finish: () => finish(), answer }
}

/** Whether a new TCP connection to `port` is refused. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
}

/** A keep-alive agent that reuses its (at most 4) connections. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 4, keepAliveMsecs: 60_000 })
}
