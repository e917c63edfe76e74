// Reads lines, each a JSON array of strings, and answers each with a line: the JSON array of their o200k token
// counts. One process serves every count of a run: loading the vocabulary costs more than most counts.
import { createInterface } from "node:readline";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  const texts = JSON.parse(line);
  process.stdout.write(JSON.stringify(texts.map((t) => countTokens(t))) + "\n");
});
