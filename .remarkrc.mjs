// The front-matter of every page checked against the hub's JSON Schemas (schemas/, made by
// `hub schema` from the content model) while an editor types: in VS Code by the remark
// extension (unifiedjs.vscode-remark, recommended in .vscode/extensions.json), on the command
// line by `npx remark content --quiet --frail`. Only the front-matter is judged here; `hub
// check` remains the one full check (links, markup, addresses, everything the build refuses).
import remarkFrontmatter from "remark-frontmatter";
import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";

export default {
  plugins: [
    remarkFrontmatter,
    [remarkLintFrontmatterSchema, {
      schemas: {
        "./schemas/guide.schema.json": ["content/guides/**/*.md"],
        "./schemas/debrief.schema.json": ["content/debriefs/**/*.md"],
        "./schemas/training.schema.json": ["content/training/**/*.md"],
      },
    }],
  ],
};
