// Extension tests: run inside VS Code's extension host (code-server 4.100.3 = VS Code 1.100.3) by
// @vscode/test-electron through test/e2e/code-shim.mjs. They use only the public vscode API, as a user's editor does.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lambda-iam-lint.lambda-iam-lint';
const tests: { name: string; fn: () => Promise<void> }[] = [];
const test = (name: string, fn: () => Promise<void>) => tests.push({ name, fn });

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lambda-iam-lint');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

test('the extension activates on JSON and YAML documents', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  await open('policies/orders-reader.identity.json');
  await until('activation', () => ext.isActive);
});

test('diagnostics: code, exact range, source and docs link on a JSON policy', async () => {
  const doc = await open('policies/orders-reader.identity.json');
  const d = await until('iam/invalid-effect', () => ours(doc.uri).find((x) => codeOf(x) === 'iam/invalid-effect'));
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [5, 16, 5, 23]);
  assert.equal(doc.getText(d.range), '"allow"');
  assert.ok(typeof d.code === 'object' && /docs\/rules\/iam\/invalid-effect\.md$/.test(d.code.target.toString()));
});

test('diagnostics in a SAM template (YAML)', async () => {
  const doc = await open('sam-app/template.yaml');
  const d = await until('iam/invalid-effect in YAML', () => ours(doc.uri).find((x) => codeOf(x) === 'iam/invalid-effect'));
  assert.equal(doc.getText(d.range), 'allow');
});

test('quick fix through executeCodeActionProvider and applyEdit', async () => {
  const doc = await open('policies/orders-reader.identity.json');
  const d = await until('diagnostic', () => ours(doc.uri).find((x) => codeOf(x) === 'iam/invalid-effect'));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.title === 'Change to "Allow"');
  assert.ok(fix?.edit, `quick fix offered among ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(fix.isPreferred);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.equal(doc.lineAt(5).text.trim(), '"Effect": "Allow",');
  await until('the diagnostic to go', () => !ours(doc.uri).some((x) => codeOf(x) === 'iam/invalid-effect'));
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('completion through executeCompletionItemProvider', async () => {
  const doc = await open('policies/orders-reader.identity.json');
  const line = doc.lineAt(6).text;
  const position = new vscode.Position(6, line.indexOf('dynamodb:GetItem') + 'dynamodb:Ge'.length);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('dynamodb:GetItem'), `dynamodb:GetItem among ${labels.length} items`);
  assert.ok(labels.every((l) => l.startsWith('dynamodb:')));
});

test('hover through executeHoverProvider', async () => {
  const doc = await open('policies/orders-reader.identity.json');
  const position = new vscode.Position(6, doc.lineAt(6).text.indexOf('dynamodb:GetItem') + 4);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /dynamodb:GetItem/);
  assert.match(text, /Service Authorization Reference/);
});

test('a snippet inserted as is lints clean', async () => {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const snippets = JSON.parse(readFileSync(join(extensionPath, 'snippets', 'json.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
  const trust = Object.values(snippets).find((s) => s.prefix === 'lambda-trust-policy');
  assert.ok(trust, 'the lambda-trust-policy snippet exists');
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{"Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}' });
  const editor = await vscode.window.showTextDocument(doc);
  // Positive control: the server lints this untitled document.
  await until('a diagnostic on the untitled document', () => ours(doc.uri).length > 0);
  await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length))));
  assert.ok(await editor.insertSnippet(new vscode.SnippetString(trust.body.join('\n'))));
  await until('no error or warning after the snippet', () => ours(doc.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).length === 0 && doc.getText().includes('sts:AssumeRole'));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('changing a setting changes the diagnostics', async () => {
  const doc = await open('policies/orders-reader.identity.json');
  await until('diagnostic', () => ours(doc.uri).some((x) => codeOf(x) === 'iam/invalid-effect'));
  const config = vscode.workspace.getConfiguration('lambdaIamLint');
  await config.update('rules', { 'iam/invalid-effect': 'off' }, vscode.ConfigurationTarget.Workspace);
  try {
    await until('iam/invalid-effect turned off', () => !ours(doc.uri).some((x) => codeOf(x) === 'iam/invalid-effect'));
  } finally {
    await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await until('iam/invalid-effect back', () => ours(doc.uri).some((x) => codeOf(x) === 'iam/invalid-effect'));
});

test('fix-all as a source action', async () => {
  const doc = await open('cloudformation/function-stack.json');
  await until('diagnostics', () => ours(doc.uri).length > 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.lambdaIamLint');
  const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.lambdaIamLint');
  assert.ok(fixAll?.edit, 'fix-all offered');
  assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
  await until('safe-fixable findings gone', () => !ours(doc.uri).some((d) => ['iam/legacy-version', 'iam/missing-version'].includes(codeOf(d))));
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('a killed server is restarted by the client, and the unsaved document is linted again', async () => {
  const doc = await open('policies/lambda-execution-role.trust.json');
  const editor = vscode.window.activeTextEditor!;
  await until('the server has linted the document', () => vscode.languages.getDiagnostics(doc.uri) !== undefined);
  // Kill the lambda-iam-lint server process(es), as a crash would.
  const servers = serverPids();
  assert.ok(servers.length > 0, 'a server process is running');
  for (const pid of servers) process.kill(Number(pid), 'SIGKILL');
  await until('a new server process', () => serverPids().some((pid) => !servers.includes(pid)), 30_000);
  // An unsaved edit made while the server is down: the restarted server must see it.
  const start = doc.positionAt(doc.getText().indexOf('LambdaAssumeRole'));
  assert.ok(await editor.edit((b) => b.replace(new vscode.Range(start, start.translate(0, 'LambdaAssumeRole'.length)), 'lambda-assume-role')));
  const d = await until('diagnostics from the restarted server', () => ours(doc.uri).find((x) => codeOf(x) === 'iam/invalid-sid'), 60_000);
  assert.equal(doc.getText(d.range), '"lambda-assume-role"');
  assert.ok(doc.isDirty, 'the edit is still there, unsaved');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

/** The lambda-iam-lint language server processes the client started (over IPC). */
function serverPids(): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes('dist/server.js') && cmdline.includes('--node-ipc');
    } catch {
      return false;
    }
  });
}

export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    try {
      await t.fn();
      passed++;
      console.log(`  ok   ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${t.name}\n       ${(e as Error).stack ?? e}`);
    }
  }
  console.log(`ext-test: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} extension test(s) failed`);
}
