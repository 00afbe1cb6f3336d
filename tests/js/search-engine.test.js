/* The hub's search engine (overrides/assets/hub/search-engine.js), unit by unit, in Node's
   own test runner over a small hand-made index. Run by `python3 dev.py test` (node --test). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("path");
const factory = require(path.join(__dirname, "..", "..", "overrides", "assets", "hub", "search-engine.js"));

/* docs: 0 a page titled "The section 45 defence", 1 a lesson about section 45 in its text,
   2 a page on debt bondage ("debt bondag" adjacent), 3 a page with "debt" and "bondage" far
   apart, 4 the national referral mechanism page, 5 a section of page 4. */
const POSTINGS = {
  "section": [[0, 5, 1], [1, 9, 0]], "45": [[0, 5, 1], [1, 9, 0]], "defenc": [[0, 4, 1]],
  "section 45": [[0, 5, 0], [1, 6, 0]],
  "debt": [[2, 3, 0], [3, 4, 0]], "bondag": [[2, 3, 0], [3, 4, 0]], "debt bondag": [[2, 4, 0]],
  "nation": [[4, 6, 1], [5, 2, 0]], "referr": [[4, 6, 1], [5, 2, 0]], "mechan": [[4, 6, 1], [5, 2, 0]],
  "nrm": [[4, 3, 0], [5, 3, 0]], "interpret": [[5, 2, 0], [2, 1, 0]],
  "999": [[6, 4, 0]], "emerg": [[7, 4, 0]], "mg11": [[6, 2, 0]],
  "child": [[8, 3, 0], [9, 5, 0]], "victim": [[8, 3, 0], [9, 5, 0]],
};
const VOCAB = [["section", "section", 2], ["defence", "defenc", 1], ["debt", "debt", 2], ["bondage", "bondag", 2],
  ["national", "nation", 2], ["nation", "nation", 2], ["referral", "referr", 2], ["mechanism", "mechan", 2],
  ["interpreter", "interpret", 2], ["interpret", "interpret", 2], ["intern", "intern", 9]];

/* The build's table: the term of every word whose term is not the word itself. */
const TABLE = { emergency: "emerg", defence: "defenc", bondage: "bondag", national: "nation", referral: "referr", mechanism: "mechan",
  interpreter: "interpret" };
const STOP = ["a", "do", "i", "the", "to", "what", "with"];
const GLOSSARY = [["NRM", "National Referral Mechanism", ["nrm"], ["national", "referral", "mechanism"], ["nrm"], ["nation", "referr", "mechan"]],
  ["999", "Emergency", ["999"], ["emergency"], ["999"], ["emerg"]]];

function encode(list) {
  const flat = [];
  let previous = 0;
  for (const [doc, weight, title] of list) { flat.push(doc - previous, Math.round(Math.log(weight / 0.05) / Math.log(1.15)) * 2 + title); previous = doc; }
  return flat;
}

function index() {
  const files = {};
  const shards = {};
  for (const [name, list] of Object.entries(POSTINGS)) {
    const key = name[0];
    (shards[key] = shards[key] || { t: {}, w: {} }).t[name] = encode(list);
  }
  for (const [word, term] of Object.entries(TABLE)) {
    const key = word[0];
    (shards[key] = shards[key] || { t: {}, w: {} }).w[word] = term;
  }
  for (const [key, shard] of Object.entries(shards)) { files["shard:" + key] = shard; }
  const buckets = {};
  for (const entry of VOCAB) {
    for (const key of ["p:" + entry[0].slice(0, 2), "s:" + entry[0].slice(-2)]) { (buckets[key] = buckets[key] || []).push(entry); }
  }
  for (const [key, entries] of Object.entries(buckets)) { files["vocab:" + key] = entries; }
  /* docs 6 and 7: a page that says 999 and one that says emergency; 8: a checklist on child
     victims, 9: an investigation guide that says more about them. */
  const none = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  files.facets = { kind: [0, 2, 0, 0, 0, 0, 0, 0, 0, 0], role: none, exploitation: none, theme: none, year: none,
                   page: [0, 1, 2, 3, 4, 4, 6, 7, 8, 9], label: [1, 2, 1, 1, 1, 1, 1, 1, 0, 1] };
  const manifest = { count: 10, chunk: 24, maxPrefix: 3, shards: Object.keys(shards), vocab: Object.keys(buckets),
                     glossary: GLOSSARY, stop: STOP, facets: {}, labels: ["Checklist", "Investigation guide", "Debrief lesson"],
                     checklists: [0] };
  const requested = [];
  const load = (file, name) => {
    requested.push(name);
    return name in files ? Promise.resolve(files[name]) : Promise.reject(new Error("no " + file));
  };
  const api = factory(load);
  return { api, search: new api.Search(manifest), requested };
}

