import {
  CancellationToken,
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { idleCollection } from './idle-collect';
import { lint, type LintResult } from './engine/lint';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { mightBePolicyOrTemplate } from './model/detect';
import { toCompletionItem } from './lsp/completion';
import { codeActions, FIX_ALL_KIND } from './lsp/code-actions';
import { toDiagnostic } from './lsp/diagnostics';
import {
  DEPLOYER_POLICY_REQUEST,
  INSERT_DEPLOYER_POLICY_REQUEST,
  WORKSPACE_TEMPLATES_REQUEST,
  WorkspaceTemplates,
  deployerPolicyResponse,
  displayName,
  insertDeployerPolicyEdit,
  scopeActions,
  templateNeeds,
  type TemplateNeeds,
  type DeployerPolicyResponse,
  type InsertDeployerPolicyResponse,
} from './lsp/deployer';
import { templateDeployerPolicy } from './model/deployer/output';
import { ruleDocsHref } from './lsp/rule-docs';
import { resolveDocumentConfig, type DocumentConfig } from './lsp/settings';

// Only protocol may reach stdout: anything else printed by a dependency goes to the log.
console.log = console.error;
console.info = console.error;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let canPullConfiguration = false;
let workspaceFolders: string[] = [];
const configs = new Map<string, Promise<DocumentConfig>>();
const results = new Map<string, { version: number; result: LintResult }>();
const scheduled = new Set<string>();
const reportedProblems = new Set<string>();

connection.onInitialize((params: InitializeParams): InitializeResult => {
  canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
      completionProvider: { triggerCharacters: ['"', ':', ' ', '-', "'"] },
      hoverProvider: true,
    },
    serverInfo: { name: 'lambda-iam-lint' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'lambdaIamLint' });
});

function configOf(uri: string): Promise<DocumentConfig> {
  let config = configs.get(uri);
  if (!config) {
    const settings = canPullConfiguration ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'lambdaIamLint' }) : Promise.resolve({});
    config = settings
      .catch(() => ({}))
      .then((s) => {
        const resolved = resolveDocumentConfig(uri, stripDefaults(s), workspaceFolders);
        for (const p of resolved.problems) {
          if (reportedProblems.has(p)) continue;
          reportedProblems.add(p);
          connection.console.warn(`lambda-iam-lint configuration: ${p}`);
          void connection.window.showWarningMessage(`Lambda IAM Lint configuration: ${p}`);
        }
        return resolved;
      });
    configs.set(uri, config);
  }
  return config;
}

/** VS Code sends every setting of the section, including ones the user never set; undefined values mean "default". */
function stripDefaults(settings: unknown): unknown {
  if (!settings || typeof settings !== 'object') return {};
  return Object.fromEntries(Object.entries(settings as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null));
}

function lintVersion(document: TextDocument, config: DocumentConfig): LintResult {
  const cached = results.get(document.uri);
  if (cached && cached.version === document.version) return cached.result;
  // The previous version's state: components of the template the edit did not touch keep their findings.
  const result = lint({ name: document.uri, text: document.getText(), languageId: document.languageId, config: config.config, policyKind: config.policyKind, incremental: true, previous: cached?.result.state });
  for (const e of result.internalErrors) connection.console.error(`lambda-iam-lint: rule ${e.ruleId} failed on ${document.uri}: ${(e.error as Error)?.stack ?? e.error}`);
  results.set(document.uri, { version: document.version, result });
  return result;
}

/**
 * A change is linted as soon as the messages already received are handled: a burst of edits (a paste, a macro, a
 * formatter) that arrived together is coalesced into one lint of the newest version, and a keystroke after a pause
 * waits for nothing. (A fixed burst delay used to add 15 ms to every keystroke that followed a lint closely.)
 */
function schedule(uri: string): void {
  if (scheduled.has(uri)) return;
  scheduled.add(uri);
  // The JSON-RPC connection handles one queued message per turn of the event loop: two turns without a newer
  // version mean the messages already read are handled (and the socket was polled in between).
  const settle = (seen: number | undefined): void => {
    setImmediate(() =>
      setImmediate(() => {
        const now = documents.get(uri)?.version;
        if (now !== seen) return settle(now);
        scheduled.delete(uri);
        void validate(uri);
      }),
    );
  };
  settle(documents.get(uri)?.version);
}

async function validate(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const config = await configOf(uri);
  const current = documents.get(uri);
  if (!current || current.version !== version) return; // a newer version is already scheduled
  const result = lintVersion(current, config);
  const diagnostics = result.findings.map((f) => toDiagnostic(f, result.lines, version));
  void connection.sendDiagnostics({ uri, version, diagnostics });
  afterLint();
}

