#!/usr/bin/env node
// Prints the instruction boundaries dockerfile-ast finds, as an independent oracle for
// dfls's lexer: {"<path>": [{"keyword", "startLine", "endLine"}, ...], ...}.
// Paths come as arguments, or as one JSON list on stdin when there are none.
// One process for many files keeps the test fast.
"use strict";

const fs = require("fs");
const path = require("path");
const { DockerfileParser } = require(path.join(__dirname, "node_modules", "dockerfile-ast"));

function boundaries(content) {
  return DockerfileParser.parse(content)
    .getInstructions()
    .map((instruction) => {
      const range = instruction.getRange();
      return {
        keyword: instruction.getKeyword(),
        startLine: range.start.line,
        endLine: range.end.line,
      };
    });
}

function main() {
  let paths = process.argv.slice(2);
  if (paths.length === 0) {
    paths = JSON.parse(fs.readFileSync(0, "utf8"));
  }
  const result = {};
  for (const file of paths) {
    result[file] = boundaries(fs.readFileSync(file, "utf8"));
  }
  process.stdout.write(JSON.stringify(result));
}

main();
