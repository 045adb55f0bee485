/** Where the CLI writes, and whether it may colour. */
export interface OutputStreams {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean }
  readonly stderr: { write(text: string): unknown; isTTY?: boolean }
}

/** ANSI styling, off unless the stream is a terminal (NO_COLOR / FORCE_COLOR honoured). */
export function styler(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Record<'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', (text: string) => string> {
  const force = env.FORCE_COLOR
  const enabled =
    force !== undefined && force !== ''
      ? force !== '0'
      : env.NO_COLOR === undefined && stream.isTTY === true
  const code =
    (open: number, close: number) =>
    (text: string): string =>
      enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text
  return {
    bold: code(1, 22),
    dim: code(2, 22),
    red: code(31, 39),
    green: code(32, 39),
    yellow: code(33, 39),
    cyan: code(36, 39),
  }
}

/** Milliseconds for humans. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}
