/* Runs the hub's search engine (overrides/assets/hub/search-engine.js) in Node over a built
   site's search/ folder, for the relevance benchmark and the engine's tests.

     node bench/search_node.js SITE_SEARCH_DIR < queries.json > answers.json
     node bench/search_node.js --terms SITE_SEARCH_DIR < texts.json > terms.json

   queries.json: ["query", ...]; answers.json: [{query, results: [url...], corrected}, ...],
   results grouped by page as the search page shows them. */
"use strict";
const fs = require("fs");
const path = require("path");

function indexLoader(folder) {
  const received = Object.create(null);
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

async function answer(engineFactory, folder, queries) {
  const loader = indexLoader(folder);
  const api = engineFactory(loader.load);
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

async function termsOf(engineFactory, folder, texts) {
  const loader = indexLoader(folder);
  const api = engineFactory(loader.load);
  const search = new api.Search(await loader.load("manifest.js", "manifest"));
  const out = [];
  for (const text of texts) { out.push(await search.terms(text)); }
  return out;
}

const ENGINE = process.env.ENGINE || path.join(__dirname, "..", "overrides", "assets", "hub", "search-engine.js");

module.exports = { indexLoader, answer, termsOf, ENGINE };

if (require.main === module) {
  const args = process.argv.slice(2);
  const terms = args[0] === "--terms";
  const folder = args[terms ? 1 : 0];
  const engineFactory = require(path.resolve(ENGINE));
  const input = JSON.parse(fs.readFileSync(0, "utf8"));
  (terms ? termsOf : answer)(engineFactory, folder, input).then((out) => process.stdout.write(JSON.stringify(out)));
}
