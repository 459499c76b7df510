import { DEFAULT_HEADERS, EXPLORER_TABS } from './explorer-examples';
import { explorerAssetUrl } from './explorer-assets';

/** JSON that is safe inside a <script> element (no "</script>", no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The explorer page: GraphiQL (editor with completion, docs, headers, history, tabs) talking to
 * this same /graphql endpoint. Headers are persisted in the browser so the key is entered once.
 */
export function explorerPage(graphqlPath: string): string {
  const settings = { url: graphqlPath, tabs: EXPLORER_TABS, headers: DEFAULT_HEADERS };
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Billing GraphQL explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${explorerAssetUrl('graphiql.min.css')}">
  <style>html, body, #explorer { height: 100%; margin: 0; overflow: hidden; }</style>
</head>
<body>
  <div id="explorer">Loading the explorer...</div>
  <script src="${explorerAssetUrl('react.production.min.js')}"></script>
  <script src="${explorerAssetUrl('react-dom.production.min.js')}"></script>
  <script src="${explorerAssetUrl('graphiql.min.js')}"></script>
  <script>
    (function () {
      var settings = ${scriptJson(settings)};
      var fetcher = GraphiQL.createFetcher({ url: new URL(settings.url, window.location.href).toString() });
      var root = ReactDOM.createRoot(document.getElementById('explorer'));
      root.render(React.createElement(GraphiQL, {
        fetcher: fetcher,
        defaultTabs: settings.tabs,
        defaultHeaders: settings.headers,
        headerEditorEnabled: true,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
        defaultEditorToolsVisibility: 'headers',
        plugins: []
      }));
    })();
  </script>
</body>
</html>
`;
}
