"""The xla language server driven by pytest-lsp, a client written elsewhere,
with the capabilities of VS Code: the same round trip as the Rust tests."""

import os
import pathlib
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

FIXTURE = pathlib.Path(__file__).parent.parent / "fixtures" / "contract.xla"
SERVER = os.environ.get("XLA_LSP", "xla-lsp")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[SERVER]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    params = types.InitializeParams(
        capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
        root_uri=root.as_uri(),
    )
    result = await lsp_client.initialize_session(params)
    assert result.server_info.name == "xla-lsp"
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


def position(text: str, needle: str, delta: int = 0) -> types.Position:
    offset = text.index(needle) + delta
    before = text[:offset]
    line = before.count("\n")
    column = offset - (before.rfind("\n") + 1)
    return types.Position(line=line, character=column)


async def open_document(client: LanguageClient, text: str):
    path = client.root / "contract.xla"
    path.write_text(FIXTURE.read_text())
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="xla", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def test_diagnostics_and_their_fix(client: LanguageClient):
    good = FIXTURE.read_text()
    bad = good.replace("metric     p1_fix", "metric     p1_fxi")
    uri = await open_document(client, bad)
    found = [(d.code, d.message, d.range.start) for d in client.diagnostics[uri]]
    assert found == [
        (
            "XLA0101",
            "there is no metric called `p1_fxi`\nhelp: did you mean `p1_fix`?",
            position(bad, "p1_fxi"),
        ),
    ]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=position(bad, "p1_fxi"), end=position(bad, "p1_fxi")),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert [a.title for a in actions] == ["Change to `p1_fix`"]

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=good)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


async def test_hover_definition_references_rename(client: LanguageClient):
    text = FIXTURE.read_text()
    uri = await open_document(client, text)
    document = types.TextDocumentIdentifier(uri=uri)

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=document, position=position(text, "p1_fix\n  target", 2))
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value == (
        "```xla\nmetric p1_fix = percent(tickets where priority == \"P1\" meeting resolved - opened <= 4h)\n```"
        "\n\n**Percent** · unit `percent`\n\nShare of P1 incidents resolved within 4 hours."
    )

    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=document, position=position(text, "happiness\n", 3))
    )
    assert definition == types.Location(
        uri=uri,
        range=types.Range(start=position(text, "happiness ="), end=position(text, "happiness =", 9)),
    )

    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document,
            position=position(text, "dataset surveys", 9),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [r.range.start for r in references] == [position(text, "surveys from"), position(text, "surveys)")]

    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=document, position=position(text, "score of", 1), new_name="rating")
    )
    assert [(e.range.start, e.new_text) for e in edit.changes[uri]] == [
        (position(text, "score    number"), "rating"),
        (position(text, "score of"), "rating"),
    ]


async def test_completion(client: LanguageClient):
    text = FIXTURE.read_text().replace("mean(score of surveys)", "mean( of surveys)")
    text = text.replace('priority == "P1"', 'priority == "P"')
    uri = await open_document(client, text)
    document = types.TextDocumentIdentifier(uri=uri)

    items = await client.text_document_completion_async(
        types.CompletionParams(text_document=document, position=position(text, "mean( of", 5))
    )
    fields = [i.label for i in items if i.kind == types.CompletionItemKind.Field]
    assert fields == ["score", "answered"]

    items = await client.text_document_completion_async(
        types.CompletionParams(text_document=document, position=position(text, '== "P', 5))
    )
    assert [(i.label, i.text_edit.new_text) for i in items] == [("P1", "P1"), ("P2", "P2"), ("P3", "P3")]


async def test_formatting(client: LanguageClient):
    text = FIXTURE.read_text()
    uri = await open_document(client, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert len(edits) == 1
    assert edits[0].new_text == text.replace("4h)\nmetric happiness", "4h)\n\nmetric happiness")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