/** A young-generation collection between keystrokes rather than inside the next lint (idle-collect.ts). */
const afterLint = idleCollection(5);

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => schedule(e.document.uri));
documents.onDidClose((e) => {
  results.delete(e.document.uri);
  configs.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

function revalidateAll(): void {
  configs.clear();
  results.clear();
  reportedProblems.clear();
  for (const d of documents.all()) schedule(d.uri);
}

connection.onDidChangeConfiguration(() => revalidateAll());
connection.onDidChangeWatchedFiles((params) => {
  workspaceTemplates.invalidate();
  // The client also reports template files (for the workspace template list): only a configuration file relints.
  if (params.changes.some((c) => !/\.(ya?ml|template)$|(?<!\.lambda-iam-lint)\.json$/i.test(c.uri))) revalidateAll();
});

const workspaceTemplates = new WorkspaceTemplates(() => workspaceFolders);

/** An open document's text, or the file's on disk. */
function textOf(uri: string): { text: string; languageId?: string } | undefined {
  const open = documents.get(uri);
  if (open) return { text: open.getText(), languageId: open.languageId };
  if (!uri.startsWith('file:')) return undefined;
  try {
    return { text: readFileSync(fileURLToPath(uri), 'utf8') };
  } catch {
    return undefined;
  }
}

connection.onRequest(DEPLOYER_POLICY_REQUEST, (params: { uri: string }): DeployerPolicyResponse => {
  const source = textOf(params.uri);
  if (!source) return { ok: false, message: `${displayName(params.uri)} cannot be read.` };
  return deployerPolicyResponse(params.uri, source.text, source.languageId);
});

connection.onRequest(INSERT_DEPLOYER_POLICY_REQUEST, (params: { uri: string; targetUri: string }): InsertDeployerPolicyResponse => {
  const source = textOf(params.uri);
  if (!source) return { ok: false, message: `${displayName(params.uri)} cannot be read.` };
  const generated = templateDeployerPolicy(params.uri, source.text, undefined, source.languageId);
  if (!generated.ok) return { ok: false, message: `${displayName(params.uri)} ${generated.message}.` };
  const target = textOf(params.targetUri);
  if (!target) return { ok: false, message: `${displayName(params.targetUri)} cannot be read.` };
  return insertDeployerPolicyEdit(params.uri, generated.policy, params.targetUri, target.text, target.languageId);
});

/** Templates the user can pick: the workspace's (bounded walk) and the open documents that are templates. */
connection.onRequest(WORKSPACE_TEMPLATES_REQUEST, (): string[] => {
  const uris = new Set(workspaceTemplates.list());
  for (const d of documents.all()) if (isOpenTemplate(d)) uris.add(d.uri);
  return [...uris].sort();
});

function isOpenTemplate(document: TextDocument): boolean {
  const cached = results.get(document.uri);
  if (cached && cached.version === document.version && cached.result.doc) return Boolean(cached.result.doc.template);
  return templateDeployerPolicy(document.uri, document.getText(), undefined, document.languageId).ok;
}

/**
 * A request the client cancelled before we got to it is answered as cancelled, not computed. One turn of the event
 * loop first lets a `$/cancelRequest` already on the wire be read.
 */
async function cancelled(token: CancellationToken): Promise<ResponseError<void> | undefined> {
  await new Promise((resolve) => setImmediate(resolve));
  return token.isCancellationRequested ? new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled') : undefined;
}

connection.onCodeAction(async (params, token) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const config = await configOf(document.uri);
  const stop = await cancelled(token);
  if (stop) return stop;
  const result = lintVersion(document, config);
  const actions = codeActions({
    params,
    document,
    result,
    relint: (text) => lint({ name: document.uri, text, languageId: document.languageId, config: config.config, policyKind: config.policyKind }),
    docsHref: ruleDocsHref,
  });
  const only = params.context.only;
  const wantsRewrite = !only || only.some((o) => SCOPE_KIND === o || SCOPE_KIND.startsWith(`${o}.`));
  if (wantsRewrite && result.doc && /pass(capacityprovider|role)/i.test(document.getText())) {
    // The model's offsets, which an incremental parse may have laid out (parse/layout.ts): through `docLines`.
    const lines = result.docLines;
    const range = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
    for (const a of scopeActions(result.doc, range, cachedTemplateNeeds())) {
      const edits = a.edits.map((e) => ({ range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText }));
      actions.push({ title: a.title, kind: SCOPE_KIND, edit: { changes: { [document.uri]: edits } } });
    }
  }
  return actions;
});

const SCOPE_KIND = CodeActionKind.RefactorRewrite;
const needsCache = new Map<string, { text: string; needs: TemplateNeeds | undefined }>();

/** The generator's output per workspace template, recomputed only for a template whose text changed. */
function cachedTemplateNeeds(): TemplateNeeds[] {
  const uris = new Set(workspaceTemplates.list());
  for (const d of documents.all()) if (isOpenTemplate(d)) uris.add(d.uri);
  const out: TemplateNeeds[] = [];
  for (const uri of [...uris].sort()) {
    const source = textOf(uri);
    if (!source) continue;
    let cached = needsCache.get(uri);
    if (!cached || cached.text !== source.text) {
      cached = { text: source.text, needs: templateNeeds([uri], workspaceFolders, () => source)[0] };
      needsCache.set(uri, cached);
    }
    if (cached.needs) out.push(cached.needs);
  }
  return out;
}

connection.onCompletion(async (params, token) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const text = document.getText();
  if (!mightBePolicyOrTemplate(text)) return [];
  const config = await configOf(document.uri);
  const stop = await cancelled(token);
  if (stop) return stop;
  const result = lintVersion(document, config);
  const format = result.doc?.format ?? (document.languageId === 'yaml' ? 'yaml' : 'json');
  // The text and offsets of the model (an incremental parse's layout: parse/layout.ts), as the features read it.
  const candidates = complete(result.doc, result.doc?.text ?? text, result.docLines.offsetAt(params.position), format);
  return { isIncomplete: false, items: candidates.map((c) => toCompletionItem(c, result.docLines)) };
});

connection.onHover(async (params, token) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const config = await configOf(document.uri);
  const stop = await cancelled(token);
  if (stop) return stop;
  const result = lintVersion(document, config);
  if (!result.doc || result.doc.kind.kind === 'none') return null;
  const lines = result.docLines;
  const found = hover(result.doc, lines.offsetAt(params.position));
  if (!found) return null;
  return { contents: { kind: 'markdown', value: found.contents }, range: { start: lines.positionAt(found.range.start), end: lines.positionAt(found.range.end) } };
});

documents.listen(connection);
connection.listen();
