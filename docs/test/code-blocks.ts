import { readFileSync } from 'node:fs'

/** A fenced TypeScript block of a Markdown page. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number
  readonly code: string
  /** Fenced as ```ts run: executed as well as compiled. */
  readonly runnable: boolean
}

/** The ```ts blocks of a Markdown file; ```ts run marks the ones to execute. */
export function codeBlocks(path: string): CodeBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n')
  const blocks: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+run)?\s*$/.exec(lines[i]!)
    if (!open) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!)
    blocks.push({ line: start + 1, code: body.join('\n') + '\n', runnable: open[2] !== undefined })
  }
  return blocks
}
