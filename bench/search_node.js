/* Runs the hub's search engine (overrides/assets/hub/search-engine.js) in Node over a built
   site's search/ folder, for the relevance benchmark and the engine's tests.

     node bench/search_node.js LUNR_JS SITE_SEARCH_DIR < queries.json > answers.json

   queries.json: ["query", ...]; answers.json: [{query, results: [url...], corrected}, ...],
   results grouped by page as the search page shows them. */
"use strict";
const fs = require("fs");
const path = require("path");

function loadLunr(file) {
  const module = { exports: {} };
  new Function("module", "exports", "define", fs.readFileSync(file, "utf8"))(module, module.exports, undefined);
  return module.exports;
}

function indexLoader(folder) {
  const received = {};
  const bytes = { total: 0, files: 0 };
  function load(file, name) {
    if (received[name]) { return Promise.resolve(received[name]); }
    const text = fs.readFileSync(path.join(folder, file), "utf8");
    bytes.total += text.length;
    bytes.files += 1;
    const match = /^mshtHubSearch\.receive\(("[^"]*"),([\s\S]*)\);\n$/.exec(text);
    received[JSON.parse(match[1])] = JSON.parse(match[2]);
    return Promise.resolve(received[name]);
  }
  return { load, received, bytes };
}

async function answer(engineFactory, lunr, folder, queries) {
  const loader = indexLoader(folder);
  const api = engineFactory(lunr, loader.load);
  const manifest = await loader.load("manifest.js", "manifest");
  const facets = await loader.load("facets.js", "facets");
  const search = new api.Search(manifest);
  const out = [];
  for (const query of queries) {
    const found = await search.match(query, false);
    const groups = api.group(found.docs, facets.page, 3);
    const chunk = manifest.chunk;
    const urls = [];
    for (const result of groups.slice(0, 10)) {
      const rows = await loader.load(`docs-${Math.floor(result.doc / chunk)}.js`, `docs:${Math.floor(result.doc / chunk)}`);
      urls.push(rows[result.doc % chunk][0]);
    }
    out.push({ query, results: urls, corrected: found.corrected });
  }
  return out;
}

module.exports = { loadLunr, indexLoader, answer };

if (require.main === module) {
  const [lunrFile, folder] = process.argv.slice(2);
  const lunr = loadLunr(lunrFile);
  const engineFactory = require(path.join(__dirname, "..", "overrides", "assets", "hub", "search-engine.js"));
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  answer(engineFactory, lunr, folder, queries).then((out) => process.stdout.write(JSON.stringify(out, null, 1)));
}
