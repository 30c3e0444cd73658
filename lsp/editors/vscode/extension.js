// The VS Code client of the xla language server: it starts `xla lsp` (or
// whatever `xla.server.path` and `xla.server.args` say) on stdio for .xla
// files. Everything else — diagnostics, hover, completion, navigation,
// rename, formatting, semantic tokens, quick fixes — comes from the server.

"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration("xla");
  const command = config.get("server.path", "xla");
  const args = config.get("server.args", ["lsp"]);
  // TransportKind.stdio appends `--stdio`; both `xla lsp` and `xla-lsp` accept it.
  const executable = { command, args, transport: TransportKind.stdio };
  return { run: executable, debug: executable };
}

async function start(context) {
  client = new LanguageClient("xla", "xla language server", serverOptions(), {
    documentSelector: [
      { scheme: "file", language: "xla" },
      { scheme: "untitled", language: "xla" },
    ],
    synchronize: {
      // Included files and holiday calendars can change on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{xla,toml}"),
    },
  });
  try {
    await client.start();
  } catch (error) {
    const command = vscode.workspace.getConfiguration("xla").get("server.path", "xla");
    vscode.window.showErrorMessage(
      `Could not start the xla language server (\`${command}\`): ${error.message}. ` +
        "Install xla, or set `xla.server.path`.",
    );
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  await start(context);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("xla.server")) {
        if (client) {
          await client.stop();
        }
        await start(context);
      }
    }),
  );
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
