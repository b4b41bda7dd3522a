import * as vscode from 'vscode';
import { SERVER_V8_FLAGS } from '../../server/src/v8-flags';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions, type WorkspaceEdit } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the language server and registers the commands; everything else happens in the server. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_V8_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_V8_FLAGS, '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'json' },
      { language: 'jsonc' },
      { language: 'yaml' },
    ],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.lambda-iam-lint.json'),
        // Templates come and go: the server's list of workspace templates (insert / scope commands) is refreshed.
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,template}', false, false, false),
      ],
    },
  };
  client = new LanguageClient('lambdaIamLint', 'Lambda IAM Lint', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('lambdaIamLint.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('lambdaIamLint.fixAll', () =>
      vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.lambdaIamLint', apply: 'first' }),
    ),
    vscode.commands.registerCommand('lambdaIamLint.showRuleDocs', async (href?: string) => {
      if (!href) return;
      const uri = vscode.Uri.parse(href);
      if (uri.scheme === 'file') await vscode.commands.executeCommand('markdown.showPreview', uri);
      else await vscode.env.openExternal(uri);
    }),
    vscode.commands.registerCommand('lambdaIamLint.generateDeployerPolicy', (uri?: vscode.Uri) => generateDeployerPolicy(uri)),
    vscode.commands.registerCommand('lambdaIamLint.insertDeployerPolicy', (uri?: vscode.Uri) => insertDeployerPolicy(uri)),
  );
  await client.start();
}

type DeployerPolicyResponse = { ok: true; text: string; notes: string[] } | { ok: false; message: string };
type InsertResponse = { ok: true; edit: WorkspaceEdit; logicalIds: string[]; notes: string[] } | { ok: false; message: string };

/** The template of the command: the file the explorer menu named, or the active editor's document. */
async function sourceTemplate(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) void vscode.window.showErrorMessage('Lambda IAM Lint: open a SAM or CloudFormation template first.');
  return target;
}

async function generateDeployerPolicy(uri?: vscode.Uri): Promise<void> {
  const source = await sourceTemplate(uri);
  if (!source || !client) return;
  const response = await client.sendRequest<DeployerPolicyResponse>('lambdaIamLint/deployerPolicy', { uri: source.toString() });
  if (!response.ok) {
    void vscode.window.showErrorMessage(`Lambda IAM Lint: no deployer policy: ${response.message}`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: response.text });
  await vscode.window.showTextDocument(document, { preview: false });
  if (response.notes.length > 0) void vscode.window.showInformationMessage(`Lambda IAM Lint: ${response.notes.join(' ')}`);
}

async function insertDeployerPolicy(uri?: vscode.Uri): Promise<void> {
  const source = await sourceTemplate(uri);
  if (!source || !client) return;
  const templates = (await client.sendRequest<string[]>('lambdaIamLint/workspaceTemplates')).filter((t) => t !== source.toString());
  if (templates.length === 0) {
    void vscode.window.showErrorMessage('Lambda IAM Lint: no other SAM or CloudFormation template in the workspace or among the open editors.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    templates.map((t) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(t)), uri: t })),
    { placeHolder: 'Template to add the deployer policy to (as an AWS::IAM::ManagedPolicy resource)' },
  );
  if (!picked) return;
  const response = await client.sendRequest<InsertResponse>('lambdaIamLint/insertDeployerPolicy', { uri: source.toString(), targetUri: picked.uri });
  if (!response.ok) {
    void vscode.window.showErrorMessage(`Lambda IAM Lint: cannot insert the deployer policy: ${response.message}`);
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(response.edit);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('Lambda IAM Lint: the editor did not apply the edit (the template changed meanwhile?).');
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.parse(picked.uri), { preview: false });
  void vscode.window.showInformationMessage(`Lambda IAM Lint: added ${response.logicalIds.join(', ')} to ${picked.label}.${response.notes.length ? ` ${response.notes.join(' ')}` : ''}`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