test("s45, S.45, s 45 and section 45 are read as one", () => {
  const { api } = index();
  for (const text of ["s45", "S.45", "s 45", "section 45", "sec. 45", "SS 45"]) {
    assert.deepEqual(api.words(text), ["section", "45"], text);
  }
  assert.deepEqual(api.words("officer's 45 days"), ["officer", "45", "days"]);  // not section 45; a possessive is dropped
});

test("numbers, initials, apostrophes, hyphens and accents are read as the build reads them", () => {
  const { api } = index();
  assert.deepEqual(api.words("Call 999 or 101"), ["call", "999", "or", "101"]);
  assert.deepEqual(api.words("MG11 form"), ["mg11", "form"]);
  assert.deepEqual(api.words("U.K. and e.g. gov.uk"), ["uk", "and", "eg", "gov", "uk"]);
  assert.deepEqual(api.words("Don't O’Brien multi-agency"), ["dont", "obrien", "multi", "agency"]);
  assert.deepEqual(api.words("Café NAÏVE façade"), ["cafe", "naive", "facade"]);
});

test("a word's term is the build's, from the table in its shard; the browser never stems", async () => {
  const { search } = index();
  assert.deepEqual(await search.terms("the interpreter's defence"), ["interpret", "defenc"]);
  assert.deepEqual(await search.terms("interpreting"), ["interpreting"]);  // not in the table: as it is, unstemmed
});

test("s45 and section 45 give the same results", async () => {
  const { search } = index();
  const a = await search.match("s45"), b = await search.match("section 45");
  assert.deepEqual(a.docs, b.docs);
});

test("a page whose title names the query ranks above a lesson that mentions it more", async () => {
  const { search } = index();
  const found = await search.match("section 45");
  assert.deepEqual(found.docs.slice(0, 2), [0, 1]);
});

test("words that stand together rank above the same words far apart", async () => {
  const { search } = index();
  const found = await search.match("debt bondage");
  assert.deepEqual(found.docs, [2, 3]);
});

test("a quoted phrase must stand together", async () => {
  const { search } = index();
  assert.deepEqual((await search.match('"debt bondage"')).docs, [2]);
});

test("an abbreviation and its expansion find each other", async () => {
  const { search } = index();
  assert.deepEqual((await search.match("NRM")).docs, [4, 5]);
  assert.deepEqual((await search.match("national referral mechanism")).docs, [4, 5]);
});

test("a misspelt word is corrected to the nearest word that finds most, and says so", async () => {
  const { search, requested } = index();
  const found = await search.match("intepreter");
  assert.equal(found.corrected, "interpreter");
  assert.deepEqual(found.docs, [5, 2]);
  assert.ok(requested.filter((name) => name.startsWith("vocab:")).length <= 2);  // a bounded look-up
  const glossary = await search.match("nationl referal mechanism");
  assert.equal(glossary.corrected, "national referral mechanism");
  assert.deepEqual(glossary.docs, [4, 5]);
});

test("a word the index knows is never corrected", async () => {
  const { search } = index();
  const found = await search.match("section");
  assert.equal(found.corrected, null);
  const number = await search.match("46");
  assert.equal(number.corrected, null);  // numbers are never corrected to other numbers
});

test("numbers and form names are words, and the glossary applies to them both ways", async () => {
  const { search } = index();
  assert.deepEqual((await search.match("999")).docs, [6, 7]);
  assert.deepEqual([...(await search.match("emergency")).docs].sort(), [6, 7]);  // the page that only says 999 too
  assert.deepEqual((await search.match("MG11")).docs, [6]);
});

test("a practical question puts the checklist first; the same words alone rank by weight", async () => {
  const { search } = index();
  assert.deepEqual((await search.match("child victim")).docs, [9, 8]);
  assert.deepEqual((await search.match("what to do with a child victim")).docs, [8, 9]);
  assert.deepEqual((await search.match("what do I do with a child victim")).docs, [8, 9]);
});

test("with exact set, nothing is corrected", async () => {
  const { search } = index();
  const found = await search.match("intepreter", true);
  assert.equal(found.corrected, null);
  assert.deepEqual(found.docs, []);
});

test("one slip for short words, two for long ones, and no correction under four letters", () => {
  const { api } = index();
  assert.equal(api.distance("intepreter", "interpreter", 2), 1);
  assert.equal(api.distance("refferal", "referral", 2), 2);
  assert.equal(api.distance("teh", "the", 1), 1);  // a swap is one slip
});

test("results are grouped by page, with sections under their page", () => {
  const { api } = index();
  assert.deepEqual(api.group([4, 5, 2], [0, 1, 2, 3, 4, 4], 3), [{ doc: 4, more: [5] }, { doc: 2, more: [] }]);
});

test("a file that fails to load rejects the query rather than leaving it waiting", async () => {
  const { search } = index();
  search.manifest.shards.push("z");
  search.shardKeys.z = true;
  await assert.rejects(search.match("zebra"), /no shard-/);
});
