import assert from 'node:assert/strict';
import { SERVER_V8_FLAGS } from '../../server/src/v8-flags';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface TestClient {
  connection: MessageConnection;
  process: ChildProcessWithoutNullStreams;
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  /** Protocol errors on stdout (anything that is not a well-formed LSP message). */
  streamErrors: unknown[];
  settings: Record<string, unknown>;
  open(uri: string, languageId: string, text: string): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  diagnostics(uri: string, version?: number): Promise<Diagnostic[]>;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]>;
  stop(): Promise<void>;
}

/** How the server is started: as the extension starts it (its V8 flags on the command line), unless told. */
export interface StartOptions {
  /** `node`'s own arguments before the script: a client that starts the server plainly passes none. */
  execArgv?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** Spawns `node dist/server.js --stdio` and speaks LSP to it, as any editor would. */
export async function startServer(settings: Record<string, unknown> = {}, workspaceFolder?: string, options: StartOptions = {}): Promise<TestClient> {
  assert.ok(existsSync(SERVER), 'dist/server.js exists (npm run build)');
  const child = spawn(process.execPath, [...(options.execArgv ?? SERVER_V8_FLAGS), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  const reader = new StreamMessageReader(child.stdout);
  const streamErrors: unknown[] = [];
  reader.onError((e) => streamErrors.push(e));
  const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  const client: TestClient = {
    connection,
    process: child,
    published,
    streamErrors,
    settings,
    open(uri, languageId, text) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    change(uri, version, changes) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    diagnostics(uri, version) {
      const found = () => [...published].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 10_000);
        const check = () => {
          const p = found();
          if (p) {
            clearTimeout(timer);
            resolve(p.diagnostics);
          } else waiters.push(check);
        };
        check();
      });
    },
    codeActions(uri, range, diagnostics, only) {
      return connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        void connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => client.settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: workspaceFolder ?? null,
    workspaceFolders: workspaceFolder ? [{ uri: workspaceFolder, name: 'workspace' }] : null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true }, codeAction: { dataSupport: true } },
    },
  });
  void connection.sendNotification('initialized', {});
  return client;
}

/** Apply LSP text edits to a text (what the editor does with a WorkspaceEdit). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
