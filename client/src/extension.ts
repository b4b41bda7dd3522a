import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the language server and registers the commands; everything else happens in the server. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: ['--optimize-for-size'] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--optimize-for-size', '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'json' },
      { language: 'jsonc' },
      { language: 'yaml' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.lambda-iam-lint.json') },
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
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
