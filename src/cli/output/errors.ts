import { isZiggyError, type Mode, type ZiggyError } from '../../core/index.ts';

export interface ErrorContext {
  /** The config sources this run read, so a config error can quote the offending line. */
  sources: Partial<Record<Mode, string>>;
  json: boolean;
  debug: boolean;
}

export interface RenderedError {
  text: string;
  exitCode: number;
}

/**
 * Bad input of any kind (4xx) exits 2; any other failure exits 1. A ZiggyError's message is
 * meant for people and printed as it is; anything else is a bug and says so.
 */
export function renderError(error: unknown, context: ErrorContext): RenderedError {
  if (isZiggyError(error)) {
    const text = context.json ? JSON.stringify(error.toJSON()) + '\n' : describe(error, context.sources);
    const stack = context.debug && error.stack !== undefined ? `${error.stack}\n` : '';
    return { text: text + stack, exitCode: error.status < 500 ? 2 : 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = context.debug && error instanceof Error && error.stack !== undefined ? `${error.stack}\n` : '';
  const text = context.json ? JSON.stringify({ error: 'internal', message }) + '\n' : `Internal error: ${message}\n`;
  return { text: text + stack, exitCode: 1 };
}

interface Issue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

function describe(error: ZiggyError, sources: Partial<Record<Mode, string>>): string {
  const details = error.details ?? {};
  const source = isMode(details.mode) ? sources[details.mode] : undefined;
  const hint = typeof details.hint === 'string' ? details.hint : undefined;
  const issues = Array.isArray(details.issues) ? details.issues.filter(isIssue) : [];
  const lines: string[] = [];
  if (issues.length > 0 && isMode(details.mode) && typeof details.type === 'string') {
    // The message lists the issues on one line; here each gets its own line and source excerpt.
    lines.push(`error: ${details.mode} config does not fit type ${details.type}:`);
    for (const issue of issues) {
      lines.push(`  ${issue.path}: ${issue.message}${issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`}`);
      if (source !== undefined && issue.line !== undefined) lines.push(...excerpt(source, issue.line, issue.column ?? 1, '    '));
    }
  } else {
    const suffix = hint === undefined ? '' : ` Hint: ${hint}`;
    // The hint goes on its own line, after the quoted source, when the message ends with it.
    const message = suffix !== '' && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
    lines.push(`error: ${message}`);
    if (source !== undefined && typeof details.line === 'number') {
      lines.push(...excerpt(source, details.line, typeof details.column === 'number' ? details.column : 1, ''));
    }
    if (hint !== undefined && !message.includes(hint)) lines.push(`hint: ${hint}`);
  }
  return lines.join('\n') + '\n';
}

/** The source line with a caret under the column, numbered like an editor. */
function excerpt(source: string, line: number, column: number, prefix: string): string[] {
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return [];
  const gutter = String(line);
  // Tabs are kept so the caret lines up under the same column as the source.
  const padding = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
  return [`${prefix}${gutter} | ${text}`, `${prefix}${' '.repeat(gutter.length)} | ${padding}^`];
}

function isIssue(value: unknown): value is Issue {
  const issue = value as Partial<Issue> | null;
  return typeof issue?.path === 'string' && typeof issue.message === 'string';
}

function isMode(value: unknown): value is Mode {
  return value === 'dev' || value === 'prod';
}
